/**
 * Counters kept in Redis when REDIS_URL is set, so that two server processes behind one load balancer
 * hold one limit between them: a guesser spreading attempts over both gets no more than from one.
 * Each check-and-count is one Lua script, which Redis runs alone: what reserving synchronously does
 * within one process (see rate-limit.ts), the script does across processes. Every key is under
 * `<prefix>:limits:` (the deployment's namespace, config.redisPrefix) and expires once forgetting it
 * changes nothing.
 */

/** What the counters need of a Redis client (node-redis's `eval`): kept narrow so core imports no client. */
export interface ScriptRunner {
  eval(script: string, options: { keys: string[]; arguments: string[] }): Promise<unknown>;
}

const LIMITS_PREFIX = 'limits:';

/**
 * The runner every shared counter and queue uses: each key it is given is put in the deployment's
 * namespace (`<prefix>:`), so callers name keys within it and two deployments on one Redis never meet.
 */
export function namespacedScripts(runner: ScriptRunner, prefix: string): ScriptRunner {
  return { eval: (script, { keys, arguments: args }) => runner.eval(script, { keys: keys.map((k) => `${prefix}:${k}`), arguments: args }) };
}

/**
 * A token bucket per key, timed by Redis's own clock (TIME): the processes' monotonic clocks cannot be
 * compared, and the service clock may be a test's frozen one. Answers 0 when a token was taken, else the
 * milliseconds until one will be.
 */
const TAKE_TOKEN = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local rate = tonumber(ARGV[1])
local burst = tonumber(ARGV[2])
local held = redis.call('HMGET', KEYS[1], 'tokens', 'last')
local tokens = tonumber(held[1]) or burst
local last = tonumber(held[2]) or now
tokens = math.min(burst, tokens + math.max(0, now - last) / 1000 * rate)
local wait = 0
if tokens >= 1 then tokens = tokens - 1 else wait = math.ceil((1 - tokens) / rate * 1000) end
redis.call('HSET', KEYS[1], 'tokens', tostring(tokens), 'last', tostring(now))
redis.call('PEXPIRE', KEYS[1], math.ceil(burst / rate * 1000) + 1000)
return wait
`;

export async function takeSharedToken(redis: ScriptRunner, key: string, perSecond: number, burst: number): Promise<number> {
  return Number(await redis.eval(TAKE_TOKEN, { keys: [`${LIMITS_PREFIX}budget:${key}`], arguments: [String(perSecond), String(burst)] }));
}

/**
 * The three sign-in limits of sign-in-limits.ts, checked and reserved in one step. Keys:
 * 1 the pair's growing delay (hash failures, last), 2 its attempts in flight (sorted set, scored by
 * when they are given up for lost: a process that died mid-check does not hold a key for ever),
 * 3/4 the address's failures (sorted set of times) and attempts in flight, 5/6 the account's, 7 the
 * pair's "signed in from here lately" mark.
 * ARGV: now, window, per-address max, per-account max, free failures, first delay, delay cap,
 * reservation id, how long an attempt may stay in flight.
 * Answers {0} when reserved, else {ms to wait, 1 when only attempts in flight hold it back}.
 */
const ADMIT = `
local now, window = tonumber(ARGV[1]), tonumber(ARGV[2])
local maxAddress, maxAccount = tonumber(ARGV[3]), tonumber(ARGV[4])
local free, first, cap = tonumber(ARGV[5]), tonumber(ARGV[6]), tonumber(ARGV[7])
local id, inFlightMs = ARGV[8], tonumber(ARGV[9])
local function delay(n)
  if n < free then return 0 end
  return math.min(cap, first * 2 ^ (n - free))
end
for _, k in ipairs({KEYS[2], KEYS[4], KEYS[6]}) do redis.call('ZREMRANGEBYSCORE', k, '-inf', now) end
for _, k in ipairs({KEYS[3], KEYS[5]}) do redis.call('ZREMRANGEBYSCORE', k, '-inf', now - window) end
local waits, inFlight = {}, {}
-- The pair: failures in a row, forgotten a window after the last one.
local failures = tonumber(redis.call('HGET', KEYS[1], 'failures')) or 0
local last = tonumber(redis.call('HGET', KEYS[1], 'last')) or 0
local pending = redis.call('ZCARD', KEYS[2])
if pending == 0 and now - last >= window then failures = 0 end
local d = delay(failures + pending)
if d > 0 then
  local from = last
  if pending > 0 then from = now end
  table.insert(waits, math.max(0, from + d - now))
  local settled = delay(failures)
  table.insert(inFlight, pending > 0 and (settled <= 0 or last + settled <= now))
end
-- A budget of failures in a sliding window, attempts in flight counted as failing now.
local function windowed(failKey, pendKey, max)
  local times = redis.call('ZRANGE', failKey, 0, -1, 'WITHSCORES')
  local n = #times / 2
  local p = redis.call('ZCARD', pendKey)
  if n + p < max then return end
  local counted = {}
  for i = 2, #times, 2 do table.insert(counted, tonumber(times[i])) end
  for _ = 1, p do table.insert(counted, now) end
  table.insert(waits, math.max(1, counted[#counted - max + 1] + window - now))
  table.insert(inFlight, p > 0 and n < max)
end
windowed(KEYS[3], KEYS[4], maxAddress)
if redis.call('EXISTS', KEYS[7]) == 0 then windowed(KEYS[5], KEYS[6], maxAccount) end
local wait, onlyInFlight = 0, 1
for i, w in ipairs(waits) do
  if w > wait then wait = w end
  if w > 0 and not inFlight[i] then onlyInFlight = 0 end
end
if wait > 0 then return {math.ceil(wait), onlyInFlight} end
for _, k in ipairs({KEYS[2], KEYS[4], KEYS[6]}) do
  redis.call('ZADD', k, now + inFlightMs, id)
  redis.call('PEXPIRE', k, inFlightMs + window)
end
return {0, 0}
`;

/**
 * Settles a reservation: ARGV outcome (failed, succeeded, abandoned), now, window, reservation id, how
 * long a successful pair stays known. Keys as for ADMIT.
 */
const SETTLE = `
local outcome, now, window, id, knownMs = ARGV[1], tonumber(ARGV[2]), tonumber(ARGV[3]), ARGV[4], tonumber(ARGV[5])
for _, k in ipairs({KEYS[2], KEYS[4], KEYS[6]}) do redis.call('ZREM', k, id) end
if outcome == 'failed' then
  local last = tonumber(redis.call('HGET', KEYS[1], 'last')) or 0
  if now - last >= window then redis.call('HSET', KEYS[1], 'failures', 0) end
  redis.call('HINCRBY', KEYS[1], 'failures', 1)
  redis.call('HSET', KEYS[1], 'last', now)
  redis.call('PEXPIRE', KEYS[1], window)
  for _, k in ipairs({KEYS[3], KEYS[5]}) do
    redis.call('ZADD', k, now, id)
    redis.call('PEXPIRE', k, window)
  end
elseif outcome == 'succeeded' then
  redis.call('DEL', KEYS[1])
  redis.call('SET', KEYS[7], '1', 'PX', knownMs)
end
return 0
`;

export interface SignInKeys {
  pair: string;
  address: string;
  account: string;
}

function signInKeys({ pair, address, account }: SignInKeys): string[] {
  const p = `${LIMITS_PREFIX}signin:`;
  const pairKey = encodeURIComponent(pair);
  const addressKey = encodeURIComponent(address);
  const accountKey = encodeURIComponent(account);
  return [
    `${p}pair:${pairKey}`,
    `${p}pair-pending:${pairKey}`,
    `${p}address:${addressKey}`,
    `${p}address-pending:${addressKey}`,
    `${p}account:${accountKey}`,
    `${p}account-pending:${accountKey}`,
    `${p}known:${pairKey}`,
  ];
}

export interface SharedSignInSettings {
  windowMs: number;
  perAddress: number;
  perAccount: number;
  freeFailures: number;
  firstDelayMs: number;
  maxDelayMs: number;
  knownMs: number;
  inFlightMs: number;
}

export async function admitShared(
  redis: ScriptRunner,
  keys: SignInKeys,
  id: string,
  now: number,
  s: SharedSignInSettings,
): Promise<{ waitMs: number; onlyInFlight: boolean }> {
  const args = [now, s.windowMs, s.perAddress, s.perAccount, s.freeFailures, s.firstDelayMs, s.maxDelayMs, id, s.inFlightMs].map(String);
  const [waitMs, onlyInFlight] = (await redis.eval(ADMIT, { keys: signInKeys(keys), arguments: args })) as [number, number];
  return { waitMs: Number(waitMs), onlyInFlight: Number(onlyInFlight) === 1 };
}

export async function settleShared(
  redis: ScriptRunner,
  keys: SignInKeys,
  id: string,
  outcome: 'failed' | 'succeeded' | 'abandoned',
  now: number,
  s: SharedSignInSettings,
): Promise<void> {
  await redis.eval(SETTLE, { keys: signInKeys(keys), arguments: [outcome, String(now), String(s.windowMs), id, String(s.knownMs)] });
}

/**
 * A person's invisible-content budgets for one document and day (DOC_LIMITS, see
 * realtime/yjs/daily-budgets.ts): a hash of what was spent, added to only when both stay within their
 * limits. ARGV: new writers, tombstones, their two limits, how long the day's hash is kept (ms).
 * Answers 1 when spent, 0 when it would pass a budget (nothing added).
 */
const SPEND_DAILY = `
local writers = tonumber(redis.call('HGET', KEYS[1], 'newWriters')) or 0
local tombstones = tonumber(redis.call('HGET', KEYS[1], 'tombstones')) or 0
local w, t = tonumber(ARGV[1]), tonumber(ARGV[2])
if writers + w > tonumber(ARGV[3]) or tombstones + t > tonumber(ARGV[4]) then return 0 end
redis.call('HINCRBY', KEYS[1], 'newWriters', w)
redis.call('HINCRBY', KEYS[1], 'tombstones', t)
redis.call('PEXPIRE', KEYS[1], tonumber(ARGV[5]))
return 1
`;

export interface DailySpending {
  day: string;
  docName: string;
  personId: number;
  cost: { newWriters: number; tombstones: number };
  limits: { newWriters: number; tombstones: number };
  keptMs: number;
}

export async function spendSharedDaily(redis: ScriptRunner, s: DailySpending): Promise<boolean> {
  const key = `${LIMITS_PREFIX}doc-day:${s.day}:${encodeURIComponent(s.docName)}:${s.personId}`;
  const args = [s.cost.newWriters, s.cost.tombstones, s.limits.newWriters, s.limits.tombstones, s.keptMs].map(String);
  return Number(await redis.eval(SPEND_DAILY, { keys: [key], arguments: args })) === 1;
}
