/**
 * The risk matrix: likelihood × impact on 4- or 5-point scales, as UK public bodies score risk. The
 * default is the NHS/NPSA 5×5 matrix; a partnership's admin may choose 4×4 or 5×5, relabel the scales
 * and re-band the scores (rules in shared/domain/matrix.ts).
 */
export interface Band {
  /** Made from the label by the server: what filters and links name the band by. */
  key: string;
  label: string;
  /** Lowest and highest score in the band; bands are ordered by `min` and cover 1..size² together. */
  min: number;
  max: number;
  /** Background and text colours (#rrggbb), at least 4.5:1 apart; the label is always shown too. */
  colour: string;
  textColour: string;
}

export type MatrixSize = 4 | 5;
export const MATRIX_SIZES: readonly MatrixSize[] = [4, 5];

export interface RiskMatrix {
  size: MatrixSize;
  /** One label per level, lowest first: exactly `size` of each. */
  likelihood: string[];
  impact: string[];
  bands: Band[];
}

export const NPSA_MATRIX: RiskMatrix = {
  size: 5,
  likelihood: ['Rare', 'Unlikely', 'Possible', 'Likely', 'Almost certain'],
  impact: ['Negligible', 'Minor', 'Moderate', 'Major', 'Catastrophic'],
  bands: [
    { key: 'low', label: 'Low', min: 1, max: 3, colour: '#dcfce7', textColour: '#14532d' },
    { key: 'moderate', label: 'Moderate', min: 4, max: 7, colour: '#fef08a', textColour: '#713f12' },
    { key: 'high', label: 'High', min: 8, max: 14, colour: '#fed7aa', textColour: '#7c2d12' },
    { key: 'extreme', label: 'Extreme', min: 15, max: 25, colour: '#b91c1c', textColour: '#ffffff' },
  ],
};

export type Level = 1 | 2 | 3 | 4 | 5;
/** Every level any matrix may have; a partnership's own are `levelsOf(matrix.size)`. */
export const LEVELS: readonly Level[] = [1, 2, 3, 4, 5];

export function levelsOf(size: MatrixSize): Level[] {
  return LEVELS.filter((l) => l <= size);
}

/** A level on a matrix of `size` (5 when not given: the widest any matrix has). */
export function isLevel(n: unknown, size: MatrixSize = 5): n is Level {
  return typeof n === 'number' && Number.isInteger(n) && n >= 1 && n <= size;
}

/** The highest score a matrix can give, and so the highest tolerance it can have. */
export function maxScore(size: MatrixSize): number {
  return size * size;
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

export const TRENDS = ['worsening', 'improving', 'unchanged', 'new'] as const;
export type Trend = (typeof TRENDS)[number];
export const TREND_LABELS: Record<Trend, string> = {
  worsening: 'Worsening',
  improving: 'Improving',
  unchanged: 'No change',
  new: 'New',
};

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

/** Built once: making an Intl.DateTimeFormat costs far more than using one (it was read on every stored keystroke). */
const LONDON_DAY = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/London', year: 'numeric', month: '2-digit', day: '2-digit' });

export function todayIn(now: number): string {
  // UK partnerships: the calendar day in London decides what is overdue.
  return LONDON_DAY.format(now);
}

export function riskReference(n: number): string {
  return `R-${String(n).padStart(3, '0')}`;
}
