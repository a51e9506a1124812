import type BetterSqlite3 from 'better-sqlite3';

/** A value a raw statement takes: what both drivers accept for a `?`. */
export type SqlValue = string | number | bigint | Buffer | null;

/**
 * Hand-written SQL for the hot paths (the Yjs update log, the projection's writes, the register's
 * filtered reads), where building the statement with drizzle on every keystroke would be most of its
 * cost. Written once with `?` placeholders in SQL both engines read (`on conflict`, `returning`,
 * `is not distinct from`); SQLite keeps each prepared, PostgreSQL has the driver prepare it.
 *
 * Inside a transaction the statement joins it. Outside one, a read sees the last commit and a write is
 * a transaction of its own, as with the query builder (Database_.db). Rows come in the same shapes from
 * both (./pg/driver-values.ts), except booleans: SQLite answers 1 or 0, PostgreSQL true or false, so
 * a raw read of a boolean column must not compare it with either.
 */
export interface RawSql {
  all<T>(text: string, params?: readonly SqlValue[]): Promise<T[]>;
  get<T>(text: string, params?: readonly SqlValue[]): Promise<T | undefined>;
  /** A write; answers how many rows it changed. */
  run(text: string, params?: readonly SqlValue[]): Promise<number>;
}

/** A statement that only reads: outside a transaction it needs none. */
export function readsOnly(text: string): boolean {
  return /^\s*(select|with)\b/i.test(text) && !/\b(insert|update|delete)\b/i.test(text);
}

/** The statement cache bound: the register's filtered reads make a few hundred shapes at most. */
const PREPARED_MAX = 500;

/** SQLite's form: prepared statements cached per connection (the writer's, and the reader's for reads outside a transaction). */
export function sqliteRawSql(writer: BetterSqlite3.Database, reader: BetterSqlite3.Database, inTransaction: () => boolean, transaction: <T>(fn: () => T) => Promise<T>): RawSql {
  const caches = new Map<BetterSqlite3.Database, Map<string, BetterSqlite3.Statement>>([
    [writer, new Map()],
    [reader, new Map()],
  ]);
  const prepared = (connection: BetterSqlite3.Database, text: string): BetterSqlite3.Statement => {
    const cache = caches.get(connection)!;
    let st = cache.get(text);
    if (!st) {
      if (cache.size >= PREPARED_MAX) cache.clear();
      st = connection.prepare(text);
      cache.set(text, st);
    }
    return st;
  };
  const on = <T>(text: string, work: (st: BetterSqlite3.Statement) => T): Promise<T> => {
    if (inTransaction()) return Promise.resolve().then(() => work(prepared(writer, text)));
    if (readsOnly(text)) return Promise.resolve().then(() => work(prepared(reader, text)));
    return transaction(() => work(prepared(writer, text)));
  };
  return {
    all: <T>(text: string, params: readonly SqlValue[] = []) => on(text, (st) => st.all(...params) as T[]),
    get: <T>(text: string, params: readonly SqlValue[] = []) => on(text, (st) => st.get(...params) as T | undefined),
    // A statement that returns rows (`... returning`) cannot be `run` by better-sqlite3's reader check, but can by `all`.
    run: (text: string, params: readonly SqlValue[] = []) => on(text, (st) => (st.reader ? st.all(...params).length : st.run(...params).changes)),
  };
}

/** `?` placeholders as PostgreSQL's `$1, $2, …` (no statement here has a `?` inside a string literal). */
export function numberedPlaceholders(text: string): string {
  let n = 0;
  return text.replace(/\?/g, () => `$${++n}`);
}
