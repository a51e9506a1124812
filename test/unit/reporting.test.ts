import { describe, expect, it } from 'vitest';
import { canReadHighlightReport, highlightDueBy } from '../../shared/domain/reporting.js';

const actor = (roles: [number, string][], admin = false, partnershipId = 1) => ({ isPartnershipAdmin: admin, partnershipId, boardRoles: new Map(roles) });
const og = { partnershipId: 1, id: 2, parentBoardId: 1 };

describe('who reads a board’s highlight report', () => {
  it.each([
    ['a member of the board', actor([[2, 'member']]), true],
    ['an observer of the board', actor([[2, 'observer']]), true],
    ['a member of the board it reports to', actor([[1, 'member']]), true],
    ['an administrator', actor([], true), true],
    ['someone of another board only', actor([[3, 'chair']]), false],
    ['an administrator of another partnership', actor([], true, 2), false],
  ])('%s', (_who, a, may) => expect(canReadHighlightReport(a, og)).toBe(may));
});

describe('when a month’s highlight report is due', () => {
  it.each([
    ['the papers deadline of the receiving board’s first meeting after the month', '2026-11', [{ date: '2026-11-20', papersDeadline: '2026-11-13' }, { date: '2026-12-18', papersDeadline: '2026-12-11' }, { date: '2027-01-15', papersDeadline: '2027-01-08' }], '2026-12-11'],
    ['none scheduled after the month', '2026-12', [{ date: '2026-12-18', papersDeadline: '2026-12-11' }], null],
    ['meetings given in any order', '2026-10', [{ date: '2027-01-15', papersDeadline: '2027-01-08' }, { date: '2026-11-20', papersDeadline: '2026-11-13' }], '2026-11-13'],
  ])('%s', (_what, month, meetings, due) => expect(highlightDueBy(month, meetings)).toBe(due));
});
