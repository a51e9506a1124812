import { and, eq, inArray, max } from 'drizzle-orm';
import * as Y from 'yjs';
import type { DocStore } from '../db/doc-store.js';
import { docName } from '../../shared/protocol/yjs.js';
import { boardChallengeSettings, boards, challengeEvents, challenges, memberships, people } from '../db/schema.js';
import { AppError } from '../../shared/errors.js';
import { canRaiseChallenge, type Access, type Actor } from '../../shared/domain/permissions.js';
import { canChallenge, challengeAccess, challengeReference, nextChallengeStatus, type ChallengeFacts } from '../../shared/domain/challenges.js';
import { addDays, todayIn } from '../../shared/domain/scoring.js';
import { CHALLENGE_COMMANDS, CHALLENGE_DOC, type ChallengeCommand, type ChallengeDetail, type ChallengeRow, type RaiseChallengePayload } from '../../shared/schemas/challenge.js';
import { writeAudit } from './audit.js';
import { isoAt, type ServiceContext } from './context.js';
import type { ChallengeQueries } from './challenge-queries.js';
import type { Delivery, NotificationService } from './notifications.js';
import { assertSubject, referencedAgendaItem, referencedMeeting, referencedPerson, refused } from './references.js';

type Row = typeof challenges.$inferSelect;

/** The challenge log's commands: raising, answering and deciding, each authorised and on the record. */
export class ChallengeService {
  /** Boards with a live meeting linking the challenge at which the person attends. */
  liveMeetingBoards: (challengeId: number, personId: number) => number[] = () => [];

  constructor(
    private readonly ctx: ServiceContext,
    readonly queries: ChallengeQueries,
    private readonly notifications: NotificationService,
    private readonly docs: DocStore,
  ) {}

  row(challengeId: number): Row | null {
    return this.ctx.db.select().from(challenges).where(eq(challenges.id, challengeId)).get() ?? null;
  }

  facts(row: Row, personId?: number): ChallengeFacts {
    const settings = this.ctx.db.select().from(boardChallengeSettings).where(eq(boardChallengeSettings.boardId, row.boardId)).get();
    return {
      partnershipId: row.partnershipId,
      boardId: row.boardId,
      escalatedToBoardId: row.escalatedToBoardId,
      raisedById: row.raisedById,
      directedAgencyId: row.directedAgencyId,
      status: row.status,
      raiserMayDecide: settings?.raiserMayDecide ?? false,
      liveMeetingBoardIds: personId === undefined ? [] : this.liveMeetingBoards(row.id, personId),
    };
  }

  access(actor: Actor, challengeId: number, part: 'question' | 'response'): Access {
    const row = this.row(challengeId);
    return row ? challengeAccess(actor, this.facts(row, actor.personId), part) : 'none';
  }

  detail(actor: Actor, challengeId: number): ChallengeDetail {
    const row = this.row(challengeId);
    if (!row || row.partnershipId !== actor.partnershipId) throw new AppError('NOT_FOUND', 'Challenge not found.');
    const facts = this.facts(row, actor.personId);
    const can = Object.fromEntries(CHALLENGE_COMMANDS.map((c) => [c, canChallenge(actor, c, facts)])) as ChallengeDetail['can'];
    return {
      ...this.queries.row(row.partnershipId, challengeId),
      question: row.question,
      response: row.response,
      timeline: this.queries.timeline(challengeId),
      access: { question: challengeAccess(actor, facts, 'question') === 'edit' ? 'edit' : 'read', response: challengeAccess(actor, facts, 'response') === 'edit' ? 'edit' : 'read' },
      can,
    };
  }

  /**
   * Reminders: three days before a response is due, and once it is overdue. Each is sent once per
   * round (a pressed challenge is a new round), so running this often is harmless.
   */
  sendReminders(): void {
    const today = todayIn(this.ctx.clock());
    const soon = addDays(today, 3);
    const owing = this.ctx.db.select().from(challenges).where(inArray(challenges.status, ['open', 'pressed', 'escalated'])).all();
    const deliveries = this.ctx.database.transaction(() =>
      owing.flatMap((row) => {
        const ref = challengeReference(row.number);
        const base = { partnershipId: row.partnershipId, challengeId: row.id, link: `/challenges/${row.id}` };
        if (row.dueDate < today) {
          return [this.notifications.notify([...this.answerers(row), ...this.deciders(row)], { ...base, kind: 'overdue', text: `${ref} ${row.title}: the response was due ${row.dueDate}`, dedupeKey: `overdue:${row.id}:${row.round}` })];
        }
        if (row.dueDate <= soon) {
          return [this.notifications.notify(this.answerers(row), { ...base, kind: 'due_soon', text: `${ref} ${row.title}: the response is due ${row.dueDate}`, dedupeKey: `due_soon:${row.id}:${row.round}` })];
        }
        return [];
      }),
    );
    this.notifications.deliver(...deliveries);
  }

  raise(actor: Actor, payload: RaiseChallengePayload): ChallengeRow {
    const board = this.ctx.db.select().from(boards).where(and(eq(boards.id, payload.boardId), eq(boards.partnershipId, actor.partnershipId))).get();
    if (!board) throw new AppError('NOT_FOUND', 'Board not found.');
    if (!canRaiseChallenge(actor, { partnershipId: board.partnershipId, boardId: board.id })) throw new AppError('FORBIDDEN', 'Only the board’s members can raise a challenge at it.');
    const agency = this.queries.agencyIn(actor.partnershipId, payload.directedAgencyId);
    if (payload.directedPersonId !== null) {
      const person = referencedPerson(this.ctx, actor.partnershipId, payload.directedPersonId, 'directedPersonId');
      if (person.agencyId !== agency.id) throw refused('directedPersonId', 'Not in that agency', 'The named person must work for the agency challenged.');
    }
    this.assertReferences(actor.partnershipId, payload);
    if (payload.dueDate < todayIn(this.ctx.clock())) throw new AppError('VALIDATION_FAILED', 'The response cannot be due in the past.', [{ path: 'dueDate', message: 'In the past' }]);
    const at = isoAt(this.ctx.clock);
    const { id, delivery } = this.ctx.database.transaction(() => {
      const next = (this.ctx.db.select({ n: max(challenges.number) }).from(challenges).where(eq(challenges.partnershipId, actor.partnershipId)).get()?.n ?? 0) + 1;
      const row = this.ctx.db
        .insert(challenges)
        .values({
          partnershipId: actor.partnershipId,
          number: next,
          boardId: board.id,
          title: payload.title,
          question: payload.question,
          raisedById: actor.personId,
          raisedByAgencyId: actor.agencyId,
          raisedAt: at,
          meetingId: payload.meetingId,
          agendaItemId: payload.agendaItemId,
          directedAgencyId: agency.id,
          directedPersonId: payload.directedPersonId,
          subjectKind: payload.subjectKind,
          subjectRef: payload.subjectRef,
          dueDate: payload.dueDate,
          updatedAt: at,
        })
        .returning()
        .get();
      // The question typed into the form is the first state of the challenge's shared document.
      const question = new Y.Doc();
      question.getText(CHALLENGE_DOC.question).insert(0, payload.question);
      this.docs.append(docName('challenge', row.id), Y.encodeStateAsUpdate(question), actor.personId, this.ctx.clock());
      question.destroy();
      this.event(row.id, 'raised', actor.personId, { dueDate: payload.dueDate });
      writeAudit(this.ctx, { partnershipId: actor.partnershipId, actorId: actor.personId, action: 'challenge.raise', entityType: 'challenge', entityId: row.id, detail: { title: payload.title, directedTo: agency.name, dueDate: payload.dueDate } });
      const ref = challengeReference(row.number);
      return {
        id: row.id,
        delivery: this.notifications.notify(this.answerers(row), { partnershipId: row.partnershipId, kind: 'challenge_directed', challengeId: row.id, text: `${ref} ${payload.title}: a challenge to ${agency.name}, response due ${payload.dueDate}`, link: `/challenges/${row.id}` }),
      };
    });
    this.notifications.deliver(delivery);
    return this.queries.row(actor.partnershipId, id);
  }

  /**
   * The records a new challenge points at are this partnership's: the meeting it was raised in, an
   * item of that meeting, and the record it is about. Otherwise the log would link (and its readers
   * follow) records of another partnership.
   */
  private assertReferences(partnershipId: number, p: RaiseChallengePayload): void {
    if (p.meetingId !== null) referencedMeeting(this.ctx, partnershipId, p.meetingId, 'meetingId');
    if (p.agendaItemId !== null) {
      if (p.meetingId === null) throw refused('agendaItemId', 'Name the meeting too', 'An agenda item is named with its meeting.');
      referencedAgendaItem(this.ctx, p.meetingId, p.agendaItemId, 'agendaItemId');
    }
    assertSubject(this.ctx, partnershipId, p.subjectKind, p.subjectRef);
  }

  /** Any transition; the question text of a submitted response is frozen into the timeline. */
  command(actor: Actor, command: ChallengeCommand, challengeId: number, input: { reason?: string; dueDate?: string } = {}): ChallengeRow {
    const row = this.row(challengeId);
    if (!row || row.partnershipId !== actor.partnershipId) throw new AppError('NOT_FOUND', 'Challenge not found.');
    const facts = this.facts(row);
    const next = nextChallengeStatus(row.status, command);
    if (next === null) throw new AppError('CONFLICT', `A challenge that is ${row.status.replace('_', ' ')} cannot be ${VERB[command]}.`);
    if (!canChallenge(actor, command, facts)) throw new AppError('FORBIDDEN', FORBIDDEN_MESSAGE[command]);
    if (command === 'submit' && row.response.trim() === '') throw new AppError('VALIDATION_FAILED', 'Write the response before submitting it.', [{ path: 'response', message: 'Empty' }]);
    if (command === 'press' && (!input.dueDate || input.dueDate < todayIn(this.ctx.clock()))) {
      throw new AppError('VALIDATION_FAILED', 'A further response needs a due date from today on.', [{ path: 'dueDate', message: 'Required, not in the past' }]);
    }
    let parent: number | null = null;
    if (command === 'escalate') {
      parent = this.ctx.db.select({ p: boards.parentBoardId }).from(boards).where(eq(boards.id, row.boardId)).get()?.p ?? null;
      if (!parent) throw new AppError('CONFLICT', 'This board has no board to escalate to.');
    }
    const at = isoAt(this.ctx.clock);
    const delivery = this.ctx.database.transaction((): Delivery => {
      const patch: Partial<Row> = { status: next, updatedAt: at };
      if (command === 'submit' && !row.respondedAt) patch.respondedAt = at;
      if (command === 'press') Object.assign(patch, { dueDate: input.dueDate, round: row.round + 1 });
      if (command === 'escalate') patch.escalatedToBoardId = parent;
      if (command === 'close') patch.closedAt = at;
      this.ctx.db.update(challenges).set(patch).where(eq(challenges.id, challengeId)).run();
      this.event(challengeId, PAST[command], actor.personId, { reason: input.reason ?? null, dueDate: input.dueDate ?? null, response: command === 'submit' ? row.response : null });
      writeAudit(this.ctx, { partnershipId: row.partnershipId, actorId: actor.personId, action: `challenge.${command}`, entityType: 'challenge', entityId: challengeId, detail: { from: row.status, to: next, ...input } });
      return this.notifyFor(command, { ...row, ...patch } as Row);
    });
    this.notifications.deliver(delivery);
    return this.queries.row(row.partnershipId, challengeId);
  }

  setRaiserMayDecide(partnershipId: number, actorId: number, boardId: number, raiserMayDecide: boolean): void {
    const board = this.ctx.db.select().from(boards).where(and(eq(boards.id, boardId), eq(boards.partnershipId, partnershipId))).get();
    if (!board) throw new AppError('NOT_FOUND', 'Board not found.');
    this.ctx.database.transaction(() => {
      this.ctx.db.insert(boardChallengeSettings).values({ boardId, raiserMayDecide }).onConflictDoUpdate({ target: boardChallengeSettings.boardId, set: { raiserMayDecide } }).run();
      writeAudit(this.ctx, { partnershipId, actorId, action: 'board.challenge_settings', entityType: 'board', entityId: boardId, detail: { board: board.name, raiserMayDecide } });
    });
  }

  /** The people who owe the response: the named person, and the agency's members of the board and their deputies. */
  answerers(row: Pick<Row, 'boardId' | 'escalatedToBoardId' | 'directedAgencyId' | 'directedPersonId' | 'partnershipId'>): number[] {
    const ids = new Set<number>();
    if (row.directedPersonId) ids.add(row.directedPersonId);
    for (const boardId of [row.boardId, row.escalatedToBoardId]) {
      if (!boardId) continue;
      const seats = this.ctx.db
        .select({ personId: memberships.personId, deputy: memberships.deputyPersonId, agencyId: people.agencyId })
        .from(memberships)
        .innerJoin(people, eq(people.id, memberships.personId))
        .where(eq(memberships.boardId, boardId))
        .all();
      for (const s of seats) {
        if (s.agencyId !== row.directedAgencyId) continue;
        ids.add(s.personId);
        if (s.deputy) ids.add(s.deputy);
      }
    }
    if (ids.size === 0) {
      for (const p of this.ctx.db.select({ id: people.id }).from(people).where(and(eq(people.agencyId, row.directedAgencyId), eq(people.disabled, false))).all()) ids.add(p.id);
    }
    return [...ids];
  }

  /** The people who decide: the raiser and the chairs of the board (and of the board it was escalated to). */
  deciders(row: Pick<Row, 'boardId' | 'escalatedToBoardId' | 'raisedById'>): number[] {
    const ids = new Set<number>([row.raisedById]);
    for (const boardId of [row.boardId, row.escalatedToBoardId]) {
      if (!boardId) continue;
      for (const s of this.ctx.db.select().from(memberships).where(and(eq(memberships.boardId, boardId), eq(memberships.role, 'chair'))).all()) ids.add(s.personId);
    }
    return [...ids];
  }

  private notifyFor(command: ChallengeCommand, row: Row): Delivery {
    const ref = challengeReference(row.number);
    const base = { partnershipId: row.partnershipId, challengeId: row.id, link: `/challenges/${row.id}` };
    switch (command) {
      case 'submit':
        return this.notifications.notify(this.deciders(row), { ...base, kind: 'response_submitted', text: `${ref} ${row.title}: the response has been submitted` });
      case 'press':
        return this.notifications.notify(this.answerers(row), { ...base, kind: 'pressed', text: `${ref} ${row.title}: a further response is due ${row.dueDate}` });
      case 'accept':
        return this.notifications.notify(this.answerers(row), { ...base, kind: 'accepted', text: `${ref} ${row.title}: your response was accepted` });
      case 'escalate':
        return this.notifications.notify(this.answerers(row), { ...base, kind: 'challenge_directed', text: `${ref} ${row.title}: escalated to the parent board`, dedupeKey: `escalated:${row.id}` });
      case 'close':
        return [];
    }
  }

  private event(challengeId: number, kind: string, actorId: number | null, extra: { reason?: string | null; dueDate?: string | null; response?: string | null }): void {
    this.ctx.db.insert(challengeEvents).values({ challengeId, kind, actorId, reason: extra.reason || null, dueDate: extra.dueDate ?? null, response: extra.response ?? null, at: isoAt(this.ctx.clock) }).run();
  }
}

const PAST: Record<ChallengeCommand, string> = { submit: 'response_submitted', accept: 'accepted', press: 'pressed', close: 'closed', escalate: 'escalated' };
const FORBIDDEN_MESSAGE: Record<ChallengeCommand, string> = {
  submit: 'Only the agency challenged can submit its response.',
  accept: 'Only the board’s chair can accept a response.',
  press: 'Only the board’s chair can press for a further response.',
  close: 'Only the board’s chair can close a challenge.',
  escalate: 'Only the board’s chair can escalate a challenge.',
};
const VERB: Record<ChallengeCommand, string> = { submit: 'answered', accept: 'accepted', press: 'pressed', close: 'closed', escalate: 'escalated' };
