import path from 'node:path';
import { mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import Database, { type RunResult } from 'better-sqlite3';
import { drizzle } from 'drizzle-orm/better-sqlite3';
import type { BaseSQLiteDatabase } from 'drizzle-orm/sqlite-core';
import { migrate } from 'drizzle-orm/better-sqlite3/migrator';
import * as schema from './schema.js';
import { FastWrite } from './fast-write.js';
import { ensureSearchTables } from './search-repair.js';
import { WriteLock } from './write-lock.js';
import { sqliteRawSql, type RawSql } from './raw-sql.js';

/**
 * The query builder every repository uses, typed as asynchronous: each `.get()`, `.all()` and `.run()`
 * is awaited, as it must be on PostgreSQL. On SQLite the work is done at once and the await costs a tick.
 */
export type Db = BaseSQLiteDatabase<'async', RunResult, typeof schema>;

export interface Database_ {
  /** Which engine: the few statements written by hand for one (full-text search) choose by it. */
  readonly dialect: 'sqlite' | 'postgres';
  /**
   * Inside a transaction, its connection; outside, a read-only connection that sees only committed
   * rows (a write there fails loudly: every write belongs in a transaction).
   */
  readonly db: Db;
  /**
   * Runs fn in one transaction, one writer at a time; a transaction inside another is a savepoint of
   * it. fn may await its queries but nothing else (no mail, no network): the writer waits for it.
   */
  transaction<T>(fn: () => Promise<T> | T): Promise<T>;
  /**
   * Runs fn's reads as of one moment (a document's snapshot and the updates after it, search's counts
   * and lists). On PostgreSQL a read-only snapshot that never waits for the writer; on SQLite a
   * transaction as any other (one connection: a read transaction there would hold other reads in the past).
   */
  readSnapshot<T>(fn: () => Promise<T> | T): Promise<T>;
  /** Whether this work is inside an open transaction. */
  inTransaction(): boolean;
  /**
   * Start-up work is done and people are about to be served. On SQLite, a write stops waiting long for
   * another process's lock (until now it waited as long as migrating may: two processes starting
   * together on a new file take turns at seeding it); PostgreSQL's writes queue either way.
   */
  serving(): void;
  /** Closes it; on PostgreSQL, once every pooled connection has ended. */
  close(): void | Promise<void>;
  /** Hand-written SQL both engines read, kept prepared, for the hot paths (./raw-sql.ts). */
  readonly sql: RawSql;
  /** Short prepared writes for the realtime path, built on `sql`. */
  readonly fast: FastWrite;
  /**
   * SQLite's own handle (the writing connection), for what only SQLite has: its online backup, and
   * tests that set records up directly. Throws on PostgreSQL; product code uses `sql`.
   */
  readonly raw: Database.Database;
}

/**
 * How long a write waits for another process's lock before failing with SQLITE_BUSY (answered 503
 * STORAGE_UNAVAILABLE). better-sqlite3 is synchronous: every millisecond waited stalls every user's
 * request and socket, so the bound is short. Only this process writes in normal running; a lock held
 * longer is external trouble (a backup, a stray tool), better refused quickly than queued behind.
 * In WAL mode readers are never blocked, so reads and the health check keep answering.
 */
export const BUSY_TIMEOUT_MS = 200;
/** While starting (migrating, seeding, catching up) nobody is being served yet, so waiting out a brief lock is harmless. */
const STARTUP_BUSY_TIMEOUT_MS = 5000;
/**
 * Once a transaction has found the database locked, writes fail at once (no busy wait) for this long,
 * then wait BUSY_TIMEOUT_MS again to notice the lock has gone. With people typing, tens of writes a
 * second each waiting the timeout would add up to a stalled process; this bounds the stall to one
 * wait per period, whatever the write rate.
 */
export const LOCKED_FAIL_FAST_MS = 1000;

const migrationsFolder = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../drizzle/sqlite');

/**
 * Held while a process migrates. Two processes started together on one data directory would each read
 * "not migrated yet" (drizzle reads before its transaction) and both run the migrations, the second
 * failing on tables the first made. The lock is an exclusive transaction on a file of its own: SQLite's
 * file locking, which the operating system lets go of should the process die.
 */
function holdingStartupLock(dataDir: string, work: () => void): void {
  const lock = new Database(path.join(dataDir, 'board-startup.lock'));
  try {
    // Waits for the other's migrations however long they take on a loaded machine.
    lock.pragma('busy_timeout = 120000');
    lock.exec('begin exclusive');
    try {
      work();
    } finally {
      lock.exec('rollback');
    }
  } finally {
    lock.close();
  }
}

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
  holdingStartupLock(dataDir, () => {
    migrate(db, { migrationsFolder });
    ensureSearchTables(raw, migrationsFolder);
  });
  const broken = raw.pragma('foreign_key_check') as unknown[];
  if (broken.length > 0) throw new Error(`Migration left ${broken.length} broken references: ${JSON.stringify(broken.slice(0, 5))}`);
  raw.pragma('foreign_keys = ON');
  // The rest of the start-up work (seeding a new database, backfills, the scheduler's catch-up) also
  // waits out another process's lock, as the migrations did: two processes started together on a new
  // file take turns there too. `serving()` shortens the wait once people are about to be served.
  let starting = true;
  let failingFast: NodeJS.Timeout | null = null;
  function lockedElsewhere(): void {
    if (starting || failingFast) return;
    raw.pragma('busy_timeout = 0');
    failingFast = setTimeout(() => {
      failingFast = null;
      if (raw.open) raw.pragma(`busy_timeout = ${BUSY_TIMEOUT_MS}`);
    }, LOCKED_FAIL_FAST_MS);
    failingFast.unref();
  }
  const lock = new WriteLock();
  guardWrites(raw, lock);
  // WAL lets this connection read the last commit while the writer is inside a transaction.
  const reader = new Database(path.join(dataDir, 'board.sqlite'), { readonly: true });
  reader.pragma(`busy_timeout = ${BUSY_TIMEOUT_MS}`);
  const writerDb = db as unknown as Db;
  const readerDb = drizzle(reader, { schema }) as unknown as Db;

  async function topLevel<T>(fn: () => Promise<T> | T): Promise<T> {
    return lock.hold({ active: true, depth: 0 }, async () => {
      try {
        raw.exec('begin immediate');
      } catch (err) {
        if (isBusy(err)) lockedElsewhere();
        throw err;
      }
      try {
        const result = await fn();
        raw.exec('commit');
        return result;
      } catch (err) {
        if (raw.inTransaction) raw.exec('rollback');
        if (isBusy(err)) lockedElsewhere();
        throw err;
      }
    });
  }

  async function savepoint<T>(tx: { depth: number }, fn: () => Promise<T> | T): Promise<T> {
    const name = `sp${++tx.depth}`;
    raw.exec(`savepoint ${name}`);
    try {
      const result = await fn();
      raw.exec(`release ${name}`);
      return result;
    } catch (err) {
      // A failed statement may have ended the whole transaction already (SQLite does, for some errors).
      if (raw.inTransaction) {
        raw.exec(`rollback to ${name}`);
        raw.exec(`release ${name}`);
      }
      throw err;
    } finally {
      tx.depth--;
    }
  }

  const transaction = <T>(fn: () => Promise<T> | T): Promise<T> => {
    const tx = lock.current();
    return tx ? savepoint(tx, fn) : topLevel(fn);
  };
  const outsideDb = autoCommitting(readerDb, writerDb, transaction);
  const sql = sqliteRawSql(raw, reader, () => lock.current() !== null, transaction);

  return {
    dialect: 'sqlite',
    get db() {
      return lock.current() ? writerDb : outsideDb;
    },
    raw,
    sql,
    fast: new FastWrite(sql),
    transaction,
    readSnapshot: transaction,
    inTransaction: () => lock.current() !== null,
    serving: () => {
      if (!starting) return;
      starting = false;
      raw.pragma(`busy_timeout = ${BUSY_TIMEOUT_MS}`);
    },
    close: () => {
      if (failingFast) clearTimeout(failingFast);
      reader.close();
      raw.close();
    },
  };
}

const WRITES = new Set(['insert', 'update', 'delete']);
const RUNS = new Set(['run', 'get', 'all', 'values', 'execute', 'then']);

/**
 * The database as seen outside any transaction: reads on the read-only connection, and each write
 * (insert, update, delete, or raw `run`) in a transaction of its own, taking its turn behind any open
 * one. PostgreSQL's client uses it too: there a write outside a transaction would otherwise commit on
 * its own connection without the writer lock, between another transaction's check and its write.
 */
export function autoCommitting(reader: Db, writer: Db, transaction: <T>(fn: () => Promise<T> | T) => Promise<T>): Db {
  const deferred = <B extends object>(builder: B): B =>
    new Proxy(builder, {
      get(target, prop) {
        const value: unknown = Reflect.get(target, prop, target);
        if (typeof value !== 'function') return value;
        const method = value as (...args: unknown[]) => unknown;
        if (typeof prop === 'string' && RUNS.has(prop)) {
          if (prop === 'then') return (ok?: (v: unknown) => unknown, fail?: (e: unknown) => unknown) => transaction(() => method.call(target, (v: unknown) => v)).then(ok, fail);
          // `values(row)` on an insert names its rows (and chains); `values()` with nothing runs the query.
          if (prop !== 'values') return (...args: unknown[]) => transaction(() => method.apply(target, args));
        }
        return (...args: unknown[]) => {
          if (prop === 'values' && args.length === 0) return transaction(() => method.apply(target, args));
          const next = method.apply(target, args);
          // `run` read, not tested with `in`: PostgreSQL's builders gain theirs from a proxy (pg-client.ts).
          return next !== null && typeof next === 'object' && typeof (next as { run?: unknown }).run === 'function' ? deferred(next) : next;
        };
      },
    });
  return new Proxy(reader, {
    get(target, prop) {
      if (typeof prop === 'string' && WRITES.has(prop)) return (...args: unknown[]) => deferred((writer as unknown as Record<string, (...a: unknown[]) => object>)[prop]!(...args));
      if (prop === 'run') return (...args: unknown[]) => transaction(() => (writer.run as (...a: unknown[]) => unknown)(...args));
      return Reflect.get(target, prop, target);
    },
  });
}

/**
 * A statement that writes on the writing connection while another piece of work holds it in a
 * transaction would land in that transaction (and be rolled back with it): refused instead. Writes
 * with no transaction open anywhere (a test preparing its records, start-up) run as before.
 */
function guardWrites(raw: Database.Database, lock: WriteLock): void {
  const prepare = raw.prepare.bind(raw);
  raw.prepare = ((source: string) => {
    const statement = prepare(source);
    if (statement.readonly) return statement;
    for (const method of ['run', 'get', 'all', 'iterate'] as const) {
      const inner = (statement[method] as (...args: unknown[]) => unknown).bind(statement);
      (statement as unknown as Record<string, unknown>)[method] = (...args: unknown[]) => {
        if (lock.busy && !lock.current()) throw new Error('A write outside the transaction that holds the database; writes belong in database.transaction().');
        return inner(...args);
      };
    }
    return statement;
  }) as typeof raw.prepare;
}

function isBusy(err: unknown): boolean {
  const code = (err as { code?: unknown } | null)?.code;
  return typeof code === 'string' && code.startsWith('SQLITE_BUSY');
}
