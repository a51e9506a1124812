import pg from 'pg';

/*
 * PostgreSQL's answers in the shapes SQLite's give, so that the repositories (written once, with the
 * SQLite tables: server/db/schema.ts) and hand-written SQL read the same values from either engine:
 * - int8 (bigint, count(*), sum of integers) as a number, not a string: every such value here is an
 *   epoch millisecond, an id or a count, far below 2^53.
 * - numeric (sum of bigints, avg) as a number, as SQLite's REAL.
 * - json and jsonb as their text: the SQLite tables' json columns parse it, exactly once. (Left to the
 *   driver, a stored JSON string such as "123" would come back parsed and then be parsed again.)
 * Booleans stay true/false: the SQLite tables' boolean columns read either.
 *
 * node-postgres keeps these parsers process-wide, and drizzle's session falls back to them; this
 * module is imported by everything that opens a PostgreSQL connection for the product.
 */
const INT8 = 20;
const NUMERIC = 1700;
const JSON_OID = 114;
const JSONB = 3802;

pg.types.setTypeParser(INT8, (value: string) => Number(value));
pg.types.setTypeParser(NUMERIC, (value: string) => Number(value));
pg.types.setTypeParser(JSON_OID, (value: string) => value);
pg.types.setTypeParser(JSONB, (value: string) => value);
