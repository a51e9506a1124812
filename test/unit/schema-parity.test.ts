import { getTableColumns, is, SQL, type Column, type InferInsertModel, type InferSelectModel } from 'drizzle-orm';
import { getTableConfig as pgTableConfig, PgDialect, PgTable } from 'drizzle-orm/pg-core';
import { getTableConfig as sqliteTableConfig, SQLiteSyncDialect, SQLiteTable } from 'drizzle-orm/sqlite-core';
import { describe, expect, it } from 'vitest';
import * as pg from '../../server/db/pg/schema.js';
import * as sqlite from '../../server/db/schema.js';

/*
 * The two schemas are one source of truth kept in two dialects: the SQLite schema (server/db/schema*.ts)
 * and its PostgreSQL mirror (server/db/pg/). A table, column, key or index on one side only fails here,
 * naming it; and the type check at the bottom fails to compile when a column's JavaScript type differs.
 */

/** Each SQLite column type, and the PostgreSQL types that give the same JavaScript value. */
const SQLITE_KIND: Record<string, string> = {
  SQLiteInteger: 'integer',
  SQLiteBoolean: 'boolean',
  SQLiteText: 'text',
  SQLiteTextJson: 'json',
  SQLiteReal: 'real',
  SQLiteBlobBuffer: 'bytes',
};
const PG_KIND: Record<string, string> = {
  integer: 'integer',
  // Epoch milliseconds, Yjs client ids and the update log's ids (see server/db/pg/schema.ts).
  bigint: 'integer',
  boolean: 'boolean',
  text: 'text',
  jsonb: 'json',
  'double precision': 'real',
  bytea: 'bytes',
};

/** Every SQL default of the SQLite schema, and its PostgreSQL translation (a new one must be added here). */
const SQL_DEFAULTS: Record<string, string> = {
  "(strftime('%Y-%m-%dT%H:%M:%fZ','now'))": `to_char(statement_timestamp() at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`,
};

const sqliteDialect = new SQLiteSyncDialect();
const pgDialect = new PgDialect();

interface ColumnShape {
  name: string;
  kind: string;
  notNull: boolean;
  primary: boolean;
  /** Numbered by the database when not given (AUTOINCREMENT, identity). */
  generated: boolean;
  /** The default as SQLite spells it: a value, or SQL (a PostgreSQL one is translated back). */
  default: unknown;
  hasDefault: boolean;
}

interface TableShape {
  columns: Record<string, ColumnShape>;
  primaryKey: string[];
  foreignKeys: string[];
  /** Unique constraints and unique indexes alike: `name (columns)`. */
  uniques: string[];
  indexes: string[];
}

const colNames = (cols: readonly { name: string }[]) => cols.map((c) => c.name).join(', ');
const sorted = (xs: string[]) => [...xs].sort();

function defaultOf(column: Column, render: (s: SQL) => string, translate: (s: string) => string): unknown {
  if (column.default === undefined) return undefined;
  if (is(column.default, SQL)) return { sql: translate(render(column.default)) };
  return column.default;
}

function sqliteShape(table: SQLiteTable): TableShape {
  const config = sqliteTableConfig(table);
  const columns: Record<string, ColumnShape> = {};
  for (const [key, column] of Object.entries(getTableColumns(table))) {
    columns[key] = {
      name: column.name,
      kind: SQLITE_KIND[column.columnType] ?? column.columnType,
      notNull: column.notNull,
      primary: column.primary,
      generated: (column as unknown as { autoIncrement?: boolean }).autoIncrement === true,
      default: defaultOf(column, (s) => sqliteDialect.sqlToQuery(s).sql, (s) => s),
      // drizzle marks every SQLite integer primary key as defaulted (the rowid): only a real default counts.
      hasDefault: column.default !== undefined,
    };
  }
  return {
    columns,
    primaryKey: [...Object.values(columns).filter((c) => c.primary).map((c) => c.name), ...config.primaryKeys.map((pk) => `${pk.getName()} (${colNames(pk.columns)})`)],
    foreignKeys: sorted(
      config.foreignKeys.map((fk) => {
        const r = fk.reference();
        return `${fk.getName()}: ${colNames(r.columns)} → ${sqliteTableConfig(r.foreignTable).name}(${colNames(r.foreignColumns)}) on delete ${fk.onDelete ?? 'no action'} on update ${fk.onUpdate ?? 'no action'}`;
      }),
    ),
    uniques: sorted([
      ...Object.values(getTableColumns(table)).filter((c) => c.isUnique).map((c) => `${c.uniqueName} (${c.name})`),
      ...config.uniqueConstraints.map((u) => `${u.getName()} (${colNames(u.columns)})`),
      ...config.indexes.filter((i) => i.config.unique).map((i) => `${i.config.name} (${colNames(i.config.columns as { name: string }[])})`),
    ]),
    indexes: sorted(config.indexes.filter((i) => !i.config.unique).map((i) => `${i.config.name} (${colNames(i.config.columns as { name: string }[])})`)),
  };
}

function pgShape(table: PgTable): TableShape {
  const config = pgTableConfig(table);
  const back = new Map(Object.entries(SQL_DEFAULTS).map(([from, to]) => [to, from]));
  const columns: Record<string, ColumnShape> = {};
  for (const [key, column] of Object.entries(getTableColumns(table))) {
    columns[key] = {
      name: column.name,
      kind: PG_KIND[column.getSQLType()] ?? column.getSQLType(),
      notNull: column.notNull,
      primary: column.primary,
      // "by default", as SQLite's AUTOINCREMENT takes a given id; "always" would refuse it.
      generated: column.generatedIdentity?.type === 'byDefault',
      default: defaultOf(column, (s) => pgDialect.sqlToQuery(s).sql, (s) => back.get(s) ?? `untranslated: ${s}`),
      hasDefault: column.default !== undefined,
    };
  }
  return {
    columns,
    primaryKey: [...Object.values(columns).filter((c) => c.primary).map((c) => c.name), ...config.primaryKeys.map((pk) => `${pk.getName()} (${colNames(pk.columns)})`)],
    foreignKeys: sorted(
      config.foreignKeys.map((fk) => {
        const r = fk.reference();
        return `${fk.getName()}: ${colNames(r.columns)} → ${pgTableConfig(r.foreignTable).name}(${colNames(r.foreignColumns)}) on delete ${fk.onDelete ?? 'no action'} on update ${fk.onUpdate ?? 'no action'}`;
      }),
    ),
    uniques: sorted([
      ...Object.values(getTableColumns(table)).filter((c) => c.isUnique).map((c) => `${c.uniqueName} (${c.name})`),
      ...config.uniqueConstraints.map((u) => `${u.getName()} (${colNames(u.columns)})`),
      ...config.indexes.filter((i) => i.config.unique).map((i) => `${i.config.name} (${colNames(i.config.columns as { name: string }[])})`),
    ]),
    indexes: sorted(config.indexes.filter((i) => !i.config.unique).map((i) => `${i.config.name} (${colNames(i.config.columns as { name: string }[])})`)),
  };
}

const sqliteTables = new Map(Object.entries(sqlite).flatMap(([key, value]) => (is(value, SQLiteTable) ? [[key, value] as const] : [])));
const pgTables = new Map(Object.entries(pg).flatMap(([key, value]) => (is(value, PgTable) ? [[key, value] as const] : [])));

describe('the PostgreSQL schema mirrors the SQLite schema', () => {
  it('has the same tables, under the same export names and SQL names', () => {
    const names = (tables: Map<string, SQLiteTable | PgTable>, name: (t: never) => string) => sorted([...tables].map(([key, t]) => `${key}: ${name(t as never)}`));
    expect(names(pgTables, (t: PgTable) => pgTableConfig(t).name)).toEqual(names(sqliteTables, (t: SQLiteTable) => sqliteTableConfig(t).name));
    expect(sqliteTables.size).toBeGreaterThan(40);
  });

  it.each([...sqliteTables.keys()])('%s: the same columns, keys, uniques and indexes', (key) => {
    const pgTable = pgTables.get(key);
    expect(pgTable, `no PostgreSQL table exported as ${key}`).toBeDefined();
    expect(pgShape(pgTable!)).toEqual(sqliteShape(sqliteTables.get(key)!));
  });

  it('knows every column type and SQL default it meets (a new one is added to the maps above)', () => {
    for (const [key, table] of sqliteTables)
      for (const column of Object.values(sqliteShape(table).columns)) {
        expect(Object.values(SQLITE_KIND), `${key}.${column.name}`).toContain(column.kind);
        if (typeof column.default === 'object' && column.default !== null) expect(Object.keys(SQL_DEFAULTS), `${key}.${column.name}`).toContain((column.default as { sql: string }).sql);
      }
  });
});

// --- the same JavaScript values: a compile-time check (tsc and svelte-check fail naming the table) ---

type Same<A, B> = (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;
type SqliteModule = typeof sqlite;
type PgModule = typeof pg;
type TableKeys = { [K in keyof SqliteModule]: SqliteModule[K] extends SQLiteTable ? K : never }[keyof SqliteModule];
type Mismatched = {
  [K in TableKeys]: PgModule[K & keyof PgModule] extends PgTable
    ? Same<InferSelectModel<SqliteModule[K]>, InferSelectModel<PgModule[K & keyof PgModule]>> extends true
      ? // Which keys an insert may leave out is compared above (hasDefault, generated): drizzle types every
        // SQLite integer primary key as optional (the rowid), even the ones that are another row's id.
        Same<Required<InferInsertModel<SqliteModule[K]>>, Required<InferInsertModel<PgModule[K & keyof PgModule]>>> extends true
        ? never
        : K
      : K
    : K;
}[TableKeys];
// If this line fails to compile, its error names the tables whose rows differ in JavaScript.
const everyRowTheSame: [Mismatched] extends [never] ? true : Mismatched = true;
void everyRowTheSame;
