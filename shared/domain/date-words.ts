/*
 * The one way the product writes dates and times, on screen, in mails, in packs and in sentences the
 * server writes: GOV.UK style, "14 January 2027" in prose and "14 Jan 2027" in tables, "10:42am" on the
 * 12-hour clock, reckoned in Europe/London (the partnerships are in England) whatever the reader's or
 * server's zone. A calendar date (YYYY-MM-DD: a due date, a review date) is a day, not an instant, and
 * is written as that day. Intl formatters are costly to build: one of each.
 */

const ZONE = 'Europe/London';
const DAY = /^\d{4}-\d{2}-\d{2}$/;

const CALENDAR_LONG = new Intl.DateTimeFormat('en-GB', { timeZone: 'UTC', day: 'numeric', month: 'long', year: 'numeric' });
const LONDON_LONG = new Intl.DateTimeFormat('en-GB', { timeZone: ZONE, day: 'numeric', month: 'long', year: 'numeric' });
const CALENDAR_SHORT = new Intl.DateTimeFormat('en-GB', { timeZone: 'UTC', day: 'numeric', month: 'short', year: 'numeric' });
const LONDON_SHORT = new Intl.DateTimeFormat('en-GB', { timeZone: ZONE, day: 'numeric', month: 'short', year: 'numeric' });
const LONDON_CLOCK = new Intl.DateTimeFormat('en-GB', { timeZone: ZONE, hour: 'numeric', minute: '2-digit', second: '2-digit', hourCycle: 'h23' });

export type When = string | number | Date;

/** The instant a value names (a calendar date: its midnight UTC, to be written as that day), or null. */
function parse(value: When): { ms: number; calendar: boolean } | null {
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? null : { ms: value.getTime(), calendar: false };
  if (typeof value === 'number') return Number.isNaN(value) ? null : { ms: value, calendar: false };
  const calendar = DAY.test(value);
  const ms = Date.parse(calendar ? `${value}T00:00:00Z` : value);
  return Number.isNaN(ms) ? null : { ms, calendar };
}

/** "14 January 2027". Unreadable text comes back as given. */
export function longDate(value: When): string {
  const p = parse(value);
  if (!p) return String(value);
  return (p.calendar ? CALENDAR_LONG : LONDON_LONG).format(p.ms);
}

/** "14 Jan 2027": for tables and other tight places. */
export function shortDate(value: When): string {
  const p = parse(value);
  if (!p) return String(value);
  return (p.calendar ? CALENDAR_SHORT : LONDON_SHORT).format(p.ms);
}

/** "10:42am", "2:05pm", "12:00pm" (midday): a moment's London time; with `seconds`, "10:42:07am". */
export function clockTime(value: When, options: { seconds?: boolean } = {}): string {
  const p = parse(value);
  if (!p) return String(value);
  const parts = LONDON_CLOCK.formatToParts(p.ms);
  const part = (type: Intl.DateTimeFormatPartTypes) => parts.find((x) => x.type === type)?.value ?? '00';
  const hour = Number(part('hour'));
  const seconds = options.seconds ? `:${part('second')}` : '';
  return `${hour % 12 === 0 ? 12 : hour % 12}:${part('minute')}${seconds}${hour < 12 ? 'am' : 'pm'}`;
}

/** "14 January 2027 at 10:42am": a moment in prose. */
export function longDateTime(value: When): string {
  const p = parse(value);
  return p ? `${longDate(p.ms)} at ${clockTime(p.ms)}` : String(value);
}

/** "14 Jan 2027, 10:42am": a moment in a table. */
export function shortDateTime(value: When, options: { seconds?: boolean } = {}): string {
  const p = parse(value);
  return p ? `${shortDate(p.ms)}, ${clockTime(p.ms, options)}` : String(value);
}
