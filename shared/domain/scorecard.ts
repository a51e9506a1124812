import { isNextPeriod, type Frequency } from './indicator-periods.js';

/**
 * The scorecard's rules (issue 13; seed 001 Appendix 4): an indicator's RAG against its target and
 * tolerance, its direction of travel, how it compares with England and other comparators, and whether it
 * is an exception the board should hear about. Pure, so the scorecard, the indicator page, "Build
 * agenda" and the improvement plan's RAG suggestion all read the same answers.
 */

/** BB "bigger is better", SB "smaller is better", or neither (a count the board watches, with no good way). */
export const POLARITIES = ['bigger_is_better', 'smaller_is_better', 'neither'] as const;
export type Polarity = (typeof POLARITIES)[number];
export const POLARITY_LABELS: Record<Polarity, string> = { bigger_is_better: 'BB – bigger is better', smaller_is_better: 'SB – smaller is better', neither: 'Neither' };

export type IndicatorRag = 'red' | 'amber' | 'green';

/** What the rules need of an indicator's definition. */
export interface IndicatorRule {
  polarity: Polarity;
  /** The value aimed at; null when none is set (no RAG then). */
  target: number | null;
  /** The amber band's width beyond the target, in the indicator's unit; 0 makes it red or green. */
  tolerance: number;
  /** A change this small or smaller is "maintained" (noise, not a trend); also the band of "similar" to a comparator. */
  maintainedWithin: number;
}

/**
 * RAG against target and tolerance, honouring polarity. BB: at or above the target green, within the
 * tolerance below it amber, further below red. SB mirrored. An indicator of neither polarity, or with no
 * target, has no RAG (null): it is there for context.
 */
export function indicatorRag(rule: IndicatorRule, value: number): IndicatorRag | null {
  if (rule.target === null || rule.polarity === 'neither') return null;
  const shortfall = rule.polarity === 'bigger_is_better' ? rule.target - value : value - rule.target;
  if (shortfall <= 0) return 'green';
  return shortfall <= rule.tolerance ? 'amber' : 'red';
}

/** Improved / maintained / deteriorated; for an indicator of neither polarity, increased / maintained / decreased. */
export const TRAVEL = ['improved', 'maintained', 'deteriorated', 'increased', 'decreased'] as const;
export type Travel = (typeof TRAVEL)[number];
export const TRAVEL_WORDS: Record<Travel, { arrow: string; words: string }> = {
  improved: { arrow: '▲', words: 'Improved' },
  maintained: { arrow: '▶', words: 'Maintained' },
  deteriorated: { arrow: '▼', words: 'Deteriorated' },
  increased: { arrow: '▲', words: 'Increased' },
  decreased: { arrow: '▼', words: 'Decreased' },
};

/** A value of a period. */
export interface PeriodValue {
  period: string;
  value: number;
}

/** From `before` to `now`: a change within `maintainedWithin` is maintained. */
export function travel(rule: Pick<IndicatorRule, 'polarity' | 'maintainedWithin'>, before: number, now: number): Travel {
  const change = now - before;
  if (Math.abs(change) <= rule.maintainedWithin) return 'maintained';
  if (rule.polarity === 'neither') return change > 0 ? 'increased' : 'decreased';
  return (change > 0) === (rule.polarity === 'bigger_is_better') ? 'improved' : 'deteriorated';
}

/**
 * Direction of travel of the latest value against the period just before it; null when there is no
 * latest value, or the period before it has none (a gap is not a trend). `series` in any order.
 */
export function directionOfTravel(rule: IndicatorRule, frequency: Frequency, series: readonly PeriodValue[]): Travel | null {
  const sorted = [...series].sort((a, b) => a.period.localeCompare(b.period));
  const now = sorted.at(-1);
  const before = sorted.at(-2);
  if (!now || !before || !isNextPeriod(frequency, before.period, now.period)) return null;
  return travel(rule, before.value, now.value);
}

export const COMPARISONS = ['better', 'similar', 'worse', 'higher', 'lower'] as const;
export type Comparison = (typeof COMPARISONS)[number];

/** The value against a comparator's (England's, say) for the same period: similar within `maintainedWithin`. */
export function compareWith(rule: Pick<IndicatorRule, 'polarity' | 'maintainedWithin'>, value: number, comparator: number): Comparison {
  const gap = value - comparator;
  if (Math.abs(gap) <= rule.maintainedWithin) return 'similar';
  if (rule.polarity === 'neither') return gap > 0 ? 'higher' : 'lower';
  return (gap > 0) === (rule.polarity === 'bigger_is_better') ? 'better' : 'worse';
}

/** How far the value is on the worse side of the comparator (0 when it is not worse). */
function worseBy(rule: Pick<IndicatorRule, 'polarity'>, value: number, comparator: number): number {
  if (rule.polarity === 'neither') return 0;
  return Math.max(0, rule.polarity === 'bigger_is_better' ? comparator - value : value - comparator);
}

export interface ExceptionFacts {
  rule: IndicatorRule;
  frequency: Frequency;
  series: readonly PeriodValue[];
  /** England's value for the latest period, when the indicator has an England comparator with one. */
  england: number | null;
}

export const EXCEPTION_REASONS = ['red', 'deteriorated_twice', 'worse_than_england'] as const;
export type ExceptionReason = (typeof EXCEPTION_REASONS)[number];
export const EXCEPTION_REASON_WORDS: Record<ExceptionReason, string> = {
  red: 'Red against target',
  deteriorated_twice: 'Deteriorated two periods running',
  worse_than_england: 'Worse than England by more than the tolerance',
};

/**
 * Why the latest value is an exception the board should hear about, or [] when it is not: red; or
 * deteriorated two periods running (three consecutive values, each worse than the last beyond the
 * maintained band); or worse than England by more than the tolerance.
 */
export function exceptionReasons(facts: ExceptionFacts): ExceptionReason[] {
  const sorted = [...facts.series].sort((a, b) => a.period.localeCompare(b.period));
  const latest = sorted.at(-1);
  if (!latest) return [];
  const out: ExceptionReason[] = [];
  if (indicatorRag(facts.rule, latest.value) === 'red') out.push('red');
  const [a, b, c] = sorted.slice(-3);
  if (a && b && c && isNextPeriod(facts.frequency, a.period, b.period) && isNextPeriod(facts.frequency, b.period, c.period)) {
    if (travel(facts.rule, a.value, b.value) === 'deteriorated' && travel(facts.rule, b.value, c.value) === 'deteriorated') out.push('deteriorated_twice');
  }
  if (facts.england !== null && worseBy(facts.rule, latest.value, facts.england) > facts.rule.tolerance) out.push('worse_than_england');
  return out;
}
