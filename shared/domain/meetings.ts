import type { Access, Actor } from './permissions.js';
import { takesPart } from './roles.js';
import type { ActionStatus, AttendanceStatus, MeetingStatus } from '../schemas/meeting.js';

/** The facts about one meeting that decide who may do what with it. */
export interface MeetingFacts {
  partnershipId: number;
  boardId: number;
  status: MeetingStatus;
  /**
   * The chair of the board is recorded as apologies or absent at this meeting, so a vice-chair chairs it.
   * Left out where no one meeting is in question (scheduling, the quorum rule, actions): then only the chair.
   */
  chairAway?: boolean;
}

const AWAY: readonly (AttendanceStatus | null)[] = ['apologies', 'absent'];

/** The board's chair (every chair seat, should there be more than one) is recorded as apologies or absent. */
export function isChairAway(chairStatuses: readonly (AttendanceStatus | null)[]): boolean {
  return chairStatuses.length > 0 && chairStatuses.every((s) => AWAY.includes(s));
}

/**
 * Starting, moving through and closing a meeting, its agenda, guests, hands and others' attendance are the
 * chair's (or an admin's); a vice-chair's only at a meeting the chair is recorded as away from.
 */
export function canRunMeeting(actor: Actor, m: Pick<MeetingFacts, 'partnershipId' | 'boardId' | 'chairAway'>): boolean {
  return runRefusal(actor, m) === null;
}

/** Why this person may not run the meeting, in words true for them; null when they may. */
export function runRefusal(actor: Actor, m: Pick<MeetingFacts, 'partnershipId' | 'boardId' | 'chairAway'>): string | null {
  if (actor.partnershipId === m.partnershipId) {
    const role = actor.boardRoles.get(m.boardId);
    if (actor.isPartnershipAdmin || role === 'chair') return null;
    if (role === 'vice_chair') {
      if (m.chairAway) return null;
      return m.chairAway === undefined
        ? 'Only the chair of the board (or an administrator) can do this.'
        : 'A vice-chair runs the meeting only when the chair is recorded as apologies or absent.';
    }
  }
  return 'Only the chair of the board (or an administrator) can do this.';
}

/**
 * Minutes are signed off by whoever chaired the meeting: the chair, or when the chair was recorded as away,
 * a vice-chair who was present. An administrator may too. `ownStatus` is the actor's attendance there.
 */
export function signOffRefusal(actor: Actor, m: Pick<MeetingFacts, 'partnershipId' | 'boardId' | 'chairAway'>, ownStatus: AttendanceStatus | null): string | null {
  const refusedAll = 'Only the chair of the meeting (or an administrator) signs off its minutes.';
  if (actor.partnershipId !== m.partnershipId) return refusedAll;
  const role = actor.boardRoles.get(m.boardId);
  if (actor.isPartnershipAdmin) return null;
  if (role === 'chair') return m.chairAway ? 'You were recorded as away from this meeting: the vice-chair who chaired it signs off its minutes.' : null;
  if (role === 'vice_chair') {
    if (!m.chairAway) return 'The chair chaired this meeting and signs off its minutes.';
    return ownStatus === 'present' ? null : 'Only a vice-chair present at the meeting, who chaired it, signs off its minutes.';
  }
  return refusedAll;
}

/**
 * The meeting and its shared notes are for the board: its chair and members (or their deputies) type,
 * observers read, everyone else in the partnership does not see it. Signed-off minutes are frozen.
 */
export function meetingAccess(actor: Actor, m: MeetingFacts): Access {
  if (actor.partnershipId !== m.partnershipId) return 'none';
  const role = actor.boardRoles.get(m.boardId);
  if (!actor.isPartnershipAdmin && role === undefined) return 'none';
  if (m.status === 'signed_off') return 'read';
  if (actor.isPartnershipAdmin || takesPart(role)) return 'edit';
  return 'read';
}

/** The chair records anyone's attendance; a member may record their own (sending apologies, say). */
export function canRecordAttendance(actor: Actor, m: MeetingFacts, personId: number): boolean {
  if (canRunMeeting(actor, m)) return true;
  return personId === actor.personId && meetingAccess(actor, m) === 'edit';
}

/** Why a person may not record this attendance, in words that are true for them; null when they may. */
export function attendanceRefusal(actor: Actor, m: MeetingFacts, personId: number): string | null {
  if (canRecordAttendance(actor, m, personId)) return null;
  if (personId !== actor.personId) {
    const run = runRefusal(actor, m);
    return actor.boardRoles.get(m.boardId) === 'vice_chair' && run ? run : 'Only the chair records the attendance of others.';
  }
  if (actor.boardRoles.get(m.boardId) === 'observer') return 'Observers do not record attendance.';
  return 'You cannot record attendance at this meeting.';
}

/** An action's status is moved on by its owner, or by the chair of its board, or an admin. */
export function canUpdateAction(actor: Actor, a: { partnershipId: number; boardId: number; ownerId: number }): boolean {
  if (actor.partnershipId !== a.partnershipId) return false;
  return a.ownerId === actor.personId || canRunMeeting(actor, a);
}

const TRANSITIONS: Record<'start' | 'close' | 'signOff', [from: MeetingStatus, to: MeetingStatus]> = {
  start: ['scheduled', 'in_progress'],
  close: ['in_progress', 'closed'],
  signOff: ['closed', 'signed_off'],
};

/** The next status, or null when the meeting is not in the state the step starts from. */
export function nextStatus(current: MeetingStatus, step: keyof typeof TRANSITIONS): MeetingStatus | null {
  const [from, to] = TRANSITIONS[step];
  return current === from ? to : null;
}

export { DEFAULT_QUORUM, attendanceRates, attends, quorum, type AttendanceRecord, type QuorumResult, type Rate, type Seat } from './attendance.js';

/** England and Wales bank holidays, which are not working days. */
export const ENGLAND_BANK_HOLIDAYS: readonly string[] = [
  '2025-01-01', '2025-04-18', '2025-04-21', '2025-05-05', '2025-05-26', '2025-08-25', '2025-12-25', '2025-12-26',
  '2026-01-01', '2026-04-03', '2026-04-06', '2026-05-04', '2026-05-25', '2026-08-31', '2026-12-25', '2026-12-28',
  '2027-01-01', '2027-03-26', '2027-03-29', '2027-05-03', '2027-05-31', '2027-08-30', '2027-12-27', '2027-12-28',
];

export function isWorkingDay(isoDate: string, holidays: readonly string[] = ENGLAND_BANK_HOLIDAYS): boolean {
  const day = new Date(`${isoDate}T00:00:00Z`).getUTCDay();
  return day !== 0 && day !== 6 && !holidays.includes(isoDate);
}

/** "Papers no later than 5 working days before each meeting" [000 §5.1]. */
export function papersDeadline(meetingDate: string, workingDays = 5, holidays: readonly string[] = ENGLAND_BANK_HOLIDAYS): string {
  const d = new Date(`${meetingDate}T00:00:00Z`);
  let counted = 0;
  while (counted < workingDays) {
    d.setUTCDate(d.getUTCDate() - 1);
    if (isWorkingDay(d.toISOString().slice(0, 10), holidays)) counted++;
  }
  return d.toISOString().slice(0, 10);
}

/** The London calendar date of an instant, as meetings and deadlines are reckoned. */
export function londonDate(iso: string): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/London', year: 'numeric', month: '2-digit', day: '2-digit' }).format(Date.parse(iso));
}

export function isActionOverdue(dueDate: string, status: ActionStatus, today: string): boolean {
  return status !== 'done' && dueDate < today;
}

/** The actions log's "only actions not done" filter: the page and its export read it alike. */
export function inActionsLog(a: { status: ActionStatus }, onlyOpen: boolean): boolean {
  return !onlyOpen || a.status !== 'done';
}

export function actionReference(id: number): string {
  return `A-${String(id).padStart(3, '0')}`;
}
