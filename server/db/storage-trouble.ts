/**
 * Which storage errors mean "the storage cannot take this now" (a retry can succeed, and the failed
 * transaction was rolled back, so "nothing was changed" is true) on either engine. core/errors.ts maps
 * them for every channel.
 */

/**
 * SQLite result codes (better-sqlite3's SqliteError `.code`, extended codes included, e.g.
 * SQLITE_BUSY_SNAPSHOT, SQLITE_IOERR_WRITE) that mean "the storage cannot take this now": another
 * process holds a lock, the file or disk refuses writes, or the disk is full. A retry can succeed, and
 * the failed transaction was rolled back, so "nothing was changed" is true. Constraint errors and
 * the like are bugs, not storage trouble, and stay INTERNAL.
 */
const STORAGE_CODES = /^SQLITE_(BUSY|LOCKED|READONLY|FULL|IOERR|CANTOPEN)(_[A-Z_]+)?$/;

/** The SQLite result code anywhere along the error's `cause` chain (drizzle wraps the driver's error). */
function sqliteCode(err: unknown): string | null {
  for (const e of causes(err)) if (typeof e.code === 'string' && e.code.startsWith('SQLITE_')) return e.code;
  return null;
}

/**
 * The same on PostgreSQL (SQLSTATE in node-postgres's `.code`): the connection or server went away
 * (class 08, 57P01-57P03 shut down), resources ran out (class 53: disk full, too many connections),
 * the transaction lost a race it may win next time (40001, 40P01, 55P03), or the server is read-only
 * (25006: a standby, a failover in progress); and the network between (ECONNREFUSED and the like, or
 * the pool's own "connection terminated" and "timeout exceeded when trying to connect").
 */
const PG_STORAGE_STATES = /^(08...|53...|57P0[123]|40001|40P01|55P03|25006)$/;
const NETWORK_CODES = /^(ECONNREFUSED|ECONNRESET|ETIMEDOUT|EPIPE|EHOSTUNREACH|ENOTFOUND|EAI_AGAIN)$/;
const POOL_TROUBLE = /Connection terminated|timeout exceeded when trying to connect|Client has encountered a connection error/;

/** Each error along the `cause` chain (a few steps: drizzle wraps the driver's error). */
function* causes(err: unknown): Generator<{ code?: unknown; message?: unknown }> {
  let current = err;
  for (let depth = 0; depth < 4 && typeof current === 'object' && current !== null; depth++) {
    yield current as { code?: unknown; message?: unknown };
    current = (current as { cause?: unknown }).cause;
  }
}

/**
 * Marks an error as PostgreSQL's own (the pool and its connections mark every error they reject with,
 * server/db/pg-client.ts): a network code or a pool message is storage trouble only when the database
 * connection raised it. A Redis or HTTP failure with the same ECONNRESET is not "cannot save", and
 * must not roll back a document's group of updates as if it were.
 */
const FROM_POSTGRES = Symbol('board.fromPostgres');

export function fromPostgres<E>(err: E): E {
  if (typeof err === 'object' && err !== null && !Object.isFrozen(err)) Object.defineProperty(err, FROM_POSTGRES, { value: true });
  return err;
}

export function isStorageTrouble(err: unknown): boolean {
  const code = sqliteCode(err);
  if (code !== null) return STORAGE_CODES.test(code);
  if (![...causes(err)].some((e) => (e as Record<symbol, unknown>)[FROM_POSTGRES] === true)) return false;
  for (const e of causes(err)) {
    if (typeof e.code === 'string' && (PG_STORAGE_STATES.test(e.code) || NETWORK_CODES.test(e.code))) return true;
    if (typeof e.message === 'string' && POOL_TROUBLE.test(e.message)) return true;
  }
  return false;
}

/** PostgreSQL refuses a NUL character in text (SQLSTATE 22021) or in JSON text (22P05), which SQLite would store: the input's fault. */
export function isUnstorableText(err: unknown): boolean {
  for (const e of causes(err)) if (e.code === '22021' || e.code === '22P05') return true;
  return false;
}

