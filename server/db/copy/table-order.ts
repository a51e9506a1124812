import { getTableName, is } from 'drizzle-orm';
import { getTableConfig, SQLiteTable } from 'drizzle-orm/sqlite-core';

/**
 * Every table of a drizzle SQLite schema module, parents before children: each table comes after every
 * table its foreign keys refer to, so rows can be inserted in this order with every constraint checked
 * as they go (PostgreSQL checks a foreign key at each insert unless it was made deferrable, and ours
 * are not). A table referring to itself is kept in its place (its rows go in id order, parents first);
 * a cycle between two tables is a schema this copy cannot order, and says so.
 */
export function parentsFirst(schema: Record<string, unknown>): SQLiteTable[] {
  const tables = Object.values(schema).filter((value): value is SQLiteTable => is(value, SQLiteTable));
  const byName = new Map(tables.map((table) => [getTableName(table), table]));
  const parents = new Map(
    tables.map((table) => {
      const name = getTableName(table);
      const refs = getTableConfig(table).foreignKeys.map((fk) => getTableName(fk.reference().foreignTable));
      return [name, new Set(refs.filter((ref) => ref !== name))];
    }),
  );
  const ordered: SQLiteTable[] = [];
  const state = new Map<string, 'visiting' | 'done'>();
  const visit = (name: string, path: string[]) => {
    if (state.get(name) === 'done') return;
    if (state.get(name) === 'visiting') throw new Error(`The tables ${[...path, name].join(' → ')} refer to each other in a cycle; they cannot be copied in order.`);
    state.set(name, 'visiting');
    for (const parent of [...(parents.get(name) ?? [])].sort()) visit(parent, [...path, name]);
    state.set(name, 'done');
    ordered.push(byName.get(name)!);
  };
  // Sorted, so the order (and a failing copy's message) is the same every run.
  for (const name of [...byName.keys()].sort()) visit(name, []);
  return ordered;
}
