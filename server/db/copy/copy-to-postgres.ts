import { existsSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { getTableName, is, sql } from 'drizzle-orm';
import { drizzle as sqliteDrizzle } from 'drizzle-orm/better-sqlite3';
import { drizzle as pgDrizzle } from 'drizzle-orm/node-postgres';
import { migrate } from 'drizzle-orm/node-postgres/migrator';
import { getTableConfig, PgTable } from 'drizzle-orm/pg-core';
import pg from 'pg';
import * as pgSchema from '../pg/schema.js';
import * as sqliteSchema from '../schema.js';
import { TableDigest } from './row-digest.js';
import { parentsFirst } from './table-order.js';

const drizzleRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../drizzle');
/** PostgreSQL takes at most 65,535 parameters in one statement: a batch stays well under. */
const PARAMETERS_PER_INSERT = 30_000;
const ROWS_PER_READ = 2_000;

export interface TableCopied {
  table: string;
  rows: number;
  /** The order-free fingerprint of the table's rows, the same read back from both databases. */
  digest: string;
}

export interface CopyReport {
  tables: TableCopied[];
  rows: number;
}

/** A copy that cannot go ahead: the message says what to do, for the command line to print as it is. */
export class CopyRefused extends Error {}

/** `sqlite:<file or data directory>` or a bare path: the database file. */
export function sqliteFileOf(from: string): string {
  const target = from.startsWith('sqlite:') ? from.slice('sqlite:'.length) : from;
  const file = existsSync(target) && statSync(target).isDirectory() ? path.join(target, 'board.sqlite') : target;
  if (!existsSync(file)) throw new CopyRefused(`There is no SQLite database at ${file}. Give --from sqlite:<the data directory or its board.sqlite>.`);
  return file;
}

/**
 * Copies a partnership's whole SQLite database into an empty PostgreSQL database: the PostgreSQL
 * migrations are applied first, every table is copied parents first in ONE transaction (a copy that
 * fails leaves the target as empty as it found it), each table's identity goes on after its highest id,
 * and every table is then read back from both sides and compared row for row (order-free digests), so a
 * report is only ever given for a copy known to be whole. The search tables are not copied: PostgreSQL's
 * own triggers fill them as the records go in. The source is read in one read transaction (a consistent
 * snapshot, even with the product running on it), and never written.
 */
export async function copySqliteToPostgres(from: string, to: string): Promise<CopyReport> {
  const file = sqliteFileOf(from);
  const source = new Database(file, { readonly: true, fileMustExist: true });
  const pool = new pg.Pool({ connectionString: to, max: 1 });
  try {
    refuseIfBehind(source);
    const src = sqliteDrizzle(source, { schema: sqliteSchema });
    const dst = pgDrizzle(pool, { schema: pgSchema });
    // Checked before anything is written: a --to naming the wrong database is refused untouched.
    await refuseUnlessBoardOrEmpty(dst);
    await migrate(dst, { migrationsFolder: path.join(drizzleRoot, 'pg') });
    const targets = new Map<string, PgTable>(Object.values(pgSchema).flatMap((value) => (is(value, PgTable) ? [[getTableName(value), value] as const] : [])));
    const order = parentsFirst(sqliteSchema);
    for (const table of order) {
      if (!targets.has(getTableName(table))) throw new CopyRefused(`The PostgreSQL schema has no table ${getTableName(table)}; the two schemas are out of step.`);
    }
    await refuseIfNotEmpty(dst, [...targets.values()]);

    source.exec('begin');
    try {
      const copied: TableCopied[] = [];
      await dst.transaction(async (tx) => {
        for (const table of order) {
          const name = getTableName(table);
          const target = targets.get(name)!;
          const perInsert = Math.max(1, Math.floor(PARAMETERS_PER_INSERT / Object.keys(getTableConfig(target).columns).length));
          const digest = new TableDigest();
          // rowid order: a table referring to itself (none today) would have its parents first.
          for (let offset = 0; ; offset += ROWS_PER_READ) {
            const rows = src.select().from(table).orderBy(sql`rowid`).limit(ROWS_PER_READ).offset(offset).all() as Record<string, unknown>[];
            for (let i = 0; i < rows.length; i += perInsert) await tx.insert(target).values(rows.slice(i, i + perInsert));
            for (const row of rows) digest.add(row);
            if (rows.length < ROWS_PER_READ) break;
          }
          await continueIdentities(tx, name);
          copied.push({ table: name, rows: digest.rows, digest: digest.digest() });
        }
        // Read back inside the transaction: a difference rolls the whole copy back.
        for (const expected of copied) {
          const target = targets.get(expected.table)!;
          const digest = new TableDigest();
          for (let offset = 0; ; offset += ROWS_PER_READ) {
            const rows = (await tx.select().from(target).orderBy(...keyOf(target)).limit(ROWS_PER_READ).offset(offset)) as Record<string, unknown>[];
            for (const row of rows) digest.add(row);
            if (rows.length < ROWS_PER_READ) break;
          }
          if (digest.rows !== expected.rows || digest.digest() !== expected.digest) {
            throw new Error(`Table ${expected.table} reads back differently from PostgreSQL (${digest.rows} rows against ${expected.rows}); nothing was copied.`);
          }
        }
      });
      return { tables: copied, rows: copied.reduce((sum, t) => sum + t.rows, 0) };
    } finally {
      source.exec('rollback');
    }
  } finally {
    source.close();
    await pool.end();
  }
}

/** The source must be at the product's last migration: the PostgreSQL schema is the current one. */
function refuseIfBehind(source: Database.Database): void {
  const journal = JSON.parse(readFileSync(path.join(drizzleRoot, 'sqlite/meta/_journal.json'), 'utf8')) as { entries: { when: number }[] };
  const hasLog = source.prepare(`select 1 from sqlite_master where type = 'table' and name = '__drizzle_migrations'`).get();
  const last = hasLog ? (source.prepare('select max(created_at) as at from __drizzle_migrations').get() as { at: number | null }).at : null;
  const latest = journal.entries.at(-1)!.when;
  if (last === latest) return;
  if (last !== null && last > latest) throw new CopyRefused('The SQLite database was migrated by a newer version of the product than this one; copy it with that version.');
  throw new CopyRefused('The SQLite database is behind this version of the product. Start the product on it once (it migrates its database as it starts), stop it, then copy.');
}

/** The target holds no tables, or only the board's own (an earlier copy that migrated, or a failed one). */
async function refuseUnlessBoardOrEmpty(dst: ReturnType<typeof pgDrizzle>): Promise<void> {
  const ours = new Set<string>([...Object.values(pgSchema).flatMap((value) => (is(value, PgTable) ? [getTableName(value)] : []))]);
  const { rows } = await dst.execute<{ table_name: string }>(sql`select table_name from information_schema.tables where table_schema = current_schema() and table_type = 'BASE TABLE' order by table_name`);
  const strangers = rows.map((r) => r.table_name).filter((name) => !ours.has(name) && !name.startsWith('search_'));
  if (strangers.length > 0) throw new CopyRefused(`The PostgreSQL database holds tables that are not the board's (${strangers.slice(0, 3).join(', ')}${strangers.length > 3 ? ', …' : ''}). Copy into a new, empty database.`);
}

async function refuseIfNotEmpty(dst: ReturnType<typeof pgDrizzle>, tables: PgTable[]): Promise<void> {
  for (const table of tables) {
    const [row] = await dst.select({ one: sql<number>`1` }).from(table).limit(1);
    if (row) throw new CopyRefused(`The PostgreSQL database already holds records (table ${getTableName(table)}). Copy into a new, empty database.`);
  }
}

/** A table's primary key columns (every column when it has none), for reading it in pages. */
function keyOf(table: PgTable) {
  const config = getTableConfig(table);
  const key = config.primaryKeys[0]?.columns ?? config.columns.filter((column) => column.primary);
  return key.length > 0 ? key : config.columns;
}

/** An identity column's next value goes after the highest id copied, or the product's first insert would collide. */
async function continueIdentities(tx: Parameters<Parameters<ReturnType<typeof pgDrizzle>['transaction']>[0]>[0], table: string): Promise<void> {
  const { rows } = await tx.execute<{ column_name: string }>(sql`select column_name from information_schema.columns where table_schema = current_schema() and table_name = ${table} and is_identity = 'YES'`);
  for (const { column_name: column } of rows) {
    await tx.execute(sql`select setval(pg_get_serial_sequence(${table}, ${column}), coalesce((select max(${sql.identifier(column)}) from ${sql.identifier(table)}), 0) + 1, false)`);
  }
}
