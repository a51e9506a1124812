import { todayIn } from './scoring.js';

/**
 * A paper is late when it arrived after the meeting's papers deadline (the end of that day in London),
 * or has not arrived and the deadline has passed (seed 000 §5.1: papers reach members "no later than 5
 * working days before each meeting").
 */
export function isPaperLate(papersDeadline: string, receivedAt: string | null, now: number): boolean {
  const day = receivedAt === null ? todayIn(now) : todayIn(Date.parse(receivedAt));
  return day > papersDeadline;
}

/** A paper as its list shows it: in, late or expected. */
export type PaperState = 'received' | 'received_late' | 'expected' | 'overdue';

export function paperState(papersDeadline: string, receivedAt: string | null, now: number): PaperState {
  const late = isPaperLate(papersDeadline, receivedAt, now);
  if (receivedAt !== null) return late ? 'received_late' : 'received';
  return late ? 'overdue' : 'expected';
}

export const PAPER_STATE_WORDS: Record<PaperState, string> = {
  received: 'Received',
  received_late: 'Received late',
  expected: 'Expected',
  overdue: 'Late: not yet received',
};
