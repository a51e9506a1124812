/**
 * The risk matrix: likelihood × consequence on 5×5 scales, as UK public bodies score risk. The default
 * is the NHS/NPSA matrix; a partnership may relabel the scales and re-band the scores.
 */
export interface Band {
  key: string;
  label: string;
  /** Lowest score in the band; bands are ordered by this and cover 1..25 together. */
  min: number;
}

export interface RiskMatrix {
  likelihood: [string, string, string, string, string];
  impact: [string, string, string, string, string];
  bands: Band[];
}

export const NPSA_MATRIX: RiskMatrix = {
  likelihood: ['Rare', 'Unlikely', 'Possible', 'Likely', 'Almost certain'],
  impact: ['Negligible', 'Minor', 'Moderate', 'Major', 'Catastrophic'],
  bands: [
    { key: 'low', label: 'Low', min: 1 },
    { key: 'moderate', label: 'Moderate', min: 4 },
    { key: 'high', label: 'High', min: 8 },
    { key: 'extreme', label: 'Extreme', min: 15 },
  ],
};

export type Level = 1 | 2 | 3 | 4 | 5;
export const LEVELS: readonly Level[] = [1, 2, 3, 4, 5];

export function isLevel(n: unknown): n is Level {
  return typeof n === 'number' && Number.isInteger(n) && n >= 1 && n <= 5;
}

export function riskScore(likelihood: Level, impact: Level): number {
  return likelihood * impact;
}

export function bandOf(score: number, matrix: RiskMatrix = NPSA_MATRIX): Band {
  const sorted = [...matrix.bands].sort((a, b) => a.min - b.min);
  let found = sorted[0]!;
  for (const band of sorted) if (score >= band.min) found = band;
  return found;
}

/** Null when either half of the pair is missing: an unscored risk has no band. */
export function scoreOf(likelihood: number | null | undefined, impact: number | null | undefined): number | null {
  return isLevel(likelihood) && isLevel(impact) ? riskScore(likelihood, impact) : null;
}

export type Trend = 'worsening' | 'improving' | 'unchanged' | 'new';

/** Direction of the current score against the score at the last review. */
export function trendOf(current: number | null, atLastReview: number | null): Trend {
  if (current === null || atLastReview === null) return 'new';
  if (current > atLastReview) return 'worsening';
  if (current < atLastReview) return 'improving';
  return 'unchanged';
}

/** Above tolerance means it must be escalated. A risk without a tolerance never demands it. */
export function isAboveTolerance(current: number | null, tolerance: number | null): boolean {
  return current !== null && tolerance !== null && current > tolerance;
}

/** Dates are ISO calendar dates (YYYY-MM-DD); "today" is the partnership's day, passed in. */
export function isOverdue(dueDate: string | null, today: string, done = false): boolean {
  return !done && dueDate !== null && dueDate < today;
}

export function addDays(isoDate: string, days: number): string {
  const d = new Date(`${isoDate}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

export function todayIn(now: number): string {
  // UK partnerships: the calendar day in London decides what is overdue.
  return new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/London', year: 'numeric', month: '2-digit', day: '2-digit' }).format(now);
}

export function riskReference(n: number): string {
  return `R-${String(n).padStart(3, '0')}`;
}
