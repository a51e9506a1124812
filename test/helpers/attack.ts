import type { TestServer } from './server.js';

/** Every table but the record of refusals and the sessions' last use: what a refused attack must leave alone. */
export function snapshot(server: TestServer): string {
  const raw = server.ctx.database.raw;
  const tables = raw.prepare("select name from sqlite_master where type = 'table' and name not in ('audit_log', 'sessions', 'sqlite_sequence') order by name").all() as { name: string }[];
  return JSON.stringify(tables.map(({ name }) => [name, raw.prepare(`select * from "${name}"`).all()]));
}

export interface Refusal {
  command: string;
  code: string;
  message: string;
  details?: unknown;
}

/** The record of refused commands by one person, oldest first, and the partnership each was filed under. */
export function refusalsBy(server: TestServer, personId: number): (Refusal & { partnershipId: number })[] {
  const rows = server.ctx.database.raw
    .prepare("select partnership_id as partnershipId, detail from audit_log where action = 'command.refused' and actor_id = ? order by id")
    .all(personId) as { partnershipId: number; detail: string }[];
  return rows.map((r) => ({ ...(JSON.parse(r.detail) as Refusal), partnershipId: r.partnershipId }));
}

/** How many rows `from` (a table and its where clause) holds now. */
export function countRows(server: TestServer, from: string, ...params: unknown[]): number {
  return (server.ctx.database.raw.prepare(`select count(*) as n from ${from}`).get(...params) as { n: number }).n;
}
