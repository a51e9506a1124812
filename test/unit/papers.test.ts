import { describe, expect, it } from 'vitest';
import { isPaperLate, paperState } from '../../shared/domain/papers.js';

const at = (iso: string) => Date.parse(iso);

describe('a paper against the papers deadline (the end of that day in London)', () => {
  it.each([
    ['in at 23:30 on the deadline day in summer (22:30 UTC: still that day in London)', '2026-07-10', '2026-07-10T22:30:00.000Z', '2026-07-20T09:00:00.000Z', 'received'],
    ['in at 00:30 the day after in summer (23:30 UTC on the deadline day)', '2026-07-10', '2026-07-10T23:30:00.000Z', '2026-07-20T09:00:00.000Z', 'received_late'],
    ['in the day before', '2026-12-09', '2026-12-08T16:00:00.000Z', '2026-12-20T09:00:00.000Z', 'received'],
    ['in on the day', '2026-12-09', '2026-12-09T23:30:00.000Z', '2026-12-20T09:00:00.000Z', 'received'],
    ['in the day after', '2026-12-09', '2026-12-10T08:00:00.000Z', '2026-12-20T09:00:00.000Z', 'received_late'],
    ['not in, deadline today', '2026-12-09', null, '2026-12-09T23:00:00.000Z', 'expected'],
    ['not in, deadline passed', '2026-12-09', null, '2026-12-10T00:01:00.000Z', 'overdue'],
  ])('%s', (_what, deadline, receivedAt, now, state) => {
    expect(paperState(deadline, receivedAt, at(now))).toBe(state);
    expect(isPaperLate(deadline, receivedAt, at(now))).toBe(state === 'received_late' || state === 'overdue');
  });
});
