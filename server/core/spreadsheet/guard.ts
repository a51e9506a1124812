/**
 * Formula injection: a spreadsheet program runs a CSV cell starting with = + - @ (or a tab or carriage
 * return, which some read past) as a formula, so text someone typed into a risk ("=HYPERLINK(…)") could
 * run on the reader's machine. A CSV export writes such text with a leading apostrophe, which Excel
 * shows as text; an import takes the apostrophe off again, so an exported file comes back unchanged.
 * Text starting with an apostrophe before one of those is guarded too, so the guard can always be undone.
 * XLSX needs none of this: its text cells are strings, never formulas.
 */
const RISKY = /^['=+\-@\t\r]/;
const GUARDED = /^'['=+\-@\t\r]/;

export function guardFormula(text: string): string {
  return RISKY.test(text) && (text[0] !== "'" || GUARDED.test(text)) ? `'${text}` : text;
}

/** What guardFormula wrote, as it was. */
export function unguardFormula(text: string): string {
  return GUARDED.test(text) ? text.slice(1) : text;
}
