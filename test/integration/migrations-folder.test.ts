import { cpSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { drizzle } from 'drizzle-orm/better-sqlite3';
import { migrate } from 'drizzle-orm/better-sqlite3/migrator';
import { afterEach, describe, expect, it } from 'vitest';
import { openDatabase } from '../../server/db/client.js';

const dirs: string[] = [];
afterEach(() => dirs.splice(0).forEach((d) => rmSync(d, { recursive: true, force: true })));
const tempDir = (prefix: string) => {
  const dir = mkdtempSync(path.join(tmpdir(), prefix));
  dirs.push(dir);
  return dir;
};

interface Applied {
  hash: string;
  created_at: number;
}

describe('the SQLite migrations moved from drizzle/ to drizzle/sqlite/', () => {
  it('leave a database migrated from the old folder as it is: nothing re-run, nothing missing', () => {
    // The old layout: the same files, straight under a folder named drizzle/.
    const old = path.join(tempDir('board-old-layout-'), 'drizzle');
    cpSync(path.resolve('drizzle/sqlite'), old, { recursive: true });
    const dataDir = tempDir('board-old-db-');
    const raw = new Database(path.join(dataDir, 'board.sqlite'));
    migrate(drizzle(raw), { migrationsFolder: old });
    const before = raw.prepare('select hash, created_at from __drizzle_migrations order by id').all() as Applied[];
    raw.close();
    const journal = JSON.parse(readFileSync(path.join(old, 'meta/_journal.json'), 'utf8')) as { entries: unknown[] };
    expect(before).toHaveLength(journal.entries.length);

    // The migrator records each migration's hash and its journal time, never its path.
    const database = openDatabase(dataDir);
    try {
      const after = database.raw.prepare('select hash, created_at from __drizzle_migrations order by id').all() as Applied[];
      expect(after).toEqual(before);
      expect(database.raw.prepare("select count(*) as n from sqlite_master where name = 'search_risks'").get()).toEqual({ n: 1 });
    } finally {
      database.close();
    }
  });
});
