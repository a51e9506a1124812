import type { RunningServer } from '../../server/server.js';

/**
 * Makes the database itself refuse a write, as a full disk or a broken constraint would, so a test
 * can fail one step of a unit of work part-way. `write` is the statement the refusal fires on
 * ('insert', 'update', 'delete' or 'update of column'); `when`, if given, a condition on `new.`
 * (in SQL both engines read) that picks the rows refused. Answers the undo.
 *
 * SQLite: a temporary trigger aborting the statement (on the writer's connection, the one that
 * writes). PostgreSQL: a function raising an exception and a BEFORE trigger calling it; it holds for
 * every connection of the database, which is the test server's own.
 */
export async function refuseWrites(
  server: Pick<RunningServer, 'ctx'>,
  table: string,
  message: string,
  { write = 'insert', when }: { write?: string; when?: string } = {},
): Promise<() => Promise<void>> {
  const { sql, dialect } = server.ctx.database;
  const name = `refuse_${table}_${Math.random().toString(36).slice(2, 8)}`;
  const quoted = message.replace(/'/g, "''");
  if (dialect === 'sqlite') {
    await sql.run(`create temp trigger ${name} before ${write} on ${table}${when ? ` when ${when}` : ''} begin select raise(abort, '${quoted}'); end`);
    return async () => void (await sql.run(`drop trigger if exists temp.${name}`));
  }
  await sql.run(`create function ${name}() returns trigger language plpgsql as $body$ begin raise exception '${quoted}'; end $body$`);
  await sql.run(`create trigger ${name} before ${write} on ${table} for each row${when ? ` when (${when})` : ''} execute function ${name}()`);
  return async () => {
    await sql.run(`drop trigger if exists ${name} on ${table}`);
    await sql.run(`drop function if exists ${name}()`);
  };
}
