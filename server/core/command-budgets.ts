import { TokenBucket } from './token-bucket.js';

/**
 * One command budget per allowance (an account, see AuthState.allowance; commandsPerSecond,
 * commandBurst of SOCKET_LIMITS), drawn on by commands over Socket.io and REST alike: switching
 * channel, signing in again or working in another partnership buys no more. A budget is forgotten once it has refilled and nobody holds it, so
 * forgetting it changes nothing.
 */
export class CommandBudgets {
  private readonly buckets = new Map<string, { bucket: TokenBucket; holders: number }>();
  private readonly sweep: NodeJS.Timeout;

  constructor(
    private readonly perSecond: number,
    private readonly burst: number,
  ) {
    this.sweep = setInterval(() => this.forgetFull(), 60_000);
    this.sweep.unref();
  }

  of(allowance: string): TokenBucket {
    let entry = this.buckets.get(allowance);
    if (!entry) this.buckets.set(allowance, (entry = { bucket: new TokenBucket(this.perSecond, this.burst), holders: 0 }));
    return entry.bucket;
  }

  /** A connection holds its allowance's budget while open (it is not forgotten under it). */
  hold(allowance: string): { bucket: TokenBucket; release(): void } {
    const bucket = this.of(allowance);
    const entry = this.buckets.get(allowance)!;
    entry.holders++;
    return { bucket, release: () => void entry.holders-- };
  }

  private forgetFull(): void {
    for (const [allowance, entry] of this.buckets) if (entry.holders <= 0 && entry.bucket.msUntilFull() === 0) this.buckets.delete(allowance);
  }

  close(): void {
    clearInterval(this.sweep);
    this.buckets.clear();
  }
}
