import { takesPart } from './roles.js';
import { isOnlyObserver, isChairOf, lendsEdit, type Access, type Actor } from './permissions.js';
import type { ChallengeCommand, ChallengeStatus } from '../schemas/challenge.js';

/** What a command does to a challenge's status; absent means the command is not allowed from there. */
const TRANSITIONS: Record<ChallengeCommand, Partial<Record<ChallengeStatus, ChallengeStatus>>> = {
  submit: { open: 'response_submitted', pressed: 'response_submitted', escalated: 'response_submitted' },
  accept: { response_submitted: 'accepted' },
  press: { response_submitted: 'pressed' },
  escalate: { open: 'escalated', response_submitted: 'escalated', pressed: 'escalated' },
  close: { open: 'closed', response_submitted: 'closed', accepted: 'closed', pressed: 'closed', escalated: 'closed' },
};

export function nextChallengeStatus(status: ChallengeStatus, command: ChallengeCommand): ChallengeStatus | null {
  return TRANSITIONS[command][status] ?? null;
}

/** A response is owed while the challenge is open, pressed or escalated. */
export function awaitingResponse(status: ChallengeStatus): boolean {
  return status === 'open' || status === 'pressed' || status === 'escalated';
}

export function isChallengeOverdue(dueDate: string, status: ChallengeStatus, today: string): boolean {
  return awaitingResponse(status) && dueDate < today;
}

export function daysBetween(fromIso: string, toIso: string): number {
  return Math.round((Date.parse(toIso.slice(0, 10)) - Date.parse(fromIso.slice(0, 10))) / 86_400_000);
}

export function median(values: readonly number[]): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

export interface ChallengeFacts {
  partnershipId: number;
  boardId: number;
  escalatedToBoardId: number | null;
  raisedById: number;
  directedAgencyId: number;
  status: ChallengeStatus;
  /** The board lets the person who raised a challenge decide on its response. */
  raiserMayDecide: boolean;
  /**
   * Boards holding an in-progress meeting whose agenda links this challenge, at which the person
   * attends. Only the challenge's board and the board it is escalated to lend rights (see lendsEdit).
   */
  liveMeetingBoardIds?: readonly number[];
}

function decides(actor: Actor, c: ChallengeFacts): boolean {
  if (isChairOf(actor, c.boardId)) return true;
  if (c.escalatedToBoardId !== null && isChairOf(actor, c.escalatedToBoardId)) return true;
  return c.raiserMayDecide && c.raisedById === actor.personId;
}

/**
 * Who may move a challenge: only the directed agency answers; only the board's chair (or the raiser,
 * where the board allows it) accepts, presses, closes or escalates; observers only read.
 */
export function canChallenge(actor: Actor, command: ChallengeCommand, c: ChallengeFacts): boolean {
  if (actor.partnershipId !== c.partnershipId || isOnlyObserver(actor)) return false;
  if (nextChallengeStatus(c.status, command) === null) return false;
  if (command === 'submit') return actor.agencyId === c.directedAgencyId;
  if (command === 'escalate' && c.escalatedToBoardId !== null) return false;
  return decides(actor, c);
}

/**
 * Rights on the two documents. The question and discussion: the raiser and the board's chair, and the
 * members present at a live meeting on it of its board (or the board it is escalated to). The
 * response: the directed agency, while a response is owed.
 */
export function challengeAccess(actor: Actor, c: ChallengeFacts, part: 'question' | 'response'): Access {
  if (actor.partnershipId !== c.partnershipId) return 'none';
  if (isOnlyObserver(actor)) return 'read';
  if (part === 'response') return actor.agencyId === c.directedAgencyId && awaitingResponse(c.status) ? 'edit' : 'read';
  if (c.status === 'closed') return 'read';
  if (c.raisedById === actor.personId || decides(actor, c)) return 'edit';
  for (const boardId of c.liveMeetingBoardIds ?? []) {
    if (!lendsEdit(boardId, c)) continue;
    if (takesPart(actor.boardRoles.get(boardId))) return 'edit';
  }
  return 'read';
}

export function challengeReference(n: number): string {
  return `C-${String(n).padStart(3, '0')}`;
}
