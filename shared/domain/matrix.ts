import { LIMITS } from '../limits.js';
import { NPSA_MATRIX, maxScore, type Band, type MatrixSize, type RiskMatrix } from './scoring.js';

/**
 * The rules a partnership's risk matrix must keep beyond its shape (shared/schemas/matrix.ts checks
 * the shape): one label per level, bands that cover every score 1..size² once each, and band colours
 * that the band's text can be read on. Pure, so the admin page can say what is wrong before saving.
 */
export interface MatrixIssue {
  path: string;
  message: string;
}

/** A band as the admin sends it: the key is the server's to make (see bandKey). */
export type BandInput = Omit<Band, 'key'> & { key?: string | undefined };
export interface MatrixInput {
  size: MatrixSize;
  likelihood: string[];
  impact: string[];
  bands: BandInput[];
}

export function matrixIssues(m: MatrixInput): MatrixIssue[] {
  const issues: MatrixIssue[] = [];
  for (const scale of ['likelihood', 'impact'] as const) {
    const labels = m[scale];
    const noun = scale === 'likelihood' ? 'likelihood' : 'impact';
    if (labels.length !== m.size) issues.push({ path: scale, message: `Give exactly ${m.size} ${noun} labels, one for each level.` });
    const seen = new Set<string>();
    labels.forEach((label, i) => {
      const k = label.trim().toLowerCase();
      if (seen.has(k)) issues.push({ path: `${scale}.${i}`, message: `Each ${noun} level needs its own label: “${label}” is used twice.` });
      seen.add(k);
    });
  }
  issues.push(...bandCoverageIssues(m.bands, m.size));
  const names = new Set<string>();
  m.bands.forEach((b, i) => {
    const k = bandKey(b.label);
    if (names.has(k)) issues.push({ path: `bands.${i}.label`, message: `Each band needs its own name: “${b.label}” is used twice.` });
    names.add(k);
    const ratio = contrastRatio(b.colour, b.textColour);
    if (ratio !== null && ratio < LIMITS.contrastMin) {
      issues.push({ path: `bands.${i}.colour`, message: `The text of band “${b.label}” is hard to read on its colour (contrast ${ratio.toFixed(2)}:1; at least ${LIMITS.contrastMin}:1 is needed).` });
    }
  });
  return issues;
}

/** Bands, taken in order of their lowest score, must run from 1 to size² with no gap and no overlap. */
export function bandCoverageIssues(bands: readonly Pick<Band, 'min' | 'max' | 'label'>[], size: MatrixSize): MatrixIssue[] {
  const top = maxScore(size);
  const issues: MatrixIssue[] = [];
  const order = bands.map((b, i) => ({ b, i })).sort((x, y) => x.b.min - y.b.min);
  let next = 1;
  for (const { b, i } of order) {
    if (b.min > b.max) {
      issues.push({ path: `bands.${i}`, message: `Band “${b.label}” starts above where it ends (${b.min} to ${b.max}).` });
      continue;
    }
    if (b.min > next) issues.push({ path: `bands.${i}.min`, message: `No band covers score${b.min - next > 1 ? `s ${next} to ${b.min - 1}` : ` ${next}`}.` });
    if (b.min < next) issues.push({ path: `bands.${i}.min`, message: `Band “${b.label}” overlaps the band below it (score ${b.min} is in both).` });
    if (b.max > top) issues.push({ path: `bands.${i}.max`, message: `Band “${b.label}” goes past ${top}, the highest score on a ${size}×${size} matrix.` });
    next = Math.max(next, b.max + 1);
  }
  if (next <= top && order.length > 0) issues.push({ path: 'bands', message: `No band covers score${top - next > 0 ? `s ${next} to ${top}` : ` ${top}`}.` });
  return issues;
}

/** A band's key: its name in lower case, words joined by '-' (what the register's band filter uses). */
export function bandKey(label: string): string {
  return label.trim().toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '').slice(0, 30) || 'band';
}

/** The matrix as stored: labels trimmed, keys made from names, bands in order. Call only once valid. */
export function normaliseMatrix(m: MatrixInput): RiskMatrix {
  return {
    size: m.size,
    likelihood: m.likelihood.map((l) => l.trim()),
    impact: m.impact.map((l) => l.trim()),
    bands: m.bands
      .map((b) => ({ key: bandKey(b.label), label: b.label.trim(), min: b.min, max: b.max, colour: b.colour.toLowerCase(), textColour: b.textColour.toLowerCase() }))
      .sort((a, b) => a.min - b.min),
  };
}

/** WCAG 2.x contrast ratio between two #rrggbb colours; null when either is not one. */
export function contrastRatio(a: string, b: string): number | null {
  const la = luminance(a);
  const lb = luminance(b);
  if (la === null || lb === null) return null;
  return (Math.max(la, lb) + 0.05) / (Math.min(la, lb) + 0.05);
}

function luminance(hex: string): number | null {
  const m = /^#([0-9a-f]{2})([0-9a-f]{2})([0-9a-f]{2})$/i.exec(hex);
  if (!m) return null;
  const [r, g, b] = [m[1]!, m[2]!, m[3]!].map((h) => {
    const c = parseInt(h, 16) / 255;
    return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  });
  return 0.2126 * r! + 0.7152 * g! + 0.0722 * b!;
}

/**
 * A 4×4 starting point for an admin switching size: the NPSA labels without their extreme level, and
 * the NPSA bands cut to 16. The admin is free to change all of it before saving.
 */
export function starterMatrix(size: MatrixSize): RiskMatrix {
  if (size === 5) return NPSA_MATRIX;
  return {
    size: 4,
    likelihood: ['Unlikely', 'Possible', 'Likely', 'Almost certain'],
    impact: ['Minor', 'Moderate', 'Major', 'Severe'],
    bands: [
      { ...NPSA_MATRIX.bands[0]!, min: 1, max: 2 },
      { ...NPSA_MATRIX.bands[1]!, min: 3, max: 5 },
      { ...NPSA_MATRIX.bands[2]!, min: 6, max: 9 },
      { ...NPSA_MATRIX.bands[3]!, min: 10, max: 16 },
    ],
  };
}

/** Which level and score fields of a risk a matrix of `size` cannot hold, e.g. a likelihood of 5 on 4×4. */
export function outOfRangeFields(scores: Partial<Record<ScoreField, number | null>>, size: MatrixSize): ScoreField[] {
  const out: ScoreField[] = [];
  for (const f of SCORE_FIELDS) {
    const v = scores[f];
    if (v === null || v === undefined) continue;
    if (f === 'tolerance' ? v > maxScore(size) : v > size) out.push(f);
  }
  return out;
}

/** The three scores a risk carries: before controls, now, and the one aimed for. Declared once. */
export const SCORE_KINDS = ['inherent', 'current', 'target'] as const;
export type ScoreKind = (typeof SCORE_KINDS)[number];
export const SCORE_KIND_LABELS: Record<ScoreKind, string> = { inherent: 'Inherent', current: 'Current', target: 'Target' };

export const SCORE_FIELDS = ['inherentLikelihood', 'inherentImpact', 'currentLikelihood', 'currentImpact', 'targetLikelihood', 'targetImpact', 'tolerance'] as const;
export type ScoreField = (typeof SCORE_FIELDS)[number];

/** The words for a score field, in refusals and the preview's list of risks to rescore. */
export const SCORE_FIELD_LABELS: Record<ScoreField, string> = {
  inherentLikelihood: 'inherent likelihood',
  inherentImpact: 'inherent impact',
  currentLikelihood: 'current likelihood',
  currentImpact: 'current impact',
  targetLikelihood: 'target likelihood',
  targetImpact: 'target impact',
  tolerance: 'tolerance',
};

export function outOfRangeMessage(field: ScoreField, size: MatrixSize): string {
  return field === 'tolerance'
    ? `The tolerance can be at most ${maxScore(size)} on this partnership’s ${size}×${size} matrix.`
    : `The ${SCORE_FIELD_LABELS[field]} can be at most ${size} on this partnership’s ${size}×${size} matrix.`;
}
