import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { decodeFrame, syncStep1, updateMessage } from '../../server/realtime/yjs/protocol.js';
import { FailureLimiter } from '../../server/core/rate-limit.js';
import { docName, isFinalClose, parseDocName, YJS_CLOSE } from '../../shared/protocol/yjs.js';
import { TestClock } from '../helpers/clock.js';

describe('document names', () => {
  it.each([
    ['risk:12', { kind: 'risk', id: 12, part: null }],
    ['meeting:3', { kind: 'meeting', id: 3, part: null }],
    ['challenge:7:response', { kind: 'challenge', id: 7, part: 'response' }],
    ['risk:0', null],
    ['risk:-1', null],
    ['risk:12345678901', null],
    ['board:1', null],
    ['risk:1:../../etc', null],
    ['', null],
  ])('%s parses to %o', (name, expected) => {
    expect(parseDocName(name)).toEqual(expected);
    if (expected) expect(docName(expected.kind as 'risk', expected.id, expected.part ?? undefined)).toBe(name);
  });
});

describe('close codes follow the provider’s convention', () => {
  it('marks refusals final and transient troubles retryable', () => {
    expect([YJS_CLOSE.MALFORMED, YJS_CLOSE.UNAUTHENTICATED, YJS_CLOSE.FORBIDDEN].every(isFinalClose)).toBe(true);
    expect([YJS_CLOSE.STORAGE_FAILED, YJS_CLOSE.ACCESS_CHANGED, YJS_CLOSE.RATE_LIMITED, YJS_CLOSE.SHUTTING_DOWN, YJS_CLOSE.TOO_LARGE].some(isFinalClose)).toBe(false);
  });
});

describe('decoding client frames', () => {
  const doc = new Y.Doc();
  doc.getText('t').insert(0, 'x');

  it('reads the messages a provider sends', () => {
    expect(decodeFrame(syncStep1(doc)).type).toBe('syncStep1');
    expect(decodeFrame(updateMessage(Y.encodeStateAsUpdate(doc))).type).toBe('update');
    expect(decodeFrame(new Uint8Array([3])).type).toBe('queryAwareness');
  });

  it.each([
    ['an unknown message type', [9]],
    ['an unknown sync type', [0, 7, 0]],
    ['a truncated payload', [0, 2, 40, 1, 2]],
    ['trailing bytes', [3, 1]],
    ['an empty frame', []],
    ['an empty update', [0, 2, 0]],
  ])('refuses %s', (_what, bytes) => {
    expect(() => decodeFrame(new Uint8Array(bytes))).toThrow();
  });
});

describe('FailureLimiter', () => {
  it('allows max failures in the window, then asks to wait until the oldest ages out', () => {
    const clock = new TestClock(0);
    const limiter = new FailureLimiter(3, 1000, clock.now);
    const waits: number[] = [];
    for (let i = 0; i < 3; i++) {
      waits.push(limiter.retryAfterMs('k'));
      limiter.fail('k');
      clock.advance(100);
    }
    waits.push(limiter.retryAfterMs('k'));
    expect(waits).toEqual([0, 0, 0, 700]);
    expect(limiter.retryAfterMs('other')).toBe(0);
    clock.advance(700);
    expect(limiter.retryAfterMs('k')).toBe(0);
    limiter.fail('k');
    limiter.reset('k');
    expect(limiter.retryAfterMs('k')).toBe(0);
  });
});

describe('jittered reconnect delays', () => {
  it.each([
    [0, 0, 0],
    [0, 0.999, 249],
    [1, 0.5, 250],
    [3, 0.5, 1000],
    [10, 0.999, 9990],
    [50, 0.5, 5000],
  ])('attempt %i with random %f waits %i ms', async (attempt, r, expected) => {
    const { reconnectDelay } = await import('../../shared/sync/reconnect.js');
    expect(reconnectDelay(attempt, () => r)).toBe(expected);
  });

  it('spreads a crowd of clients across the window', async () => {
    const { reconnectDelay } = await import('../../shared/sync/reconnect.js');
    const delays = Array.from({ length: 200 }, () => reconnectDelay(2));
    expect(new Set(delays).size).toBeGreaterThan(100);
    expect(Math.max(...delays)).toBeLessThan(1000);
  });
});
