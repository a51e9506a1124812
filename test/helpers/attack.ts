import type { SqlValue } from '../../server/db/raw-sql.js';
import type { TestServer } from './server.js';

/** Every table but the record of refusals and the sessions' last use: what a refused attack must leave alone. */
export async function snapshot(server: TestServer): Promise<string> {
  const { sql, dialect } = server.ctx.database;
  const tables = await sql.all<{ name: string }>(
    dialect === 'sqlite'
      ? "select name from sqlite_master where type = 'table' and name not in ('audit_log', 'sessions', 'sqlite_sequence') order by name"
      : "select table_name as name from information_schema.tables where table_schema = current_schema() and table_type = 'BASE TABLE' and table_name not in ('audit_log', 'sessions') order by table_name",
  );
  // In the order of the first column: PostgreSQL keeps no row order of its own.
  return JSON.stringify(await Promise.all(tables.map(async ({ name }) => [name, await sql.all(`select * from "${name}" order by 1`)])));
}

export interface Refusal {
  command: string;
  code: string;
  message: string;
  details?: unknown;
}

/** The record of refused commands by one person, oldest first, and the partnership each was filed under. */
export async function refusalsBy(server: TestServer, personId: number): Promise<(Refusal & { partnershipId: number })[]> {
  const rows = await server.ctx.database.sql.all<{ partnershipId: number; detail: string }>(
    `select partnership_id as "partnershipId", detail from audit_log where action = 'command.refused' and actor_id = ? order by id`,
    [personId],
  );
  return rows.map((r) => ({ ...(JSON.parse(r.detail) as Refusal), partnershipId: r.partnershipId }));
}

/** How many rows `from` (a table and its where clause) holds now. */
export async function countRows(server: TestServer, from: string, ...params: SqlValue[]): Promise<number> {
  return (await server.ctx.database.sql.get<{ n: number }>(`select count(*) as n from ${from}`, params))!.n;
}
