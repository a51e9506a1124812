import { describe, expect, it } from 'vitest';
import { addPeriods, direction, isActionOverdue, isPeriod, lastPeriods, mayDecideFor, needsRationale, periodLabel, periodOf, rollUp, suggestRag, type RagActionFact, type RagRiskFact } from '../../shared/domain/plan-rag.js';
import type { Rag } from '../../shared/schemas/plan.js';

const TODAY = '2026-11-23';
const past = '2026-11-01';
const future = '2026-12-31';
const act = (status: RagActionFact['status'], dueDate: string | null = future): RagActionFact => ({ status, dueDate });
const risk = (reference: string, aboveTolerance: boolean, status: RagRiskFact['status'] = 'open'): RagRiskFact => ({ reference, aboveTolerance, status });

describe('suggestRag: the suggestion from evidence, with its reasons', () => {
  const cases: [what: string, actions: RagActionFact[], risks: RagRiskFact[], indicators: number, rag: Rag, reasons: string[]][] = [
    ['no actions and no evidence', [], [], 0, 'amber', ['no actions yet']],
    ['every action on track', [act('on_track'), act('not_started')], [], 0, 'green', ['2 actions on track or completed, none overdue']],
    ['every action completed, one late', [act('completed', past), act('completed')], [], 0, 'green', ['all 2 actions completed']],
    ['a linked risk within tolerance weighs nothing', [act('on_track')], [risk('R-003', false)], 0, 'green', ['1 action on track or completed, none overdue']],
    ['a linked risk above tolerance', [act('on_track')], [risk('R-005', true)], 0, 'red', ['risk R-005 above tolerance']],
    ['a closed risk above tolerance weighs nothing', [act('on_track')], [risk('R-005', true, 'closed')], 0, 'green', ['1 action on track or completed, none overdue']],
    ['a risk above tolerance with no actions', [], [risk('R-002', true)], 0, 'red', ['risk R-002 above tolerance', 'no actions yet']],
    ['an action off track', [act('off_track'), act('on_track'), act('on_track')], [], 0, 'red', ['1 of 3 actions off track']],
    ['an action at risk', [act('at_risk'), act('on_track')], [], 0, 'amber', ['1 of 2 actions at risk']],
    ['a third overdue is amber', [act('on_track', past), act('on_track'), act('on_track')], [], 0, 'amber', ['1 of 3 actions overdue']],
    ['more than a third overdue is red', [act('on_track', past), act('not_started', past), act('on_track'), act('on_track'), act('completed')], [], 0, 'red', ['2 of 5 actions overdue']],
    ['due today is not overdue', [act('on_track', TODAY)], [], 0, 'green', ['1 action on track or completed, none overdue']],
    ['an undated action is never overdue', [act('on_track', null)], [], 0, 'green', ['1 action on track or completed, none overdue']],
    ['one indicator out of tolerance', [act('on_track')], [], 1, 'amber', ['1 indicator out of tolerance']],
    ['two indicators out of tolerance', [act('on_track')], [], 2, 'red', ['2 indicators out of tolerance']],
    [
      'everything at once: red reasons first, then amber',
      [act('off_track', past), act('at_risk', past), act('on_track')],
      [risk('R-001', true), risk('R-009', true)],
      1,
      'red',
      ['risk R-001 above tolerance', 'risk R-009 above tolerance', '1 of 3 actions off track', '2 of 3 actions overdue', '1 of 3 actions at risk', '1 indicator out of tolerance'],
    ],
  ];
  it.each(cases)('%s', (_what, actions, risks, indicators, rag, reasons) => {
    expect(suggestRag({ today: TODAY, actions, risks, indicatorsOutOfTolerance: indicators })).toEqual({ rag, reasons });
  });

  it('indicators default to none', () => {
    expect(suggestRag({ today: TODAY, actions: [act('on_track')], risks: [] }).rag).toBe('green');
  });

  it.each([
    [act('on_track', past), true],
    [act('completed', past), false],
    [act('on_track', TODAY), false],
    [act('off_track', null), false],
  ])('isActionOverdue(%o) is %s', (a, overdue) => expect(isActionOverdue(a, TODAY)).toBe(overdue));
});

describe('direction and roll-up', () => {
  it.each([
    ['red', 'amber', 'improving'],
    ['amber', 'green', 'improving'],
    ['red', 'green', 'improving'],
    ['green', 'green', 'same'],
    ['amber', 'amber', 'same'],
    ['green', 'amber', 'worsening'],
    ['amber', 'red', 'worsening'],
    [null, 'red', null],
    ['red', null, null],
  ] as const)('%s → %s is %s', (previous, current, expected) => {
    expect(direction(previous, current)).toBe(expected);
  });

  it.each([
    [[], { red: 0, amber: 0, green: 0, none: 0 }],
    [['red', 'red', 'amber', null, 'green'], { red: 2, amber: 1, green: 1, none: 1 }],
    [[null, null], { red: 0, amber: 0, green: 0, none: 2 }],
  ] as const)('rollUp(%o)', (rags, counts) => {
    expect(rollUp(rags)).toEqual(counts);
  });
});

describe('reporting periods', () => {
  it.each([
    ['2026-11', true],
    ['2026-01', true],
    ['2026-13', false],
    ['2026-00', false],
    ['2026-1', false],
    ['2026-11-01', false],
    ['', false],
  ])('isPeriod(%s) is %s', (value, ok) => expect(isPeriod(value)).toBe(ok));

  it.each([
    ['2026-11', 1, '2026-12'],
    ['2026-12', 1, '2027-01'],
    ['2026-01', -1, '2025-12'],
    ['2026-03', -15, '2024-12'],
    ['2026-06', 0, '2026-06'],
  ])('addPeriods(%s, %i) is %s', (period, n, expected) => expect(addPeriods(period, n)).toBe(expected));

  it('the last 12 periods end with the given one, oldest first, across a year end', () => {
    expect(lastPeriods('2026-03', 12)).toEqual(['2025-04', '2025-05', '2025-06', '2025-07', '2025-08', '2025-09', '2025-10', '2025-11', '2025-12', '2026-01', '2026-02', '2026-03']);
    expect(lastPeriods('2026-03', 1)).toEqual(['2026-03']);
  });

  it('a period is the month of a date, and reads as a month', () => {
    expect(periodOf('2026-11-23')).toBe('2026-11');
    expect(periodLabel('2026-09')).toBe('September 2026');
  });

  it.each([
    ['2026-11', true],
    ['2026-10', true],
    ['2026-09', false],
    ['2026-12', false],
  ])('in November 2026 a RAG may be decided for %s: %s', (period, ok) => expect(mayDecideFor(period, '2026-11')).toBe(ok));

  it('a RAG other than the suggestion needs a rationale', () => {
    expect(needsRationale('amber', 'red')).toBe(true);
    expect(needsRationale('red', 'red')).toBe(false);
  });
});
