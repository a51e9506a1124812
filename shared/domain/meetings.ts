import type { Access, Actor } from './permissions.js';
import type { BoardRole } from './roles.js';
import type { ActionStatus, AttendanceStatus, MeetingStatus, QuorumRule } from '../schemas/meeting.js';

/** The facts about one meeting that decide who may do what with it. */
export interface MeetingFacts {
  partnershipId: number;
  boardId: number;
  status: MeetingStatus;
}

/** Starting, moving through, closing and signing off a meeting is the chair's (or an admin's). */
export function canRunMeeting(actor: Actor, m: Pick<MeetingFacts, 'partnershipId' | 'boardId'>): boolean {
  if (actor.partnershipId !== m.partnershipId) return false;
  return actor.isPartnershipAdmin || actor.boardRoles.get(m.boardId) === 'chair';
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
  if (actor.isPartnershipAdmin || role === 'chair' || role === 'member') return 'edit';
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
  if (personId !== actor.personId) return 'Only the chair records the attendance of others.';
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

export const DEFAULT_QUORUM: QuorumRule = { percent: 50, chairRequired: true };

export interface Seat {
  personId: number;
  role: BoardRole;
}

export interface QuorumResult {
  members: number;
  required: number;
  present: number;
  chairPresent: boolean;
  met: boolean;
}

/** Present in the room or by their named deputy: both count towards quorum. */
export function attends(status: AttendanceStatus | null | undefined): boolean {
  return status === 'present' || status === 'represented';
}

/**
 * Quorum: at least `percent` of the voting members (chair and members; observers do not count) attend,
 * including the chair or a vice-chair in person when the rule requires it.
 */
export function quorum(rule: QuorumRule, seats: readonly Seat[], attendance: ReadonlyMap<number, AttendanceStatus>): QuorumResult {
  const voting = seats.filter((s) => s.role !== 'observer');
  const members = voting.length;
  const required = members === 0 ? 1 : Math.max(1, Math.ceil((rule.percent * members) / 100));
  const present = voting.filter((s) => attends(attendance.get(s.personId))).length;
  const chairPresent = voting.some(
    (s) => (s.role === 'chair' || s.role === 'vice_chair') && attendance.get(s.personId) === 'present',
  );
  return { members, required, present, chairPresent, met: present >= required && (!rule.chairRequired || chairPresent) };
}

export interface AttendanceRecord {
  personId: number;
  agencyId: number;
  status: AttendanceStatus | null;
}

export interface Rate {
  meetings: number;
  attended: number;
  rate: number | null;
}

function rateOf(meetings: number, attended: number): Rate {
  return { meetings, attended, rate: meetings === 0 ? null : Math.round((attended / meetings) * 100) };
}

/**
 * Attendance across meetings held, one record per seat and meeting (no record reads as absent).
 * A person attends when present; their agency attends when they are present or represented by their
 * deputy, as the partnership reports per agency.
 */
export function attendanceRates(records: readonly AttendanceRecord[]): { people: Map<number, Rate>; agencies: Map<number, Rate> } {
  const people = new Map<number, [number, number]>();
  const agencies = new Map<number, [number, number]>();
  for (const r of records) {
    const p = people.get(r.personId) ?? [0, 0];
    p[0]++;
    if (r.status === 'present') p[1]++;
    people.set(r.personId, p);
    const a = agencies.get(r.agencyId) ?? [0, 0];
    a[0]++;
    if (attends(r.status)) a[1]++;
    agencies.set(r.agencyId, a);
  }
  const toRates = (m: Map<number, [number, number]>) => new Map([...m].map(([k, [n, x]]) => [k, rateOf(n, x)]));
  return { people: toRates(people), agencies: toRates(agencies) };
}

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

export function actionReference(id: number): string {
  return `A-${String(id).padStart(3, '0')}`;
}
