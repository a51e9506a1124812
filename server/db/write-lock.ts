import { AsyncLocalStorage } from 'node:async_hooks';

/** The transaction a piece of work runs in, while it is open. */
export interface OpenTransaction {
  /** False once committed or rolled back: work that outlives it (a timer it set) is outside it. */
  active: boolean;
  /** Savepoints nested in it, for their names. */
  depth: number;
}

/**
 * One writer at a time on the one SQLite connection that writes. A transaction's work is asynchronous
 * (its repositories answer promises, as PostgreSQL's do), so between its statements other work runs;
 * were that other work to write on the same connection it would land inside this transaction and be
 * rolled back with it. So every write waits here for its turn, and AsyncLocalStorage tells a
 * statement which transaction, if any, it belongs to.
 */
export class WriteLock {
  private readonly store = new AsyncLocalStorage<OpenTransaction>();
  private held = false;
  private readonly waiting: (() => void)[] = [];

  /** The transaction this piece of work is in, if it is in one still open. */
  current(): OpenTransaction | null {
    const tx = this.store.getStore();
    return tx?.active ? tx : null;
  }

  /** Whether some transaction holds the connection (this work's or another's). */
  get busy(): boolean {
    return this.held;
  }

  /** Runs fn holding the lock, with `tx` as the current transaction of everything it does. */
  async hold<T>(tx: OpenTransaction, fn: () => Promise<T>): Promise<T> {
    if (this.held) await new Promise<void>((resolve) => this.waiting.push(resolve));
    else this.held = true;
    try {
      return await this.store.run(tx, fn);
    } finally {
      tx.active = false;
      const next = this.waiting.shift();
      if (next) next();
      else this.held = false;
    }
  }
}
