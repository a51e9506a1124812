import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runDbCopyCli } from '../../server/cli/db-copy.js';
import { ApiClient, DEMO } from '../helpers/http.js';
import { postgresMissing, startPostgres, type TestPostgres } from '../helpers/postgres.js';
import { launchServer, type TestServer } from '../helpers/server.js';

if (postgresMissing) console.warn(`db-copy-reads: skipped: ${postgresMissing}`);

const P = '/api/partnerships/1';

/** What people read, page by page: the same addresses must answer the same on the copy. */
const READS = [
  '/api/auth/me',
  P,
  `${P}/agencies`,
  `${P}/people`,
  `${P}/boards`,
  `${P}/boards/1`,
  `${P}/boards/1/meetings`,
  `${P}/boards/1/attendance-report`,
  `${P}/boards/1/highlight-report`,
  `${P}/meetings/1`,
  `${P}/meetings/1/minutes`,
  `${P}/risk-matrix`,
  `${P}/risks`,
  `${P}/risks/1`,
  `${P}/risks/1/history`,
  `${P}/mitigations`,
  `${P}/register?limit=50&sort=score&dir=desc`,
  `${P}/register?limit=50&sort=title&dir=asc&q=child`,
  `${P}/register/summary?kind=current&status=all`,
  `${P}/register/lookup?status=open`,
  `${P}/challenges`,
  `${P}/challenges/1`,
  `${P}/accountability`,
  `${P}/actions`,
  `${P}/waiting`,
  `${P}/plans`,
  `${P}/plans/1`,
  `${P}/objectives/1`,
  `${P}/recommendations`,
  `${P}/indicators`,
  `${P}/scorecard/exceptions`,
  `${P}/evidence`,
  `${P}/audit?limit=500`,
  '/api/notifications',
];

/*
 * The move's proof: the demo partnership, as the product left it on SQLite, copied by db:copy, then
 * served by the product on PostgreSQL, reads as it did on SQLite for every page, for an administrator,
 * a chair, an agency member and an observer.
 */
describe.skipIf(postgresMissing !== null)('a partnership moved to PostgreSQL by db:copy reads as it did', () => {
  let postgres: TestPostgres;
  let before: TestServer;
  let after: TestServer;
  const dirs: string[] = [];

  beforeAll(async () => {
    postgres = await startPostgres();
    const source = await launchServer({ databaseUrl: null });
    await source.close();
    dirs.push(source.dataDir);
    const admin = new pg.Client({ connectionString: postgres.url });
    await admin.connect();
    await admin.query('create database moved');
    await admin.end();
    const url = postgres.url.replace(/\/postgres$/, '/moved');
    const copied = await runDbCopyCli(['--from', `sqlite:${source.dataDir}`, '--to', url]);
    expect(copied.code, copied.out.join('\n')).toBe(0);
    // Each served from its own copy of the source, so neither's start-up work touches the other's.
    const sqliteDir = mkdtempSync(path.join(tmpdir(), 'board-before-'));
    cpSync(source.dataDir, sqliteDir, { recursive: true });
    const pgDir = mkdtempSync(path.join(tmpdir(), 'board-after-'));
    dirs.push(sqliteDir, pgDir);
    [before, after] = await Promise.all([launchServer({ dataDir: sqliteDir, databaseUrl: null }), launchServer({ dataDir: pgDir, databaseUrl: url })]);
  }, 180_000);

  afterAll(async () => {
    await Promise.all([before?.close(), after?.close()]);
    await postgres?.stop();
    for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
  });

  for (const who of ['admin', 'chair', 'police', 'observer'] as const) {
    it(`every page the ${who} reads`, async () => {
      const [was, is] = await Promise.all([new ApiClient(before.url).login(DEMO[who]), new ApiClient(after.url).login(DEMO[who])]);
      const differ: { address: string; was: unknown; is: unknown }[] = [];
      for (const address of READS) {
        const [a, b] = await Promise.all([was.get(address), is.get(address)]);
        // Deep equality, not the text: JSON the database keeps (jsonb) need not keep its keys' order.
        if (!isDeepStrictEqual([b.status, b.body], [a.status, a.body])) differ.push({ address, was: a.body, is: b.body });
      }
      // Every page at once, so one run names all that differ.
      expect(differ).toEqual([]);
    });
  }
});
