/*
 * How printed pages write dates and times: the product's one style (shared/domain/date-words.ts).
 */
import { clockTime, longDate } from '../../../shared/domain/date-words.js';

export { clockTime, longDate };

/** "1 risk", "3 risks". */
export function count(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}

/** "14 January 2027, 10:00am": when a meeting starts, as a pack's cover says it. */
export function dateAndTime(value: string): string {
  const ms = Date.parse(value);
  return Number.isNaN(ms) ? value : `${longDate(value)}, ${clockTime(ms)}`;
}
