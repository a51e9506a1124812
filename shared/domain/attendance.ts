import type { BoardRole } from './roles.js';
import type { AttendanceStatus, QuorumRule } from '../schemas/meeting.js';

/*
 * Seats at a meeting. A seat is filled by its member in person, or by a deputy of the member's own agency
 * when the member is represented. One person fills at most one seat: otherwise one police officer could
 * "represent" the council and schools as well as themselves, and two people would make a board quorate.
 */

export const DEFAULT_QUORUM: QuorumRule = { percent: 50, chairRequired: true };

export interface Seat {
  personId: number;
  role: BoardRole;
  /** The member's agency; when given, a deputy of another agency fills nothing. */
  agencyId?: number;
}

/** What was recorded for one seat at one meeting. */
export interface SeatAttendance {
  status: AttendanceStatus | null;
  deputyPersonId?: number | null;
  deputyAgencyId?: number | null;
}

/** Present in the room or by their named deputy: both fill the seat. */
export function attends(status: AttendanceStatus | null | undefined): boolean {
  return status === 'present' || status === 'represented';
}

/** The one person the record says is sitting in the seat, or null when it is empty. */
export function seatFiller(seatPersonId: number, a: SeatAttendance | undefined): number | null {
  if (a?.status === 'present') return seatPersonId;
  if (a?.status === 'represented' && a.deputyPersonId) return a.deputyPersonId;
  return null;
}

/**
 * Seat (member's person id) → the person filling it, each person at most once. People present in their own
 * seats come first; a represented seat is filled only by a deputy of the member's agency who fills no other
 * seat (earlier seats win), so records made before these rules never count one person twice.
 */
export function seatFillers(seats: readonly Seat[], attendance: ReadonlyMap<number, SeatAttendance>): Map<number, number> {
  const filled = new Map<number, number>();
  const used = new Set<number>();
  for (const s of seats) {
    if (attendance.get(s.personId)?.status !== 'present' || used.has(s.personId)) continue;
    filled.set(s.personId, s.personId);
    used.add(s.personId);
  }
  for (const s of seats) {
    const a = attendance.get(s.personId);
    const deputy = a?.status === 'represented' ? (a.deputyPersonId ?? null) : null;
    if (deputy === null || deputy === s.personId || used.has(deputy)) continue;
    if (s.agencyId !== undefined && a?.deputyAgencyId != null && a.deputyAgencyId !== s.agencyId) continue;
    filled.set(s.personId, deputy);
    used.add(deputy);
  }
  return filled;
}

/** Why this person may not be named deputy for this member, in words true for the admin or the chair; null when they may. */
export function deputyRefusal(member: { personId: number; agencyId: number; agencyName: string }, deputy: { personId: number; agencyId: number }): string | null {
  if (deputy.personId === member.personId) return 'A member cannot be their own deputy.';
  if (deputy.agencyId !== member.agencyId) return `A deputy must be from ${member.agencyName}, the member’s own agency.`;
  return null;
}

export interface SeatClash {
  /** The person who would fill two seats. */
  personId: number;
  /** The seat they already fill (a member's person id). */
  seatOf: number;
}

/**
 * Whether recording `change` for `seatPersonId` would have one person fill two seats at this meeting.
 * `others` is what is recorded for the meeting's other seats (the seat being changed is ignored).
 */
export function seatClash(seatPersonId: number, change: SeatAttendance, recorded: ReadonlyMap<number, SeatAttendance>): SeatClash | null {
  const filler = seatFiller(seatPersonId, change);
  if (filler === null) return null;
  for (const [seat, a] of recorded) {
    if (seat === seatPersonId) continue;
    if (seatFiller(seat, a) === filler) return { personId: filler, seatOf: seat };
  }
  return null;
}

export interface QuorumResult {
  members: number;
  required: number;
  present: number;
  chairPresent: boolean;
  met: boolean;
}

/**
 * Quorum: at least `percent` of the voting seats (chair, vice-chairs and members; observers do not count)
 * are filled by distinct people, including the chair or a vice-chair in person when the rule requires it.
 */
export function quorum(rule: QuorumRule, seats: readonly Seat[], attendance: ReadonlyMap<number, SeatAttendance>): QuorumResult {
  const voting = seats.filter((s) => s.role !== 'observer');
  const members = voting.length;
  const required = members === 0 ? 1 : Math.max(1, Math.ceil((rule.percent * members) / 100));
  const present = seatFillers(voting, attendance).size;
  const chairPresent = voting.some((s) => (s.role === 'chair' || s.role === 'vice_chair') && attendance.get(s.personId)?.status === 'present');
  return { members, required, present, chairPresent, met: present >= required && (!rule.chairRequired || chairPresent) };
}

export interface AttendanceRecord extends SeatAttendance {
  /** Records of one meeting are weighed together, so nobody fills two seats; without it each record stands alone. */
  meetingId?: number;
  personId: number;
  agencyId: number;
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
 * A person attends when present; their agency attends when its seat is filled, by them or by a deputy of
 * that agency who filled no other seat that day, as the partnership reports per agency.
 */
export function attendanceRates(records: readonly AttendanceRecord[]): { people: Map<number, Rate>; agencies: Map<number, Rate> } {
  const people = new Map<number, [number, number]>();
  const agencies = new Map<number, [number, number]>();
  const byMeeting = new Map<number | string, AttendanceRecord[]>();
  records.forEach((r, i) => {
    const key = r.meetingId ?? `record-${i}`;
    byMeeting.set(key, [...(byMeeting.get(key) ?? []), r]);
  });
  for (const group of byMeeting.values()) {
    const filled = seatFillers(
      group.map((r) => ({ personId: r.personId, role: 'member', agencyId: r.agencyId })),
      new Map(group.map((r) => [r.personId, r])),
    );
    for (const r of group) {
      const p = people.get(r.personId) ?? [0, 0];
      p[0]++;
      if (filled.get(r.personId) === r.personId) p[1]++;
      people.set(r.personId, p);
      const a = agencies.get(r.agencyId) ?? [0, 0];
      a[0]++;
      if (filled.has(r.personId)) a[1]++;
      agencies.set(r.agencyId, a);
    }
  }
  const toRates = (m: Map<number, [number, number]>) => new Map([...m].map(([k, [n, x]]) => [k, rateOf(n, x)]));
  return { people: toRates(people), agencies: toRates(agencies) };
}
