import type { Frequency } from '../../../../shared/domain/indicator-periods';
import { periodLabel } from '../../../../shared/domain/indicator-periods';
import type { Comparison } from '../../../../shared/domain/scorecard';

/** How a value is written with its unit: "46.0%", "988.7 per 10,000", "533 days" (shared with the board pack). */
export { formatIndicatorValue as formatValue } from '../../../../shared/domain/indicator-format';

export function formatIndicatorPeriod(frequency: Frequency, period: string): string {
  return periodLabel(frequency, period);
}

export const COMPARISON_WORDS: Record<Comparison, string> = { better: 'better', similar: 'similar', worse: 'worse', higher: 'higher', lower: 'lower' };
