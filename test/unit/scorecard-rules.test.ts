import { describe, expect, it } from 'vitest';
import { compareWith, directionOfTravel, exceptionReasons, indicatorRag, travel, type IndicatorRule } from '../../shared/domain/scorecard.js';
import { isIndicatorPeriod, isNextPeriod, periodLabel, periodOfDate, shiftPeriod, type Frequency } from '../../shared/domain/indicator-periods.js';

const BB: IndicatorRule = { polarity: 'bigger_is_better', target: 75, tolerance: 5, maintainedWithin: 1 };
const SB: IndicatorRule = { polarity: 'smaller_is_better', target: 15, tolerance: 3, maintainedWithin: 0.5 };
const NEITHER: IndicatorRule = { polarity: 'neither', target: 100, tolerance: 10, maintainedWithin: 2 };

describe('RAG against target and tolerance', () => {
  const table: [string, IndicatorRule, number, ReturnType<typeof indicatorRag>][] = [
    ['BB above target', BB, 80, 'green'],
    ['BB on target', BB, 75, 'green'],
    ['BB just below target', BB, 74.9, 'amber'],
    ['BB at the edge of the band', BB, 70, 'amber'],
    ['BB beyond the band', BB, 69.9, 'red'],
    ['SB below target', SB, 10, 'green'],
    ['SB on target', SB, 15, 'green'],
    ['SB within the band', SB, 18, 'amber'],
    ['SB beyond the band', SB, 18.01, 'red'],
    ['no band: just short is red', { ...BB, tolerance: 0 }, 74.99, 'red'],
    ['no target: no RAG', { ...BB, target: null }, 10, null],
    ['neither polarity: no RAG', NEITHER, 500, null],
    ['negative values (a change measure)', { polarity: 'bigger_is_better', target: 0, tolerance: 2, maintainedWithin: 0 }, -1.5, 'amber'],
  ];
  it.each(table)('%s', (_what, rule, value, rag) => expect(indicatorRag(rule, value)).toBe(rag));
});

describe('direction of travel', () => {
  const table: [string, IndicatorRule, number, number, ReturnType<typeof travel>][] = [
    ['BB up', BB, 60, 65, 'improved'],
    ['BB down', BB, 65, 60, 'deteriorated'],
    ['BB up within the maintained band', BB, 60, 61, 'maintained'],
    ['BB down within the band', BB, 61, 60, 'maintained'],
    ['SB down', SB, 20, 18, 'improved'],
    ['SB up', SB, 18, 20, 'deteriorated'],
    ['SB within the band', SB, 18, 18.5, 'maintained'],
    ['neither up', NEITHER, 100, 110, 'increased'],
    ['neither down', NEITHER, 110, 100, 'decreased'],
    ['neither within', NEITHER, 100, 101, 'maintained'],
  ];
  it.each(table)('%s', (_what, rule, before, now, expected) => expect(travel(rule, before, now)).toBe(expected));

  it('is read from the latest value and the period just before it; a gap or a lone value is no trend', () => {
    expect(directionOfTravel(BB, 'monthly', [{ period: '2026-10', value: 60 }, { period: '2026-11', value: 70 }])).toBe('improved');
    // Given in any order.
    expect(directionOfTravel(BB, 'monthly', [{ period: '2026-11', value: 70 }, { period: '2026-09', value: 90 }, { period: '2026-10', value: 80 }])).toBe('deteriorated');
    expect(directionOfTravel(BB, 'monthly', [{ period: '2026-09', value: 60 }, { period: '2026-11', value: 70 }])).toBeNull();
    expect(directionOfTravel(BB, 'monthly', [{ period: '2026-11', value: 70 }])).toBeNull();
    expect(directionOfTravel(BB, 'monthly', [])).toBeNull();
    expect(directionOfTravel(SB, 'quarterly', [{ period: '2025-Q4', value: 20 }, { period: '2026-Q1', value: 17 }])).toBe('improved');
    expect(directionOfTravel(SB, 'termly', [{ period: '2025-T3', value: 17 }, { period: '2026-T1', value: 20 }])).toBe('deteriorated');
    expect(directionOfTravel(BB, 'annual', [{ period: '2024', value: 70 }, { period: '2026', value: 80 }])).toBeNull();
  });
});

describe('comparison with a comparator', () => {
  const table: [string, IndicatorRule, number, number, ReturnType<typeof compareWith>][] = [
    ['BB above England', BB, 80, 75.5, 'better'],
    ['BB below England', BB, 46, 75.5, 'worse'],
    ['BB close to England', BB, 75, 75.5, 'similar'],
    ['SB below England', SB, 13.8, 24.9, 'better'],
    ['SB above England', SB, 30, 24.9, 'worse'],
    ['neither above', NEITHER, 988.7, 520.7, 'higher'],
    ['neither below', NEITHER, 202.4, 332.2, 'lower'],
    ['neither close', NEITHER, 100, 101.5, 'similar'],
  ];
  it.each(table)('%s', (_what, rule, value, comparator, expected) => expect(compareWith(rule, value, comparator)).toBe(expected));
});

describe('exceptions', () => {
  const series = (frequency: Frequency, start: string, values: number[]) => values.map((value, i) => ({ period: shiftPeriod(frequency, start, i), value }));
  const table: [string, Parameters<typeof exceptionReasons>[0], ReturnType<typeof exceptionReasons>][] = [
    ['green and steady', { rule: BB, frequency: 'monthly', series: series('monthly', '2026-09', [80, 80, 80]), england: 75 }, []],
    ['red', { rule: BB, frequency: 'monthly', series: series('monthly', '2026-09', [50]), england: null }, ['red']],
    ['deteriorated twice, still green', { rule: BB, frequency: 'monthly', series: series('monthly', '2026-09', [95, 90, 85]), england: null }, ['deteriorated_twice']],
    ['deteriorated once then maintained', { rule: BB, frequency: 'monthly', series: series('monthly', '2026-09', [95, 90, 89.5]), england: null }, []],
    ['deteriorated twice with a gap between', { rule: BB, frequency: 'monthly', series: [{ period: '2026-07', value: 95 }, { period: '2026-09', value: 90 }, { period: '2026-10', value: 85 }], england: null }, []],
    ['SB rising twice', { rule: SB, frequency: 'quarterly', series: series('quarterly', '2026-Q1', [10, 12, 14]), england: null }, ['deteriorated_twice']],
    ['worse than England beyond the tolerance', { rule: BB, frequency: 'monthly', series: series('monthly', '2026-09', [76]), england: 82 }, ['worse_than_england']],
    ['worse than England within the tolerance', { rule: BB, frequency: 'monthly', series: series('monthly', '2026-09', [76]), england: 80 }, []],
    ['SB worse than England', { rule: SB, frequency: 'annual', series: series('annual', '2024', [14, 14.4, 14.8]), england: 11 }, ['worse_than_england']],
    ['all three', { rule: BB, frequency: 'monthly', series: series('monthly', '2026-09', [75, 64.9, 46]), england: 75.5 }, ['red', 'deteriorated_twice', 'worse_than_england']],
    ['neither polarity is never an exception', { rule: NEITHER, frequency: 'monthly', series: series('monthly', '2026-09', [300, 200, 100]), england: 500 }, []],
    ['no values', { rule: BB, frequency: 'monthly', series: [], england: 75 }, []],
  ];
  it.each(table)('%s', (_what, facts, reasons) => expect(exceptionReasons(facts)).toEqual(reasons));
});

describe('periods by frequency', () => {
  const valid: [Frequency, string, boolean][] = [
    ['monthly', '2026-11', true],
    ['monthly', '2026-13', false],
    ['monthly', '2026-1', false],
    ['quarterly', '2026-Q4', true],
    ['quarterly', '2026-Q5', false],
    ['termly', '2026-T3', true],
    ['termly', '2026-T4', false],
    ['annual', '2026', true],
    ['annual', '26', false],
    ['annual', '1066', false],
    ['monthly', '2026-11\n', false],
  ];
  it.each(valid)('%s %j valid: %s', (f, p, ok) => expect(isIndicatorPeriod(f, p)).toBe(ok));

  it('steps across years, and knows the next period', () => {
    expect(shiftPeriod('monthly', '2026-12', 1)).toBe('2027-01');
    expect(shiftPeriod('monthly', '2026-01', -1)).toBe('2025-12');
    expect(shiftPeriod('quarterly', '2026-Q4', 1)).toBe('2027-Q1');
    expect(shiftPeriod('termly', '2026-T3', 1)).toBe('2027-T1');
    expect(shiftPeriod('annual', '2026', -3)).toBe('2023');
    expect(isNextPeriod('monthly', '2026-12', '2027-01')).toBe(true);
    expect(isNextPeriod('monthly', '2026-11', '2027-01')).toBe(false);
  });

  it('finds the period of a date, and says it in words', () => {
    expect(periodOfDate('quarterly', '2026-11-30')).toBe('2026-Q4');
    expect(periodOfDate('termly', '2026-11-30')).toBe('2026-T1');
    expect(periodOfDate('termly', '2027-02-01')).toBe('2026-T2');
    expect(periodOfDate('termly', '2027-07-01')).toBe('2026-T3');
    expect(periodLabel('monthly', '2013-11')).toBe('Nov 2013');
    expect(periodLabel('quarterly', '2013-Q3')).toBe('Q3 2013');
    expect(periodLabel('termly', '2013-T2')).toBe('Spring term 2013/14');
    expect(periodLabel('annual', '2013')).toBe('2013');
  });
});
