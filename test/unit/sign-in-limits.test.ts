import { describe, expect, it } from 'vitest';
import { trustProxyFrom } from '../../server/config.js';
import { GrowingDelay } from '../../server/core/rate-limit.js';
import { addressKey } from '../../server/features/auth/sign-in-limits.js';
import { signInDelayMs } from '../../shared/domain/sign-in.js';
import { LIMITS } from '../../shared/limits.js';
import { TestClock } from '../helpers/clock.js';

describe('the sign-in delay schedule', () => {
  it.each([
    [0, 0],
    [1, 0],
    [4, 0],
    [5, 1_000],
    [6, 2_000],
    [7, 4_000],
    [8, 8_000],
    [9, 16_000],
    [10, 32_000],
    [11, 60_000],
    [12, 60_000],
    [1_000, 60_000],
    [Number.NaN, 0],
  ])('after %d failures in a row waits %d ms', (failures, ms) => {
    expect(signInDelayMs(failures)).toBe(ms);
  });

  it('is free for exactly the configured number of failures and never passes the cap', () => {
    expect(signInDelayMs(LIMITS.loginFreeFailures - 1)).toBe(0);
    expect(signInDelayMs(LIMITS.loginFreeFailures)).toBe(LIMITS.loginDelayFirstMs);
    for (let n = 0; n < 2_000; n++) expect(signInDelayMs(n)).toBeLessThanOrEqual(LIMITS.loginDelayMaxMs);
  });
});

describe('GrowingDelay', () => {
  it('counts attempts in flight, so a burst is held to the free ones', () => {
    const clock = new TestClock(0);
    const delay = new GrowingDelay(signInDelayMs, LIMITS.loginWindowMs, clock.now);
    const held = [];
    while (delay.retryAfterMs('k') === 0) held.push(delay.reserve('k'));
    expect(held).toHaveLength(LIMITS.loginFreeFailures);
    for (const r of held) r.fail();
    expect(delay.retryAfterMs('k')).toBe(1_000);
    clock.advance(1_000);
    expect(delay.retryAfterMs('k')).toBe(0);
    // A refunded reservation leaves the count as it was; settling twice changes nothing.
    const r = delay.reserve('k');
    r.refund();
    r.fail();
    expect(delay.retryAfterMs('k')).toBe(0);
    delay.reserve('k').fail();
    expect(delay.retryAfterMs('k')).toBe(2_000);
    delay.reset('k');
    expect(delay.retryAfterMs('k')).toBe(0);
  });

  it('forgets a key after a window without failures', () => {
    const clock = new TestClock(0);
    const delay = new GrowingDelay(signInDelayMs, LIMITS.loginWindowMs, clock.now);
    for (let i = 0; i < 8; i++) delay.reserve('k').fail();
    expect(delay.retryAfterMs('k')).toBe(8_000);
    clock.advance(LIMITS.loginWindowMs);
    expect(delay.retryAfterMs('k')).toBe(0);
    for (let i = 0; i < LIMITS.loginFreeFailures - 1; i++) delay.reserve('k').fail();
    expect(delay.retryAfterMs('k')).toBe(0);
  });
});

describe('addressKey', () => {
  it.each([
    ['127.0.0.1', '127.0.0.1'],
    ['::ffff:127.0.0.1', '127.0.0.1'],
    ['::1', '0:0:0:0::/64'],
    ['2001:db8:1:2:aaaa:bbbb:cccc:dddd', '2001:db8:1:2::/64'],
    ['2001:db8:1:2::9', '2001:db8:1:2::/64'],
    ['2001:0DB8:0001:0002::1', '2001:db8:1:2::/64'],
    ['2001:db8::1', '2001:db8:0:0::/64'],
    ['fe80::1%eth0', 'fe80:0:0:0::/64'],
    ['64:ff9b::192.0.2.1', '64:ff9b:0:0::/64'],
    ['unknown', 'unknown'],
  ])('budgets %s as %s', (ip, key) => {
    expect(addressKey(ip)).toBe(key);
  });
});

describe('TRUST_PROXY', () => {
  it.each([
    [undefined, false],
    ['', false],
    ['false', false],
    ['0', 0],
    ['1', 1],
    ['loopback', 'loopback'],
    ['10.0.0.5, 10.0.0.6', '10.0.0.5, 10.0.0.6'],
  ])('reads %j as %j', (value, expected) => {
    expect(trustProxyFrom(value)).toBe(expected);
  });

  it('refuses "true", which would believe any client', () => {
    expect(() => trustProxyFrom('true')).toThrow(/TRUST_PROXY/);
  });
});
