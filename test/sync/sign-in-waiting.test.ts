import { createClient } from 'redis';
import { describe, expect, it, onTestFinished, vi } from 'vitest';
import { LIMITS } from '../../shared/limits.js';
import { namespacedScripts, type ScriptRunner } from '../../server/core/shared-counters.js';
import { SignInLimiter, type SignInAttempt } from '../../server/features/auth/sign-in-limits.js';
import { startTestRedis } from '../helpers/redis.js';

/*
 * With Redis, an attempt held back only by attempts still in flight waits and looks again every 50 ms
 * (it may be another process's attempt it waits on). Each look must leave no trace: a few attempts
 * waiting a few seconds once filled the waiting room (LIMITS.loginWaitingMax) for every account.
 */
describe('sign-in attempts waiting on attempts in flight, with Redis', () => {
  it('a room of people waiting a while still leaves room for the next, and all go ahead once the first succeeds', { timeout: 30_000 }, async () => {
    const redis = await startTestRedis();
    const client = createClient({ url: redis.url });
    await client.connect();
    onTestFinished(() => void client.close());
    let looks = 0;
    const counting: ScriptRunner = { eval: (script, options) => (looks++, client.eval(script, options)) };
    const limiter = new SignInLimiter(Date.now, namespacedScripts(counting, 'waiting-test'));
    const email = 'chair@demo.test';
    const ip = '203.0.113.9';

    // The free failures used up but one; the last free try is in flight.
    for (let i = 1; i < LIMITS.loginFreeFailures; i++) await (await limiter.admit(email, ip)).failed();
    const inFlight = await limiter.admit(email, ip);
    // A room of twenty sign-ins wait on it, looking again and again.
    const waiting = 20;
    // Each admitted is the person signing in: it succeeds at once, so the others need not wait on it.
    let admitted = 0;
    let refused = 0;
    const signIn = () => limiter.admit(email, ip).then((a: SignInAttempt) => (admitted++, a.succeeded()), (err: unknown) => (refused++, err));
    const outcomes = Array.from({ length: waiting }, signIn);
    const before = looks;
    // Long enough that twenty attempts' looks would pass the waiting room's size, were each to stay counted.
    await vi.waitFor(() => expect(looks - before > LIMITS.loginWaitingMax + waiting || refused > 0).toBe(true), { timeout: 20_000, interval: 20 });
    expect([admitted, refused]).toEqual([0, 0]);
    const next = signIn();
    // The first was the person's own: every waiting attempt now goes ahead (none refused as "too many waiting").
    await inFlight.succeeded();
    expect((await Promise.all([...outcomes, next])).filter((refusal) => refusal !== undefined)).toEqual([]);
    expect(admitted).toBe(waiting + 1);
  });
});
