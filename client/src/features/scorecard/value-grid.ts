/**
 * The period's grid, pure: what a pasted column fills (a cell's number is read by shared/domain/spreadsheet-number.ts). A column copied from
 * Excel arrives as lines (and tabs, when more than one column was copied: the first is taken).
 */

/** The cells a paste fills, from the row it lands on down: one per line of the pasted text. */
export function pastedColumn(text: string): string[] {
  const lines = text.replace(/\r\n?/g, '\n').split('\n');
  if (lines.at(-1) === '') lines.pop();
  return lines.map((line) => (line.split('\t')[0] ?? '').trim());
}
