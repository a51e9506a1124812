import type { Frequency } from '../../../../shared/domain/indicator-periods';
import { periodLabel } from '../../../../shared/domain/indicator-periods';
import type { Comparison } from '../../../../shared/domain/scorecard';
import type { IndicatorUnit } from '../../../../shared/schemas/scorecard';

/** How a value is written with its unit: "46.0%", "988.7 per 10,000", "533 days". */
export function formatValue(value: number | null | undefined, unit: IndicatorUnit, decimals: number): string {
  if (value === null || value === undefined) return '–';
  const n = value.toLocaleString('en-GB', { minimumFractionDigits: unit === 'count' ? 0 : decimals, maximumFractionDigits: unit === 'count' ? 0 : decimals });
  if (unit === 'percentage') return `${n}%`;
  if (unit === 'rate_per_10000') return `${n} per 10,000`;
  if (unit === 'rate_per_100000') return `${n} per 100,000`;
  if (unit === 'days') return `${n} days`;
  return n;
}

export function formatIndicatorPeriod(frequency: Frequency, period: string): string {
  return periodLabel(frequency, period);
}

export const COMPARISON_WORDS: Record<Comparison, string> = { better: 'better', similar: 'similar', worse: 'worse', higher: 'higher', lower: 'lower' };
