/**
 * An indicator's reporting periods, as its frequency defines them (issue 13). Each is a key that sorts
 * in time order as text, so a series is ordered by its keys:
 * - monthly `2026-11`; quarterly `2026-Q3` (calendar quarters); termly `2026-T1` (the school year
 *   starting in September 2026: T1 autumn, T2 spring, T3 summer); annual `2026` (whatever year the
 *   indicator reports: calendar, financial or academic, as its definition says).
 */
export const FREQUENCIES = ['monthly', 'quarterly', 'termly', 'annual'] as const;
export type Frequency = (typeof FREQUENCIES)[number];

export const FREQUENCY_LABELS: Record<Frequency, string> = { monthly: 'Monthly', quarterly: 'Quarterly', termly: 'Termly', annual: 'Annual' };

const PATTERNS: Record<Frequency, RegExp> = {
  monthly: /^(\d{4})-(0[1-9]|1[0-2])$/,
  quarterly: /^(\d{4})-Q([1-4])$/,
  termly: /^(\d{4})-T([1-3])$/,
  annual: /^(\d{4})$/,
};
/** How many periods make a year, for stepping. */
const PER_YEAR: Record<Frequency, number> = { monthly: 12, quarterly: 4, termly: 3, annual: 1 };
const MIN_YEAR = 1990;
const MAX_YEAR = 2100;

export function isIndicatorPeriod(frequency: Frequency, period: string): boolean {
  const m = PATTERNS[frequency].exec(period);
  return m !== null && Number(m[1]) >= MIN_YEAR && Number(m[1]) <= MAX_YEAR;
}

/** The period's position on a line of periods of its frequency (year × periods a year + index). */
function ordinal(frequency: Frequency, period: string): number {
  const m = PATTERNS[frequency].exec(period);
  if (!m) throw new Error(`Not a ${frequency} period: ${period}`);
  return Number(m[1]) * PER_YEAR[frequency] + (m[2] ? Number(m[2]) - 1 : 0);
}

function fromOrdinal(frequency: Frequency, n: number): string {
  const year = Math.floor(n / PER_YEAR[frequency]);
  const index = (n % PER_YEAR[frequency]) + 1;
  if (frequency === 'monthly') return `${year}-${String(index).padStart(2, '0')}`;
  if (frequency === 'quarterly') return `${year}-Q${index}`;
  if (frequency === 'termly') return `${year}-T${index}`;
  return String(year);
}

/** The period `steps` after (or, negative, before) this one. */
export function shiftPeriod(frequency: Frequency, period: string, steps: number): string {
  return fromOrdinal(frequency, ordinal(frequency, period) + steps);
}

/** Whether `later` immediately follows `earlier` (no period missing between). */
export function isNextPeriod(frequency: Frequency, earlier: string, later: string): boolean {
  return ordinal(frequency, later) - ordinal(frequency, earlier) === 1;
}

/** The period a date (YYYY-MM-DD) falls in. Terms: autumn Sep–Dec, spring Jan–Mar, summer Apr–Aug. */
export function periodOfDate(frequency: Frequency, date: string): string {
  const year = Number(date.slice(0, 4));
  const month = Number(date.slice(5, 7));
  if (frequency === 'monthly') return date.slice(0, 7);
  if (frequency === 'quarterly') return `${year}-Q${Math.ceil(month / 3)}`;
  if (frequency === 'termly') return month >= 9 ? `${year}-T1` : month <= 3 ? `${year - 1}-T2` : `${year - 1}-T3`;
  return String(year);
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const TERMS = ['Autumn', 'Spring', 'Summer'];

/** In words, as a scorecard's column heading says it: "Nov 2013", "Q3 2013", "Spring term 2013/14", "2013". */
export function periodLabel(frequency: Frequency, period: string): string {
  const m = PATTERNS[frequency].exec(period);
  if (!m) return period;
  const year = Number(m[1]);
  if (frequency === 'monthly') return `${MONTHS[Number(m[2]) - 1]} ${year}`;
  if (frequency === 'quarterly') return `Q${m[2]} ${year}`;
  if (frequency === 'termly') return `${TERMS[Number(m[2]) - 1]} term ${year}/${String((year + 1) % 100).padStart(2, '0')}`;
  return String(year);
}

/** What a period of this frequency looks like, for a field's hint and its error. */
export const PERIOD_FORMATS: Record<Frequency, string> = {
  monthly: 'a month as YYYY-MM, e.g. 2026-11',
  quarterly: 'a quarter as YYYY-Qn, e.g. 2026-Q3',
  termly: 'a term as YYYY-Tn (the school year it starts; T1 autumn, T2 spring, T3 summer), e.g. 2026-T1',
  annual: 'a year as YYYY, e.g. 2026',
};
