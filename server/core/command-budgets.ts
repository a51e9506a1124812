import { AppError } from '../../shared/errors.js';
import { takeSharedToken, type ScriptRunner } from './shared-counters.js';
import { TokenBucket } from './token-bucket.js';

/** One account's budget, wherever it is kept. */
export interface Budget {
  /** Takes one token; true when there was one (the action may run). */
  take(): Promise<boolean>;
  /** Takes one token, or throws RATE_LIMITED saying when to try again. */
  spend(message?: string): Promise<void>;
}

const TOO_MANY = 'Too many actions at once. Wait a moment and try again.';

function tooMany(message: string, waitMs: number): AppError {
  return new AppError('RATE_LIMITED', message, { retryAfterSeconds: Math.max(1, Math.ceil(waitMs / 1000)) });
}

/**
 * One command budget per allowance (an account, see AuthState.allowance; commandsPerSecond,
 * commandBurst of SOCKET_LIMITS), drawn on by commands over Socket.io and REST alike: switching
 * channel, signing in again or working in another partnership buys no more. A budget is forgotten once it has refilled and nobody holds it, so
 * forgetting it changes nothing.
 *
 * With Redis (REDIS_URL), the buckets are kept there (shared-counters.ts): an account working through
 * two processes draws on one budget. Without it, in memory, and a token is taken synchronously before
 * the first `await`, so parallel requests are counted one by one.
 */
export class CommandBudgets {
  private readonly buckets = new Map<string, { bucket: TokenBucket; holders: number }>();
  private readonly sweep: NodeJS.Timeout;

  constructor(
    private readonly perSecond: number,
    private readonly burst: number,
    private readonly shared: ScriptRunner | null = null,
  ) {
    this.sweep = setInterval(() => this.forgetFull(), 60_000);
    this.sweep.unref();
  }

  of(allowance: string): Budget {
    const waitFor = (): Promise<number> => {
      if (this.shared) return takeSharedToken(this.shared, allowance, this.perSecond, this.burst);
      const bucket = this.local(allowance).bucket;
      return Promise.resolve(bucket.take() ? 0 : Math.max(1, bucket.msUntilToken()));
    };
    return {
      take: async () => (await waitFor()) === 0,
      spend: async (message = TOO_MANY) => {
        const wait = await waitFor();
        if (wait > 0) throw tooMany(message, wait);
      },
    };
  }

  /** A connection holds its allowance's budget while open (in memory, it is not forgotten under it). */
  hold(allowance: string): { budget: Budget; release(): void } {
    const entry = this.shared ? null : this.local(allowance);
    if (entry) entry.holders++;
    return { budget: this.of(allowance), release: () => void (entry && entry.holders--) };
  }

  private local(allowance: string): { bucket: TokenBucket; holders: number } {
    let entry = this.buckets.get(allowance);
    if (!entry) this.buckets.set(allowance, (entry = { bucket: new TokenBucket(this.perSecond, this.burst), holders: 0 }));
    return entry;
  }

  private forgetFull(): void {
    for (const [allowance, entry] of this.buckets) if (entry.holders <= 0 && entry.bucket.msUntilFull() === 0) this.buckets.delete(allowance);
  }

  close(): void {
    clearInterval(this.sweep);
    this.buckets.clear();
  }
}
