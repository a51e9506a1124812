/*
 * Meetings in time. Boards meet in England: the day of a meeting, and the times in its minutes, are
 * reckoned in Europe/London (GMT in winter, BST in summer), whatever the server's or reader's zone.
 */

import { clockTime, longDate } from './date-words.js';

const ZONE = 'Europe/London';

/** The London calendar date (YYYY-MM-DD) of an instant, given as ISO text or milliseconds. */
export function londonDay(at: string | number): string {
  const ms = typeof at === 'number' ? at : Date.parse(at);
  return new Intl.DateTimeFormat('en-CA', { timeZone: ZONE, year: 'numeric', month: '2-digit', day: '2-digit' }).format(ms);
}

/** "Tuesday 8 December 2026": the London day, as minutes write it. */
export function londonLongDate(at: string | number): string {
  const ms = typeof at === 'number' ? at : Date.parse(at);
  const parts = new Intl.DateTimeFormat('en-GB', { timeZone: ZONE, weekday: 'long', day: 'numeric', month: 'long', year: 'numeric' }).formatToParts(ms);
  const part = (type: Intl.DateTimeFormatPartTypes) => parts.find((p) => p.type === type)?.value ?? '';
  return `${part('weekday')} ${part('day')} ${part('month')} ${part('year')}`;
}

/**
 * The title a meeting gets when its chair gives none: the board and the London day, "Safeguarding
 * Children Partnership Board – 14 January 2027", so lists, minutes and packs name it unmistakably.
 */
export function defaultMeetingTitle(boardName: string, startsAt: string | number): string {
  return `${boardName} – ${longDate(startsAt)}`;
}

/** "10:04": the London time of day on the 24-hour clock, for files (a spreadsheet's cell); people read clockTime's "10:04am". */
export function londonTime(at: string | number): string {
  const ms = typeof at === 'number' ? at : Date.parse(at);
  const parts = new Intl.DateTimeFormat('en-GB', { timeZone: ZONE, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).formatToParts(ms);
  const part = (type: Intl.DateTimeFormatPartTypes) => parts.find((p) => p.type === type)?.value ?? '';
  return `${part('hour')}:${part('minute')}`;
}

/**
 * Why a meeting scheduled at `startsAt` cannot be started at `now`, or null when it can: only on its own
 * London day. A meeting of another day is first moved to today by its chair, which is on the record.
 */
export function startRefusal(startsAt: string, now: number): string | null {
  const day = londonDay(startsAt);
  const today = londonDay(now);
  if (day === today) return null;
  const when = londonLongDate(startsAt);
  return day > today
    ? `This meeting is scheduled for ${when}: it can be started on that day, or moved to today first.`
    : `This meeting was scheduled for ${when}, a day that has passed: move it to today to start it.`;
}

/** Why a meeting cannot be scheduled (or moved) to `startsAt` at `now`, or null: not on a day that has passed. */
export function scheduleRefusal(startsAt: string, now: number): string | null {
  return londonDay(startsAt) < londonDay(now) ? `A meeting cannot be scheduled on a day that has passed (${londonLongDate(startsAt)}).` : null;
}

/**
 * When the meeting happened, as its minutes say it: "Held on Tuesday 8 December 2026 from 10:04am to 11:52am",
 * from the moments it was actually started and closed, in London time.
 */
export function heldLine(m: { startsAt: string; startedAt: string | null; closedAt: string | null }): string {
  if (!m.startedAt) return `Scheduled for ${londonLongDate(m.startsAt)} at ${clockTime(m.startsAt)}; not yet held`;
  if (!m.closedAt) return `Started on ${londonLongDate(m.startedAt)} at ${clockTime(m.startedAt)}; still in progress`;
  if (londonDay(m.startedAt) === londonDay(m.closedAt)) return `Held on ${londonLongDate(m.startedAt)} from ${clockTime(m.startedAt)} to ${clockTime(m.closedAt)}`;
  return `Held from ${londonLongDate(m.startedAt)} at ${clockTime(m.startedAt)} to ${londonLongDate(m.closedAt)} at ${clockTime(m.closedAt)}`;
}
