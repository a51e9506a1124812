import { and, eq, inArray, max } from 'drizzle-orm';
import type { DocStore } from '../../db/doc-store.js';
import { boardChallengeSettings, boards, challengeEvents, challenges, memberships, people } from '../../db/schema.js';
import { AppError } from '../../../shared/errors.js';
import type { ChallengeSubjectKind } from '../../../shared/schemas/challenge.js';
import { writeAudit, type AuditInput } from '../../core/audit.js';
import { isoAt, type ServiceContext } from '../../core/context.js';
import { assertSubject, referencedAgendaItem, referencedMeeting, referencedPerson } from '../../core/references.js';
import type { Delivery, NewNotification, NotificationService } from '../notifications/index.js';

export type ChallengeRecord = typeof challenges.$inferSelect;
export type NewChallenge = Omit<typeof challenges.$inferInsert, 'id' | 'number'>;

/** A timeline entry, written with the change it records. */
export interface ChallengeEventInput {
  kind: string;
  actorId: number | null;
  reason?: string | null;
  dueDate?: string | null;
  response?: string | null;
}

/** Notifications a change sends: written in its transaction, delivered once it has committed. */
export interface Notice {
  to: number[];
  n: NewNotification;
}

/** The people a challenge concerns, by the rows that decide them. */
type Answerable = Pick<ChallengeRecord, 'boardId' | 'escalatedToBoardId' | 'directedAgencyId' | 'directedPersonId'>;
type Decidable = Pick<ChallengeRecord, 'boardId' | 'escalatedToBoardId' | 'raisedById'>;

/**
 * Every read and write of the challenge log's rows that a command makes (the lists and the dashboard
 * are ChallengeQueries'). Public methods are asynchronous, so the storage behind them may be. Each
 * write is one unit of work: the row, its timeline event, its audit row, its notifications and (for a
 * new challenge) the first state of its document, in one transaction; a service never splits one
 * change over several calls.
 *
 * On SQLite every call resolves at once, but the service's checks and its write still run in
 * separate steps, and two commands that arrive in one network read do interleave between them. So a
 * transition re-checks, inside its transaction, that the challenge is still as the service saw it
 * (status and round) and refuses with CONFLICT otherwise. A PostgreSQL repository must do the same:
 * re-check every condition a write depends on inside its own transaction.
 *
 * `commitPath` holds the few synchronous reads the Yjs server's commit and its rights checks need.
 */
export class ChallengeRepository {
  constructor(
    private readonly ctx: ServiceContext,
    private readonly docs: DocStore,
    private readonly notifications: Pick<NotificationService, 'notify'>,
  ) {}

  /** Synchronous, for the Yjs commit path only (doc.ts, through the service's commitPath). */
  readonly commitPath = {
    row: async (challengeId: number): Promise<ChallengeRecord | null> => (await this.ctx.db.select().from(challenges).where(eq(challenges.id, challengeId)).get()) ?? null,
    raiserMayDecide: async (boardId: number): Promise<boolean> => (await this.ctx.db.select().from(boardChallengeSettings).where(eq(boardChallengeSettings.boardId, boardId)).get())?.raiserMayDecide ?? false,
  };

  async row(challengeId: number): Promise<ChallengeRecord | null> {
    return this.commitPath.row(challengeId);
  }

  async raiserMayDecide(boardId: number): Promise<boolean> {
    return this.commitPath.raiserMayDecide(boardId);
  }

  async board(partnershipId: number, boardId: number) {
    return (await this.ctx.db.select().from(boards).where(and(eq(boards.id, boardId), eq(boards.partnershipId, partnershipId))).get()) ?? null;
  }

  async parentBoardOf(boardId: number): Promise<number | null> {
    return (await this.ctx.db.select({ p: boards.parentBoardId }).from(boards).where(eq(boards.id, boardId)).get())?.p ?? null;
  }

  /** A person of the partnership, or a refusal naming the field (core/references.ts). */
  async person(partnershipId: number, personId: number, path: string) {
    return referencedPerson(this.ctx, partnershipId, personId, path);
  }

  /** The meeting, agenda item and subject a new challenge names are the partnership's, or a refusal naming the field. */
  async assertRecords(partnershipId: number, p: { meetingId: number | null; agendaItemId: number | null; subjectKind: ChallengeSubjectKind; subjectRef: string | null }): Promise<void> {
    if (p.meetingId !== null) await referencedMeeting(this.ctx, partnershipId, p.meetingId, 'meetingId');
    if (p.meetingId !== null && p.agendaItemId !== null) await referencedAgendaItem(this.ctx, p.meetingId, p.agendaItemId, 'agendaItemId');
    await assertSubject(this.ctx, partnershipId, p.subjectKind, p.subjectRef);
  }

  /** Challenges still owed a response, across partnerships (the reminders' round). */
  async owing(): Promise<ChallengeRecord[]> {
    return this.ctx.db.select().from(challenges).where(inArray(challenges.status, ['open', 'pressed', 'escalated'])).all();
  }

  /** The people who owe the response: the named person, and the agency's members of the board and their deputies. */
  async answerers(row: Answerable): Promise<number[]> {
    const ids = new Set<number>();
    if (row.directedPersonId) ids.add(row.directedPersonId);
    for (const boardId of [row.boardId, row.escalatedToBoardId]) {
      if (!boardId) continue;
      const seats = await this.ctx.db
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
      for (const p of (await this.ctx.db.select({ id: people.id }).from(people).where(and(eq(people.agencyId, row.directedAgencyId), eq(people.disabled, false))).all())) ids.add(p.id);
    }
    return [...ids];
  }

  /** The people who decide: the raiser and the chairs of the board (and of the board it was escalated to). */
  async deciders(row: Decidable): Promise<number[]> {
    const ids = new Set<number>([row.raisedById]);
    for (const boardId of [row.boardId, row.escalatedToBoardId]) {
      if (!boardId) continue;
      for (const s of (await this.ctx.db.select().from(memberships).where(and(eq(memberships.boardId, boardId), eq(memberships.role, 'chair'))).all())) ids.add(s.personId);
    }
    return [...ids];
  }

  /**
   * A new challenge, numbered next in its partnership: the row, the first state of its question
   * document, the "raised" event, the audit row and the notices `notices(row)` names, in one transaction.
   */
  async raise(
    values: NewChallenge,
    write: { questionDoc: (id: number) => { docName: string; update: Uint8Array }; event: ChallengeEventInput; audit: (row: ChallengeRecord) => Omit<AuditInput, 'entityId'>; notices: (row: ChallengeRecord) => Notice[] },
  ): Promise<{ row: ChallengeRecord; delivery: Delivery[] }> {
    return this.ctx.database.transaction(async () => {
      const next = ((await this.ctx.db.select({ n: max(challenges.number) }).from(challenges).where(eq(challenges.partnershipId, values.partnershipId)).get())?.n ?? 0) + 1;
      const row = await this.ctx.db
        .insert(challenges)
        .values({ ...values, number: next })
        .returning()
        .get();
      const doc = write.questionDoc(row.id);
      await this.docs.append(doc.docName, doc.update, values.raisedById, this.ctx.clock());
      await this.event(row.id, write.event);
      await writeAudit(this.ctx, { ...write.audit(row), entityId: row.id });
      return { row, delivery: await this.notify(write.notices(row)) };
    });
  }

  /**
   * A transition: the row patched, its event and audit row, its notices, in one transaction; refused
   * with CONFLICT when the challenge moved since the service read it.
   */
  async transition(seen: ChallengeRecord, patch: Partial<ChallengeRecord>, write: { event: ChallengeEventInput; audit: AuditInput; notices: Notice[] }): Promise<Delivery[]> {
    return this.ctx.database.transaction(async () => {
      const moved = await this.ctx.db
        .update(challenges)
        .set(patch)
        .where(and(eq(challenges.id, seen.id), eq(challenges.status, seen.status), eq(challenges.round, seen.round)))
        .run();
      if (moved.changes === 0) throw new AppError('CONFLICT', 'The challenge changed a moment ago. Look again and retry.');
      await this.event(seen.id, write.event);
      await writeAudit(this.ctx, write.audit);
      return this.notify(write.notices);
    });
  }

  async setRaiserMayDecide(boardId: number, raiserMayDecide: boolean, audit: AuditInput): Promise<void> {
    await this.ctx.database.transaction(async () => {
      await this.ctx.db.insert(boardChallengeSettings).values({ boardId, raiserMayDecide }).onConflictDoUpdate({ target: boardChallengeSettings.boardId, set: { raiserMayDecide } }).run();
      await writeAudit(this.ctx, audit);
    });
  }

  /** Reminders, all in one transaction; each is once-only by its dedupe key, so a repeated round writes nothing. */
  async remind(notices: Notice[]): Promise<Delivery[]> {
    return this.ctx.database.transaction(() => this.notify(notices));
  }

  private async notify(notices: Notice[]): Promise<Delivery[]> {
    const deliveries: Delivery[] = [];
    for (const { to, n } of notices) deliveries.push(await this.notifications.notify(to, n));
    return deliveries;
  }

  private async event(challengeId: number, e: ChallengeEventInput): Promise<void> {
    await this.ctx.db
      .insert(challengeEvents)
      .values({ challengeId, kind: e.kind, actorId: e.actorId, reason: e.reason || null, dueDate: e.dueDate ?? null, response: e.response ?? null, at: isoAt(this.ctx.clock) })
      .run();
  }
}
