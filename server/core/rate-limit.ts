import type { Clock } from '../config.js';

/**
 * An attempt counted before it was checked. Settle it once: `fail` keeps it counted, `refund` takes it
 * back (it succeeded, or never reached its check). Reserving synchronously, before the first `await`
 * of the check, is what makes a limit hold against parallel requests: Node runs one request's
 * check-and-reserve to the end before the next one's starts.
 *
 * In memory: a restart forgives, acceptable for one process (the planned multi-process deployment
 * would move these counts to Redis).
 */
export interface Reservation {
  fail(): void;
  refund(): void;
}

function settleOnce(onFail: () => void, onRefund: () => void): Reservation {
  let settled = false;
  const once = (action: () => void) => () => {
    if (settled) return;
    settled = true;
    action();
  };
  return { fail: once(onFail), refund: once(onRefund) };
}

interface WindowEntry {
  failures: number[];
  pending: number;
}

/** At most `max` failures per key in a sliding window, attempts in flight included. */
export class FailureLimiter {
  private readonly entries = new Map<string, WindowEntry>();
  private lastSweep: number;

  constructor(
    private readonly max: number,
    private readonly windowMs: number,
    private readonly clock: Clock,
  ) {
    this.lastSweep = clock();
  }

  /** Milliseconds until the key may try again, or 0 when it may try now. */
  retryAfterMs(key: string): number {
    const entry = this.current(key);
    if (!entry || entry.failures.length + entry.pending < this.max) return 0;
    // Attempts in flight are counted as if they failed now: the answer is never too early.
    const now = this.clock();
    const counted = [...entry.failures, ...Array<number>(entry.pending).fill(now)];
    return Math.max(1, counted[counted.length - this.max]! + this.windowMs - now);
  }

  /** True when only attempts still in flight hold the key back: it may go once they succeed. */
  heldByInFlight(key: string): boolean {
    const entry = this.current(key);
    return !!entry && entry.pending > 0 && entry.failures.length < this.max && entry.failures.length + entry.pending >= this.max;
  }

  reserve(key: string): Reservation {
    this.sweep();
    const entry = this.current(key) ?? this.create(key);
    entry.pending++;
    return settleOnce(
      () => {
        entry.pending--;
        entry.failures.push(this.clock());
        this.entries.set(key, entry);
      },
      () => {
        entry.pending--;
      },
    );
  }

  /** Records a failure that was not reserved first. */
  fail(key: string): void {
    this.reserve(key).fail();
  }

  reset(key: string): void {
    const entry = this.entries.get(key);
    if (entry) entry.failures = [];
  }

  /** The key's entry with failures older than the window dropped, or undefined when nothing is left. */
  private current(key: string): WindowEntry | undefined {
    const entry = this.entries.get(key);
    if (!entry) return undefined;
    const since = this.clock() - this.windowMs;
    entry.failures = entry.failures.filter((t) => t > since);
    if (entry.failures.length === 0 && entry.pending === 0) {
      this.entries.delete(key);
      return undefined;
    }
    return entry;
  }

  private create(key: string): WindowEntry {
    const entry: WindowEntry = { failures: [], pending: 0 };
    this.entries.set(key, entry);
    return entry;
  }

  /** Once a window, forget keys nobody has failed with lately, so guessed names do not pile up. */
  private sweep(): void {
    if (this.clock() - this.lastSweep < this.windowMs) return;
    this.lastSweep = this.clock();
    for (const key of [...this.entries.keys()]) this.current(key);
  }
}

interface DelayEntry {
  failures: number;
  pending: number;
  lastFailureAt: number;
}

/**
 * Failures in a row per key, each making the next attempt wait `delayAfter(failures)` after the last
 * one. Forgotten after `forgetAfterMs` without a failure, or on `reset` (a success).
 */
export class GrowingDelay {
  private readonly entries = new Map<string, DelayEntry>();
  private lastSweep: number;

  constructor(
    private readonly delayAfter: (failures: number) => number,
    private readonly forgetAfterMs: number,
    private readonly clock: Clock,
  ) {
    this.lastSweep = clock();
  }

  /** Milliseconds until the key may try again, or 0 when it may try now. */
  retryAfterMs(key: string): number {
    const entry = this.current(key);
    if (!entry) return 0;
    const delay = this.delayAfter(entry.failures + entry.pending);
    if (delay <= 0) return 0;
    // With attempts in flight the delay runs, at the earliest, from when they end: about now.
    const from = entry.pending > 0 ? this.clock() : entry.lastFailureAt;
    return Math.max(0, from + delay - this.clock());
  }

  /** True when only attempts still in flight hold the key back: it may go once they succeed. */
  heldByInFlight(key: string): boolean {
    const entry = this.current(key);
    if (!entry || entry.pending === 0 || this.delayAfter(entry.failures + entry.pending) <= 0) return false;
    const settled = this.delayAfter(entry.failures);
    return settled <= 0 || entry.lastFailureAt + settled <= this.clock();
  }

  reserve(key: string): Reservation {
    this.sweep();
    let entry = this.current(key);
    if (!entry) {
      entry = { failures: 0, pending: 0, lastFailureAt: 0 };
      this.entries.set(key, entry);
    }
    const held = entry;
    held.pending++;
    return settleOnce(
      () => {
        held.pending--;
        held.failures++;
        held.lastFailureAt = this.clock();
        this.entries.set(key, held);
      },
      () => {
        held.pending--;
      },
    );
  }

  reset(key: string): void {
    const entry = this.entries.get(key);
    if (entry) entry.failures = 0;
  }

  private current(key: string): DelayEntry | undefined {
    const entry = this.entries.get(key);
    if (!entry) return undefined;
    if (entry.pending === 0 && (entry.failures === 0 || this.clock() - entry.lastFailureAt >= this.forgetAfterMs)) {
      this.entries.delete(key);
      return undefined;
    }
    return entry;
  }

  private sweep(): void {
    if (this.clock() - this.lastSweep < this.forgetAfterMs) return;
    this.lastSweep = this.clock();
    for (const key of [...this.entries.keys()]) this.current(key);
  }
}
