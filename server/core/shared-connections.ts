import { randomUUID } from 'node:crypto';
import { LIMITS } from '../../shared/limits.js';
import type { ScriptRunner } from './shared-counters.js';

/**
 * A cap on connections open at once per key (a person's Socket.io sockets, a session's document
 * connections). Each connection is counted under an id of the caller's; releasing an id not counted
 * (refused, or released already) does nothing, so a caller may release on every way out.
 */
export interface OpenConnections {
  /** Counts `id` under `key` and answers true, or answers false (counting nothing) when `key` already has `max`. */
  admit(key: string, id: string, max: number): Promise<boolean>;
  release(key: string, id: string): void;
  /** Stops renewing (several processes); the process's connections are closed by their owners. */
  close(): void;
}

/**
 * In memory when REDIS_URL is unset; in Redis when it is set, so that a person spreading connections
 * over two processes is held to one cap. `kind` names the cap in its keys (`<prefix>:limits:open:<kind>:<key>`).
 */
export function openConnections(shared: ScriptRunner | null, kind: string, log: (message: string, extra?: Record<string, unknown>) => void): OpenConnections {
  return shared ? new SharedOpenConnections(shared, kind, log) : new LocalOpenConnections();
}

/** Counted and checked in one step (no await between): parallel handshakes are counted one by one. */
class LocalOpenConnections implements OpenConnections {
  private readonly open = new Map<string, Set<string>>();

  admit(key: string, id: string, max: number): Promise<boolean> {
    const ids = this.open.get(key) ?? new Set<string>();
    if (ids.size >= max) return Promise.resolve(false);
    ids.add(id);
    this.open.set(key, ids);
    return Promise.resolve(true);
  }

  release(key: string, id: string): void {
    const ids = this.open.get(key);
    if (!ids) return;
    ids.delete(id);
    if (ids.size === 0) this.open.delete(key);
  }

  close(): void {
    this.open.clear();
  }
}

/**
 * Time from Redis's own clock (TIME, in ms): the processes' clocks cannot be compared, and the service
 * clock may be a test's frozen one.
 */
const NOW = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
`;

/**
 * A sorted set per key of `<process id>:<connection id>`, each scored by when it is given up for lost.
 * Those given up are dropped first, so a process that died holds no place once its members expire.
 * ARGV: max, member, expiry (ms). Answers 1 when counted, 0 when the key is full.
 */
const ADMIT_OPEN = `${NOW}
local max, member, expiry = tonumber(ARGV[1]), ARGV[2], tonumber(ARGV[3])
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now)
if redis.call('ZCARD', KEYS[1]) >= max then return 0 end
redis.call('ZADD', KEYS[1], now + expiry, member)
redis.call('PEXPIRE', KEYS[1], expiry)
return 1
`;

/**
 * Renews a process's live members of one key: ARGV expiry, then the members. Added back if they had
 * expired meanwhile (Redis unreachable for a while): they are open, and count.
 */
const RENEW_OPEN = `${NOW}
local expiry = tonumber(ARGV[1])
for i = 2, #ARGV do redis.call('ZADD', KEYS[1], now + expiry, ARGV[i]) end
redis.call('PEXPIRE', KEYS[1], expiry)
return 0
`;

const RELEASE_OPEN = `return redis.call('ZREM', KEYS[1], ARGV[1])`;

class SharedOpenConnections implements OpenConnections {
  /** Names this process in its members, so that two processes' connection ids never meet. */
  private readonly processId = randomUUID();
  /** This process's members by Redis key: `held` once admitted (renewed from then on). */
  private readonly live = new Map<string, Map<string, { held: boolean }>>();
  private readonly renewal: NodeJS.Timeout;

  constructor(
    private readonly redis: ScriptRunner,
    private readonly kind: string,
    private readonly log: (message: string, extra?: Record<string, unknown>) => void,
  ) {
    this.renewal = setInterval(() => this.renew(), LIMITS.openConnectionRenewMs);
    this.renewal.unref();
  }

  private redisKey(key: string): string {
    // Within the deployment's namespace (the runner prefixes it: shared-counters.ts).
    return `limits:open:${this.kind}:${encodeURIComponent(key)}`;
  }

  async admit(key: string, id: string, max: number): Promise<boolean> {
    const redisKey = this.redisKey(key);
    const member = `${this.processId}:${id}`;
    const members = this.live.get(redisKey) ?? new Map<string, { held: boolean }>();
    this.live.set(redisKey, members);
    const entry = { held: false };
    members.set(member, entry);
    let admitted = false;
    try {
      admitted = Number(await this.redis.eval(ADMIT_OPEN, { keys: [redisKey], arguments: [String(max), member, String(LIMITS.openConnectionExpiryMs)] })) === 1;
    } finally {
      // Released while Redis answered: its removal was sent after the admission, and runs after it.
      if (members.get(member) === entry) {
        if (admitted) entry.held = true;
        else this.forget(redisKey, member);
      }
    }
    return admitted;
  }

  release(key: string, id: string): void {
    const redisKey = this.redisKey(key);
    const member = `${this.processId}:${id}`;
    if (!this.live.get(redisKey)?.has(member)) return;
    this.forget(redisKey, member);
    this.redis.eval(RELEASE_OPEN, { keys: [redisKey], arguments: [member] }).catch((err: unknown) => {
      // Not renewed any more: the place comes free when the member expires.
      this.log('could not release a shared connection place', { kind: this.kind, error: String(err) });
    });
  }

  private forget(redisKey: string, member: string): void {
    const members = this.live.get(redisKey);
    members?.delete(member);
    if (members?.size === 0) this.live.delete(redisKey);
  }

  /** One script per key; members still being admitted are left to their admission. Said once per round that fails, not once per key. */
  private renew(): void {
    const renewals: Promise<unknown>[] = [];
    for (const [redisKey, members] of this.live) {
      const held = [...members].filter(([, m]) => m.held).map(([member]) => member);
      if (held.length === 0) continue;
      renewals.push(this.redis.eval(RENEW_OPEN, { keys: [redisKey], arguments: [String(LIMITS.openConnectionExpiryMs), ...held] }));
    }
    void Promise.allSettled(renewals).then((outcomes) => {
      const failed = outcomes.filter((o): o is PromiseRejectedResult => o.status === 'rejected');
      if (failed.length > 0) this.log('could not renew shared connection places', { kind: this.kind, keys: failed.length, error: String(failed[0]!.reason) });
    });
  }

  close(): void {
    clearInterval(this.renewal);
  }
}
