import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it, onTestFinished } from 'vitest';
import { runDbCopyCli } from '../../server/cli/db-copy.js';
import { postgresMissing, startPostgres, type TestPostgres } from '../helpers/postgres.js';
import { launchServer } from '../helpers/server.js';

if (postgresMissing) console.warn(`db-copy: skipped: ${postgresMissing}`);

describe.skipIf(postgresMissing !== null)('npm run db:copy: a partnership moved from SQLite to PostgreSQL', () => {
  let server: TestPostgres;
  let dataDir: string;
  let databases = 0;

  beforeAll(async () => {
    server = await startPostgres();
    // The demo partnership as the product leaves it: seeded, its documents stored, then stopped.
    const seeded = await launchServer({ databaseUrl: null });
    await seeded.close();
    dataDir = seeded.dataDir;
  }, 120_000);

  afterAll(async () => {
    await server?.stop();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });

  /** A new empty database on the throwaway server, and a pool onto it closed with the test. */
  async function emptyDatabase(): Promise<{ url: string; pool: pg.Pool }> {
    const name = `copy_${++databases}`;
    const admin = new pg.Client({ connectionString: server.url });
    await admin.connect();
    await admin.query(`create database ${name}`);
    await admin.end();
    const url = server.url.replace(/\/postgres$/, `/${name}`);
    const pool = new pg.Pool({ connectionString: url, max: 2 });
    onTestFinished(() => pool.end());
    return { url, pool };
  }

  const sqliteCounts = (file: string) => {
    const db = new Database(file, { readonly: true });
    try {
      const tables = db.prepare(`select name from sqlite_master where type = 'table' and name not like 'sqlite_%' and name not like 'search_%' and name <> '__drizzle_migrations' order by name`).all() as { name: string }[];
      return Object.fromEntries(tables.map(({ name }) => [name, (db.prepare(`select count(*) as n from ${name}`).get() as { n: number }).n]));
    } finally {
      db.close();
    }
  };
  const pgCount = async (pool: pg.Pool, table: string) => Number((await pool.query<{ n: string }>(`select count(*) as n from ${table}`)).rows[0]!.n);

  it('copies every table whole, finds its words with PostgreSQL search, and numbers new records after the copied ones', async () => {
    const { url, pool } = await emptyDatabase();
    const result = await runDbCopyCli(['--from', `sqlite:${dataDir}`, '--to', url]);
    expect(result.code, result.out.join('\n')).toBe(0);
    const report = JSON.parse(result.out[0]!) as { copied: number; tables: Record<string, number> };

    const expected = sqliteCounts(path.join(dataDir, 'board.sqlite'));
    expect(report.tables).toEqual(expected);
    expect(expected.risks).toBeGreaterThan(10);
    expect(expected.doc_updates).toBeGreaterThan(0);
    for (const [table, rows] of Object.entries(expected)) expect([table, await pgCount(pool, table)]).toEqual([table, rows]);

    // A risk's title reaches PostgreSQL's own search through its triggers.
    const source = new Database(path.join(dataDir, 'board.sqlite'), { readonly: true });
    const risk = source.prepare('select id, title from risks order by id limit 1').get() as { id: number; title: string };
    const stored = source.prepare('select doc_name, "update" from doc_updates order by id limit 1').get() as { doc_name: string; update: Buffer };
    source.close();
    const word = risk.title.split(' ').find((w) => w.length > 5)!.toLowerCase();
    const found = await pool.query<{ rid: number }>(`select rid from search_risks where document @@ to_tsquery('board_search', $1)`, [`${word}:*`]);
    expect(found.rows.map((r) => r.rid)).toContain(risk.id);
    // Document bytes come across as they were.
    const bytes = await pool.query<{ update: Buffer }>('select "update" from doc_updates where doc_name = $1 order by id limit 1', [stored.doc_name]);
    expect(Buffer.compare(bytes.rows[0]!.update, stored.update)).toBe(0);
    // The next partnership made on PostgreSQL takes the id after the copied ones, not one of theirs.
    const next = await pool.query<{ id: number }>(`insert into partnerships (name) values ('Eastmoor') returning id`);
    const highest = await pool.query<{ max: number }>('select max(id) as max from partnerships where name <> $1', ['Eastmoor']);
    expect(next.rows[0]!.id).toBe(highest.rows[0]!.max + 1);
  });

  it('refuses a database that already holds records, and changes nothing in it', async () => {
    const { url, pool } = await emptyDatabase();
    expect((await runDbCopyCli(['--from', `sqlite:${dataDir}`, '--to', url])).code).toBe(0);
    const before = await pgCount(pool, 'risks');
    const again = await runDbCopyCli(['--from', `sqlite:${dataDir}`, '--to', url]);
    expect(again.code).toBe(1);
    expect(again.out.join('\n')).toMatch(/already holds records.*new, empty database/);
    expect(await pgCount(pool, 'risks')).toBe(before);
  });

  it('refuses a database holding tables of something else before writing anything into it', async () => {
    const { url, pool } = await emptyDatabase();
    await pool.query(`create table payroll (id integer primary key, salary integer)`);
    const result = await runDbCopyCli(['--from', `sqlite:${dataDir}`, '--to', url]);
    expect(result.code).toBe(1);
    expect(result.out.join('\n')).toMatch(/tables that are not the board's \(payroll\)/);
    const tables = await pool.query<{ table_name: string }>(`select table_name from information_schema.tables where table_schema = 'public'`);
    expect(tables.rows.map((r) => r.table_name)).toEqual(['payroll']);
  });

  it('a copy that fails part way leaves the target empty, to be tried again', async () => {
    // SQLite keeps a NUL inside text; PostgreSQL refuses it: a real way for one row of many to fail.
    const dir = mkdtempSync(path.join(tmpdir(), 'board-copy-'));
    onTestFinished(() => rmSync(dir, { recursive: true, force: true }));
    copyFileSync(path.join(dataDir, 'board.sqlite'), path.join(dir, 'board.sqlite'));
    const broken = new Database(path.join(dir, 'board.sqlite'));
    broken.prepare('update risks set effect = ? where id = (select max(id) from risks)').run('a\u0000b');
    broken.close();
    const { url, pool } = await emptyDatabase();
    await expect(runDbCopyCli(['--from', `sqlite:${dir}`, '--to', url])).rejects.toThrow();
    for (const table of ['partnerships', 'people', 'risks', 'doc_updates']) expect([table, await pgCount(pool, table)]).toEqual([table, 0]);
  });

  it('refuses a SQLite database the product has not yet migrated, and says what to do', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'board-copy-'));
    onTestFinished(() => rmSync(dir, { recursive: true, force: true }));
    copyFileSync(path.join(dataDir, 'board.sqlite'), path.join(dir, 'board.sqlite'));
    const behind = new Database(path.join(dir, 'board.sqlite'));
    behind.prepare('delete from __drizzle_migrations where created_at = (select max(created_at) from __drizzle_migrations)').run();
    behind.close();
    const { url } = await emptyDatabase();
    const result = await runDbCopyCli(['--from', `sqlite:${dir}`, '--to', url]);
    expect(result.code).toBe(1);
    expect(result.out.join('\n')).toMatch(/behind this version of the product\. Start the product on it once/);
  });

  it('says how it is used when an address is missing or is not PostgreSQL, and names a missing database file', async () => {
    expect((await runDbCopyCli(['--from', `sqlite:${dataDir}`])).out.join('\n')).toMatch(/^Usage: npm run db:copy/);
    expect((await runDbCopyCli(['--from', `sqlite:${dataDir}`, '--to', 'mysql://x/y'])).code).toBe(2);
    const missing = await runDbCopyCli(['--from', 'sqlite:/nowhere/at/all', '--to', server.url]);
    expect(missing).toEqual({ code: 1, out: [expect.stringMatching(/no SQLite database at \/nowhere\/at\/all/)] });
  });
});
