import { getTableColumns, getTableName, type Table } from 'drizzle-orm';
import type BetterSqlite3 from 'better-sqlite3';

/**
 * Prepared, cached statements for the realtime write path. Drizzle builds its SQL and asks SQLite to
 * compile it again on every call; at one update per keystroke that is most of the cost of an edit.
 * Only for tables whose values are plain text and integers.
 */
export class FastWrite {
  private readonly statements = new Map<string, BetterSqlite3.Statement>();

  constructor(private readonly raw: BetterSqlite3.Database) {}

  /** `update <table> set <the patch's columns> where id = ?`; returns the number of rows changed. */
  updateById<T extends Table>(table: T, id: number | string, patch: Partial<T['$inferInsert']>): number {
    const columns = getTableColumns(table);
    const keys = Object.keys(patch).filter((k) => (patch as Record<string, unknown>)[k] !== undefined);
    if (keys.length === 0) return 0;
    const sql = `update "${getTableName(table)}" set ${keys.map((k) => `"${columns[k]!.name}" = ?`).join(', ')} where "id" = ?`;
    const values = keys.map((k) => toSqlite((patch as Record<string, unknown>)[k], columns[k]!.dataType));
    return this.statement(sql).run(...values, id).changes;
  }

  /**
   * `update <table> set <the patch's columns> where id = ? and <each of match's columns> is ?`: the row
   * is changed only if it is still the one the caller means (an id freed by a rollback can be reused by
   * another row). Returns the number of rows changed.
   */
  updateMatching<T extends Table>(table: T, id: number, match: Partial<T['$inferInsert']>, patch: Partial<T['$inferInsert']>): number {
    const columns = getTableColumns(table);
    const keys = Object.keys(patch).filter((k) => (patch as Record<string, unknown>)[k] !== undefined);
    const matchKeys = Object.keys(match).filter((k) => (match as Record<string, unknown>)[k] !== undefined);
    if (keys.length === 0) return 0;
    const sql = `update "${getTableName(table)}" set ${keys.map((k) => `"${columns[k]!.name}" = ?`).join(', ')} where "id" = ?${matchKeys.map((k) => ` and "${columns[k]!.name}" is ?`).join('')}`;
    const values = keys.map((k) => toSqlite((patch as Record<string, unknown>)[k], columns[k]!.dataType));
    const matching = matchKeys.map((k) => toSqlite((match as Record<string, unknown>)[k], columns[k]!.dataType));
    return this.statement(sql).run(...values, id, ...matching).changes;
  }

  /** `insert into <table> (<columns>) values (...)`; returns the new row id. */
  insert<T extends Table>(table: T, row: T['$inferInsert']): number {
    const columns = getTableColumns(table);
    const keys = Object.keys(row).filter((k) => (row as Record<string, unknown>)[k] !== undefined);
    const sql = `insert into "${getTableName(table)}" (${keys.map((k) => `"${columns[k]!.name}"`).join(', ')}) values (${keys.map(() => '?').join(', ')})`;
    return Number(this.statement(sql).run(...keys.map((k) => toSqlite((row as Record<string, unknown>)[k], columns[k]!.dataType))).lastInsertRowid);
  }

  private statement(sql: string) {
    let st = this.statements.get(sql);
    if (!st) {
      st = this.raw.prepare(sql);
      this.statements.set(sql, st);
    }
    return st;
  }
}

function toSqlite(value: unknown, dataType?: string): unknown {
  if (value === null || value === undefined) return null;
  if (typeof value === 'boolean') return value ? 1 : 0;
  if (dataType === 'json' || (typeof value === 'object' && !(value instanceof Buffer))) return JSON.stringify(value);
  return value;
}
