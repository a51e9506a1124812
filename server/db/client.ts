import path from 'node:path';
import { mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { drizzle, type BetterSQLite3Database } from 'drizzle-orm/better-sqlite3';
import { migrate } from 'drizzle-orm/better-sqlite3/migrator';
import * as schema from './schema.js';
import { FastWrite } from './fast-write.js';
import { ensureSearchTables } from './search-repair.js';

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

/**
 * How long a write waits for another process's lock before failing with SQLITE_BUSY (answered 503
 * STORAGE_UNAVAILABLE). better-sqlite3 is synchronous: every millisecond waited stalls every user's
 * request and socket, so the bound is short. Only this process writes in normal running; a lock held
 * longer is external trouble (a backup, a stray tool), better refused quickly than queued behind.
 * In WAL mode readers are never blocked, so reads and the health check keep answering.
 */
export const BUSY_TIMEOUT_MS = 200;
/** While opening and migrating nobody is being served yet, so waiting out a brief lock is harmless. */
const STARTUP_BUSY_TIMEOUT_MS = 5000;
/**
 * Once a transaction has found the database locked, writes fail at once (no busy wait) for this long,
 * then wait BUSY_TIMEOUT_MS again to notice the lock has gone. With people typing, tens of writes a
 * second each waiting the timeout would add up to a stalled process; this bounds the stall to one
 * wait per period, whatever the write rate.
 */
export const LOCKED_FAIL_FAST_MS = 1000;

const migrationsFolder = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../drizzle');

export function openDatabase(dataDir: string): Database_ {
  mkdirSync(dataDir, { recursive: true });
  const raw = new Database(path.join(dataDir, 'board.sqlite'));
  raw.pragma(`busy_timeout = ${STARTUP_BUSY_TIMEOUT_MS}`);
  raw.pragma('journal_mode = WAL');
  // FULL: each commit is on disk (the WAL synced) before it returns. The Yjs server broadcasts an
  // update only once it has committed, so a power cut loses nothing any client saw; group commit
  // (realtime/yjs/commit-queue.ts) pays one sync for every update that arrived together.
  raw.pragma('synchronous = FULL');
  const db = drizzle(raw, { schema });
  // SQLite changes a table's columns by rebuilding it, which foreign keys would forbid while other
  // tables refer to it; the pragma cannot change inside the migrator's transaction, so migrations run
  // with them off and every reference is checked before anyone is served.
  raw.pragma('foreign_keys = OFF');
  migrate(db, { migrationsFolder });
  ensureSearchTables(raw, migrationsFolder);
  const broken = raw.pragma('foreign_key_check') as unknown[];
  if (broken.length > 0) throw new Error(`Migration left ${broken.length} broken references: ${JSON.stringify(broken.slice(0, 5))}`);
  raw.pragma('foreign_keys = ON');
  raw.pragma(`busy_timeout = ${BUSY_TIMEOUT_MS}`);
  let failingFast: NodeJS.Timeout | null = null;
  function lockedElsewhere(): void {
    if (failingFast) return;
    raw.pragma('busy_timeout = 0');
    failingFast = setTimeout(() => {
      failingFast = null;
      if (raw.open) raw.pragma(`busy_timeout = ${BUSY_TIMEOUT_MS}`);
    }, LOCKED_FAIL_FAST_MS);
    failingFast.unref();
  }
  return {
    db,
    raw,
    fast: new FastWrite(raw),
    transaction: <T>(fn: () => T): T => {
      try {
        return raw.transaction(fn)();
      } catch (err) {
        if (isBusy(err)) lockedElsewhere();
        throw err;
      }
    },
    close: () => {
      if (failingFast) clearTimeout(failingFast);
      raw.close();
    },
  };
}

function isBusy(err: unknown): boolean {
  const code = (err as { code?: unknown } | null)?.code;
  return typeof code === 'string' && code.startsWith('SQLITE_BUSY');
}
