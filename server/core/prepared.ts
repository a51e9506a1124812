import type { ServiceContext } from './context.js';

/**
 * A command decided on the records as read, whose write is done later inside a transaction that
 * someone else holds (an import commits all its rows as one). `write` runs inside that transaction,
 * synchronously: it takes the decision again on the records as they are then, writes, and answers
 * what to do once the transaction has committed (notifications, pushes), which gives the command's
 * result. Should the transaction roll back, that is never run.
 */
export interface Prepared<T> {
  write(): () => T;
}

/** A prepared command on its own: its write in a transaction of its own, then its effects. */
export function runPrepared<T>(ctx: ServiceContext, prepared: Prepared<T>): T {
  const done = ctx.database.transaction(() => prepared.write());
  return done();
}
