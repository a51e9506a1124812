import { and, eq } from 'drizzle-orm';
import { boardQuorumRules, boards, meetingActions, meetingAttendance, meetingGuests, meetings, memberships, people } from '../db/schema.js';
import { deputyRefusal, seatClash } from '../../shared/domain/attendance.js';
import { AppError } from '../../shared/errors.js';
import { actionReference, attendanceRefusal, canRunMeeting, canUpdateAction, londonDate, meetingAccess, nextStatus, papersDeadline, runRefusal, signOffRefusal } from '../../shared/domain/meetings.js';
import { scheduleRefusal, startRefusal } from '../../shared/domain/meeting-time.js';
import { canScheduleMeeting, type Actor } from '../../shared/domain/permissions.js';
import type {
  ActionView,
  AttendanceReport,
  CreateActionPayload,
  CreateMeetingPayload,
  HandView,
  MeetingDetail,
  MeetingSummary,
  Minutes,
  QuorumRule,
  QuorumRulePayload,
  SetAttendancePayload,
  UpdateMeetingPayload,
} from '../../shared/schemas/meeting.js';
import type { ActionStatus } from '../../shared/schemas/meeting.js';
import type { AdminService } from './admin.js';
import { writeAudit } from './audit.js';
import { isoAt, type ServiceContext } from './context.js';
import { MeetingGuard, type MeetingResult } from './meeting-guard.js';
import { composeMinutes } from './meeting-minutes.js';
import type { MeetingQueries } from './meeting-queries.js';
import type { NotificationService } from './notifications.js';
import { referencedAgency, referencedPerson, refused } from './references.js';

/**
 * A board's meetings: their life (scheduled → in progress → closed → minutes signed off), attendance,
 * guests, the raise-hand queue and the actions log. Every change is a server command, checked and audited.
 */
export class MeetingService {
  readonly guard: MeetingGuard;
  /** The raise-hand queue lives as long as the meeting runs; it is not part of the record. */
  private readonly hands = new Map<number, HandView[]>();

  /** Set by the composition root: tells an action's owner it is theirs. */
  notifications: NotificationService | null = null;

  constructor(
    private readonly ctx: ServiceContext,
    readonly queries: MeetingQueries,
    readonly admin: AdminService,
  ) {
    this.guard = new MeetingGuard(ctx, queries);
  }

  result(meetingId: number, recheck: MeetingResult['recheck'] = []): MeetingResult {
    return { state: this.queries.state(meetingId, this.hands.get(meetingId) ?? []), recheck };
  }

  detail(actor: Actor, meetingId: number): MeetingDetail {
    const m = this.guard.visible(actor, meetingId);
    const rights = {
      run: canRunMeeting(actor, m),
      edit: meetingAccess(actor, m) === 'edit',
      signOff: signOffRefusal(actor, m, this.queries.ownStatus(meetingId, actor.personId)) === null,
      startBlocked: m.status === 'scheduled' ? startRefusal(m.startsAt, this.ctx.clock()) : null,
    };
    return { ...this.result(meetingId).state, rights };
  }

  list(actor: Actor, boardId: number): MeetingSummary[] {
    this.boardVisible(actor, boardId);
    return this.queries.list(actor.partnershipId, boardId);
  }

  minutes(actor: Actor, meetingId: number): Minutes {
    const m = this.guard.visible(actor, meetingId);
    return m.frozenMinutes ?? composeMinutes(this.result(meetingId).state, m.summary);
  }

  actions(actor: Actor, boardId: number | undefined): ActionView[] {
    if (boardId) this.boardVisible(actor, boardId);
    const all = this.queries.actions(actor.partnershipId, { boardId });
    return actor.isPartnershipAdmin ? all : all.filter((a) => actor.boardRoles.has(a.boardId) || a.ownerId === actor.personId);
  }

  attendanceReport(actor: Actor, boardId: number): AttendanceReport {
    this.boardVisible(actor, boardId);
    return this.queries.attendanceReport(actor.partnershipId, boardId);
  }

  create(actor: Actor, p: CreateMeetingPayload): MeetingSummary {
    const board = this.boardVisible(actor, p.boardId);
    if (!canScheduleMeeting(actor, { partnershipId: board.partnershipId, boardId: board.id })) {
      throw new AppError('FORBIDDEN', 'Only the chair of the board (or an administrator) can schedule its meetings.');
    }
    const past = scheduleRefusal(p.startsAt, this.ctx.clock());
    if (past) throw refused('startsAt', 'Not a day that has passed', past);
    const at = isoAt(this.ctx.clock);
    const id = this.ctx.database.transaction(() => {
      const row = this.ctx.db
        .insert(meetings)
        .values({
          partnershipId: board.partnershipId,
          boardId: board.id,
          title: p.title,
          startsAt: new Date(p.startsAt).toISOString(),
          location: p.location,
          onlineLink: p.onlineLink,
          papersDeadline: p.papersDeadline ?? papersDeadline(londonDate(p.startsAt)),
          createdAt: at,
          createdBy: actor.personId,
        })
        .returning()
        .get();
      writeAudit(this.ctx, { partnershipId: board.partnershipId, actorId: actor.personId, action: 'meeting.create', entityType: 'meeting', entityId: row.id, detail: p });
      return row.id;
    });
    return this.queries.summary(id);
  }

  update(actor: Actor, p: UpdateMeetingPayload): MeetingResult {
    const m = this.guard.chair(actor, p.meetingId, 'update details');
    if (m.status === 'closed') throw new AppError('CONFLICT', 'The meeting has closed; its details can no longer change.');
    const { meetingId, ...patch } = p;
    const set: Partial<typeof meetings.$inferInsert> = { ...patch };
    if (patch.startsAt) {
      // When a meeting was held is on the record (startedAt); its scheduled day stays as it was announced.
      if (m.status !== 'scheduled') throw refused('startsAt', 'Fixed once the meeting has started', 'The meeting has started: its date can no longer be moved.');
      const past = scheduleRefusal(patch.startsAt, this.ctx.clock());
      if (past) throw refused('startsAt', 'Not a day that has passed', past);
      set.startsAt = new Date(patch.startsAt).toISOString();
      if (!patch.papersDeadline) set.papersDeadline = papersDeadline(londonDate(patch.startsAt));
    }
    this.ctx.database.transaction(() => {
      this.ctx.db.update(meetings).set(set).where(eq(meetings.id, meetingId)).run();
      this.guard.audit(actor, m, 'update', { before: Object.fromEntries(Object.keys(set).map((k) => [k, (m as Record<string, unknown>)[k]])), after: set });
    });
    return this.result(meetingId);
  }

  /** The chair opens the meeting: members may now edit the risks on its agenda. */
  start(actor: Actor, meetingId: number): MeetingResult {
    const m = this.guard.chair(actor, meetingId, 'start');
    const to = nextStatus(m.status, 'start');
    if (!to) throw new AppError('CONFLICT', 'Only a scheduled meeting can be started.');
    const notToday = startRefusal(m.startsAt, this.ctx.clock());
    if (notToday) throw new AppError('CONFLICT', notToday, [{ path: 'startsAt', message: 'Not today' }]);
    const at = isoAt(this.ctx.clock);
    const first = this.queries.agenda(meetingId)[0]?.id ?? null;
    this.ctx.database.transaction(() => {
      this.ctx.db.update(meetings).set({ status: to, startedAt: at, startedBy: actor.personId, currentItemId: first, itemStartedAt: first ? at : null }).where(eq(meetings.id, meetingId)).run();
      this.guard.audit(actor, m, 'start', { from: m.status, to });
    });
    return this.result(meetingId, this.riskRechecks(meetingId));
  }

  /** Moves everyone who follows the chair to another item, and restarts the item timer. */
  advance(actor: Actor, meetingId: number, itemId: number | null): MeetingResult {
    const m = this.guard.chair(actor, meetingId, 'advance');
    if (m.status !== 'in_progress') throw new AppError('CONFLICT', 'The meeting is not in progress.');
    if (itemId !== null && !this.queries.agenda(meetingId).some((i) => i.id === itemId)) throw new AppError('NOT_FOUND', 'That item is not on the agenda.');
    this.ctx.database.transaction(() => {
      this.ctx.db.update(meetings).set({ currentItemId: itemId, itemStartedAt: itemId ? isoAt(this.ctx.clock) : null }).where(eq(meetings.id, meetingId)).run();
      this.guard.audit(actor, m, 'advance', { from: m.currentItemId, to: itemId });
    });
    return this.result(meetingId);
  }

  /** The chair closes the meeting: the live right to edit its risks is withdrawn. */
  close(actor: Actor, meetingId: number): MeetingResult {
    const m = this.guard.chair(actor, meetingId, 'close');
    const to = nextStatus(m.status, 'close');
    if (!to) throw new AppError('CONFLICT', 'Only a meeting in progress can be closed.');
    this.ctx.database.transaction(() => {
      this.ctx.db.update(meetings).set({ status: to, closedAt: isoAt(this.ctx.clock), closedBy: actor.personId, currentItemId: null, itemStartedAt: null }).where(eq(meetings.id, meetingId)).run();
      this.guard.audit(actor, m, 'close', { from: m.status, to });
    });
    this.hands.delete(meetingId);
    return this.result(meetingId, this.riskRechecks(meetingId));
  }

  /** Freezes the minutes as they stand, recording who signed and when; the meeting doc becomes read-only. */
  signOff(actor: Actor, meetingId: number): MeetingResult {
    const m = this.guard.visible(actor, meetingId);
    // Whoever chaired it signs: the chair, or the vice-chair present when the chair was recorded as away.
    const refusal = signOffRefusal(actor, m, this.queries.ownStatus(meetingId, actor.personId));
    if (refusal) throw new AppError('FORBIDDEN', refusal);
    this.guard.unfrozen(actor, m, 'sign off');
    const to = nextStatus(m.status, 'signOff');
    if (!to) throw new AppError('CONFLICT', 'Minutes can be signed off once the meeting has closed.');
    const at = isoAt(this.ctx.clock);
    const signer = this.ctx.db.select({ name: people.name }).from(people).where(eq(people.id, actor.personId)).get()!.name;
    const minutes: Minutes = { ...composeMinutes(this.result(meetingId).state, m.summary), signedOff: { byName: signer, at } };
    minutes.meeting = { ...minutes.meeting, status: to, signedOffAt: at, signedOffByName: signer };
    this.ctx.database.transaction(() => {
      this.ctx.db.update(meetings).set({ status: to, signedOffAt: at, signedOffBy: actor.personId, frozenMinutes: minutes }).where(eq(meetings.id, meetingId)).run();
      this.guard.audit(actor, m, 'sign_off', { items: minutes.items.length, decisions: minutes.items.reduce((n, i) => n + i.decisions.length, 0) });
    });
    return this.result(meetingId, [{ kind: 'meeting', id: meetingId }]);
  }

  setAttendance(actor: Actor, p: SetAttendancePayload): MeetingResult {
    const m = this.guard.visible(actor, p.meetingId);
    const refusal = attendanceRefusal(actor, m, p.personId);
    if (refusal) throw new AppError('FORBIDDEN', refusal);
    this.guard.unfrozen(actor, m, 'attendance');
    const deputyId = this.checkSeat(m, p);
    const at = isoAt(this.ctx.clock);
    this.ctx.database.transaction(() => {
      this.ctx.db
        .insert(meetingAttendance)
        .values({ meetingId: m.id, personId: p.personId, status: p.status, deputyPersonId: deputyId, recordedBy: actor.personId, at })
        .onConflictDoUpdate({ target: [meetingAttendance.meetingId, meetingAttendance.personId], set: { status: p.status, deputyPersonId: deputyId, recordedBy: actor.personId, at } })
        .run();
      this.guard.audit(actor, m, 'attendance', { personId: p.personId, status: p.status, deputyPersonId: deputyId });
    });
    // Attending a live meeting lends the right to edit what its agenda links: re-decide open editors.
    return this.result(m.id, m.status === 'in_progress' ? this.riskRechecks(m.id) : []);
  }

  /**
   * The seat rules: the person sits on the board; a deputy (the member's named deputy unless another is
   * named) is a person of the member's own agency; nobody fills two seats at one meeting. Returns the deputy.
   */
  private checkSeat(m: { id: number; partnershipId: number; boardId: number }, p: SetAttendancePayload): number | null {
    const { seats, recorded } = this.queries.seatAttendance(m.id, m.boardId);
    const seat = seats.find((s) => s.personId === p.personId);
    if (!seat) throw refused('personId', 'Not a member', 'That person does not sit on this board.');
    // A deputy named in the payload is checked even when the status drops it: no id goes unchecked.
    const named = p.deputyPersonId !== null ? referencedPerson(this.ctx, m.partnershipId, p.deputyPersonId, 'deputyPersonId') : null;
    let deputyId: number | null = null;
    if (p.status === 'represented') {
      const deputy = named ?? this.namedDeputy(m.boardId, p.personId);
      if (!deputy) throw refused('deputyPersonId', 'Required', `Name the deputy who attends in place of ${seat.name}.`);
      const why = deputyRefusal({ personId: seat.personId, agencyId: seat.agencyId, agencyName: seat.agencyName }, { personId: deputy.id, agencyId: deputy.agencyId });
      if (why) throw refused('deputyPersonId', deputy.id === seat.personId ? 'Not the member themselves' : 'Not of the member’s agency', why);
      deputyId = deputy.id;
    }
    const clash = seatClash(p.personId, { status: p.status, deputyPersonId: deputyId }, recorded);
    if (clash) {
      const who = clash.personId === p.personId ? seat.name : referencedPerson(this.ctx, m.partnershipId, clash.personId, 'deputyPersonId').name;
      const other = seats.find((s) => s.personId === clash.seatOf);
      const whose = clash.seatOf === clash.personId ? 'their own seat' : `the seat of ${other?.name ?? 'another member'}`;
      throw refused(clash.personId === p.personId ? 'status' : 'deputyPersonId', 'One person, one seat', `${who} already fills a seat at this meeting (${whose}).`);
    }
    return deputyId;
  }

  /** The deputy named on the member's seat, with their agency. */
  private namedDeputy(boardId: number, personId: number): { id: number; agencyId: number } | null {
    const row = this.ctx.db
      .select({ id: people.id, agencyId: people.agencyId })
      .from(memberships)
      .innerJoin(people, eq(people.id, memberships.deputyPersonId))
      .where(and(eq(memberships.boardId, boardId), eq(memberships.personId, personId)))
      .get();
    return row ?? null;
  }

  addGuest(actor: Actor, meetingId: number, name: string, agency: string): MeetingResult {
    const m = this.guard.chair(actor, meetingId, 'add guest');
    this.ctx.database.transaction(() => {
      this.ctx.db.insert(meetingGuests).values({ meetingId, name, agency }).run();
      this.guard.audit(actor, m, 'guest_add', { name, agency });
    });
    return this.result(meetingId);
  }

  removeGuest(actor: Actor, meetingId: number, guestId: number): MeetingResult {
    const m = this.guard.chair(actor, meetingId, 'remove guest');
    this.ctx.database.transaction(() => {
      const gone = this.ctx.db.delete(meetingGuests).where(and(eq(meetingGuests.id, guestId), eq(meetingGuests.meetingId, meetingId))).returning().get();
      if (!gone) throw new AppError('NOT_FOUND', 'Guest not found.');
      this.guard.audit(actor, m, 'guest_remove', { name: gone.name });
    });
    return this.result(meetingId);
  }

  raiseHand(actor: Actor, meetingId: number): MeetingResult {
    const m = this.guard.editor(actor, meetingId, 'raise hand');
    if (m.status !== 'in_progress') throw new AppError('CONFLICT', 'Hands are raised while the meeting is in progress.');
    const queue = this.hands.get(meetingId) ?? [];
    if (!queue.some((h) => h.personId === actor.personId)) {
      const who = this.admin.presenceIdentity(actor.personId);
      this.hands.set(meetingId, [...queue, { personId: actor.personId, name: who.name, agencyName: who.agencyName, at: isoAt(this.ctx.clock) }]);
      this.guard.audit(actor, m, 'hand_raise', {});
    }
    return this.result(meetingId);
  }

  /** Anyone lowers their own hand; the chair clears anyone's. */
  lowerHand(actor: Actor, meetingId: number, personId: number | undefined): MeetingResult {
    const m = this.guard.visible(actor, meetingId);
    const whose = personId ?? actor.personId;
    if (whose !== actor.personId && !canRunMeeting(actor, m)) {
      throw new AppError('FORBIDDEN', actor.boardRoles.get(m.boardId) === 'vice_chair' ? runRefusal(actor, m)! : 'Only the chair clears another person’s hand.');
    }
    const queue = this.hands.get(meetingId) ?? [];
    if (queue.some((h) => h.personId === whose)) {
      this.hands.set(meetingId, queue.filter((h) => h.personId !== whose));
      this.guard.audit(actor, m, 'hand_lower', { personId: whose });
    }
    return this.result(meetingId);
  }

  /** An action captured in the meeting becomes a tracked record in the board's actions log. */
  createAction(actor: Actor, p: CreateActionPayload): { action: ActionView; result: MeetingResult } {
    const m = this.guard.editor(actor, p.meetingId, 'create action');
    if (p.itemId !== null && !this.queries.agenda(m.id).some((i) => i.id === p.itemId)) throw refused('itemId', 'Not an item of this meeting', 'That item is not on the agenda.');
    const owner = referencedPerson(this.ctx, m.partnershipId, p.ownerId, 'ownerId');
    if (p.agencyId !== null) referencedAgency(this.ctx, m.partnershipId, p.agencyId, 'agencyId');
    const at = isoAt(this.ctx.clock);
    const { id, delivery } = this.ctx.database.transaction(() => {
      const row = this.ctx.db
        .insert(meetingActions)
        .values({ partnershipId: m.partnershipId, boardId: m.boardId, meetingId: m.id, itemId: p.itemId, description: p.description, ownerId: owner.id, agencyId: p.agencyId ?? owner.agencyId, dueDate: p.dueDate, createdAt: at, createdBy: actor.personId, updatedAt: at })
        .returning()
        .get();
      writeAudit(this.ctx, { partnershipId: m.partnershipId, actorId: actor.personId, action: 'action.create', entityType: 'action', entityId: row.id, detail: p });
      // The owner hears of it, unless they wrote it themselves.
      const delivery =
        owner.id === actor.personId
          ? []
          : this.notifications?.notify([owner.id], { partnershipId: m.partnershipId, kind: 'action_assigned', challengeId: null, text: `${actionReference(row.id)} ${p.description}: yours, due ${p.dueDate}`, link: `/boards/${m.boardId}/actions` }) ?? [];
      return { id: row.id, delivery };
    });
    this.notifications?.deliver(delivery);
    return { action: this.queries.actions(m.partnershipId, { ids: [id] })[0]!, result: this.result(m.id) };
  }

  updateAction(actor: Actor, actionId: number, status: ActionStatus): { action: ActionView; result: MeetingResult | null } {
    const a = this.ctx.db.select().from(meetingActions).where(and(eq(meetingActions.id, actionId), eq(meetingActions.partnershipId, actor.partnershipId))).get();
    if (!a) throw new AppError('NOT_FOUND', 'Action not found.');
    if (!canUpdateAction(actor, a)) throw new AppError('FORBIDDEN', 'The action’s owner or the board’s chair updates it.');
    this.ctx.database.transaction(() => {
      this.ctx.db.update(meetingActions).set({ status, updatedAt: isoAt(this.ctx.clock) }).where(eq(meetingActions.id, actionId)).run();
      writeAudit(this.ctx, { partnershipId: a.partnershipId, actorId: actor.personId, action: 'action.update', entityType: 'action', entityId: actionId, detail: { from: a.status, to: status } });
    });
    return { action: this.queries.actions(a.partnershipId, { ids: [actionId] })[0]!, result: a.meetingId ? this.result(a.meetingId) : null };
  }

  setQuorumRule(actor: Actor, p: QuorumRulePayload): QuorumRule {
    const board = this.boardVisible(actor, p.boardId);
    if (!canRunMeeting(actor, { partnershipId: board.partnershipId, boardId: board.id })) throw new AppError('FORBIDDEN', 'Only the chair of the board (or an administrator) sets its quorum.');
    const rule = { percent: p.percent, chairRequired: p.chairRequired };
    this.ctx.database.transaction(() => {
      this.ctx.db.insert(boardQuorumRules).values({ boardId: board.id, ...rule }).onConflictDoUpdate({ target: boardQuorumRules.boardId, set: rule }).run();
      writeAudit(this.ctx, { partnershipId: board.partnershipId, actorId: actor.personId, action: 'board.quorum_rule', entityType: 'board', entityId: board.id, detail: rule });
    });
    return this.queries.quorumRule(board.id);
  }

  /** Starting or closing the meeting grants or withdraws edit rights on what its agenda links. */
  private riskRechecks(meetingId: number): MeetingResult['recheck'] {
    return [
      ...this.queries.linkedIds(meetingId, 'risk').map((id) => ({ kind: 'risk' as const, id })),
      ...this.queries.linkedIds(meetingId, 'challenge').map((id) => ({ kind: 'challenge' as const, id })),
    ];
  }

  private boardVisible(actor: Actor, boardId: number) {
    const board = this.ctx.db.select().from(boards).where(and(eq(boards.id, boardId), eq(boards.partnershipId, actor.partnershipId))).get();
    if (!board || (!actor.isPartnershipAdmin && !actor.boardRoles.has(boardId))) throw new AppError('NOT_FOUND', 'Board not found.');
    return board;
  }
}
