import { randomUUID } from 'node:crypto';
import { isIPv6 } from 'node:net';
import { AppError } from '../../../shared/errors.js';
import { signInDelayMs } from '../../../shared/domain/sign-in.js';
import { LIMITS } from '../../../shared/limits.js';
import type { Clock } from '../../config.js';
import { FailureLimiter, GrowingDelay } from '../../core/rate-limit.js';
import { admitShared, settleShared, type ScriptRunner, type SharedSignInSettings, type SignInKeys } from '../../core/shared-counters.js';

/** One sign-in attempt, already counted. Settle it once, with what the password check found. */
export interface SignInAttempt {
  failed(): Promise<void>;
  succeeded(): Promise<void>;
  /** The check never finished (the database failed, say): the attempt is not held against anyone. */
  abandoned(): Promise<void>;
}

/** The same limits as counted in Redis (LIMITS; see shared-counters.ts). */
const SHARED: SharedSignInSettings = {
  windowMs: LIMITS.loginWindowMs,
  perAddress: LIMITS.loginFailuresPerAddress,
  perAccount: LIMITS.loginFailuresPerAccount,
  freeFailures: LIMITS.loginFreeFailures,
  firstDelayMs: LIMITS.loginDelayFirstMs,
  maxDelayMs: LIMITS.loginDelayMaxMs,
  knownMs: LIMITS.loginKnownAddressMs,
  // A password check takes well under a second; one still "in flight" after this was lost with its process.
  inFlightMs: 60_000,
};

/** With Redis, an attempt waiting on attempts in flight in another process looks again this often (it hears only its own settle). */
const SHARED_RECHECK_MS = 50;

function refused(waitMs: number): AppError {
  return new AppError('RATE_LIMITED', 'Too many failed sign-in attempts. Try again later.', {
    retryAfterSeconds: Math.max(1, Math.ceil(waitMs / 1000)),
  });
}

type Limit = Pick<FailureLimiter, 'retryAfterMs' | 'heldByInFlight'>;

/**
 * Three limits, all counted before the password hash is computed:
 * - per (account, address): a growing delay after a few failures. Keyed by the pair so the real person
 *   at their own address is never slowed by a guesser somewhere else;
 * - per address, across accounts: a budget in a window, against one machine trying many accounts;
 * - per account, across addresses: a much larger budget, against many machines trying one account. An
 *   address the account signed in from recently is exempt, so even a large botnet cannot lock the
 *   person out from where they usually work.
 */
export class SignInLimiter {
  private readonly perPair: GrowingDelay;
  private readonly perAddress: FailureLimiter;
  private readonly perAccount: FailureLimiter;
  /** (account, address) pair → when its exemption from the per-account budget ends. */
  private readonly knownAddresses = new Map<string, number>();
  /** Attempts waiting for attempts in flight to finish. */
  private readonly waiters: (() => void)[] = [];

  /** `shared`: Redis when REDIS_URL is set, so every process counts into one set of limits; else in memory. */
  constructor(
    private readonly clock: Clock,
    private readonly shared: ScriptRunner | null = null,
  ) {
    this.perPair = new GrowingDelay(signInDelayMs, LIMITS.loginWindowMs, clock);
    this.perAddress = new FailureLimiter(LIMITS.loginFailuresPerAddress, LIMITS.loginWindowMs, clock);
    this.perAccount = new FailureLimiter(LIMITS.loginFailuresPerAccount, LIMITS.loginWindowMs, clock);
  }

  /**
   * Counts the attempt, or throws RATE_LIMITED. The check and the count run together, synchronously,
   * so parallel requests are counted one by one. When the only thing in the way is attempts still in
   * flight (six sign-ins at once from one office, say), this one waits for them to finish instead of
   * being refused: if they failed, it is then refused; if they succeeded, it goes ahead.
   */
  async admit(email: string, ip: string): Promise<SignInAttempt> {
    const account = email.trim().toLowerCase();
    const address = addressKey(ip);
    const pair = `${account}\n${address}`;
    if (this.shared) return this.admitShared(this.shared, { pair, address, account });
    for (;;) {
      const known = this.isKnown(pair);
      const holds: [Limit, string][] = [[this.perPair, pair], [this.perAddress, address]];
      if (!known) holds.push([this.perAccount, account]);
      const waits = holds.map(([limit, key]) => ({ ms: limit.retryAfterMs(key), inFlight: limit.heldByInFlight(key) }));
      const wait = Math.max(...waits.map((w) => w.ms));
      if (wait <= 0) return this.reserve(pair, address, account);
      const onlyInFlight = waits.every((w) => w.ms <= 0 || w.inFlight);
      if (!onlyInFlight || this.waiters.length >= LIMITS.loginWaitingMax) throw refused(wait);
      // Every reservation is settled (AuthService.login settles in all paths), so this wakes.
      await new Promise<void>((resolve) => this.waiters.push(resolve));
    }
  }

  /**
   * As admit, counted in Redis: the check and the reservation are one script, so parallel attempts at
   * any of the processes are counted one by one.
   */
  private async admitShared(redis: ScriptRunner, keys: SignInKeys): Promise<SignInAttempt> {
    const id = randomUUID();
    for (;;) {
      const { waitMs, onlyInFlight } = await admitShared(redis, keys, id, this.clock(), SHARED);
      if (waitMs <= 0) break;
      if (!onlyInFlight || this.waiters.length >= LIMITS.loginWaitingMax) throw refused(waitMs);
      // Woken by a settle here, or looks again shortly: the attempts in flight may be another process's.
      // Looking again, it takes its place among the waiters off first: else each look would leave one
      // behind, and a few attempts waiting a few seconds would fill loginWaitingMax for everyone.
      await new Promise<void>((resolve) => {
        const wake = () => {
          clearTimeout(timer);
          resolve();
        };
        const timer = setTimeout(() => {
          const at = this.waiters.indexOf(wake);
          if (at >= 0) this.waiters.splice(at, 1);
          resolve();
        }, SHARED_RECHECK_MS);
        this.waiters.push(wake);
      });
    }
    let settled = false;
    const settle = (outcome: 'failed' | 'succeeded' | 'abandoned') => async () => {
      if (settled) return;
      settled = true;
      const settling = settleShared(redis, keys, id, outcome, this.clock(), SHARED);
      // A failure that cannot be recorded fails the sign-in (it was wrong anyway); a refund or a success
      // that cannot be recorded lapses on its own (inFlightMs), and must not undo a session just opened.
      await (outcome === 'failed' ? settling : settling.catch(() => undefined));
      for (const wake of this.waiters.splice(0)) wake();
    };
    return { failed: settle('failed'), succeeded: settle('succeeded'), abandoned: settle('abandoned') };
  }

  private reserve(pair: string, address: string, account: string): SignInAttempt {
    const held = [this.perPair.reserve(pair), this.perAddress.reserve(address), this.perAccount.reserve(account)];
    let settled = false;
    const settle = (action: () => void) => async () => {
      if (settled) return;
      settled = true;
      action();
      // Whoever waited on these attempts looks again; each re-check is synchronous, so still race-free.
      for (const wake of this.waiters.splice(0)) wake();
    };
    return {
      failed: settle(() => held.forEach((r) => r.fail())),
      succeeded: settle(() => {
        // A success refunds its own reservation only: it does not wipe an address's or an account's
        // earlier failures (one valid account must not buy an address a fresh budget). The pair's delay
        // ends, because this person at this address has just shown they know the password.
        held.forEach((r) => r.refund());
        this.perPair.reset(pair);
        this.remember(pair);
      }),
      abandoned: settle(() => held.forEach((r) => r.refund())),
    };
  }

  private isKnown(pair: string): boolean {
    const until = this.knownAddresses.get(pair);
    if (until === undefined) return false;
    if (until > this.clock()) return true;
    this.knownAddresses.delete(pair);
    return false;
  }

  private remember(pair: string): void {
    const now = this.clock();
    // Grows by one entry per person and place they sign in from; drop the lapsed ones as it grows.
    if (this.knownAddresses.size > 0 && this.knownAddresses.size % 1000 === 0) {
      for (const [key, until] of this.knownAddresses) if (until <= now) this.knownAddresses.delete(key);
    }
    this.knownAddresses.delete(pair);
    this.knownAddresses.set(pair, now + LIMITS.loginKnownAddressMs);
  }
}

/**
 * The address a budget is kept for. An IPv4-mapped IPv6 address is its IPv4 address; any other IPv6
 * address is budgeted by its /64 prefix, since one host usually holds a whole /64 and could otherwise
 * take a fresh budget for each of its 2^64 addresses.
 */
export function addressKey(ip: string): string {
  const mapped = /^::ffff:(\d{1,3}(?:\.\d{1,3}){3})$/i.exec(ip);
  if (mapped) return mapped[1]!;
  const bare = ip.split('%')[0]!;
  if (!isIPv6(bare)) return ip;
  const [head = '', tail] = bare.split('::');
  const groups = (part: string) => (part === '' ? [] : part.split(':').flatMap((g) => (g.includes('.') ? ['0', '0'] : [g])));
  const before = groups(head);
  const after = tail === undefined ? [] : groups(tail);
  const full = [...before, ...Array<string>(8 - before.length - after.length).fill('0'), ...after];
  return `${full
    .slice(0, 4)
    .map((g) => parseInt(g, 16).toString(16))
    .join(':')}::/64`;
}
