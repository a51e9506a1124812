import type { WaitingItem } from '../schemas/waiting.js';

/**
 * The order of "Waiting for you": the most urgent first. Overdue before due, the longest overdue or
 * the soonest due first, then what has no date; within a day, by kind's order of declaration (a
 * decision before a chore) and then by reference, so the list does not shuffle between reads.
 */
export function byUrgency(kinds: readonly string[]) {
  const rank = (i: Pick<WaitingItem, 'kind'>) => kinds.indexOf(i.kind);
  return (a: WaitingItem, b: WaitingItem): number => {
    if (a.overdue !== b.overdue) return a.overdue ? -1 : 1;
    if (a.due !== b.due) {
      if (a.due === null) return 1;
      if (b.due === null) return -1;
      return a.due < b.due ? -1 : 1;
    }
    return rank(a) - rank(b) || (a.reference ?? a.title).localeCompare(b.reference ?? b.title, 'en-GB', { numeric: true });
  };
}
