import type { ServiceContext } from './context.js';

/**
 * A command decided on the records as read, whose write is done later inside a transaction that
 * someone else holds (an import commits all its rows as one). `write` runs inside that transaction: it takes the decision again on the records as they are then, writes, and answers
 * what to do once the transaction has committed (notifications, pushes), which gives the command's
 * result. Should the transaction roll back, that is never run.
 */
export interface Prepared<T> {
  write(): Promise<() => T>;
}

/** A prepared command on its own: its write in a transaction of its own, then its effects. */
export async function runPrepared<T>(ctx: ServiceContext, prepared: Prepared<T>): Promise<T> {
  const done = await ctx.database.transaction(() => prepared.write());
  return done();
}
