import { getTableColumns, getTableName, type Table } from 'drizzle-orm';
import type { RawSql, SqlValue } from './raw-sql.js';

/**
 * Short hand-built writes for the realtime path, through raw SQL that stays prepared (./raw-sql.ts).
 * Drizzle builds its SQL, and SQLite compiles it, again on every call; at one update per keystroke
 * that is most of the cost of an edit. Only for tables whose values are plain text, numbers and JSON.
 */
export class FastWrite {
  constructor(private readonly sql: RawSql) {}

  /** `update <table> set <the patch's columns> where id = ?`; answers the number of rows changed. */
  async updateById<T extends Table>(table: T, id: number | string, patch: Partial<T['$inferInsert']>): Promise<number> {
    return this.updateMatching(table, id, {}, patch);
  }

  /**
   * `update <table> set <the patch's columns> where id = ? and <each of match's columns> is not distinct
   * from ?`: the row is changed only if it is still the one the caller means (an id freed by a rollback
   * can be reused by another row). Answers the number of rows changed.
   */
  async updateMatching<T extends Table>(table: T, id: number | string, match: Partial<T['$inferInsert']>, patch: Partial<T['$inferInsert']>): Promise<number> {
    const columns = getTableColumns(table);
    const keys = defined(patch);
    const matchKeys = defined(match);
    if (keys.length === 0) return 0;
    const text = `update "${getTableName(table)}" set ${keys.map((k) => `"${columns[k]!.name}" = ?`).join(', ')} where "id" = ?${matchKeys.map((k) => ` and "${columns[k]!.name}" is not distinct from ?`).join('')}`;
    const values = keys.map((k) => driverValue((patch as Record<string, unknown>)[k], columns[k]!.dataType));
    const matching = matchKeys.map((k) => driverValue((match as Record<string, unknown>)[k], columns[k]!.dataType));
    return this.sql.run(text, [...values, id, ...matching]);
  }

  /** `insert into <table> (<columns>) values (...) returning id`; answers the new row's id. */
  async insert<T extends Table>(table: T, row: T['$inferInsert']): Promise<number> {
    const columns = getTableColumns(table);
    const keys = defined(row);
    const text = `insert into "${getTableName(table)}" (${keys.map((k) => `"${columns[k]!.name}"`).join(', ')}) values (${keys.map(() => '?').join(', ')}) returning "id"`;
    const inserted = await this.sql.get<{ id: number }>(text, keys.map((k) => driverValue((row as Record<string, unknown>)[k], columns[k]!.dataType)));
    return Number(inserted!.id);
  }
}

function defined(values: object): string[] {
  return Object.keys(values).filter((k) => (values as Record<string, unknown>)[k] !== undefined);
}

/** As drizzle's SQLite columns store it, which PostgreSQL's columns read too: booleans 1/0, JSON as its text. */
function driverValue(value: unknown, dataType?: string): SqlValue {
  if (value === null || value === undefined) return null;
  if (typeof value === 'boolean') return value ? 1 : 0;
  if (dataType === 'json' || (typeof value === 'object' && !(value instanceof Buffer))) return JSON.stringify(value);
  return value as SqlValue;
}
