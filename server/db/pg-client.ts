import path from 'node:path';
import { AsyncLocalStorage } from 'node:async_hooks';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { drizzle, type NodePgDatabase } from 'drizzle-orm/node-postgres';
import { migrate } from 'drizzle-orm/node-postgres/migrator';
import * as pgSchema from './pg/schema.js';
import type { Database_, Db, SyncReadDb } from './client.js';

/*
 * PostgreSQL behind the same seam as SQLite (DATABASE_URL=postgres://…). WORK IN PROGRESS (issue 17):
 * the seam itself (pool, migrations, transactions, savepoints, the sqlite-style `.get/.all/.run`
 * finishers) is here; the repositories still import the sqlite-core tables and some raw SQLite SQL,
 * and `now`, `raw` and `fast` have no PostgreSQL form yet, so most routes do not work on it.
 */

const migrationsFolder = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../drizzle/pg');

/**
 * Every transaction takes this advisory lock first: one writer at a time across every process on the
 * database, as SQLite's single writer gives. The Yjs update log's freshness check in cluster mode
 * (realtime/yjs/commit-queue.ts) relies on it; finer locks can come once that is the only user.
 */
const WRITER_LOCK_KEY = 17_017;

interface PgTransaction {
  client: pg.PoolClient;
  db: NodePgDatabase<typeof pgSchema>;
  depth: number;
  active: boolean;
}

export async function openPgDatabase(url: string): Promise<Database_> {
  const pool = new pg.Pool({ connectionString: url });
  // An idle pooled connection the server drops (a restart, a killed backend) emits 'error' on the pool;
  // unheard, that would throw the whole process down. The next query takes a fresh connection.
  pool.on('error', (err) => console.error(JSON.stringify({ at: new Date().toISOString(), message: 'an idle PostgreSQL connection failed', error: String(err) })));
  const poolDb = drizzle(pool, { schema: pgSchema });
  await migrate(poolDb, { migrationsFolder });
  const store = new AsyncLocalStorage<PgTransaction>();
  const current = (): PgTransaction | null => {
    const tx = store.getStore();
    return tx?.active ? tx : null;
  };

  async function topLevel<T>(fn: () => Promise<T> | T): Promise<T> {
    const client = await pool.connect();
    const tx: PgTransaction = { client, db: drizzle(client, { schema: pgSchema }), depth: 0, active: true };
    try {
      await client.query('begin');
      await client.query('select pg_advisory_xact_lock($1)', [WRITER_LOCK_KEY]);
      const result = await store.run(tx, fn);
      await client.query('commit');
      return result;
    } catch (err) {
      await client.query('rollback').catch(() => undefined);
      throw err;
    } finally {
      tx.active = false;
      client.release();
    }
  }

  async function savepoint<T>(tx: PgTransaction, fn: () => Promise<T> | T): Promise<T> {
    const name = `sp${++tx.depth}`;
    await tx.client.query(`savepoint ${name}`);
    try {
      const result = await fn();
      await tx.client.query(`release savepoint ${name}`);
      return result;
    } catch (err) {
      await tx.client.query(`rollback to savepoint ${name}`);
      await tx.client.query(`release savepoint ${name}`);
      throw err;
    } finally {
      tx.depth--;
    }
  }

  const transaction = <T>(fn: () => Promise<T> | T): Promise<T> => {
    const tx = current();
    return tx ? savepoint(tx, fn) : topLevel(fn);
  };
  const outside = sqliteShaped(poolDb);
  const missing = (what: string): never => {
    throw new Error(`${what} has no PostgreSQL form yet (issue 17)`);
  };

  return {
    get db() {
      const tx = current();
      return tx ? sqliteShaped(tx.db) : outside;
    },
    get now(): SyncReadDb {
      return missing('Database_.now (synchronous reads)');
    },
    get raw(): Database_['raw'] {
      return missing('Database_.raw (SQLite prepared statements)');
    },
    get fast(): Database_['fast'] {
      return missing('Database_.fast (SQLite prepared writes)');
    },
    transaction,
    inTransaction: () => current() !== null,
    close: () => {
      void pool.end();
    },
  };
}

/** What a write answers on either dialect: the rows it changed (SQLite's RunResult shape). */
export interface RunShape {
  changes: number;
  lastInsertRowid: number | bigint;
}

const CHAINS = new Set(['select', 'selectDistinct', 'insert', 'update', 'delete', 'with', '$with']);

/**
 * The pg query builder dressed as the sqlite one the repositories are written against: every builder
 * gains `.all()` (its rows), `.get()` (the first row or undefined) and `.run()` (`{ changes }`), and
 * `db.run/all/get(sql)` run raw SQL. Chaining methods return dressed builders, so any chain ends in them.
 */
function sqliteShaped(db: NodePgDatabase<typeof pgSchema>): Db {
  const dress = (builder: object): object =>
    new Proxy(builder, {
      get(target, prop) {
        if (prop === 'all') return async () => (await (target as PromiseLike<unknown[]>)) ?? [];
        if (prop === 'get') return async () => ((await (target as PromiseLike<unknown[]>)) ?? [])[0];
        if (prop === 'run') return async () => runShape(await (target as { execute(): Promise<unknown> }).execute());
        const value: unknown = Reflect.get(target, prop, target);
        if (typeof value !== 'function' || prop === 'then') return typeof value === 'function' ? value.bind(target) : value;
        return (...args: unknown[]) => {
          const next: unknown = (value as (...a: unknown[]) => unknown).apply(target, args);
          return next !== null && typeof next === 'object' && next !== target && 'execute' in next ? dress(next) : next === target ? dress(target) : next;
        };
      },
    });
  return new Proxy(db, {
    get(target, prop) {
      if (prop === 'run') return async (query: Parameters<typeof db.execute>[0]) => runShape(await target.execute(query));
      if (prop === 'all') return async (query: Parameters<typeof db.execute>[0]) => (await target.execute(query)).rows;
      if (prop === 'get') return async (query: Parameters<typeof db.execute>[0]) => (await target.execute(query)).rows[0];
      const value: unknown = Reflect.get(target, prop, target);
      if (typeof prop === 'string' && CHAINS.has(prop) && typeof value === 'function') {
        return (...args: unknown[]) => {
          const next = (value as (...a: unknown[]) => unknown).apply(target, args);
          return next !== null && typeof next === 'object' ? dress(next) : next;
        };
      }
      return value;
    },
  }) as unknown as Db;
}

function runShape(result: unknown): RunShape {
  const r = (result ?? {}) as { rowCount?: number | null; rows?: { id?: unknown }[] };
  const id = r.rows?.[0]?.id;
  return { changes: r.rowCount ?? 0, lastInsertRowid: typeof id === 'number' || typeof id === 'bigint' ? id : 0 };
}
