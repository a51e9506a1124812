import { longDate } from '../../../shared/domain/date-words.js';
import { deputyRefusal, seatClash } from '../../../shared/domain/attendance.js';
import { AppError } from '../../../shared/errors.js';
import { actionReference, attendanceRefusal, canRunMeeting, canUpdateAction, londonDate, meetingAccess, nextStatus, papersDeadline, runRefusal, signOffRefusal } from '../../../shared/domain/meetings.js';
import { defaultMeetingTitle, scheduleRefusal, startRefusal } from '../../../shared/domain/meeting-time.js';
import { canScheduleMeeting, type Actor } from '../../../shared/domain/permissions.js';
import type {
  ActionView,
  AttendanceReport,
  CreateActionPayload,
  CreateMeetingPayload,
  MeetingDetail,
  MeetingSummary,
  Minutes,
  QuorumRule,
  QuorumRulePayload,
  SetAttendancePayload,
  UpdateMeetingPayload,
} from '../../../shared/schemas/meeting.js';
import { handQueue, type HandQueue } from './hands.js';
import type { ActionStatus } from '../../../shared/schemas/meeting.js';
import type { AdminService } from '../admin/index.js';
import { isoAt, type ServiceContext } from '../../core/context.js';
import { refused } from '../../core/references.js';
import { MeetingGuard, type MeetingResult } from './guard.js';
import { composeMinutes } from './minutes.js';
import type { MeetingQueries, MeetingRow } from './queries.js';
import type { MeetingRepository } from './repo.js';
import type { NotificationService } from '../notifications/index.js';

/**
 * A board's meetings: their life (scheduled → in progress → closed → minutes signed off), attendance,
 * guests, the raise-hand queue and the actions log. Every change is a server command, checked and
 * audited; storage is the repository's (asynchronous), each change one call to it, announced once committed.
 */
export class MeetingService {
  readonly guard: MeetingGuard;
  /** The raise-hand queue lives as long as the meeting runs; it is not part of the record (hands.ts). */
  private readonly hands: HandQueue;

  constructor(
    private readonly ctx: ServiceContext,
    readonly repo: MeetingRepository,
    readonly queries: MeetingQueries,
    readonly admin: AdminService,
    /** Delivers what the repository wrote for an action's owner (none while the demo is seeded). */
    private readonly notifications: NotificationService | null,
  ) {
    this.guard = new MeetingGuard(queries, repo);
    this.hands = handQueue(ctx.sharedCounters);
  }

  async result(meetingId: number, recheck: MeetingResult['recheck'] = []): Promise<MeetingResult> {
    return { state: await this.queries.state(meetingId, await this.hands.list(meetingId)), recheck };
  }

  /** A command changed the meeting: its new state, announced on the bus (pushed to the board, lists, rights). */
  async changed(command: string, m: Pick<MeetingRow, 'id' | 'partnershipId'>, recheck: MeetingResult['recheck'] = []): Promise<MeetingResult> {
    const result = await this.result(m.id, recheck);
    this.ctx.bus.emit('meeting.changed', { partnershipId: m.partnershipId, command, state: result.state, recheck: result.recheck });
    return result;
  }

  async detail(actor: Actor, meetingId: number): Promise<MeetingDetail> {
    const m = await this.guard.visible(actor, meetingId);
    const rights = {
      run: canRunMeeting(actor, m),
      edit: meetingAccess(actor, m) === 'edit',
      signOff: signOffRefusal(actor, m, await this.queries.ownStatus(meetingId, actor.personId)) === null,
      startBlocked: m.status === 'scheduled' ? startRefusal(m.startsAt, this.ctx.clock()) : null,
    };
    return { ...(await this.result(meetingId)).state, rights };
  }

  async list(actor: Actor, boardId: number): Promise<MeetingSummary[]> {
    await this.boardVisible(actor, boardId);
    return this.queries.list(actor.partnershipId, boardId);
  }

  async minutes(actor: Actor, meetingId: number): Promise<Minutes> {
    const m = await this.guard.visible(actor, meetingId);
    return m.frozenMinutes ?? composeMinutes((await this.result(meetingId)).state, m.summary);
  }

  async actions(actor: Actor, boardId: number | undefined): Promise<ActionView[]> {
    if (boardId) await this.boardVisible(actor, boardId);
    const all = await this.queries.actions(actor.partnershipId, { boardId });
    return actor.isPartnershipAdmin ? all : all.filter((a) => actor.boardRoles.has(a.boardId) || a.ownerId === actor.personId);
  }

  async attendanceReport(actor: Actor, boardId: number): Promise<AttendanceReport> {
    await this.boardVisible(actor, boardId);
    return this.queries.attendanceReport(actor.partnershipId, boardId);
  }

  async create(actor: Actor, p: CreateMeetingPayload): Promise<MeetingSummary> {
    const board = await this.boardVisible(actor, p.boardId);
    if (!canScheduleMeeting(actor, { partnershipId: board.partnershipId, boardId: board.id })) {
      throw new AppError('FORBIDDEN', 'Only the chair of the board (or an administrator) can schedule its meetings.');
    }
    const past = scheduleRefusal(p.startsAt, this.ctx.clock());
    if (past) throw refused('startsAt', 'Not a day that has passed', past);
    const id = await this.repo.create(
      {
        partnershipId: board.partnershipId,
        boardId: board.id,
        title: p.title ?? defaultMeetingTitle(board.name, p.startsAt),
        startsAt: new Date(p.startsAt).toISOString(),
        location: p.location,
        onlineLink: p.onlineLink,
        papersDeadline: p.papersDeadline ?? papersDeadline(londonDate(p.startsAt)),
        createdAt: isoAt(this.ctx.clock),
        createdBy: actor.personId,
      },
      actor,
      p,
    );
    this.ctx.bus.emit('rows.changed', { partnershipId: board.partnershipId, kind: 'meeting', ids: [id] });
    return this.queries.summary(id);
  }

  async update(actor: Actor, p: UpdateMeetingPayload): Promise<MeetingResult> {
    const m = await this.guard.chair(actor, p.meetingId, 'update details');
    if (m.status === 'closed') throw new AppError('CONFLICT', 'The meeting has closed; its details can no longer change.');
    const { meetingId: _id, ...patch } = p;
    const set: Parameters<MeetingRepository['change']>[2] = { ...patch };
    if (patch.startsAt) {
      // When a meeting was held is on the record (startedAt); its scheduled day stays as it was announced.
      if (m.status !== 'scheduled') throw refused('startsAt', 'Fixed once the meeting has started', 'The meeting has started: its date can no longer be moved.');
      const past = scheduleRefusal(patch.startsAt, this.ctx.clock());
      if (past) throw refused('startsAt', 'Not a day that has passed', past);
      set.startsAt = new Date(patch.startsAt).toISOString();
      if (!patch.papersDeadline) set.papersDeadline = papersDeadline(londonDate(patch.startsAt));
      // A title the server gave (the board and the day) follows the day; one the chair wrote stays.
      if (patch.title === undefined) {
        const board = await this.repo.board(m.partnershipId, m.boardId);
        if (board && m.title === defaultMeetingTitle(board.name, m.startsAt)) set.title = defaultMeetingTitle(board.name, patch.startsAt);
      }
    }
    await this.repo.change(m, actor, set, 'update', { before: Object.fromEntries(Object.keys(set).map((k) => [k, (m as Record<string, unknown>)[k]])), after: set });
    return this.changed('update', m);
  }

  /** The chair opens the meeting: members may now edit the risks on its agenda. */
  async start(actor: Actor, meetingId: number): Promise<MeetingResult> {
    const m = await this.guard.chair(actor, meetingId, 'start');
    const to = nextStatus(m.status, 'start');
    if (!to) throw new AppError('CONFLICT', 'Only a scheduled meeting can be started.');
    const notToday = startRefusal(m.startsAt, this.ctx.clock());
    if (notToday) throw new AppError('CONFLICT', notToday, [{ path: 'startsAt', message: 'Not today' }]);
    const at = isoAt(this.ctx.clock);
    const first = (await this.queries.agenda(meetingId))[0]?.id ?? null;
    await this.repo.change(m, actor, { status: to, startedAt: at, startedBy: actor.personId, currentItemId: first, itemStartedAt: first ? at : null }, 'start', { from: m.status, to });
    return this.changed('start', m, await this.riskRechecks(meetingId));
  }

  /** Moves everyone who follows the chair to another item, and restarts the item timer. */
  async advance(actor: Actor, meetingId: number, itemId: number | null): Promise<MeetingResult> {
    const m = await this.guard.chair(actor, meetingId, 'advance');
    if (m.status !== 'in_progress') throw new AppError('CONFLICT', 'The meeting is not in progress.');
    if (itemId !== null && !(await this.queries.agenda(meetingId)).some((i) => i.id === itemId)) throw new AppError('NOT_FOUND', 'That item is not on the agenda.');
    await this.repo.change(m, actor, { currentItemId: itemId, itemStartedAt: itemId ? isoAt(this.ctx.clock) : null }, 'advance', { from: m.currentItemId, to: itemId });
    return this.changed('advance', m);
  }

  /** The chair closes the meeting: the live right to edit its risks is withdrawn. */
  async close(actor: Actor, meetingId: number): Promise<MeetingResult> {
    const m = await this.guard.chair(actor, meetingId, 'close');
    const to = nextStatus(m.status, 'close');
    if (!to) throw new AppError('CONFLICT', 'Only a meeting in progress can be closed.');
    await this.repo.change(m, actor, { status: to, closedAt: isoAt(this.ctx.clock), closedBy: actor.personId, currentItemId: null, itemStartedAt: null }, 'close', { from: m.status, to });
    await this.hands.clear(meetingId);
    return this.changed('close', m, await this.riskRechecks(meetingId));
  }

  /** Freezes the minutes as they stand, recording who signed and when; the meeting doc becomes read-only. */
  async signOff(actor: Actor, meetingId: number): Promise<MeetingResult> {
    const m = await this.guard.visible(actor, meetingId);
    // Whoever chaired it signs: the chair, or the vice-chair present when the chair was recorded as away.
    const refusal = signOffRefusal(actor, m, await this.queries.ownStatus(meetingId, actor.personId));
    if (refusal) throw new AppError('FORBIDDEN', refusal);
    await this.guard.unfrozen(actor, m, 'sign off');
    const to = nextStatus(m.status, 'signOff');
    if (!to) throw new AppError('CONFLICT', 'Minutes can be signed off once the meeting has closed.');
    const at = isoAt(this.ctx.clock);
    const signer = await this.repo.personName(actor.personId);
    const minutes: Minutes = { ...composeMinutes((await this.result(meetingId)).state, m.summary), signedOff: { byName: signer, at } };
    minutes.meeting = { ...minutes.meeting, status: to, signedOffAt: at, signedOffByName: signer };
    const detail = { items: minutes.items.length, decisions: minutes.items.reduce((n, i) => n + i.decisions.length, 0) };
    await this.repo.change(m, actor, { status: to, signedOffAt: at, signedOffBy: actor.personId, frozenMinutes: minutes }, 'sign_off', detail);
    return this.changed('signOff', m, [{ kind: 'meeting', id: meetingId }]);
  }

  async setAttendance(actor: Actor, p: SetAttendancePayload): Promise<MeetingResult> {
    const m = await this.guard.visible(actor, p.meetingId);
    const refusal = attendanceRefusal(actor, m, p.personId);
    if (refusal) throw new AppError('FORBIDDEN', refusal);
    await this.guard.unfrozen(actor, m, 'attendance');
    const deputyId = await this.checkSeat(m, p);
    await this.repo.setAttendance(m, actor, p.personId, p.status, deputyId);
    // Attending a live meeting lends the right to edit what its agenda links: re-decide open editors.
    return this.changed('setAttendance', m, m.status === 'in_progress' ? await this.riskRechecks(m.id) : []);
  }

  /**
   * The seat rules: the person sits on the board; a deputy (the member's named deputy unless another is
   * named) is a person of the member's own agency; nobody fills two seats at one meeting. Returns the deputy.
   */
  private async checkSeat(m: { id: number; partnershipId: number; boardId: number }, p: SetAttendancePayload): Promise<number | null> {
    const { seats, recorded } = await this.queries.seatAttendance(m.id, m.boardId);
    const seat = seats.find((s) => s.personId === p.personId);
    if (!seat) throw refused('personId', 'Not a member', 'That person does not sit on this board.');
    // A deputy named in the payload is checked even when the status drops it: no id goes unchecked.
    const named = p.deputyPersonId !== null ? await this.repo.person(m.partnershipId, p.deputyPersonId, 'deputyPersonId') : null;
    let deputyId: number | null = null;
    if (p.status === 'represented') {
      const deputy = named ?? (await this.repo.namedDeputy(m.boardId, p.personId));
      if (!deputy) throw refused('deputyPersonId', 'Required', `Name the deputy who attends in place of ${seat.name}.`);
      const why = deputyRefusal({ personId: seat.personId, agencyId: seat.agencyId, agencyName: seat.agencyName }, { personId: deputy.id, agencyId: deputy.agencyId });
      if (why) throw refused('deputyPersonId', deputy.id === seat.personId ? 'Not the member themselves' : 'Not of the member’s agency', why);
      deputyId = deputy.id;
    }
    const clash = seatClash(p.personId, { status: p.status, deputyPersonId: deputyId }, recorded);
    if (clash) {
      const who = clash.personId === p.personId ? seat.name : (await this.repo.person(m.partnershipId, clash.personId, 'deputyPersonId')).name;
      const other = seats.find((s) => s.personId === clash.seatOf);
      const whose = clash.seatOf === clash.personId ? 'their own seat' : `the seat of ${other?.name ?? 'another member'}`;
      throw refused(clash.personId === p.personId ? 'status' : 'deputyPersonId', 'One person, one seat', `${who} already fills a seat at this meeting (${whose}).`);
    }
    return deputyId;
  }

  async addGuest(actor: Actor, meetingId: number, name: string, agency: string): Promise<MeetingResult> {
    const m = await this.guard.chair(actor, meetingId, 'add guest');
    await this.repo.addGuest(m, actor, name, agency);
    return this.changed('addGuest', m);
  }

  async removeGuest(actor: Actor, meetingId: number, guestId: number): Promise<MeetingResult> {
    const m = await this.guard.chair(actor, meetingId, 'remove guest');
    await this.repo.removeGuest(m, actor, guestId);
    return this.changed('removeGuest', m);
  }

  async raiseHand(actor: Actor, meetingId: number): Promise<MeetingResult> {
    const m = await this.guard.editor(actor, meetingId, 'raise hand');
    if (m.status !== 'in_progress') throw new AppError('CONFLICT', 'Hands are raised while the meeting is in progress.');
    const who = await this.admin.presenceIdentity(actor.personId);
    // The queue is read and changed in one step, so two raises cannot both join it. A hand already up
    // changes nothing: the state is answered, not pushed to the board again.
    const joined = await this.hands.raise(meetingId, { personId: actor.personId, name: who.name, agencyName: who.agencyName, at: isoAt(this.ctx.clock) });
    if (!joined) return this.result(meetingId);
    await this.repo.record(m, actor, 'hand_raise', {});
    return this.changed('raiseHand', m);
  }

  /** Anyone lowers their own hand; the chair clears anyone's. */
  async lowerHand(actor: Actor, meetingId: number, personId: number | undefined): Promise<MeetingResult> {
    const m = await this.guard.visible(actor, meetingId);
    const whose = personId ?? actor.personId;
    if (whose !== actor.personId && !canRunMeeting(actor, m)) {
      throw new AppError('FORBIDDEN', actor.boardRoles.get(m.boardId) === 'vice_chair' ? runRefusal(actor, m)! : 'Only the chair clears another person’s hand.');
    }
    // Lowering a hand that is not up changes nothing, and anyone who sees the meeting may send it (an
    // observer too): answered, never pushed, or it would make every page at the board redraw and every
    // list in the partnership ask again, as often as the sender's budget allows.
    if (!(await this.hands.lower(meetingId, whose))) return this.result(meetingId);
    await this.repo.record(m, actor, 'hand_lower', { personId: whose });
    return this.changed('lowerHand', m);
  }

  /** An action captured in the meeting becomes a tracked record in the board's actions log. */
  async createAction(actor: Actor, p: CreateActionPayload): Promise<{ action: ActionView; result: MeetingResult }> {
    const m = await this.guard.editor(actor, p.meetingId, 'create action');
    if (p.itemId !== null && !(await this.queries.agenda(m.id)).some((i) => i.id === p.itemId)) throw refused('itemId', 'Not an item of this meeting', 'That item is not on the agenda.');
    const owner = await this.repo.person(m.partnershipId, p.ownerId, 'ownerId');
    if (p.agencyId !== null) await this.repo.agency(m.partnershipId, p.agencyId, 'agencyId');
    const at = isoAt(this.ctx.clock);
    const values = { partnershipId: m.partnershipId, boardId: m.boardId, meetingId: m.id, itemId: p.itemId, description: p.description, ownerId: owner.id, agencyId: p.agencyId ?? owner.agencyId, dueDate: p.dueDate, createdAt: at, createdBy: actor.personId, updatedAt: at };
    const { id, delivery } = await this.repo.createAction(m, actor, values, p, (actionId) =>
      // The owner hears of it, unless they wrote it themselves.
      owner.id === actor.personId
        ? null
        : { to: [owner.id], n: { partnershipId: m.partnershipId, kind: 'action_assigned', challengeId: null, text: `${actionReference(actionId)} ${p.description}: yours, due ${longDate(p.dueDate)}`, link: `/boards/${m.boardId}/actions` } },
    );
    this.notifications?.deliver(delivery);
    return { action: (await this.queries.actions(m.partnershipId, { ids: [id] }))[0]!, result: await this.changed('createAction', m) };
  }

  async updateAction(actor: Actor, actionId: number, status: ActionStatus): Promise<{ action: ActionView; result: MeetingResult | null }> {
    const a = await this.repo.action(actor.partnershipId, actionId);
    if (!a) throw new AppError('NOT_FOUND', 'Action not found.');
    if (!canUpdateAction(actor, a)) throw new AppError('FORBIDDEN', 'The action’s owner or the board’s chair updates it.');
    await this.repo.updateAction(a, actor, status);
    return {
      action: (await this.queries.actions(a.partnershipId, { ids: [actionId] }))[0]!,
      result: a.meetingId ? await this.changed('updateAction', { id: a.meetingId, partnershipId: a.partnershipId }) : null,
    };
  }

  async setQuorumRule(actor: Actor, p: QuorumRulePayload): Promise<QuorumRule> {
    const board = await this.boardVisible(actor, p.boardId);
    if (!canRunMeeting(actor, { partnershipId: board.partnershipId, boardId: board.id })) throw new AppError('FORBIDDEN', 'Only the chair of the board (or an administrator) sets its quorum.');
    await this.repo.setQuorumRule(board, actor, { percent: p.percent, chairRequired: p.chairRequired });
    return this.queries.quorumRule(board.id);
  }

  /** Starting or closing the meeting grants or withdraws edit rights on what its agenda links. */
  private async riskRechecks(meetingId: number): Promise<MeetingResult['recheck']> {
    return [
      ...(await this.queries.linkedIds(meetingId, 'risk')).map((id) => ({ kind: 'risk' as const, id })),
      ...(await this.queries.linkedIds(meetingId, 'challenge')).map((id) => ({ kind: 'challenge' as const, id })),
      ...(await this.queries.linkedIds(meetingId, 'objective')).map((id) => ({ kind: 'objective' as const, id })),
    ];
  }

  private async boardVisible(actor: Actor, boardId: number) {
    const board = await this.repo.board(actor.partnershipId, boardId);
    if (!board || (!actor.isPartnershipAdmin && !actor.boardRoles.has(boardId))) throw new AppError('NOT_FOUND', 'Board not found.');
    return board;
  }
}
