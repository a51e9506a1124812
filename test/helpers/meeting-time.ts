import { addDays, todayIn } from '../../shared/domain/scoring.js';

/*
 * A meeting starts only on its own London day and is never scheduled on a day that has passed. Tests that
 * start a meeting schedule it for today, as a chair would move it; 12:00 UTC is on the same London day in
 * GMT and in BST.
 */

/** Midday (UTC) on today's London date, by `now` (the server's clock when it is injected). */
export function meetingToday(now: number = Date.now()): string {
  return `${todayIn(now)}T12:00:00.000Z`;
}

/** Midday (UTC) `days` London days from today: a meeting that cannot be started yet (or, negative, has passed). */
export function meetingInDays(days: number, now: number = Date.now()): string {
  return `${addDays(todayIn(now), days)}T12:00:00.000Z`;
}
