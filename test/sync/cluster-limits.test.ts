import { describe, expect, it } from 'vitest';
import { LIMITS, SOCKET_LIMITS } from '../../shared/limits.js';
import { startTwoProcesses } from '../helpers/cluster.js';
import { ApiClient, DEMO, errorCode } from '../helpers/http.js';

/*
 * Issue 17: the limits two processes must hold between them. Both tests fail with
 * CLUSTER_WITHOUT_REDIS=1 (each process would then count alone, and allow its own full budget).
 */

// Two server processes start for each test (each compiles the server with tsx): slow on a loaded machine.
describe('limits shared by two server processes', { timeout: 90_000 }, () => {
  it('parallel wrong passwords split across A and B are counted as one: only the free failures reach the password check', async () => {
    const { a, b } = await startTwoProcesses();
    const tries = 2 * (LIMITS.loginFreeFailures + 1);
    // Every attempt sent at once, half to each process, from one address for one account.
    const answers = await Promise.all(
      Array.from({ length: tries }, (_, i) => new ApiClient(i % 2 === 0 ? a.url : b.url).post('/api/auth/login', { email: DEMO.chair, password: 'not the password' })),
    );
    const codes = answers.map(errorCode);
    // Alone, each process would let its own loginFreeFailures through to the check: twice as many.
    expect(codes.filter((c) => c === 'INVALID_CREDENTIALS')).toHaveLength(LIMITS.loginFreeFailures);
    expect(codes.filter((c) => c === 'RATE_LIMITED')).toHaveLength(tries - LIMITS.loginFreeFailures);
    // And the delay that follows holds at both: even the right password waits.
    for (const url of [a.url, b.url]) {
      const res = await new ApiClient(url).post('/api/auth/login', { email: DEMO.chair, password: 'demo' });
      expect(errorCode(res)).toBe('RATE_LIMITED');
    }
  }, 90_000);

  it("one account's command budget is drawn on by its requests at A and at B together", async () => {
    const { a, b } = await startTwoProcesses();
    const onA = await new ApiClient(a.url).login(DEMO.police);
    // The same session at B, as a load balancer would send the same browser there.
    const onB = new ApiClient(b.url).adopt(onA.sessionCookie!);
    const perProcess = SOCKET_LIMITS.commandBurst;
    const started = performance.now();
    // A search costs one from the budget: a full burst's worth at each process.
    const answers = await Promise.all(Array.from({ length: 2 * perProcess }, (_, i) => (i % 2 === 0 ? onA : onB).get('/api/partnerships/1/search?q=mash')));
    const seconds = (performance.now() - started) / 1000;
    const served = answers.filter((r) => r.status === 200).length;
    const refused = answers.filter((r) => errorCode(r) === 'RATE_LIMITED').length;
    expect(served + refused).toBe(2 * perProcess);
    // One burst, and what refilled while they ran, at most; alone, each process would serve its own burst.
    expect(served).toBeLessThanOrEqual(perProcess + Math.ceil(seconds * SOCKET_LIMITS.commandsPerSecond) + 1);
    expect(refused).toBeGreaterThan(0);

    // Password-reset links asked for from one address, half at each process: one burst between them.
    const resets = await Promise.all(Array.from({ length: 2 * LIMITS.passwordResetBurst }, (_, i) => new ApiClient(i % 2 === 0 ? a.url : b.url).post('/api/auth/forgotten-password', { email: DEMO.observer })));
    expect(resets.filter((r) => errorCode(r) === 'RATE_LIMITED')).toHaveLength(LIMITS.passwordResetBurst);
  }, 90_000);
});
