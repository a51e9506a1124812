import { bandOf, type Band, type RiskMatrix } from '../../../../shared/domain/scoring';

export interface BandStyle {
  background: string;
  color: string;
}

/** Band colours with text contrast of at least 4.5:1; the band's name is always shown in text too. */
const BY_KEY: Record<string, BandStyle> = {
  low: { background: '#dcfce7', color: '#14532d' },
  moderate: { background: '#fef08a', color: '#713f12' },
  high: { background: '#fed7aa', color: '#7c2d12' },
  extreme: { background: '#b91c1c', color: '#ffffff' },
};
const BY_RANK: BandStyle[] = [BY_KEY.low!, BY_KEY.moderate!, BY_KEY.high!, BY_KEY.extreme!];

export function bandStyle(band: Band, matrix: RiskMatrix): BandStyle {
  const known = BY_KEY[band.key];
  if (known) return known;
  const sorted = [...matrix.bands].sort((a, b) => a.min - b.min);
  const rank = Math.round((sorted.findIndex((b) => b.key === band.key) / Math.max(1, sorted.length - 1)) * (BY_RANK.length - 1));
  return BY_RANK[Math.max(0, rank)]!;
}

export function bandFor(score: number | null, matrix: RiskMatrix): Band | null {
  return score === null ? null : bandOf(score, matrix);
}

export function styleAttr(style: BandStyle): string {
  return `background:${style.background};color:${style.color}`;
}

export function formatDate(iso: string | null): string {
  if (!iso) return '';
  const d = new Date(iso.length === 10 ? `${iso}T00:00:00Z` : iso);
  if (Number.isNaN(d.getTime())) return iso;
  return new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'short', year: 'numeric', timeZone: iso.length === 10 ? 'UTC' : 'Europe/London' }).format(d);
}

export function formatDateTime(iso: string): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  return new Intl.DateTimeFormat('en-GB', {
    day: 'numeric',
    month: 'short',
    year: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
    timeZone: 'Europe/London',
  }).format(d);
}

export const TREND_LABELS: Record<string, string> = {
  worsening: 'Worsening',
  improving: 'Improving',
  unchanged: 'No change',
  new: 'New',
};
export const TREND_ARROWS: Record<string, string> = {
  worsening: '▲',
  improving: '▼',
  unchanged: '▶',
  new: '•',
};
