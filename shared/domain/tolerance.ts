import { isAboveTolerance } from './scoring.js';

/**
 * What a risk's tolerance sets off. Tolerance is the highest current score the board accepts; when
 * the current score rises above it, the owner and the board's chair are told (once per crossing),
 * the risk is flagged "above tolerance since …", and the chair (or an admin) may escalate it to the
 * parent board. Pure: the projection and the risk page ask these, so they cannot disagree.
 */
export interface ToleranceReading {
  /** Current score (likelihood × impact), or null while unscored. */
  score: number | null;
  tolerance: number | null;
}

export type ToleranceChange = 'rose_above' | 'returned_within' | 'none';

/** How one change of score or tolerance moves the risk against its tolerance. */
export function toleranceChange(before: ToleranceReading, after: ToleranceReading): ToleranceChange {
  const was = isAboveTolerance(before.score, before.tolerance);
  const now = isAboveTolerance(after.score, after.tolerance);
  if (!was && now) return 'rose_above';
  if (was && !now) return 'returned_within';
  return 'none';
}

/** Notify only on the crossing itself: typing while the risk stays above tolerance tells nobody again. */
export function shouldNotifyAboveTolerance(before: ToleranceReading, after: ToleranceReading): boolean {
  return toleranceChange(before, after) === 'rose_above';
}

/**
 * The "above tolerance since" flag after a change: set to `now` when the risk rises above, kept while
 * it stays above (also mending a missing one), cleared when it returns within.
 */
export function toleranceFlag(since: string | null, after: ToleranceReading, now: string): string | null {
  if (!isAboveTolerance(after.score, after.tolerance)) return null;
  return since ?? now;
}

/** Dedupes the notification of one crossing: a new crossing (a new "since") is told again. */
export function toleranceDedupeKey(riskId: number, since: string): string {
  return `tolerance:${riskId}:${since}`;
}

export interface EscalationOffer {
  status: 'open' | 'closed';
  aboveTolerance: boolean;
  escalatedToBoardId: number | null;
  parentBoardId: number | null;
  /** The chair of the risk's board, or a partnership admin. */
  chairOrAdmin: boolean;
}

/** Why escalation is not possible, in words; null when it is (see mayOfferEscalation). */
export function escalationRefusal(o: Omit<EscalationOffer, 'aboveTolerance'>): string | null {
  if (!o.chairOrAdmin) return 'Only the chair of the risk’s board or an administrator can escalate it.';
  if (o.status !== 'open') return 'A closed risk cannot be escalated.';
  if (o.escalatedToBoardId !== null) return 'The risk is already escalated.';
  if (o.parentBoardId === null) return 'This board has no board to escalate to.';
  return null;
}

/** The risk page offers "escalate to the parent board" when the risk is above tolerance and it is possible. */
export function mayOfferEscalation(o: EscalationOffer): boolean {
  return o.aboveTolerance && escalationRefusal(o) === null;
}
