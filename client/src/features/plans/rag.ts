import { DIRECTION_LABELS, RAG_COLOURS, RAG_LABELS, type Rag } from '../../../../shared/schemas/plan';

/**
 * How a RAG is drawn. Colour is never the only signal: the word is always written, and each RAG has
 * its own mark too (the chart's table and the history's cells say it in words). The colours are
 * shared with the exported spreadsheets (RAG_COLOURS).
 */
export const RAG_STYLE: Record<Rag | 'none', { background: string; color: string; mark: string; label: string }> = {
  red: { background: RAG_COLOURS.red.background, color: RAG_COLOURS.red.text, mark: '▲', label: RAG_LABELS.red },
  amber: { background: RAG_COLOURS.amber.background, color: RAG_COLOURS.amber.text, mark: '◆', label: RAG_LABELS.amber },
  green: { background: RAG_COLOURS.green.background, color: RAG_COLOURS.green.text, mark: '●', label: RAG_LABELS.green },
  none: { background: RAG_COLOURS.none.background, color: RAG_COLOURS.none.text, mark: '–', label: 'Not rated' },
};

export const DIRECTION_WORDS: Record<'improving' | 'same' | 'worsening', { arrow: string; words: string }> = {
  improving: { arrow: '↑', words: DIRECTION_LABELS.improving },
  same: { arrow: '→', words: DIRECTION_LABELS.same },
  worsening: { arrow: '↓', words: DIRECTION_LABELS.worsening },
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
