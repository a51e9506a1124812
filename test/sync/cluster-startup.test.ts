import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import pg from 'pg';
import { describe, expect, it, onTestFinished } from 'vitest';
import { ApiClient, DEMO } from '../helpers/http.js';
import { createDatabase, databaseUrl, testDatabaseUrl, uniqueName } from '../helpers/pg-databases.js';
import { spawnServer } from '../helpers/process.js';

/*
 * Issue 17: two processes started together on a new database (a first deployment, both at once).
 * Each runs the migrations and finds the database empty; only one may seed the demo partnership, or
 * every person would have two accounts' worth of partnerships and the demo's sign-ins would be ambiguous.
 */

async function partnershipNames(dataDir: string, url: string | null): Promise<string[]> {
  if (url) {
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    try {
      return (await client.query<{ name: string }>('select name from partnerships order by id')).rows.map((r) => r.name);
    } finally {
      await client.end();
    }
  }
  const db = new Database(path.join(dataDir, 'board.sqlite'), { readonly: true });
  try {
    return (db.prepare('select name from partnerships order by id').all() as { name: string }[]).map((r) => r.name);
  } finally {
    db.close();
  }
}

describe('two processes starting together on a new database', { timeout: 120_000 }, () => {
  it('both start, and the demo partnership (and its neighbour) is seeded once', async () => {
    const dataDir = mkdtempSync(path.join(tmpdir(), 'board-startup-'));
    onTestFinished(() => rmSync(dataDir, { recursive: true, force: true }));
    let url: string | null = null;
    if (testDatabaseUrl) {
      const name = uniqueName('startup');
      await createDatabase(name);
      url = databaseUrl(name);
    }
    const env = { PASSWORD_HASH_COST: '12', ...(url ? { DATABASE_URL: url } : {}) };
    const [a, b] = await Promise.all([spawnServer(dataDir, env), spawnServer(dataDir, env)]);
    expect(await partnershipNames(dataDir, url)).toEqual(['Northbrook Safeguarding Children Partnership', 'Eastbridge Safeguarding Children Partnership']);
    // The demo's people sign in at either process, to the one Northbrook.
    for (const server of [a, b]) await new ApiClient(server.url).login(DEMO.chair);
    await Promise.all([a.stop(), b.stop()]);
  });
});
