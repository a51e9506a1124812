import { bandOf, TREND_LABELS as SHARED_TREND_LABELS, type Band, type RiskMatrix } from '../../../shared/domain/scoring';

export interface BandStyle {
  background: string;
  color: string;
}

/**
 * The partnership's own band colours; the server refuses any pair under 4.5:1 contrast, and the
 * band's name is always shown in text too. The matrix argument stays for callers drawing many bands.
 */
export function bandStyle(band: Band, _matrix?: RiskMatrix): BandStyle {
  return { background: band.colour, color: band.textColour };
}

export function bandFor(score: number | null, matrix: RiskMatrix): Band | null {
  return score === null ? null : bandOf(score, matrix);
}

export function styleAttr(style: BandStyle): string {
  return `background:${style.background};color:${style.color}`;
}

export const TREND_LABELS: Record<string, string> = SHARED_TREND_LABELS;
export const TREND_ARROWS: Record<string, string> = {
  worsening: '▲',
  improving: '▼',
  unchanged: '▶',
  new: '•',
};
