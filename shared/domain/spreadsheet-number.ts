/**
 * A number as people type it or a spreadsheet writes it ("46.0", "1,540", "46%", "£1,200", " 12 "):
 * the number; null for an empty cell; NaN for anything else ("tbc", "n/a", "0x10", "Infinity").
 * One reading for the value grid, the value and definition forms, and the server's import of a file.
 */
export function readNumber(text: string): number | null {
  const t = text.trim();
  if (t === '') return null;
  const bare = t.replace(/[,%\s£]/g, '');
  return bare === '' || !/^-?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i.test(bare) ? Number.NaN : Number(bare);
}
