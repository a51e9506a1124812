import path from 'node:path';
import { mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { drizzle, type BetterSQLite3Database } from 'drizzle-orm/better-sqlite3';
import { migrate } from 'drizzle-orm/better-sqlite3/migrator';
import * as schema from './schema.js';
import { FastWrite } from './fast-write.js';

export type Db = BetterSQLite3Database<typeof schema>;

export interface Database_ {
  db: Db;
  /** Runs fn in one SQLite transaction; synchronous, as better-sqlite3 is. */
  transaction<T>(fn: () => T): T;
  close(): void;
  /** Raw handle for the few places that need prepared statements on a hot path. */
  raw: Database.Database;
  /** Cached prepared writes for the realtime path. */
  fast: FastWrite;
}

const migrationsFolder = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../drizzle');

export function openDatabase(dataDir: string): Database_ {
  mkdirSync(dataDir, { recursive: true });
  const raw = new Database(path.join(dataDir, 'board.sqlite'));
  raw.pragma('journal_mode = WAL');
  raw.pragma('synchronous = NORMAL');
  raw.pragma('foreign_keys = ON');
  raw.pragma('busy_timeout = 5000');
  const db = drizzle(raw, { schema });
  migrate(db, { migrationsFolder });
  return {
    db,
    raw,
    fast: new FastWrite(raw),
    transaction: <T>(fn: () => T): T => raw.transaction(fn)(),
    close: () => raw.close(),
  };
}
