import type { ChallengeLogQuery, ChallengeRow, ChallengeStatus } from '../schemas/challenge.js';

/**
 * The challenge log's filters (ChallengeLogQuery) in one reading for the page and its export: what the
 * list endpoint filters by, and what is applied to its answer (a status group, the period raised in),
 * so an export holds exactly the rows the page shows.
 */
export type ChallengeLogFilters = ChallengeLogQuery;

export const CHALLENGE_STATUS_GROUPS: Record<'active' | 'done', string> = {
  active: 'Not yet accepted or closed',
  done: 'Accepted or closed',
};

/** The list endpoint's filter (GET …/challenges): every filter but the status groups and the period. */
export function listFilterOf(f: ChallengeLogFilters) {
  return {
    boardId: f.boardId,
    agencyId: f.agencyId,
    status: f.status === 'active' || f.status === 'done' ? undefined : (f.status as ChallengeStatus | undefined),
    overdue: f.overdue,
    subjectKind: f.subjectKind,
    subjectRef: f.subjectRef,
  };
}

/** What the log keeps of the list's answer: a status group, and the period raised in (the day of `raisedAt`). */
export function inLogView(row: Pick<ChallengeRow, 'status' | 'raisedAt'>, f: ChallengeLogFilters): boolean {
  const done = row.status === 'accepted' || row.status === 'closed';
  if (f.status === 'active' && done) return false;
  if (f.status === 'done' && !done) return false;
  const day = row.raisedAt.slice(0, 10);
  if (f.from && day < f.from) return false;
  if (f.to && day > f.to) return false;
  return true;
}
