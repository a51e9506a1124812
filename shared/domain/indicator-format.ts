import type { IndicatorUnit } from '../schemas/scorecard.js';

/**
 * How an indicator's value is written with its unit: "46.0%", "988.7 per 10,000", "533 days". One
 * writing for the scorecard's pages and the board pack's tables and charts.
 */
export function formatIndicatorValue(value: number | null | undefined, unit: IndicatorUnit, decimals: number): string {
  if (value === null || value === undefined) return '–';
  const n = value.toLocaleString('en-GB', { minimumFractionDigits: unit === 'count' ? 0 : decimals, maximumFractionDigits: unit === 'count' ? 0 : decimals });
  if (unit === 'percentage') return `${n}%`;
  if (unit === 'rate_per_10000') return `${n} per 10,000`;
  if (unit === 'rate_per_100000') return `${n} per 100,000`;
  if (unit === 'days') return `${n} days`;
  return n;
}
