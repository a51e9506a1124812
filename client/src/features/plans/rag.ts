import { RAG_LABELS, type Rag } from '../../../../shared/schemas/plan';

/**
 * How a RAG is drawn. Colour is never the only signal: the word is always written, and each RAG has
 * its own mark too (the chart's table and the history's cells say it in words). Text on each colour
 * meets WCAG AA (white on the red and green, black on the amber).
 */
export const RAG_STYLE: Record<Rag | 'none', { background: string; color: string; mark: string; label: string }> = {
  red: { background: '#b91c1c', color: '#ffffff', mark: '▲', label: RAG_LABELS.red },
  amber: { background: '#f59e0b', color: '#111827', mark: '◆', label: RAG_LABELS.amber },
  green: { background: '#15803d', color: '#ffffff', mark: '●', label: RAG_LABELS.green },
  none: { background: '#e5e7eb', color: '#111827', mark: '–', label: 'Not rated' },
};

export const DIRECTION_WORDS: Record<'improving' | 'same' | 'worsening', { arrow: string; words: string }> = {
  improving: { arrow: '↑', words: 'Improving' },
  same: { arrow: '→', words: 'No change' },
  worsening: { arrow: '↓', words: 'Worsening' },
};

/** "2 red, 3 amber, 1 green, 1 not rated": a roll-up in words, leaving out what is zero. */
export function countsInWords(c: { red: number; amber: number; green: number; none: number }): string {
  const parts = [
    [c.red, 'red'],
    [c.amber, 'amber'],
    [c.green, 'green'],
    [c.none, 'not rated'],
  ].flatMap(([n, w]) => (n ? [`${n} ${w}`] : []));
  return parts.length ? parts.join(', ') : 'no objectives';
}
