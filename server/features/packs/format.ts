/*
 * How printed pages write dates and times: GOV.UK style ("14 January 2027", "10:00am"), in London time
 * for moments and as the day itself for calendar dates.
 */

const CALENDAR_DAY = new Intl.DateTimeFormat('en-GB', { timeZone: 'UTC', day: 'numeric', month: 'long', year: 'numeric' });
const LONDON_DAY = new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/London', day: 'numeric', month: 'long', year: 'numeric' });
const LONDON_TIME = new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/London', hour: 'numeric', minute: '2-digit', hourCycle: 'h23' });

/** "14 January 2027": a YYYY-MM-DD date as that day; a moment as its London day. */
export function longDate(value: string): string {
  const ms = /^\d{4}-\d{2}-\d{2}$/.test(value) ? Date.parse(`${value}T00:00:00Z`) : Date.parse(value);
  if (Number.isNaN(ms)) return value;
  return (/^\d{4}-\d{2}-\d{2}$/.test(value) ? CALENDAR_DAY : LONDON_DAY).format(ms);
}

/** "10:00am", "2:30pm": a moment's London time on the 12-hour clock. */
export function clockTime(ms: number): string {
  const parts = LONDON_TIME.formatToParts(ms);
  const hour = Number(parts.find((p) => p.type === 'hour')?.value ?? 0);
  const minute = parts.find((p) => p.type === 'minute')?.value ?? '00';
  return `${hour % 12 === 0 ? 12 : hour % 12}:${minute}${hour < 12 ? 'am' : 'pm'}`;
}

/** "1 risk", "3 risks". */
export function count(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}

/** "14 January 2027, 10:00am": when a meeting starts, as a pack's cover says it. */
export function dateAndTime(value: string): string {
  const ms = Date.parse(value);
  return Number.isNaN(ms) ? value : `${longDate(value)}, ${clockTime(ms)}`;
}
