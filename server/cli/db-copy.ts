import { parseArgs } from 'node:util';
import { copySqliteToPostgres, CopyRefused } from '../db/copy/copy-to-postgres.js';
import type { CliResult } from './partnerships.js';

const USAGE = 'Usage: npm run db:copy -- --from sqlite:<data directory or board.sqlite> --to postgres://<user>@<host>/<empty database>';

/**
 * `npm run db:copy`: moves a partnership's SQLite database into an empty PostgreSQL database (see
 * server/db/copy/copy-to-postgres.ts for what is copied and checked). Prints one JSON line: every table
 * with its rows, and the total. Stop the product on the SQLite database first if no change made after
 * the copy's snapshot may be left behind.
 */
export async function runDbCopyCli(argv: string[]): Promise<CliResult> {
  let values: { from?: string; to?: string };
  try {
    ({ values } = parseArgs({ args: argv, options: { from: { type: 'string' }, to: { type: 'string' } }, strict: true }));
  } catch (err) {
    return { code: 2, out: [String((err as Error).message), USAGE] };
  }
  if (!values.from || !values.to) return { code: 2, out: [USAGE] };
  if (!/^postgres(ql)?:\/\//.test(values.to)) return { code: 2, out: ['--to must be a postgres:// address.', USAGE] };
  try {
    const report = await copySqliteToPostgres(values.from, values.to);
    return { code: 0, out: [JSON.stringify({ copied: report.rows, tables: Object.fromEntries(report.tables.map((t) => [t.table, t.rows])) })] };
  } catch (err) {
    if (err instanceof CopyRefused) return { code: 1, out: [err.message] };
    throw err;
  }
}
