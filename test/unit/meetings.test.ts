import { describe, expect, it } from 'vitest';
import {
  DEFAULT_QUORUM,
  attendanceRates,
  attendanceRefusal,
  canRecordAttendance,
  canRunMeeting,
  isActionOverdue,
  isWorkingDay,
  meetingAccess,
  nextStatus,
  papersDeadline,
  quorum,
  type AttendanceRecord,
  type MeetingFacts,
  type Seat,
} from '../../shared/domain/meetings.js';
import type { Actor } from '../../shared/domain/permissions.js';
import type { BoardRole } from '../../shared/domain/roles.js';
import type { AttendanceStatus, MeetingStatus, QuorumRule } from '../../shared/schemas/meeting.js';

const B = 5;
const board: Seat[] = [
  { personId: 1, role: 'chair' },
  { personId: 2, role: 'member' },
  { personId: 3, role: 'member' },
  { personId: 4, role: 'member' },
  { personId: 5, role: 'vice_chair' },
  { personId: 6, role: 'member' },
  { personId: 9, role: 'observer' },
];

describe('quorum: at least half the members, including the chair or a vice-chair', () => {
  const P: AttendanceStatus = 'present';
  const R: AttendanceStatus = 'represented';
  const A: AttendanceStatus = 'apologies';
  // A represented seat is filled by a deputy of its own (12 for member 2, 13 for member 3, and so on).
  const cases: [string, QuorumRule, Record<number, AttendanceStatus | 'represented-nobody'>, { required: number; present: number; chairPresent: boolean; met: boolean }][] = [
    ['nobody recorded', DEFAULT_QUORUM, {}, { required: 3, present: 0, chairPresent: false, met: false }],
    ['chair and two members: half of six', DEFAULT_QUORUM, { 1: P, 2: P, 3: P }, { required: 3, present: 3, chairPresent: true, met: true }],
    ['three members without the chair', DEFAULT_QUORUM, { 2: P, 3: P, 4: P }, { required: 3, present: 3, chairPresent: false, met: false }],
    ['three members, one of them the vice-chair', DEFAULT_QUORUM, { 5: P, 3: P, 4: P }, { required: 3, present: 3, chairPresent: true, met: true }],
    ['a deputy counts towards the number', DEFAULT_QUORUM, { 1: P, 2: R, 3: R }, { required: 3, present: 3, chairPresent: true, met: true }],
    ['represented with nobody named fills nothing', DEFAULT_QUORUM, { 1: P, 2: P, 4: 'represented-nobody' }, { required: 3, present: 2, chairPresent: true, met: false }],
    ['a represented chair is not the chair in the room', DEFAULT_QUORUM, { 1: R, 2: P, 3: P }, { required: 3, present: 3, chairPresent: false, met: false }],
    ['apologies do not count', DEFAULT_QUORUM, { 1: P, 2: A, 3: A, 4: P }, { required: 3, present: 2, chairPresent: true, met: false }],
    ['observers never count', DEFAULT_QUORUM, { 1: P, 9: P, 2: P }, { required: 3, present: 2, chairPresent: true, met: false }],
    ['two thirds rule', { percent: 67, chairRequired: true }, { 1: P, 2: P, 3: P }, { required: 5, present: 3, chairPresent: true, met: false }],
    ['no chair required', { percent: 50, chairRequired: false }, { 2: P, 3: P, 4: P }, { required: 3, present: 3, chairPresent: false, met: true }],
  ];
  it.each(cases)('%s', (_name, rule, statuses, expected) => {
    const recorded = new Map(
      Object.entries(statuses).map(([k, v]) => {
        const seat = Number(k);
        if (v === 'represented-nobody') return [seat, { status: 'represented' as const, deputyPersonId: null }];
        return [seat, { status: v, deputyPersonId: v === 'represented' ? seat + 10 : null }];
      }),
    );
    expect(quorum(rule, board, recorded)).toEqual({ members: 6, ...expected });
  });

  it('a board with no members needs one', () => {
    expect(quorum(DEFAULT_QUORUM, [], new Map())).toMatchObject({ members: 0, required: 1, met: false });
  });
});

describe('attendance rates per person and per agency', () => {
  const POLICE = 20;
  const HEALTH = 30;
  // Each record stands alone (no meeting id); a represented member has a deputy of their agency (100 + their id).
  const rec = (personId: number, agencyId: number, status: AttendanceStatus | null): AttendanceRecord => ({
    personId,
    agencyId,
    status,
    deputyPersonId: status === 'represented' ? 100 + personId : null,
    deputyAgencyId: status === 'represented' ? agencyId : null,
  });
  const cases: [string, AttendanceRecord[], Record<number, number | null>, Record<number, number | null>][] = [
    ['no meetings held', [], {}, {}],
    ['always present', [rec(1, POLICE, 'present'), rec(1, POLICE, 'present')], { 1: 100 }, { [POLICE]: 100 }],
    ['represented: the agency attended, the person did not', [rec(1, POLICE, 'represented'), rec(1, POLICE, 'present')], { 1: 50 }, { [POLICE]: 100 }],
    ['apologies and no record are not attendance', [rec(2, HEALTH, 'apologies'), rec(2, HEALTH, null), rec(2, HEALTH, 'present')], { 2: 33 }, { [HEALTH]: 33 }],
    [
      'two seats of one agency',
      [rec(1, POLICE, 'present'), rec(3, POLICE, 'absent'), rec(1, POLICE, 'present'), rec(3, POLICE, 'represented')],
      { 1: 100, 3: 0 },
      { [POLICE]: 75 },
    ],
  ];
  it.each(cases)('%s', (_name, records, people, agencies) => {
    const rates = attendanceRates(records);
    expect(Object.fromEntries([...rates.people].map(([k, r]) => [k, r.rate]))).toEqual(people);
    expect(Object.fromEntries([...rates.agencies].map(([k, r]) => [k, r.rate]))).toEqual(agencies);
  });
});

describe('papers deadline: five working days before', () => {
  const cases: [string, number, string][] = [
    ['2026-12-02', 5, '2026-11-25'], // Wednesday → Wednesday before
    ['2026-11-30', 5, '2026-11-23'], // Monday → Monday before
    ['2026-11-28', 5, '2026-11-23'], // a Saturday meeting: back over Friday..Monday
    ['2026-04-10', 5, '2026-04-01'], // Good Friday and Easter Monday are not working days
    ['2027-01-04', 5, '2026-12-23'], // Christmas, Boxing Day (substitute) and New Year skipped
    ['2026-12-02', 1, '2026-12-01'],
  ];
  it.each(cases)('meeting %s, %i working days → %s', (meeting, days, expected) => {
    expect(papersDeadline(meeting, days)).toBe(expected);
  });
  it('knows weekends and bank holidays', () => {
    expect([isWorkingDay('2026-11-28'), isWorkingDay('2026-12-25'), isWorkingDay('2026-12-28'), isWorkingDay('2026-12-29')]).toEqual([false, false, false, true]);
  });
});

describe('overdue actions', () => {
  const cases: [string, 'open' | 'in_progress' | 'done', boolean][] = [
    ['2026-11-22', 'open', true],
    ['2026-11-22', 'in_progress', true],
    ['2026-11-22', 'done', false],
    ['2026-11-23', 'open', false],
    ['2026-12-01', 'open', false],
  ];
  it.each(cases)('due %s, %s → overdue %s', (due, status, expected) => {
    expect(isActionOverdue(due, status, '2026-11-23')).toBe(expected);
  });
});

describe('meeting life and who runs it', () => {
  const steps: [MeetingStatus, 'start' | 'close' | 'signOff', MeetingStatus | null][] = [
    ['scheduled', 'start', 'in_progress'],
    ['in_progress', 'close', 'closed'],
    ['closed', 'signOff', 'signed_off'],
    ['scheduled', 'close', null],
    ['scheduled', 'signOff', null],
    ['in_progress', 'start', null],
    ['in_progress', 'signOff', null],
    ['signed_off', 'start', null],
    ['signed_off', 'signOff', null],
  ];
  it.each(steps)('%s --%s--> %s', (from, step, to) => expect(nextStatus(from, step)).toBe(to));

  const who = (role: BoardRole | null, admin = false, partnershipId = 1): Actor => ({
    personId: 42,
    partnershipId,
    agencyId: 1,
    isPartnershipAdmin: admin,
    boardRoles: new Map(role ? [[B, role]] : []),
  });
  const m = (status: MeetingStatus): MeetingFacts => ({ partnershipId: 1, boardId: B, status });
  const rights: [string, Actor, MeetingStatus, boolean, 'none' | 'read' | 'edit'][] = [
    ['chair', who('chair'), 'in_progress', true, 'edit'],
    ['admin not on the board', who(null, true), 'scheduled', true, 'edit'],
    ['member', who('member'), 'in_progress', false, 'edit'],
    ['observer', who('observer'), 'in_progress', false, 'read'],
    ['not on the board', who(null), 'in_progress', false, 'none'],
    ['another partnership’s chair', who('chair', true, 2), 'in_progress', false, 'none'],
    ['chair after sign-off', who('chair'), 'signed_off', true, 'read'],
    ['member after sign-off', who('member'), 'signed_off', false, 'read'],
  ];
  it.each(rights)('%s: runs %s, access %s', (_n, actor, status, runs, access) => {
    expect(canRunMeeting(actor, m(status))).toBe(runs);
    expect(meetingAccess(actor, m(status))).toBe(access);
  });

  it('a member records only their own attendance; the chair anyone’s', () => {
    expect(canRecordAttendance(who('member'), m('scheduled'), 42)).toBe(true);
    expect(canRecordAttendance(who('member'), m('scheduled'), 7)).toBe(false);
    expect(canRecordAttendance(who('observer'), m('scheduled'), 42)).toBe(false);
    expect(canRecordAttendance(who('chair'), m('scheduled'), 7)).toBe(true);
  });

  // Person 42 is the actor in `who`; 7 is someone else.
  const refusals: [string, Actor, MeetingStatus, number, string | null][] = [
    ['member, own', who('member'), 'scheduled', 42, null],
    ['chair, another', who('chair'), 'scheduled', 7, null],
    ['member, another', who('member'), 'scheduled', 7, 'Only the chair records the attendance of others.'],
    ['observer, own', who('observer'), 'scheduled', 42, 'Observers do not record attendance.'],
    ['observer, another', who('observer'), 'scheduled', 7, 'Only the chair records the attendance of others.'],
    ['member, own, after sign-off', who('member'), 'signed_off', 42, 'You cannot record attendance at this meeting.'],
  ];
  it.each(refusals)('refusal for %s', (_n, actor, status, personId, expected) => {
    expect(attendanceRefusal(actor, m(status), personId)).toBe(expected);
  });
});
