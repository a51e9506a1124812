import { and, asc, desc, eq, inArray, or, sql } from 'drizzle-orm';
import { agendaLinkViews } from './link-labels.js';
import { alias } from 'drizzle-orm/sqlite-core';
import {
  agencies,
  agendaItems,
  agendaLinks,
  boardQuorumRules,
  boards,
  meetingActions,
  meetingAttendance,
  meetingDecisions,
  meetingGuests,
  meetings,
  people,
} from '../../db/schema.js';
import { AppError } from '../../../shared/errors.js';
import { DEFAULT_QUORUM, actionReference, attendanceRates, isActionOverdue, isChairAway, quorum } from '../../../shared/domain/meetings.js';
import type { Seat, SeatAttendance } from '../../../shared/domain/attendance.js';
import { todayIn } from '../../../shared/domain/scoring.js';
import type {
  ActionView,
  AgendaLinkKind,
  AgendaItemView,
  AttendanceReport,
  AttendanceStatus,
  AttendanceView,
  HandView,
  MeetingState,
  MeetingSummary,
  QuorumRule,
} from '../../../shared/schemas/meeting.js';
import type { AdminService } from '../admin/index.js';
import { papersOf } from './papers.js';
import type { ServiceContext } from '../../core/context.js';

const signer = alias(people, 'signer');
const presenter = alias(people, 'presenter');
const creator = alias(people, 'creator');
const deputy = alias(people, 'deputy');

export type MeetingRow = typeof meetings.$inferSelect;

/**
 * What the Yjs server's commit path and the rights checks it makes read of meetings: synchronous, as
 * that path is (doc.ts, and the lent rights the risks and challenges features decide inside it).
 * Nothing else calls these.
 */
export interface MeetingCommitReads {
  row(meetingId: number): Promise<MeetingRow | null>;
  /**
   * Boards holding an in-progress meeting whose agenda links this record and at which this person is
   * present, or attends as the named deputy of a member: the people the meeting lends the right to edit.
   */
  liveMeetingBoardsLinking(kind: AgendaLinkKind, ref: string, personId: number): Promise<number[]>;
  /**
   * One meeting as a right lent by it is weighed: its board and status, whether an item still on its
   * agenda links this record, and whether this person fills a seat there (present in their own, or the
   * named deputy of a member represented: the same rule as liveMeetingBoardsLinking). Null: no such meeting.
   */
  meetingLinking(meetingId: number, kind: AgendaLinkKind, ref: string, personId: number): Promise<{ partnershipId: number; boardId: number; status: MeetingRow['status']; linksRecord: boolean; attends: boolean } | null>;
}

/**
 * Read side of meetings: everything comes from SQLite rows and projections, never from opening docs.
 * Asynchronous, so the storage behind it may be (on SQLite each call resolves at once); the writes are
 * MeetingRepository's.
 */
export class MeetingQueries {
  readonly commitPath: MeetingCommitReads;

  constructor(
    private readonly ctx: ServiceContext,
    private readonly admin: AdminService,
  ) {
    this.commitPath = {
      row: async (id) => this.rowNow(id),
      liveMeetingBoardsLinking: async (kind, ref, personId) => this.liveNow(kind, ref, personId),
      meetingLinking: async (meetingId, kind, ref, personId) => this.meetingLinkingNow(meetingId, kind, ref, personId),
    };
  }

  private async rowNow(meetingId: number): Promise<MeetingRow | null> {
    return (await this.ctx.db.select().from(meetings).where(eq(meetings.id, meetingId)).get()) ?? null;
  }

  async row(meetingId: number): Promise<MeetingRow | null> {
    return this.rowNow(meetingId);
  }

  async list(partnershipId: number, boardId: number): Promise<MeetingSummary[]> {
    const ids = await this.ctx.db
      .select({ id: meetings.id })
      .from(meetings)
      .where(and(eq(meetings.partnershipId, partnershipId), eq(meetings.boardId, boardId)))
      .orderBy(desc(meetings.startsAt))
      .all();
    return Promise.all(ids.map((r) => this.summary(r.id)));
  }

  async summary(meetingId: number): Promise<MeetingSummary> {
    const r = await this.ctx.db
      .select({ m: meetings, boardName: boards.name, signedOffByName: signer.name })
      .from(meetings)
      .innerJoin(boards, eq(boards.id, meetings.boardId))
      .leftJoin(signer, eq(signer.id, meetings.signedOffBy))
      .where(eq(meetings.id, meetingId))
      .get();
    if (!r) throw new AppError('NOT_FOUND', 'Meeting not found.');
    const itemCount = (await this.ctx.db
      .select({ n: sql<number>`count(*)` })
      .from(agendaItems)
      .where(and(eq(agendaItems.meetingId, meetingId), eq(agendaItems.removed, false)))
      .get())!.n;
    const m = r.m;
    return {
      id: m.id,
      boardId: m.boardId,
      boardName: r.boardName,
      title: m.title,
      startsAt: m.startsAt,
      location: m.location,
      onlineLink: m.onlineLink,
      status: m.status,
      papersDeadline: m.papersDeadline,
      currentItemId: m.currentItemId,
      itemStartedAt: m.itemStartedAt,
      startedAt: m.startedAt,
      closedAt: m.closedAt,
      signedOffAt: m.signedOffAt,
      signedOffByName: r.signedOffByName,
      itemCount,
    };
  }

  async quorumRule(boardId: number): Promise<QuorumRule> {
    const r = await this.ctx.db.select().from(boardQuorumRules).where(eq(boardQuorumRules.boardId, boardId)).get();
    return r ? { percent: r.percent, chairRequired: r.chairRequired } : DEFAULT_QUORUM;
  }

  async agenda(meetingId: number): Promise<AgendaItemView[]> {
    const rows = await this.ctx.db
      .select({ i: agendaItems, presenterName: presenter.name, agencyName: agencies.name })
      .from(agendaItems)
      .leftJoin(presenter, eq(presenter.id, agendaItems.presenterPersonId))
      .leftJoin(agencies, eq(agencies.id, agendaItems.presenterAgencyId))
      .where(and(eq(agendaItems.meetingId, meetingId), eq(agendaItems.removed, false)))
      .orderBy(asc(agendaItems.position), asc(agendaItems.id))
      .all();
    const links = await agendaLinkViews(this.ctx.db, rows.map((r) => r.i.id));
    return rows.map(({ i, presenterName, agencyName }, index) => ({
      id: i.id,
      position: index,
      title: i.title,
      presenterPersonId: i.presenterPersonId,
      presenterName,
      presenterAgencyId: i.presenterAgencyId,
      presenterAgencyName: agencyName,
      minutes: i.minutes,
      links: links.get(i.id) ?? [],
      notes: i.notes,
    }));
  }


  /**
   * The board's seats and what is recorded for each at this meeting, with the deputies' agencies: what the
   * seat rules (one person, one seat; a deputy of the member's agency) are decided on.
   */
  async seatAttendance(meetingId: number, boardId: number): Promise<{ seats: (Seat & { agencyId: number; name: string; agencyName: string })[]; recorded: Map<number, SeatAttendance & { status: AttendanceStatus }> }> {
    const seats = (await this.admin.members(boardId)).map((m) => ({ personId: m.personId, role: m.role, agencyId: m.agencyId, name: m.personName, agencyName: m.agencyName }));
    const recorded = new Map(
      (await this.ctx.db
        .select({ a: meetingAttendance, deputyAgencyId: deputy.agencyId })
        .from(meetingAttendance)
        .leftJoin(deputy, eq(deputy.id, meetingAttendance.deputyPersonId))
        .where(eq(meetingAttendance.meetingId, meetingId))
        .all())
        .map((r) => [r.a.personId, { status: r.a.status, deputyPersonId: r.a.deputyPersonId, deputyAgencyId: r.deputyAgencyId }] as const),
    );
    return { seats, recorded };
  }

  /** The chair of the meeting's board is recorded as apologies or absent at it: a vice-chair then chairs. */
  async chairAway(meetingId: number, boardId: number): Promise<boolean> {
    const { seats, recorded } = await this.seatAttendance(meetingId, boardId);
    return isChairAway(seats.filter((s) => s.role === 'chair').map((s) => recorded.get(s.personId)?.status ?? null));
  }

  /** What is recorded for one person's own seat at the meeting. */
  async ownStatus(meetingId: number, personId: number): Promise<AttendanceStatus | null> {
    return (await this.ctx.db.select({ status: meetingAttendance.status }).from(meetingAttendance).where(and(eq(meetingAttendance.meetingId, meetingId), eq(meetingAttendance.personId, personId))).get())?.status ?? null;
  }

  async attendance(meetingId: number, boardId: number): Promise<AttendanceView[]> {
    const recorded = new Map(
      (await this.ctx.db
        .select({ a: meetingAttendance, deputyName: deputy.name })
        .from(meetingAttendance)
        .leftJoin(deputy, eq(deputy.id, meetingAttendance.deputyPersonId))
        .where(eq(meetingAttendance.meetingId, meetingId))
        .all())
        .map((r) => [r.a.personId, r]),
    );
    const seats = await this.admin.members(boardId);
    const agencyIds = [...new Set(seats.map((s) => s.agencyId))];
    const colleagues =
      agencyIds.length === 0
        ? []
        : (await this.ctx.db.select({ id: people.id, name: people.name, agencyId: people.agencyId }).from(people).where(and(inArray(people.agencyId, agencyIds), eq(people.disabled, false))).orderBy(asc(people.name)).all());
    return seats.map((m) => {
      const r = recorded.get(m.personId);
      const candidates = colleagues.filter((c) => c.agencyId === m.agencyId && c.id !== m.personId).map((c) => ({ id: c.id, name: c.name }));
      return {
        personId: m.personId,
        name: m.personName,
        agencyName: m.agencyName,
        role: m.role,
        status: r?.a.status ?? null,
        deputy: r?.a.deputyPersonId ? { id: r.a.deputyPersonId, name: r.deputyName ?? '' } : null,
        namedDeputy: m.deputy,
        deputyCandidates: m.deputy ? [m.deputy, ...candidates.filter((c) => c.id !== m.deputy!.id)] : candidates,
      };
    });
  }

  async actions(partnershipId: number, filter: { boardId?: number | undefined; meetingId?: number; ids?: number[] } = {}): Promise<ActionView[]> {
    const conditions = [eq(meetingActions.partnershipId, partnershipId)];
    if (filter.boardId) conditions.push(eq(meetingActions.boardId, filter.boardId));
    if (filter.meetingId) conditions.push(eq(meetingActions.meetingId, filter.meetingId));
    if (filter.ids) conditions.push(inArray(meetingActions.id, filter.ids));
    const today = todayIn(this.ctx.clock());
    const owner = alias(people, 'owner');
    return (await this.ctx.db
      .select({ a: meetingActions, ownerName: owner.name, agencyName: agencies.name, meetingTitle: meetings.title, meetingDate: meetings.startsAt, itemTitle: agendaItems.title, createdByName: creator.name })
      .from(meetingActions)
      .innerJoin(owner, eq(owner.id, meetingActions.ownerId))
      .leftJoin(agencies, eq(agencies.id, meetingActions.agencyId))
      .leftJoin(meetings, eq(meetings.id, meetingActions.meetingId))
      .leftJoin(agendaItems, eq(agendaItems.id, meetingActions.itemId))
      .leftJoin(creator, eq(creator.id, meetingActions.createdBy))
      .where(and(...conditions))
      .orderBy(asc(meetingActions.dueDate), asc(meetingActions.id))
      .all())
      .map(({ a, ...names }) => ({
        id: a.id,
        reference: actionReference(a.id),
        boardId: a.boardId,
        meetingId: a.meetingId,
        meetingTitle: names.meetingTitle,
        meetingDate: names.meetingDate,
        itemId: a.itemId,
        itemTitle: names.itemTitle,
        description: a.description,
        ownerId: a.ownerId,
        ownerName: names.ownerName,
        agencyId: a.agencyId,
        agencyName: names.agencyName,
        dueDate: a.dueDate,
        status: a.status,
        overdue: isActionOverdue(a.dueDate, a.status, today),
        createdAt: a.createdAt,
        createdByName: names.createdByName,
      }));
  }

  async state(meetingId: number, hands: HandView[]): Promise<MeetingState> {
    const meeting = await this.summary(meetingId);
    const attendance = await this.attendance(meetingId, meeting.boardId);
    const rule = await this.quorumRule(meeting.boardId);
    const { seats, recorded } = await this.seatAttendance(meetingId, meeting.boardId);
    const q = quorum(rule, seats, recorded);
    const decisions = (await this.ctx.db
      .select({ d: meetingDecisions, byName: people.name })
      .from(meetingDecisions)
      .leftJoin(people, eq(people.id, meetingDecisions.createdBy))
      .where(eq(meetingDecisions.meetingId, meetingId))
      .orderBy(asc(meetingDecisions.createdAt), asc(meetingDecisions.id))
      .all())
      .map(({ d, byName }) => ({ id: d.id, itemId: d.itemId, text: d.text, byName, at: d.createdAt }));
    const partnershipId = (await this.rowNow(meetingId))!.partnershipId;
    return {
      meeting,
      agenda: await this.agenda(meetingId),
      attendance,
      guests: (await this.ctx.db.select({ id: meetingGuests.id, name: meetingGuests.name, agency: meetingGuests.agency }).from(meetingGuests).where(eq(meetingGuests.meetingId, meetingId)).all()),
      decisions,
      actions: await this.actions(partnershipId, { meetingId }),
      hands,
      quorum: { rule, ...q },
      papers: (await papersOf(this.ctx, meetingId, meeting.papersDeadline)),
    };
  }

  /** See MeetingCommitReads.liveMeetingBoardsLinking. */
  async liveMeetingBoardsLinking(kind: AgendaLinkKind, ref: string, personId: number): Promise<number[]> {
    return this.liveNow(kind, ref, personId);
  }

  private async liveNow(kind: AgendaLinkKind, ref: string, personId: number): Promise<number[]> {
    return (await this.ctx.db
      .selectDistinct({ boardId: meetings.boardId })
      .from(agendaLinks)
      .innerJoin(meetings, eq(meetings.id, agendaLinks.meetingId))
      .innerJoin(agendaItems, eq(agendaItems.id, agendaLinks.itemId))
      .innerJoin(meetingAttendance, eq(meetingAttendance.meetingId, meetings.id))
      .where(
        and(
          eq(agendaLinks.kind, kind),
          eq(agendaLinks.ref, ref),
          eq(meetings.status, 'in_progress'),
          eq(agendaItems.removed, false),
          or(
            and(eq(meetingAttendance.personId, personId), eq(meetingAttendance.status, 'present')),
            and(eq(meetingAttendance.deputyPersonId, personId), eq(meetingAttendance.status, 'represented')),
          ),
        ),
      )
      .all())
      .map((r) => r.boardId);
  }

  private async meetingLinkingNow(meetingId: number, kind: AgendaLinkKind, ref: string, personId: number): Promise<ReturnType<MeetingCommitReads['meetingLinking']>> {
    const m = await this.rowNow(meetingId);
    if (!m) return null;
    const linked = await this.ctx.db
      .select({ id: agendaLinks.id })
      .from(agendaLinks)
      .innerJoin(agendaItems, eq(agendaItems.id, agendaLinks.itemId))
      .where(and(eq(agendaLinks.meetingId, meetingId), eq(agendaLinks.kind, kind), eq(agendaLinks.ref, ref), eq(agendaItems.removed, false)))
      .get();
    const seated = await this.ctx.db
      .select({ personId: meetingAttendance.personId })
      .from(meetingAttendance)
      .where(
        and(
          eq(meetingAttendance.meetingId, meetingId),
          or(
            and(eq(meetingAttendance.personId, personId), eq(meetingAttendance.status, 'present')),
            and(eq(meetingAttendance.deputyPersonId, personId), eq(meetingAttendance.status, 'represented')),
          ),
        ),
      )
      .get();
    return { partnershipId: m.partnershipId, boardId: m.boardId, status: m.status, linksRecord: linked !== undefined, attends: seated !== undefined };
  }

  /** The records of one kind that the meeting's agenda links to. */
  async linkedIds(meetingId: number, kind: AgendaLinkKind): Promise<number[]> {
    return (await this.ctx.db
      .selectDistinct({ ref: agendaLinks.ref })
      .from(agendaLinks)
      .where(and(eq(agendaLinks.meetingId, meetingId), eq(agendaLinks.kind, kind)))
      .all())
      .map((r) => Number(r.ref));
  }

  async attendanceReport(partnershipId: number, boardId: number): Promise<AttendanceReport> {
    const held = (await this.ctx.db
      .select({ id: meetings.id })
      .from(meetings)
      .where(and(eq(meetings.partnershipId, partnershipId), eq(meetings.boardId, boardId), inArray(meetings.status, ['closed', 'signed_off'])))
      .all())
      .map((m) => m.id);
    const seats = (await this.admin.members(boardId)).filter((m) => m.role !== 'observer');
    const recorded = new Map<string, SeatAttendance>();
    if (held.length > 0) {
      for (const { a, deputyAgencyId } of (await this.ctx.db
        .select({ a: meetingAttendance, deputyAgencyId: deputy.agencyId })
        .from(meetingAttendance)
        .leftJoin(deputy, eq(deputy.id, meetingAttendance.deputyPersonId))
        .where(inArray(meetingAttendance.meetingId, held))
        .all())) {
        recorded.set(`${a.meetingId}:${a.personId}`, { status: a.status, deputyPersonId: a.deputyPersonId, deputyAgencyId });
      }
    }
    const records = held.flatMap((meetingId) =>
      seats.map((s) => ({ meetingId, personId: s.personId, agencyId: s.agencyId, ...(recorded.get(`${meetingId}:${s.personId}`) ?? { status: null }) })),
    );
    const rates = attendanceRates(records);
    const agencyNames = new Map(seats.map((s) => [s.agencyId, s.agencyName]));
    return {
      boardId,
      meetings: held.length,
      people: seats.map((s) => ({ key: s.personId, name: s.personName, agencyName: s.agencyName, ...(rates.people.get(s.personId) ?? { meetings: 0, attended: 0, rate: null }) })),
      agencies: [...agencyNames].map(([id, name]) => ({ key: id, name, ...(rates.agencies.get(id) ?? { meetings: 0, attended: 0, rate: null }) })).sort((a, b) => a.name.localeCompare(b.name)),
    };
  }
}
