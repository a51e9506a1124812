import { and, eq } from 'drizzle-orm';
import { agencies, agendaItems, boards, meetingActions, meetings, mitigations, people, risks } from '../db/schema.js';
import { AppError } from '../../shared/errors.js';
import type { ChallengeSubjectKind } from '../../shared/schemas/challenge.js';
import type { ServiceContext } from './context.js';

/**
 * The records a payload names besides the one it addresses: an owner, a deputy, a presenter, an
 * agency, a meeting, a record a challenge is about. Each must be a record of the actor's partnership.
 * A miss is VALIDATION_FAILED naming the field, and nothing is changed. The refusal never says whose
 * the id is, and no name is ever read from another partnership's row, so ids cannot be used to list
 * another partnership's people.
 */
export function refused(path: string, message: string, summary: string): AppError {
  return new RefusedReference(summary, [{ path, message }]);
}

/** A payload named a record outside the partnership: answered as a validation error, and put on the record. */
export class RefusedReference extends AppError {
  constructor(summary: string, details: { path: string; message: string }[]) {
    super('VALIDATION_FAILED', summary, details);
  }
}

/** Canonical digits, as ids are written in a reference (`"12"`, never `"012"`). */
const DIGITS = /^[1-9][0-9]{0,9}$/;

export async function referencedPerson(ctx: ServiceContext, partnershipId: number, personId: number, path: string) {
  const row = await ctx.db.select().from(people).where(and(eq(people.id, personId), eq(people.partnershipId, partnershipId))).get();
  if (!row) throw refused(path, 'Unknown person', 'The person named is not in this partnership.');
  return row;
}

export async function referencedAgency(ctx: ServiceContext, partnershipId: number, agencyId: number, path: string) {
  const row = await ctx.db.select().from(agencies).where(and(eq(agencies.id, agencyId), eq(agencies.partnershipId, partnershipId))).get();
  if (!row) throw refused(path, 'Unknown agency', 'The agency named is not in this partnership.');
  return row;
}

export async function referencedBoard(ctx: ServiceContext, partnershipId: number, boardId: number, path: string) {
  const row = await ctx.db.select().from(boards).where(and(eq(boards.id, boardId), eq(boards.partnershipId, partnershipId))).get();
  if (!row) throw refused(path, 'Unknown board', 'The board named is not in this partnership.');
  return row;
}

export async function referencedMeeting(ctx: ServiceContext, partnershipId: number, meetingId: number, path: string) {
  const row = await ctx.db.select().from(meetings).where(and(eq(meetings.id, meetingId), eq(meetings.partnershipId, partnershipId))).get();
  if (!row) throw refused(path, 'Unknown meeting', 'The meeting named is not in this partnership.');
  return row;
}

/** An agenda item of that meeting (the meeting already checked against the partnership). */
export async function referencedAgendaItem(ctx: ServiceContext, meetingId: number, itemId: number, path: string) {
  const row = await ctx.db.select().from(agendaItems).where(and(eq(agendaItems.id, itemId), eq(agendaItems.meetingId, meetingId))).get();
  if (!row) throw refused(path, 'Not an item of that meeting', 'The agenda item named is not on that meeting’s agenda.');
  return row;
}

/**
 * The record a challenge is about, by its kind: a risk id, a mitigation's row id (whatever its form:
 * it is looked up, never parsed), an action id, an agenda item id. "No linked record" takes no reference.
 */
export async function assertSubject(ctx: ServiceContext, partnershipId: number, kind: ChallengeSubjectKind, ref: string | null, path = 'subjectRef'): Promise<void> {
  if (ref === null) return;
  const missing = (what: string) => refused(path, `No such ${what} in this partnership`, `The ${what} this challenge is about is not in this partnership.`);
  switch (kind) {
    case 'none':
      throw refused(path, 'No linked record takes no reference', 'A challenge with no linked record takes no reference.');
    case 'risk': {
      const ok = DIGITS.test(ref) && (await ctx.db.select({ id: risks.id }).from(risks).where(and(eq(risks.id, Number(ref)), eq(risks.partnershipId, partnershipId))).get());
      if (!ok) throw missing('risk');
      return;
    }
    case 'mitigation': {
      const ok = await ctx.db
        .select({ id: mitigations.id })
        .from(mitigations)
        .innerJoin(risks, eq(risks.id, mitigations.riskId))
        .where(and(eq(mitigations.id, ref), eq(risks.partnershipId, partnershipId)))
        .get();
      if (!ok) throw missing('mitigation');
      return;
    }
    case 'action': {
      const ok =
        DIGITS.test(ref) &&
        (await ctx.db.select({ id: meetingActions.id }).from(meetingActions).where(and(eq(meetingActions.id, Number(ref)), eq(meetingActions.partnershipId, partnershipId))).get());
      if (!ok) throw missing('action');
      return;
    }
    case 'meeting_item': {
      const ok =
        DIGITS.test(ref) &&
        (await ctx.db
          .select({ id: agendaItems.id })
          .from(agendaItems)
          .innerJoin(meetings, eq(meetings.id, agendaItems.meetingId))
          .where(and(eq(agendaItems.id, Number(ref)), eq(meetings.partnershipId, partnershipId)))
          .get());
      if (!ok) throw missing('agenda item');
      return;
    }
  }
}
