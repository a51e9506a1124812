import { describe, expect, it } from 'vitest';
import type { ErrorBody } from '../../shared/errors.js';
import { signInDelayMs } from '../../shared/domain/sign-in.js';
import { LIMITS } from '../../shared/limits.js';
import { TestClock } from '../helpers/clock.js';
import { ApiClient, DEMO, errorCode, type JsonResponse } from '../helpers/http.js';
import { startTestServer } from '../helpers/server.js';

/**
 * Issue 9, finding 3: the sign-in limit was checked before the password hash and counted after it, so
 * parallel guesses all reached the hash; X-Forwarded-For was believed from loopback, so each spoofed
 * address got a fresh budget; and five wrong passwords locked the real person out for 15 minutes.
 *
 * "Checked" below means the password was hashed and compared: the answer is INVALID_CREDENTIALS (or
 * 200). A refusal before the check is RATE_LIMITED. The clock is frozen unless a test moves it, so
 * nothing depends on how fast the machine is.
 */

interface Outcome {
  status: number;
  code: string | undefined;
  retryAfter: number | null;
  retryAfterSeconds: number | undefined;
}

async function signIn(url: string, email: string, password: string, from?: string): Promise<Outcome> {
  const res: JsonResponse = await new ApiClient(url).post('/api/auth/login', { email, password }, from ? { 'x-forwarded-for': from } : {});
  const header = res.headers.get('retry-after');
  return {
    status: res.status,
    code: errorCode(res),
    retryAfter: header === null ? null : Number(header),
    retryAfterSeconds: ((res.body as ErrorBody | null)?.error?.details as { retryAfterSeconds?: number } | undefined)?.retryAfterSeconds,
  };
}

function count(outcomes: Outcome[], code: string): number {
  return outcomes.filter((o) => o.code === code).length;
}

describe('parallel guesses are counted before the password is checked', () => {
  it('40 parallel wrong passwords for one account: exactly 5 are checked, the rest refused with a wait', async () => {
    const clock = new TestClock();
    const server = await startTestServer({ clock: clock.now });
    const outcomes = await Promise.all(Array.from({ length: 40 }, () => signIn(server.url, DEMO.chair, 'wrong guess')));
    expect(count(outcomes, 'INVALID_CREDENTIALS')).toBe(LIMITS.loginFreeFailures);
    expect(count(outcomes, 'RATE_LIMITED')).toBe(40 - LIMITS.loginFreeFailures);
    for (const refused of outcomes.filter((o) => o.code === 'RATE_LIMITED')) {
      expect(refused.status).toBe(429);
      expect(refused.retryAfterSeconds).toBeGreaterThanOrEqual(1);
      expect(refused.retryAfter).toBe(refused.retryAfterSeconds);
    }
    // The right password is held to the same wait at this address: it cannot be checked without hashing.
    expect((await signIn(server.url, DEMO.chair, 'demo')).code).toBe('RATE_LIMITED');
  });

  it('60 parallel failures from one address across accounts: at most 30 are checked', async () => {
    const clock = new TestClock();
    const server = await startTestServer({ clock: clock.now });
    const outcomes = await Promise.all(Array.from({ length: 60 }, (_, i) => signIn(server.url, `guess${i}@demo.test`, 'wrong guess')));
    expect(count(outcomes, 'INVALID_CREDENTIALS')).toBe(LIMITS.loginFailuresPerAddress);
    expect(count(outcomes, 'RATE_LIMITED')).toBe(60 - LIMITS.loginFailuresPerAddress);
    const refused = outcomes.find((o) => o.code === 'RATE_LIMITED')!;
    expect(refused.retryAfter).toBeGreaterThan(0);
    expect(refused.retryAfter).toBeLessThanOrEqual(LIMITS.loginWindowMs / 1000);
    // The address's budget is spent for every account; once the window passes it is back.
    expect((await signIn(server.url, DEMO.police, 'demo')).code).toBe('RATE_LIMITED');
    clock.advance(LIMITS.loginWindowMs);
    expect((await signIn(server.url, DEMO.police, 'demo')).status).toBe(200);
  });

  it('successful sign-ins are refunded: many from one address use up nothing', async () => {
    const server = await startTestServer();
    const outcomes = await Promise.all(Array.from({ length: LIMITS.loginFailuresPerAddress + 10 }, () => signIn(server.url, DEMO.health, 'demo')));
    expect(outcomes.map((o) => o.status)).toEqual(outcomes.map(() => 200));
  });
});

describe('a guesser cannot lock the real person out', () => {
  it('the person signs in from their own address while an attacker hammers the account from another', async () => {
    const clock = new TestClock();
    const server = await startTestServer({ clock: clock.now, trustProxy: 'loopback' });
    const attacker = '203.0.113.9';
    const [attack, person] = await Promise.all([
      Promise.all(Array.from({ length: 40 }, () => signIn(server.url, DEMO.chair, 'wrong guess', attacker))),
      signIn(server.url, DEMO.chair, 'demo', '198.51.100.7'),
    ]);
    expect(count(attack, 'INVALID_CREDENTIALS')).toBe(LIMITS.loginFreeFailures);
    expect(person.status).toBe(200);
    // And again after the attack, still without waiting; the attacker's address is the one slowed down.
    expect((await signIn(server.url, DEMO.chair, 'demo', '198.51.100.7')).status).toBe(200);
    expect((await signIn(server.url, DEMO.chair, 'demo', attacker)).code).toBe('RATE_LIMITED');
  });

  it('each failure past the free ones doubles the wait, up to the cap; the right password after the wait gets in', async () => {
    const clock = new TestClock();
    const server = await startTestServer({ clock: clock.now });
    for (let i = 0; i < LIMITS.loginFreeFailures; i++) expect((await signIn(server.url, DEMO.schools, 'nope')).code).toBe('INVALID_CREDENTIALS');

    const waits: number[] = [];
    for (let failures = LIMITS.loginFreeFailures; failures < LIMITS.loginFreeFailures + 8; failures++) {
      const refused = await signIn(server.url, DEMO.schools, 'nope');
      expect(refused.code).toBe('RATE_LIMITED');
      waits.push(refused.retryAfter!);
      // One millisecond early is still too early.
      clock.advance(signInDelayMs(failures) - 1);
      expect((await signIn(server.url, DEMO.schools, 'nope')).code).toBe('RATE_LIMITED');
      clock.advance(1);
      expect((await signIn(server.url, DEMO.schools, 'nope')).code).toBe('INVALID_CREDENTIALS');
    }
    expect(waits).toEqual([1, 2, 4, 8, 16, 32, 60, 60]);

    const refused = await signIn(server.url, DEMO.schools, 'demo');
    expect(refused.code).toBe('RATE_LIMITED');
    expect(refused.retryAfter).toBe(LIMITS.loginDelayMaxMs / 1000);
    clock.advance(LIMITS.loginDelayMaxMs);
    expect((await signIn(server.url, DEMO.schools, 'demo')).status).toBe(200);
    // Knowing the password ends the delay: a typo now is free again.
    expect((await signIn(server.url, DEMO.schools, 'typo')).code).toBe('INVALID_CREDENTIALS');
    expect((await signIn(server.url, DEMO.schools, 'demo')).status).toBe(200);
  });

  it('many addresses spend the account-wide budget, but not for an address the person signed in from', async () => {
    const clock = new TestClock();
    const server = await startTestServer({ clock: clock.now, trustProxy: 'loopback' });
    const office = '192.0.2.1';
    expect((await signIn(server.url, DEMO.council, 'demo', office)).status).toBe(200);

    const addresses = LIMITS.loginFailuresPerAccount / LIMITS.loginFreeFailures;
    const attack = await Promise.all(
      Array.from({ length: addresses }, (_, a) =>
        Promise.all(Array.from({ length: LIMITS.loginFreeFailures }, () => signIn(server.url, DEMO.council, 'wrong guess', `10.9.${a >> 8}.${a & 255}`))),
      ),
    );
    expect(count(attack.flat(), 'INVALID_CREDENTIALS')).toBe(LIMITS.loginFailuresPerAccount);

    // A fresh address is refused: the account has failed as often as it may in the window …
    expect((await signIn(server.url, DEMO.council, 'wrong guess', '10.200.0.1')).code).toBe('RATE_LIMITED');
    // … but the person at their usual address is not held by that budget.
    expect((await signIn(server.url, DEMO.council, 'demo', office)).status).toBe(200);
  });
});

describe('X-Forwarded-For is believed only from a configured proxy', () => {
  const spoofed = (i: number) => `198.51.100.${i + 1}`;

  it('without TRUST_PROXY a spoofed address gets no fresh budget', async () => {
    const clock = new TestClock();
    const server = await startTestServer({ clock: clock.now });
    const one = await Promise.all(Array.from({ length: 40 }, (_, i) => signIn(server.url, DEMO.chair, 'wrong guess', spoofed(i))));
    expect(count(one, 'INVALID_CREDENTIALS')).toBe(LIMITS.loginFreeFailures);
    const many = await Promise.all(Array.from({ length: 60 }, (_, i) => signIn(server.url, `guess${i}@demo.test`, 'wrong guess', spoofed(i))));
    expect(count(many, 'INVALID_CREDENTIALS')).toBe(LIMITS.loginFailuresPerAddress - LIMITS.loginFreeFailures);
  });

  it('with TRUST_PROXY the forwarded address is the one budgeted', async () => {
    const clock = new TestClock();
    const server = await startTestServer({ clock: clock.now, trustProxy: 'loopback' });
    const many = await Promise.all(Array.from({ length: 60 }, (_, i) => signIn(server.url, `guess${i}@demo.test`, 'wrong guess', spoofed(i % 2))));
    // Two forwarded addresses, two budgets.
    expect(count(many, 'INVALID_CREDENTIALS')).toBe(2 * LIMITS.loginFailuresPerAddress);
    expect((await signIn(server.url, DEMO.police, 'demo', spoofed(0))).code).toBe('RATE_LIMITED');
    expect((await signIn(server.url, DEMO.police, 'demo', spoofed(2))).status).toBe(200);
  });
});
