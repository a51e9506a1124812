import { readFileSync } from 'node:fs';
import path from 'node:path';
import type Database from 'better-sqlite3';

/** The migration that made the full-text search tables and the triggers that keep them. */
const SEARCH_MIGRATION = '0016_search.sql';

/**
 * Makes the search tables of a database that recorded migration 0016 without them. For a short while
 * 0016 was an empty placeholder (`SELECT 1`) on main; a database migrated then has 0016 on its record,
 * so the migrator never runs the real one, and search would fail on it. Running the real migration's
 * statements (they make the tables, their triggers and fill them from the records) repairs it, in one
 * transaction. A database made before or after that window already has the tables: nothing is done.
 */
export function ensureSearchTables(raw: Database.Database, migrationsFolder: string): boolean {
  const present = raw.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'search_risks'").get();
  if (present) return false;
  const statements = readFileSync(path.join(migrationsFolder, SEARCH_MIGRATION), 'utf8')
    .split('--> statement-breakpoint')
    .map((s) => s.trim())
    .filter((s) => s.length > 0);
  raw.transaction(() => {
    for (const sql of statements) raw.exec(sql);
  })();
  return true;
}
