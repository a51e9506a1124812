import { isCalendarDate } from '../domain/dates.js';

/**
 * What a spreadsheet cell says, read as people write it in registers: dates as 2027-01-14, 14/01/2027,
 * 14 Jan 2027 or an Excel serial number; levels as whole numbers; choices by their words.
 * Each reader answers `{ value }` or `{ error }` in words for the preview.
 */
export type Read<T> = { value: T } | { error: string };

const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];
/** Excel's day 0 is 30 December 1899 (its 1900 leap-year slip is before any date a register holds). */
const EXCEL_EPOCH_MS = Date.UTC(1899, 11, 30);

function iso(year: number, month: number, day: number): string {
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

/** A date, or null for an empty cell. Day-first as in the UK: 03/04/2027 is 3 April. */
export function readDate(text: string): Read<string | null> {
  const t = text.trim();
  if (t === '') return { value: null };
  let candidate: string | null = null;
  let m: RegExpExecArray | null;
  if ((m = /^(\d{4})-(\d{1,2})-(\d{1,2})(?:[T ].*)?$/.exec(t))) candidate = iso(Number(m[1]), Number(m[2]), Number(m[3]));
  else if ((m = /^(\d{1,2})[/.-](\d{1,2})[/.-](\d{2}|\d{4})$/.exec(t))) candidate = iso(m[3]!.length === 2 ? 2000 + Number(m[3]) : Number(m[3]), Number(m[2]), Number(m[1]));
  else if ((m = /^(\d{1,2})(?:st|nd|rd|th)?[\s-]+([A-Za-z]{3,9})[\s-]+(\d{2}|\d{4})$/.exec(t))) {
    const month = MONTHS.indexOf(m[2]!.slice(0, 3).toLowerCase());
    if (month >= 0) candidate = iso(m[3]!.length === 2 ? 2000 + Number(m[3]) : Number(m[3]), month + 1, Number(m[1]));
  } else if (/^\d{5}(\.\d+)?$/.test(t)) {
    // A date cell read without its format: Excel's serial day number (20000 is 1954, 80000 is 2119).
    const serial = Math.floor(Number(t));
    if (serial >= 20_000 && serial <= 80_000) candidate = new Date(EXCEL_EPOCH_MS + serial * 86_400_000).toISOString().slice(0, 10);
  }
  if (candidate === null) return { error: 'Not a date: write it as 14/01/2027 or 2027-01-14' };
  if (!isCalendarDate(candidate)) return { error: `Not a real date: ${t}` };
  return { value: candidate };
}

/** A whole number from 1 to `max` (a likelihood, an impact, a tolerance), or null for an empty cell. */
export function readLevel(text: string, max: number): Read<number | null> {
  const t = text.trim();
  if (t === '') return { value: null };
  // "4 - Likely", "4 (Likely)": the number a register writes before its word.
  const m = /^(\d+)(?:\.0+)?(?:\s*[-–(:].*)?$/.exec(t);
  if (!m) return { error: `Not a number from 1 to ${max}` };
  const n = Number(m[1]);
  if (n < 1 || n > max) return { error: `Out of range: from 1 to ${max}` };
  return { value: n };
}

/** One of `choices`, by its key or its words (no case); null for an empty cell. */
export function readChoice<K extends string>(text: string, choices: Record<K, string>, noun: string): Read<K | null> {
  const t = text.trim().toLowerCase();
  if (t === '') return { value: null };
  const squash = (s: string) => s.toLowerCase().replace(/[^a-z0-9]+/g, '');
  for (const [key, words] of Object.entries(choices) as [K, string][]) {
    if (squash(key) === squash(t) || squash(words) === squash(t)) return { value: key };
  }
  return { error: `Not a ${noun}: write one of ${Object.values<string>(choices).join(', ')}` };
}
