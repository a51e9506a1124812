import path from 'node:path';
import { createHash } from 'node:crypto';
import { AsyncLocalStorage } from 'node:async_hooks';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { getTableName, is, Table } from 'drizzle-orm';
import { drizzle, type NodePgDatabase } from 'drizzle-orm/node-postgres';
import { alias as pgAlias, PgTable } from 'drizzle-orm/pg-core';
import { migrate } from 'drizzle-orm/node-postgres/migrator';
import * as pgSchema from './pg/schema.js';
import './pg/driver-values.js';
import { fromPostgres } from './storage-trouble.js';
import { autoCommitting, type Database_, type Db } from './client.js';
import { FastWrite } from './fast-write.js';
import { numberedPlaceholders, readsOnly, type RawSql, type SqlValue } from './raw-sql.js';

/*
 * PostgreSQL behind the same seam as SQLite (DATABASE_URL=postgres://…): a pool, migrations from
 * drizzle/pg at open, transactions with savepoints, and the query builder dressed with the sqlite-style
 * `.get/.all/.run` finishers the repositories are written against. The repositories keep the SQLite
 * tables (../db/schema.ts): drizzle's PostgreSQL dialect builds the same SQL from them, and the driver
 * answers in SQLite's value shapes (./pg/driver-values.ts), so their columns read PostgreSQL's rows
 * too. drizzle/pg's tables (./pg/schema.ts, kept equal by test/unit/schema-parity.test.ts) make the
 * migrations and db:copy.
 */

const migrationsFolder = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../drizzle/pg');

/**
 * Every transaction takes this advisory lock first: one writer at a time across every process on the
 * database, as SQLite's single writer gives. The Yjs update log's freshness check in cluster mode
 * (realtime/yjs/commit-queue.ts) relies on it; finer locks can come once that is the only user.
 */
const WRITER_LOCK_KEY = 17_017;
/** Held while a process migrates the database at start. */
const STARTUP_LOCK_KEY = 17_018;

interface PgTransaction {
  client: pg.PoolClient;
  db: NodePgDatabase<typeof pgSchema>;
  depth: number;
  active: boolean;
}

export async function openPgDatabase(url: string): Promise<Database_> {
  // A server that does not answer fails a request after 5 s rather than holding it for ever.
  const pool = new pg.Pool({ connectionString: url, connectionTimeoutMillis: 5000 });
  // An idle pooled connection the server drops (a restart, a killed backend) emits 'error' on the pool;
  // unheard, that would throw the whole process down. The next query takes a fresh connection.
  // The pool re-emits it here too; unheard, that would throw the whole process down. The connection's
  // own listener (markErrorsAsPostgres) has logged it already.
  pool.on('error', () => undefined);
  markErrorsAsPostgres(pool);
  const poolDb = drizzle(pool, { schema: pgSchema });
  // One process migrates at a time: two started together on a new database would each read "not
  // migrated yet" and both run the migrations. A session lock on a connection of its own, let go
  // when the connection ends, should the process die.
  const starting = await pool.connect();
  try {
    await starting.query('select pg_advisory_lock($1)', [STARTUP_LOCK_KEY]);
    await migrate(poolDb, { migrationsFolder });
  } finally {
    await starting.query('select pg_advisory_unlock($1)', [STARTUP_LOCK_KEY]).catch(() => undefined);
    starting.release();
  }
  const store = new AsyncLocalStorage<PgTransaction>();
  const current = (): PgTransaction | null => {
    const tx = store.getStore();
    return tx?.active ? tx : null;
  };

  // Transactions take their turn in this process before they take a connection, as SQLite's WriteLock
  // has them do: only one connection per process ever waits on the writer lock, so a burst of
  // transactions (searches, say) cannot hold every pooled connection while the rest of the server, its
  // health check included, waits for one.
  let turn: Promise<void> = Promise.resolve();

  async function topLevel<T>(fn: () => Promise<T> | T): Promise<T> {
    const previous = turn;
    let done!: () => void;
    turn = new Promise<void>((resolve) => (done = resolve));
    try {
      await previous;
      return await inTransaction(fn);
    } finally {
      done();
    }
  }

  /** fn in a transaction of its own connection, begun by `begin` (the statements that open it). */
  async function onConnection<T>(begin: readonly [string, unknown[]?][], fn: () => Promise<T> | T): Promise<T> {
    const client = await pool.connect();
    const tx: PgTransaction = { client, db: drizzle(client, { schema: pgSchema }), depth: 0, active: true };
    try {
      for (const [text, values] of begin) await client.query(text, values);
      const result = await store.run(tx, fn);
      await client.query('commit');
      return result;
    } catch (err) {
      await client.query('rollback').catch(() => undefined);
      throw err;
    } finally {
      tx.active = false;
      giveBack(client);
    }
  }

  const inTransaction = <T>(fn: () => Promise<T> | T): Promise<T> => onConnection([['begin'], ['select pg_advisory_xact_lock($1)', [WRITER_LOCK_KEY]]], fn);

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

  /**
   * Reads as of one moment, without the writer lock or the process's turn: a read-only repeatable-read
   * transaction on a connection of its own. Inside a transaction, that transaction's moment serves.
   */
  async function readSnapshot<T>(fn: () => Promise<T> | T): Promise<T> {
    return current() ? fn() : onConnection([['begin isolation level repeatable read read only']], fn);
  }

  const transaction = <T>(fn: () => Promise<T> | T): Promise<T> => {
    const tx = current();
    return tx ? savepoint(tx, fn) : topLevel(fn);
  };
  const outside = autoCommitting(sqliteShaped(poolDb), sqliteShaped(poolDb), transaction);
  const sql = pgRawSql(pool, () => current()?.client ?? null, transaction);

  return {
    dialect: 'postgres',
    get db() {
      const tx = current();
      return tx ? sqliteShaped(tx.db) : outside;
    },
    get raw(): Database_['raw'] {
      throw new Error('Database_.raw is SQLite\'s own handle; on PostgreSQL use Database_.sql');
    },
    // Writes queue on the writer lock whether starting or serving.
    serving: () => undefined,
    sql,
    fast: new FastWrite(sql),
    transaction,
    readSnapshot,
    inTransaction: () => current() !== null,
    close: () => pool.end(),
  };
}

/** Connections that failed while checked out: released with their error, so the pool ends them rather than lending them again. */
const brokenConnections = new WeakSet<pg.PoolClient>();

/** Gives a connection back to the pool; one that failed in use is ended instead. */
function giveBack(client: pg.PoolClient): void {
  client.release(brokenConnections.has(client) ? new Error('the connection failed in use') : undefined);
}

/**
 * Every error the pool or one of its connections rejects with is marked as PostgreSQL's
 * (./storage-trouble.ts: only then is a network error "the storage cannot take this now"). The callback
 * forms, which the pool uses inside, pass through; their promises are the marked ones.
 */
export function markErrorsAsPostgres(pool: pg.Pool): void {
  const marking = <F extends (...args: never[]) => unknown>(fn: F): F =>
    function (this: unknown, ...args: Parameters<F>) {
      const result = fn.apply(this, args);
      return typeof (result as PromiseLike<unknown> | undefined)?.then === 'function'
        ? (result as Promise<unknown>).catch((err: unknown) => Promise.reject(fromPostgres(err)))
        : result;
    } as F;
  pool.query = marking(pool.query.bind(pool)) as typeof pool.query;
  pool.connect = marking(pool.connect.bind(pool)) as typeof pool.connect;
  pool.on('connect', (client) => {
    client.query = marking(client.query.bind(client)) as typeof client.query;
    // While a connection is checked out the pool stops listening for its errors: one the server ends
    // between a transaction's queries (a restart, a failover, an idle timeout) would emit 'error' to
    // nobody, and an unheard 'error' ends the process. Heard here, the next query fails instead
    // ("Client has encountered a connection error"), which is storage trouble; the connection is
    // thrown away when it is released (brokenConnections).
    client.on('error', (err) => {
      brokenConnections.add(client);
      console.error(JSON.stringify({ at: new Date().toISOString(), message: 'a PostgreSQL connection failed', error: String(err) }));
    });
  });
}

/**
 * Raw SQL on PostgreSQL: inside a transaction on its connection; outside, a read on any pooled
 * connection and a write in a transaction of its own. Each text is a named prepared statement, which
 * the driver prepares once per connection.
 */
function pgRawSql(pool: pg.Pool, client: () => pg.PoolClient | null, transaction: <T>(fn: () => Promise<T>) => Promise<T>): RawSql {
  const names = new Map<string, { name: string; text: string }>();
  const prepared = (text: string) => {
    let p = names.get(text);
    if (!p) {
      if (names.size >= 500) names.clear();
      // Named by the text itself: a connection keeps a name's statement for good, so a name never changes meaning.
      p = { name: `raw_${createHash('sha1').update(text).digest('hex').slice(0, 24)}`, text: numberedPlaceholders(text) };
      names.set(text, p);
    }
    return p;
  };
  const query = async (text: string, params: readonly SqlValue[]): Promise<pg.QueryResult> => {
    // A text whose `in (?, ?, …)` list grows with its input would leave a prepared statement on every
    // connection for each length: those are sent unnamed, parsed each time.
    const config = VARIABLE_LIST.test(text) ? { text: numberedPlaceholders(text), values: params as unknown[] } : { ...prepared(text), values: params as unknown[] };
    const inTx = client();
    if (inTx) return inTx.query(config);
    if (readsOnly(text)) return pool.query(config);
    return transaction(() => client()!.query(config));
  };
  return {
    all: async <T>(text: string, params: readonly SqlValue[] = []) => (await query(text, params)).rows as T[],
    get: async <T>(text: string, params: readonly SqlValue[] = []) => (await query(text, params)).rows[0] as T | undefined,
    run: async (text: string, params: readonly SqlValue[] = []) => (await query(text, params)).rowCount ?? 0,
  };
}

const VARIABLE_LIST = /\bin \(\s*\?/i;

/** What a write answers on either dialect: the rows it changed (SQLite's RunResult shape). */
export interface RunShape {
  changes: number;
  lastInsertRowid: number | bigint;
}

const JOINS = new Set(['innerJoin', 'leftJoin', 'rightJoin', 'fullJoin', 'crossJoin']);

/** drizzle's table symbols (global, so the same in every copy of drizzle). */
const TableSymbols = { IsAlias: Symbol.for('drizzle:IsAlias'), OriginalName: Symbol.for('drizzle:OriginalName') };

const PG_TABLES = new Map<string, PgTable>(Object.values(pgSchema as Record<string, unknown>).flatMap((t) => (is(t, PgTable) ? [[getTableName(t), t] as const] : [])));

/**
 * A SQLite table's alias (`alias(people, 'signer')`) as the same alias of its PostgreSQL twin: drizzle's
 * PostgreSQL dialect writes a join's table from the PostgreSQL table's own symbols, and of any other
 * table writes only its (alias) name, which is not a table. Everything else passes as it is.
 */
function pgAliasOf(table: unknown): unknown {
  if (!is(table, Table) || !(table as unknown as Record<symbol, unknown>)[TableSymbols.IsAlias]) return table;
  const named = table as unknown as Record<symbol, string>;
  const twin = PG_TABLES.get(named[TableSymbols.OriginalName]!);
  return twin ? pgAlias(twin, getTableName(table)) : table;
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
          if (typeof prop === 'string' && JOINS.has(prop)) args[0] = pgAliasOf(args[0]);
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
