import { describe, expect, it } from 'vitest';
import { type EscalationOffer, escalationRefusal, mayOfferEscalation, shouldNotifyAboveTolerance, toleranceChange, toleranceDedupeKey, toleranceFlag } from '../../shared/domain/tolerance.js';

const r = (score: number | null, tolerance: number | null) => ({ score, tolerance });

describe('tolerance crossings', () => {
  const table: [string, ReturnType<typeof r>, ReturnType<typeof r>, 'rose_above' | 'returned_within' | 'none', boolean][] = [
    ['rises above', r(8, 9), r(12, 9), 'rose_above', true],
    ['stays above (each keystroke)', r(12, 9), r(16, 9), 'none', false],
    ['returns within', r(12, 9), r(9, 9), 'returned_within', false],
    ['equal to tolerance is within', r(6, 9), r(9, 9), 'none', false],
    ['tolerance lowered below the score', r(12, 12), r(12, 8), 'rose_above', true],
    ['tolerance removed', r(12, 8), r(12, null), 'returned_within', false],
    ['unscored', r(null, 8), r(null, 8), 'none', false],
    ['scored above at once', r(null, 8), r(12, 8), 'rose_above', true],
  ];
  it.each(table)('%s', (_name, before, after, change, notify) => {
    expect(toleranceChange(before, after)).toBe(change);
    expect(shouldNotifyAboveTolerance(before, after)).toBe(notify);
  });

  const flags: [string | null, ReturnType<typeof r>, string | null][] = [
    [null, r(12, 9), 'NOW'],
    ['EARLIER', r(16, 9), 'EARLIER'],
    ['EARLIER', r(9, 9), null],
    [null, r(4, 9), null],
  ];
  it.each(flags)('flag %s with %j → %s', (since, after, expected) => {
    expect(toleranceFlag(since, after, 'NOW')).toBe(expected);
  });

  it('dedupes per crossing', () => {
    expect(toleranceDedupeKey(3, 'a')).not.toBe(toleranceDedupeKey(3, 'b'));
  });
});

describe('escalation offer', () => {
  const base: EscalationOffer = { status: 'open', aboveTolerance: true, escalatedToBoardId: null, parentBoardId: 1, chairOrAdmin: true };
  const table: [string, Partial<EscalationOffer>, boolean, boolean][] = [
    ['chair, above tolerance, has parent', {}, true, true],
    ['within tolerance: not offered, still possible', { aboveTolerance: false }, false, true],
    ['not the chair', { chairOrAdmin: false }, false, false],
    ['no parent board', { parentBoardId: null }, false, false],
    ['already escalated', { escalatedToBoardId: 1 }, false, false],
    ['closed', { status: 'closed' }, false, false],
  ];
  it.each(table)('%s', (_name, change, offer, possible) => {
    const o = { ...base, ...change };
    expect(mayOfferEscalation(o)).toBe(offer);
    expect(escalationRefusal(o) === null).toBe(possible);
  });
});
