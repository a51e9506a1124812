/**
 * The period's grid, pure: what a pasted column fills, and which rows a save sends. A column copied from
 * Excel arrives as lines (and tabs, when more than one column was copied: the first is taken).
 */

/** The cells a paste fills, from the row it lands on down: one per line of the pasted text. */
export function pastedColumn(text: string): string[] {
  const lines = text.replace(/\r\n?/g, '\n').split('\n');
  if (lines.at(-1) === '') lines.pop();
  return lines.map((line) => (line.split('\t')[0] ?? '').trim());
}

/** "1,540", "46.0%", " 12 " → the number; '' → null (left blank); anything else → NaN. */
export function cellNumber(text: string): number | null {
  const t = text.trim();
  if (t === '') return null;
  const n = Number(t.replace(/[,%\s£]/g, ''));
  return t.replace(/[,%\s£]/g, '') === '' ? Number.NaN : n;
}
