import { describe, expect, it } from 'vitest';
import { NPSA_MATRIX, addDays, bandOf, isAboveTolerance, isOverdue, riskReference, scoreOf, todayIn, trendOf, type RiskMatrix } from '../../shared/domain/scoring.js';

describe('scores and bands on the NPSA 5×5 matrix', () => {
  const table: [number, number, number, string][] = [
    [1, 1, 1, 'Low'],
    [1, 3, 3, 'Low'],
    [2, 2, 4, 'Moderate'],
    [2, 3, 6, 'Moderate'],
    [2, 4, 8, 'High'],
    [3, 4, 12, 'High'],
    [3, 5, 15, 'Extreme'],
    [4, 4, 16, 'Extreme'],
    [5, 5, 25, 'Extreme'],
  ];
  it.each(table)('likelihood %i × impact %i = %i, %s', (l, i, score, band) => {
    expect(scoreOf(l, i)).toBe(score);
    expect(bandOf(score).label).toBe(band);
  });

  it('has no score when either half is missing or out of range', () => {
    expect(scoreOf(null, 3)).toBeNull();
    expect(scoreOf(3, undefined)).toBeNull();
    expect(scoreOf(6, 1)).toBeNull();
    expect(scoreOf(2.5, 2)).toBeNull();
  });

  it('follows a partnership’s own bands', () => {
    const custom: RiskMatrix = { ...NPSA_MATRIX, bands: [
      { key: 'green', label: 'Green', min: 1, max: 5, colour: '#dcfce7', textColour: '#14532d' },
      { key: 'amber', label: 'Amber', min: 6, max: 11, colour: '#fef08a', textColour: '#713f12' },
      { key: 'red', label: 'Red', min: 12, max: 25, colour: '#b91c1c', textColour: '#ffffff' },
    ] };
    expect([5, 6, 11, 12, 25].map((s) => bandOf(s, custom).label)).toEqual(['Green', 'Amber', 'Amber', 'Red', 'Red']);
  });
});

describe('trend, tolerance and overdue', () => {
  it.each([
    [12, 9, 'worsening'],
    [9, 12, 'improving'],
    [9, 9, 'unchanged'],
    [9, null, 'new'],
    [null, 9, 'new'],
  ] as const)('current %s against %s at last review is %s', (current, last, trend) => {
    expect(trendOf(current, last)).toBe(trend);
  });

  it.each([
    [16, 12, true],
    [12, 12, false],
    [8, 12, false],
    [null, 12, false],
    [25, null, false],
  ] as const)('score %s with tolerance %s must be escalated: %s', (score, tolerance, expected) => {
    expect(isAboveTolerance(score, tolerance)).toBe(expected);
  });

  it.each([
    ['2026-11-22', '2026-11-23', false, true],
    ['2026-11-23', '2026-11-23', false, false],
    ['2026-11-24', '2026-11-23', false, false],
    ['2026-11-01', '2026-11-23', true, false],
    [null, '2026-11-23', false, false],
  ] as const)('due %s, today %s, done %s → overdue %s', (due, today, done, expected) => {
    expect(isOverdue(due, today, done)).toBe(expected);
  });

  it('counts days across month ends and takes "today" in London', () => {
    expect(addDays('2026-11-23', 10)).toBe('2026-12-03');
    expect(addDays('2026-03-01', -1)).toBe('2026-02-28');
    // 23:30 UTC on 30 June is already 1 July in London (BST).
    expect(todayIn(Date.parse('2026-06-30T23:30:00Z'))).toBe('2026-07-01');
    expect(todayIn(Date.parse('2026-12-31T23:30:00Z'))).toBe('2026-12-31');
  });

  it('formats references', () => {
    expect([1, 42, 1234].map(riskReference)).toEqual(['R-001', 'R-042', 'R-1234']);
  });
});
