/**
 * A token bucket: `burst` tokens at most, refilled at `perSecond`; each action takes one. It allows
 * a short burst (a page loading several things at once) while bounding the sustained rate.
 *
 * Time is read from a monotonic clock by default, not the service clock: a rate limit is about the
 * process's real time, and tests that freeze or jump the service clock must not freeze refills.
 */
export class TokenBucket {
  private tokens: number;
  private last: number;

  constructor(
    private readonly perSecond: number,
    private readonly burst: number,
    private readonly now: () => number = () => performance.now(),
  ) {
    this.tokens = burst;
    this.last = now();
  }

  /** Takes one token if there is one; false means the action must not run. */
  take(): boolean {
    this.refill();
    if (this.tokens < 1) return false;
    this.tokens -= 1;
    return true;
  }

  /** Milliseconds until a token is available (0 when one is). */
  msUntilToken(): number {
    this.refill();
    return this.tokens >= 1 ? 0 : Math.ceil(((1 - this.tokens) / this.perSecond) * 1000);
  }

  /** Milliseconds until the bucket is full again: after this, forgetting it changes nothing. */
  msUntilFull(): number {
    this.refill();
    return Math.ceil(((this.burst - this.tokens) / this.perSecond) * 1000);
  }

  private refill(): void {
    const now = this.now();
    this.tokens = Math.min(this.burst, this.tokens + ((now - this.last) / 1000) * this.perSecond);
    this.last = now;
  }
}
