import { addDays } from './scoring.js';

/*
 * Reminders of dated obligations (issue 15): an action, a mitigation, a risk's review, an objective's
 * RAG, a period's indicator values. Each is reminded once when it falls due and once when it is overdue
 * (the dedupe key carries its date, so a date moved later is reminded again).
 */

export type ReminderState = 'due' | 'overdue';

/** How many days ahead each obligation is reminded. */
export const REMINDER_LEAD_DAYS = {
  action: 3,
  mitigation: 3,
  review: 7,
  /** An objective's RAG for a month: from this many days before the month ends. */
  rag: 5,
} as const;

/** How long after a period ends its indicator values are asked for (a reminder, not a nag for ever). */
export const VALUES_REMINDER_WINDOW_DAYS = 14;

/** Today's reminder for an obligation due on `dueDate` (YYYY-MM-DD): due within `leadDays`, overdue after it, none once done or undated. */
export function reminderState(dueDate: string | null, today: string, leadDays: number, done: boolean): ReminderState | null {
  if (done || dueDate === null) return null;
  if (today > dueDate) return 'overdue';
  return today >= addDays(dueDate, -leadDays) ? 'due' : null;
}

/** The last day of the month `period` (YYYY-MM). */
export function monthEnd(period: string): string {
  const [y, m] = period.split('-').map(Number) as [number, number];
  return new Date(Date.UTC(y, m, 0)).toISOString().slice(0, 10);
}

/** Whether this month's RAG is now to be asked for: in its last `REMINDER_LEAD_DAYS.rag` days. */
export function ragDue(today: string): boolean {
  return today >= addDays(monthEnd(today.slice(0, 7)), -REMINDER_LEAD_DAYS.rag);
}
