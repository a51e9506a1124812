/*
 * The one way the app writes dates and times: "14 Jan 2027", "10:42", "14 Jan 2027, 10:42", reckoned
 * in Europe/London (the partnerships are in England) whatever the reader's own zone. A calendar date
 * (YYYY-MM-DD: a due date, a review date) is a day, not an instant, and is written as that day.
 */

import { isCalendarDate } from '../../../shared/domain/dates';

const ZONE = 'Europe/London';
const DAY = /^\d{4}-\d{2}-\d{2}$/;
const MS_PER_DAY = 86_400_000;

/** Intl formatters are costly to build and the register draws hundreds of dates: one of each. */
const dayFormat = new Intl.DateTimeFormat('en-GB', { timeZone: ZONE, day: 'numeric', month: 'short', year: 'numeric' });
const calendarDayFormat = new Intl.DateTimeFormat('en-GB', { timeZone: 'UTC', day: 'numeric', month: 'short', year: 'numeric' });
const weekdayFormat = new Intl.DateTimeFormat('en-GB', { timeZone: ZONE, weekday: 'short' });
const calendarWeekdayFormat = new Intl.DateTimeFormat('en-GB', { timeZone: 'UTC', weekday: 'short' });
const timeFormat = new Intl.DateTimeFormat('en-GB', { timeZone: ZONE, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });
const secondsFormat = new Intl.DateTimeFormat('en-GB', { timeZone: ZONE, hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23' });
const isoDayFormat = new Intl.DateTimeFormat('en-CA', { timeZone: ZONE, year: 'numeric', month: '2-digit', day: '2-digit' });
const offsetFormat = new Intl.DateTimeFormat('en-GB', { timeZone: ZONE, timeZoneName: 'longOffset' });

export interface DateOptions {
  /** "Tue 14 Jan 2027": for meetings, where the day of the week matters. */
  weekday?: boolean;
}

type When = string | number | Date;

/** The instant a value names, or null for a value that names none. */
function instant(value: When): number | null {
  const ms = value instanceof Date ? value.getTime() : typeof value === 'number' ? value : Date.parse(value);
  return Number.isNaN(ms) ? null : ms;
}

/** "14 Jan 2027": a calendar date as that day, an instant as its London day. Empty for none; unreadable text as given. */
export function formatDate(value: When | null | undefined, options: DateOptions = {}): string {
  if (value === null || value === undefined || value === '') return '';
  if (typeof value === 'string' && DAY.test(value)) {
    const ms = Date.parse(`${value}T00:00:00Z`);
    if (Number.isNaN(ms)) return value;
    return options.weekday ? `${calendarWeekdayFormat.format(ms)} ${calendarDayFormat.format(ms)}` : calendarDayFormat.format(ms);
  }
  const ms = instant(value);
  if (ms === null) return String(value);
  return options.weekday ? `${weekdayFormat.format(ms)} ${dayFormat.format(ms)}` : dayFormat.format(ms);
}

/** "10:42": the London time of day, 24-hour clock. */
export function formatTime(value: When, options: { seconds?: boolean } = {}): string {
  const ms = instant(value);
  if (ms === null) return String(value);
  return (options.seconds ? secondsFormat : timeFormat).format(ms);
}

/** "14 Jan 2027, 10:42": an instant, in London. */
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
