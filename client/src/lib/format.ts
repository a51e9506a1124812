/*
 * The one way the app writes dates and times (shared/domain/date-words.ts, which the server's mails,
 * packs and sentences use too): "14 Jan 2027" in tables, "14 January 2027" in prose, "10:42am",
 * reckoned in Europe/London whatever the reader's own zone. A calendar date (YYYY-MM-DD: a due date,
 * a review date) is a day, not an instant, and is written as that day.
 */

import { clockTime, longDate, shortDate, type When } from '../../../shared/domain/date-words';
import { isCalendarDate } from '../../../shared/domain/dates';

const ZONE = 'Europe/London';
const MS_PER_DAY = 86_400_000;

const weekdayFormat = new Intl.DateTimeFormat('en-GB', { timeZone: ZONE, weekday: 'short' });
const calendarWeekdayFormat = new Intl.DateTimeFormat('en-GB', { timeZone: 'UTC', weekday: 'short' });
const isoDayFormat = new Intl.DateTimeFormat('en-CA', { timeZone: ZONE, year: 'numeric', month: '2-digit', day: '2-digit' });
const offsetFormat = new Intl.DateTimeFormat('en-GB', { timeZone: ZONE, timeZoneName: 'longOffset' });
const DAY = /^\d{4}-\d{2}-\d{2}$/;

export interface DateOptions {
  /** "Tue 14 Jan 2027": for meetings, where the day of the week matters. */
  weekday?: boolean;
  /** "14 January 2027": in a sentence rather than a table. */
  long?: boolean;
}

/** The instant a value names, or null for a value that names none. */
function instant(value: When): number | null {
  const ms = value instanceof Date ? value.getTime() : typeof value === 'number' ? value : Date.parse(value);
  return Number.isNaN(ms) ? null : ms;
}

/** "14 Jan 2027" (or "14 January 2027" with `long`): a calendar date as that day, an instant as its London day. Empty for none. */
export function formatDate(value: When | null | undefined, options: DateOptions = {}): string {
  if (value === null || value === undefined || value === '') return '';
  const day = options.long ? longDate(value) : shortDate(value);
  if (!options.weekday) return day;
  const calendar = typeof value === 'string' && DAY.test(value);
  const ms = calendar ? Date.parse(`${value}T00:00:00Z`) : instant(value);
  if (ms === null || Number.isNaN(ms)) return day;
  return `${(calendar ? calendarWeekdayFormat : weekdayFormat).format(ms)} ${day}`;
}

/** "10:42am": the London time of day. */
export function formatTime(value: When, options: { seconds?: boolean } = {}): string {
  return clockTime(value, options);
}

/** "14 Jan 2027, 10:42am": an instant, in London. */
export function formatDateTime(value: When | null | undefined, options: DateOptions & { seconds?: boolean } = {}): string {
  if (value === null || value === undefined || value === '') return '';
  const ms = instant(value);
  if (ms === null) return String(value);
  return `${formatDate(ms, options)}, ${formatTime(ms, options)}`;
}

/** The London calendar date (YYYY-MM-DD) of an instant: "today" for date fields and comparisons. */
export function londonDate(value: When = Date.now()): string {
  const ms = instant(value);
  return ms === null ? '' : isoDayFormat.format(ms);
}

/** Whole days from calendar date `from` to calendar date `to` (negative when `to` is earlier). */
export function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / MS_PER_DAY);
}

/** "overdue by 3 days", "due today", "due tomorrow", "due in 5 days": a due date seen from `today` (London). */
export function formatDue(dueDate: string, today: string = londonDate()): string {
  const days = daysBetween(today, dueDate);
  if (days < 0) return `overdue by ${-days} ${-days === 1 ? 'day' : 'days'}`;
  if (days === 0) return 'due today';
  if (days === 1) return 'due tomorrow';
  return `due in ${days} days`;
}

/**
 * The instant a London wall-clock time names: "2027-01-14" at "10:00" is 10:00 GMT in winter and
 * 09:00 UTC in summer, whatever zone the reader's computer is set to. Null for an unreadable date.
 */
export function londonInstant(date: string, time: string): Date | null {
  if (!isCalendarDate(date) || !/^([01]\d|2[0-3]):[0-5]\d$/.test(time)) return null;
  const asUtc = Date.parse(`${date}T${time}:00Z`);
  if (Number.isNaN(asUtc)) return null;
  // London's offset at that moment (read twice: the first guess may sit across a clock change).
  let guess = asUtc - offsetAt(asUtc);
  guess = asUtc - offsetAt(guess);
  return new Date(guess);
}

/** London's offset from UTC at an instant, in milliseconds ("GMT+01:00" → 3 600 000). */
function offsetAt(ms: number): number {
  const name = offsetFormat.formatToParts(ms).find((p) => p.type === 'timeZoneName')?.value ?? 'GMT';
  const m = /GMT([+-])(\d{2}):(\d{2})/.exec(name);
  if (!m) return 0;
  return (m[1] === '-' ? -1 : 1) * (Number(m[2]) * 60 + Number(m[3])) * 60_000;
}

const monthFormat = new Intl.DateTimeFormat('en-GB', { timeZone: 'UTC', month: 'short', year: 'numeric' });

/** "Nov 2026": a reporting period (a calendar month, 'YYYY-MM'); unreadable text as given. */
export function formatPeriod(period: string): string {
  if (!/^\d{4}-(0[1-9]|1[0-2])$/.test(period)) return period;
  return monthFormat.format(Date.parse(`${period}-01T00:00:00Z`));
}
