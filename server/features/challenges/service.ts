import { longDate } from '../../../shared/domain/date-words.js';
import * as Y from 'yjs';
import { docName } from '../../../shared/protocol/yjs.js';
import { AppError } from '../../../shared/errors.js';
import { canRaiseChallenge, type Access, type Actor } from '../../../shared/domain/permissions.js';
import { canChallenge, challengeAccess, challengeReference, nextChallengeStatus, type ChallengeFacts } from '../../../shared/domain/challenges.js';
import { addDays, todayIn } from '../../../shared/domain/scoring.js';
import { CHALLENGE_COMMANDS, CHALLENGE_DOC, type ChallengeCommand, type ChallengeDetail, type ChallengeRow, type RaiseChallengePayload } from '../../../shared/schemas/challenge.js';
import { isoAt, type ServiceContext } from '../../core/context.js';
import { refused } from '../../core/references.js';
import type { ChallengeQueries } from './queries.js';
import type { ChallengeRecord as Row, ChallengeRepository, Notice } from './repo.js';
import type { NotificationService } from '../notifications/index.js';

/** Boards with a live meeting linking the challenge at which the person attends (the meetings feature's; synchronous, as rights are decided inside the Yjs commit too). */
export type LiveMeetingBoards = (challengeId: number, personId: number) => Promise<number[]>;

/** What the Yjs server's commit path reads of challenges: synchronous, and for doc.ts only. */
export interface ChallengeCommitReads {
  row(challengeId: number): Promise<Row | null>;
  access(actor: Actor, challengeId: number, part: 'question' | 'response'): Promise<Access>;
}

/** A challenge as the rules weigh it. */
function factsOf(row: Row, raiserMayDecide: boolean, liveMeetingBoardIds: number[]): ChallengeFacts {
  return {
    partnershipId: row.partnershipId,
    boardId: row.boardId,
    escalatedToBoardId: row.escalatedToBoardId,
    raisedById: row.raisedById,
    directedAgencyId: row.directedAgencyId,
    status: row.status,
    raiserMayDecide,
    liveMeetingBoardIds,
  };
}

/**
 * The challenge log's commands: raising, answering and deciding, each authorised and on the record.
 * Storage is the repository's (asynchronous); each change is one call to it, announced once committed.
 */
export class ChallengeService {
  readonly commitPath: ChallengeCommitReads;

  constructor(
    private readonly ctx: ServiceContext,
    private readonly repo: ChallengeRepository,
    readonly queries: ChallengeQueries,
    private readonly notifications: NotificationService,
    private readonly liveMeetingBoards: LiveMeetingBoards,
  ) {
    this.commitPath = {
      row: async (challengeId) => repo.commitPath.row(challengeId),
      access: async (actor, challengeId, part) => {
        const row = await repo.commitPath.row(challengeId);
        return row ? challengeAccess(actor, factsOf(row, (await repo.commitPath.raiserMayDecide(row.boardId)), (await this.liveMeetingBoards(row.id, actor.personId))), part) : 'none';
      },
    };
  }

  async row(challengeId: number): Promise<Row | null> {
    return this.repo.row(challengeId);
  }

  async facts(row: Row, personId?: number): Promise<ChallengeFacts> {
    return factsOf(row, await this.repo.raiserMayDecide(row.boardId), personId === undefined ? [] : await this.liveMeetingBoards(row.id, personId));
  }

  async detail(actor: Actor, challengeId: number): Promise<ChallengeDetail> {
    const row = await this.repo.row(challengeId);
    if (!row || row.partnershipId !== actor.partnershipId) throw new AppError('NOT_FOUND', 'Challenge not found.');
    const facts = await this.facts(row, actor.personId);
    const can = Object.fromEntries(CHALLENGE_COMMANDS.map((c) => [c, canChallenge(actor, c, facts)])) as ChallengeDetail['can'];
    return {
      ...(await this.queries.row(row.partnershipId, challengeId)),
      question: row.question,
      response: row.response,
      timeline: await this.queries.timeline(challengeId),
      access: { question: challengeAccess(actor, facts, 'question') === 'edit' ? 'edit' : 'read', response: challengeAccess(actor, facts, 'response') === 'edit' ? 'edit' : 'read' },
      can,
    };
  }

  /**
   * Reminders: three days before a response is due, and once it is overdue. Each is sent once per
   * round (a pressed challenge is a new round), so running this often is harmless.
   */
  async sendReminders(): Promise<void> {
    const today = todayIn(this.ctx.clock());
    const soon = addDays(today, 3);
    const notices: Notice[] = [];
    for (const row of await this.repo.owing()) {
      const ref = challengeReference(row.number);
      const base = { partnershipId: row.partnershipId, challengeId: row.id, link: `/challenges/${row.id}` };
      if (row.dueDate < today) {
        const to = [...(await this.repo.answerers(row)), ...(await this.repo.deciders(row))];
        notices.push({ to, n: { ...base, kind: 'overdue', text: `${ref} ${row.title}: the response was due ${row.dueDate}`, dedupeKey: `overdue:${row.id}:${row.round}` } });
      } else if (row.dueDate <= soon) {
        notices.push({ to: await this.repo.answerers(row), n: { ...base, kind: 'due_soon', text: `${ref} ${row.title}: the response is due ${row.dueDate}`, dedupeKey: `due_soon:${row.id}:${row.round}` } });
      }
    }
    this.notifications.deliver(...(await this.repo.remind(notices)));
  }

  async raise(actor: Actor, payload: RaiseChallengePayload): Promise<ChallengeRow> {
    const board = await this.repo.board(actor.partnershipId, payload.boardId);
    if (!board) throw new AppError('NOT_FOUND', 'Board not found.');
    if (!canRaiseChallenge(actor, { partnershipId: board.partnershipId, boardId: board.id })) throw new AppError('FORBIDDEN', 'Only the board’s members can raise a challenge at it.');
    const agency = await this.queries.agencyIn(actor.partnershipId, payload.directedAgencyId);
    if (payload.directedPersonId !== null) {
      const person = await this.repo.person(actor.partnershipId, payload.directedPersonId, 'directedPersonId');
      if (person.agencyId !== agency.id) throw refused('directedPersonId', 'Not in that agency', 'The named person must work for the agency challenged.');
    }
    // The records a new challenge points at are this partnership's, or the log would link (and its readers follow) another partnership's.
    if (payload.agendaItemId !== null && payload.meetingId === null) throw refused('agendaItemId', 'Name the meeting too', 'An agenda item is named with its meeting.');
    await this.repo.assertRecords(actor.partnershipId, payload);
    if (payload.dueDate < todayIn(this.ctx.clock())) throw new AppError('VALIDATION_FAILED', 'The response cannot be due in the past.', [{ path: 'dueDate', message: 'In the past' }]);
    const at = isoAt(this.ctx.clock);
    const values = {
      partnershipId: actor.partnershipId,
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
    };
    const answerers = await this.repo.answerers({ ...values, escalatedToBoardId: null });
    const { row, delivery } = await this.repo.raise(values, {
      // The question typed into the form is the first state of the challenge's shared document.
      questionDoc: (id) => {
        const question = new Y.Doc();
        question.getText(CHALLENGE_DOC.question).insert(0, payload.question);
        const update = Y.encodeStateAsUpdate(question);
        question.destroy();
        return { docName: docName('challenge', id), update };
      },
      event: { kind: 'raised', actorId: actor.personId, dueDate: payload.dueDate },
      audit: () => ({ partnershipId: actor.partnershipId, actorId: actor.personId, action: 'challenge.raise', entityType: 'challenge', detail: { title: payload.title, directedTo: agency.name, dueDate: payload.dueDate } }),
      notices: (r) => [
        {
          to: answerers,
          n: { partnershipId: r.partnershipId, kind: 'challenge_directed', challengeId: r.id, text: `${challengeReference(r.number)} ${payload.title}: a challenge to ${agency.name}, response due ${longDate(payload.dueDate)}`, detail: payload.question, link: `/challenges/${r.id}` },
        },
      ],
    });
    this.notifications.deliver(...delivery);
    this.ctx.bus.emit('challenge.changed', { partnershipId: actor.partnershipId, challengeId: row.id, command: 'raise' });
    return this.queries.row(actor.partnershipId, row.id);
  }

  /** Any transition; the question text of a submitted response is frozen into the timeline. */
  async command(actor: Actor, command: ChallengeCommand, challengeId: number, input: { reason?: string; dueDate?: string } = {}): Promise<ChallengeRow> {
    const row = await this.repo.row(challengeId);
    if (!row || row.partnershipId !== actor.partnershipId) throw new AppError('NOT_FOUND', 'Challenge not found.');
    const facts = await this.facts(row);
    const next = nextChallengeStatus(row.status, command);
    if (next === null) throw new AppError('CONFLICT', `A challenge that is ${row.status.replace('_', ' ')} cannot be ${VERB[command]}.`);
    if (!canChallenge(actor, command, facts)) throw new AppError('FORBIDDEN', FORBIDDEN_MESSAGE[command]);
    if (command === 'submit' && row.response.trim() === '') throw new AppError('VALIDATION_FAILED', 'Write the response before submitting it.', [{ path: 'response', message: 'Empty' }]);
    if (command === 'press' && (!input.dueDate || input.dueDate < todayIn(this.ctx.clock()))) {
      throw new AppError('VALIDATION_FAILED', 'A further response needs a due date from today on.', [{ path: 'dueDate', message: 'Required, not in the past' }]);
    }
    let parent: number | null = null;
    if (command === 'escalate') {
      parent = await this.repo.parentBoardOf(row.boardId);
      if (!parent) throw new AppError('CONFLICT', 'This board has no board to escalate to.');
    }
    const at = isoAt(this.ctx.clock);
    const patch: Partial<Row> = { status: next, updatedAt: at };
    if (command === 'submit' && !row.respondedAt) patch.respondedAt = at;
    if (command === 'press') Object.assign(patch, { dueDate: input.dueDate, round: row.round + 1 });
    if (command === 'escalate') patch.escalatedToBoardId = parent;
    if (command === 'close') patch.closedAt = at;
    const delivery = await this.repo.transition(row, patch, {
      event: { kind: PAST[command], actorId: actor.personId, reason: input.reason ?? null, dueDate: input.dueDate ?? null, response: command === 'submit' ? row.response : null },
      audit: { partnershipId: row.partnershipId, actorId: actor.personId, action: `challenge.${command}`, entityType: 'challenge', entityId: challengeId, detail: { from: row.status, to: next, ...input } },
      notices: await this.noticesFor(command, { ...row, ...patch }),
    });
    this.notifications.deliver(...delivery);
    this.ctx.bus.emit('challenge.changed', { partnershipId: row.partnershipId, challengeId, command });
    return this.queries.row(row.partnershipId, challengeId);
  }

  async setRaiserMayDecide(partnershipId: number, actorId: number, boardId: number, raiserMayDecide: boolean): Promise<void> {
    const board = await this.repo.board(partnershipId, boardId);
    if (!board) throw new AppError('NOT_FOUND', 'Board not found.');
    await this.repo.setRaiserMayDecide(boardId, raiserMayDecide, { partnershipId, actorId, action: 'board.challenge_settings', entityType: 'board', entityId: boardId, detail: { board: board.name, raiserMayDecide } });
  }

  /** Whom a transition tells, and what: read before the change is written, from the challenge as it will be. */
  private async noticesFor(command: ChallengeCommand, row: Row): Promise<Notice[]> {
    const ref = challengeReference(row.number);
    const base = { partnershipId: row.partnershipId, challengeId: row.id, link: `/challenges/${row.id}` };
    switch (command) {
      case 'submit':
        return [{ to: await this.repo.deciders(row), n: { ...base, kind: 'response_submitted', text: `${ref} ${row.title}: the response has been submitted` } }];
      case 'press':
        return [{ to: await this.repo.answerers(row), n: { ...base, kind: 'pressed', text: `${ref} ${row.title}: a further response is due ${longDate(row.dueDate)}` } }];
      case 'accept':
        return [{ to: await this.repo.answerers(row), n: { ...base, kind: 'accepted', text: `${ref} ${row.title}: your response was accepted` } }];
      case 'escalate':
        return [{ to: await this.repo.answerers(row), n: { ...base, kind: 'challenge_directed', text: `${ref} ${row.title}: escalated to the parent board`, dedupeKey: `escalated:${row.id}` } }];
      case 'close':
        return [];
    }
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
