import { describe, expect, it } from 'vitest';
import { attendanceRates, deputyRefusal, quorum, seatClash, seatFillers, DEFAULT_QUORUM, type AttendanceRecord, type Seat, type SeatAttendance } from '../../shared/domain/attendance.js';
import { heldLine, londonDay, londonLongDate, londonTime, scheduleRefusal, startRefusal } from '../../shared/domain/meeting-time.js';
import { attendanceRefusal, canRunMeeting, isChairAway, meetingAccess, runRefusal, signOffRefusal, type MeetingFacts } from '../../shared/domain/meetings.js';
import type { Actor } from '../../shared/domain/permissions.js';
import { riskAccess, canCommandRisk } from '../../shared/domain/permissions.js';
import { takesPart, type BoardRole } from '../../shared/domain/roles.js';
import type { AttendanceStatus } from '../../shared/schemas/meeting.js';

const POLICE = 20;
const COUNCIL = 30;
const SCHOOLS = 40;

describe('a deputy is a person of the member’s own agency', () => {
  const member = { personId: 3, agencyId: POLICE, agencyName: 'Police' };
  const cases: [string, { personId: number; agencyId: number }, string | null][] = [
    ['a colleague of the same agency', { personId: 8, agencyId: POLICE }, null],
    ['someone of another agency', { personId: 6, agencyId: COUNCIL }, 'A deputy must be from Police, the member’s own agency.'],
    ['the member themselves', { personId: 3, agencyId: POLICE }, 'A member cannot be their own deputy.'],
  ];
  it.each(cases)('%s', (_n, deputy, expected) => expect(deputyRefusal(member, deputy)).toBe(expected));
});

describe('one person fills at most one seat at a meeting', () => {
  const rec = (status: AttendanceStatus, deputyPersonId: number | null = null): SeatAttendance => ({ status, deputyPersonId });
  // Seats: 3 police, 5 schools, 6 council; 8 is a police deputy who sits on no board.
  const cases: [string, Record<number, SeatAttendance>, number, SeatAttendance, { personId: number; seatOf: number } | null][] = [
    ['a deputy in one seat', {}, 3, rec('represented', 8), null],
    ['the same deputy for a second seat', { 3: rec('represented', 8) }, 6, rec('represented', 8), { personId: 8, seatOf: 3 }],
    ['a member present cannot also represent another', { 3: rec('present') }, 6, rec('represented', 3), { personId: 3, seatOf: 3 }],
    ['a deputy for another cannot also be present in their own seat', { 6: rec('represented', 3) }, 3, rec('present'), { personId: 3, seatOf: 6 }],
    ['changing one seat’s own record is no clash', { 3: rec('represented', 8) }, 3, rec('represented', 8), null],
    ['apologies fill nothing', { 3: rec('present') }, 6, rec('apologies'), null],
    ['a deputy whose own seat sent apologies may represent', { 3: rec('apologies') }, 6, rec('represented', 3), null],
  ];
  it.each(cases)('%s', (_n, recorded, seat, change, expected) => {
    expect(seatClash(seat, change, new Map(Object.entries(recorded).map(([k, v]) => [Number(k), v])))).toEqual(expected);
  });

  it('records made before the rule never count one person twice, nor a deputy of the wrong agency', () => {
    const seats: Seat[] = [
      { personId: 3, role: 'member', agencyId: POLICE },
      { personId: 5, role: 'member', agencyId: SCHOOLS },
      { personId: 6, role: 'member', agencyId: COUNCIL },
    ];
    const recorded = new Map<number, SeatAttendance>([
      [3, { status: 'present' }],
      [5, { status: 'represented', deputyPersonId: 3, deputyAgencyId: POLICE }],
      [6, { status: 'represented', deputyPersonId: 9, deputyAgencyId: POLICE }],
    ]);
    expect([...seatFillers(seats, recorded)]).toEqual([[3, 3]]);
  });
});

describe('quorum counts seats filled by distinct people', () => {
  // Five voting seats: half is three people.
  const seats: Seat[] = [
    { personId: 2, role: 'chair', agencyId: 1 },
    { personId: 3, role: 'member', agencyId: POLICE },
    { personId: 5, role: 'member', agencyId: SCHOOLS },
    { personId: 6, role: 'member', agencyId: COUNCIL },
    { personId: 7, role: 'member', agencyId: SCHOOLS },
  ];
  const here: SeatAttendance = { status: 'present' };
  const by = (deputyPersonId: number, deputyAgencyId: number): SeatAttendance => ({ status: 'represented', deputyPersonId, deputyAgencyId });
  const cases: [string, [number, SeatAttendance][], number, boolean][] = [
    ['the chair and one officer "representing" council and schools: two people, not quorate', [[2, here], [3, here], [5, by(3, POLICE)], [6, by(3, POLICE)]], 2, false],
    ['one deputy in two seats of their own agency counts once', [[2, here], [3, here], [5, by(9, SCHOOLS)], [7, by(9, SCHOOLS)]], 3, true],
    ['a deputy of the right agency counts', [[2, here], [3, here], [6, by(9, COUNCIL)]], 3, true],
    ['a deputy of another agency does not', [[2, here], [3, here], [6, by(9, POLICE)]], 2, false],
    ['a member present in their own seat and "representing" another counts once', [[2, here], [5, here], [7, by(5, SCHOOLS)]], 2, false],
    ['five distinct people', [[2, here], [3, here], [5, here], [7, by(9, SCHOOLS)], [6, by(8, COUNCIL)]], 5, true],
  ];
  it.each(cases)('%s', (_n, recorded, present, met) => {
    const q = quorum(DEFAULT_QUORUM, seats, new Map(recorded));
    expect(q).toMatchObject({ members: 5, required: 3, present, met });
  });
});

describe('attendance rates credit a seat once, to the agency whose person filled it', () => {
  const r = (meetingId: number, personId: number, agencyId: number, status: AttendanceStatus | null, deputyPersonId: number | null = null, deputyAgencyId: number | null = null): AttendanceRecord => ({
    meetingId,
    personId,
    agencyId,
    status,
    deputyPersonId,
    deputyAgencyId,
  });
  it('a police officer "representing" the council is not the council attending', () => {
    const rates = attendanceRates([r(1, 3, POLICE, 'present'), r(1, 6, COUNCIL, 'represented', 3, POLICE)]);
    expect(rates.agencies.get(COUNCIL)?.rate).toBe(0);
    expect(rates.agencies.get(POLICE)?.rate).toBe(100);
  });
  it('one deputy in two seats of one agency credits one seat', () => {
    const rates = attendanceRates([r(1, 3, POLICE, 'represented', 8, POLICE), r(1, 4, POLICE, 'represented', 8, POLICE)]);
    expect(rates.agencies.get(POLICE)).toMatchObject({ meetings: 2, attended: 1 });
  });
  it('the same deputy at two different meetings is credited at both', () => {
    const rates = attendanceRates([r(1, 3, POLICE, 'represented', 8, POLICE), r(2, 3, POLICE, 'represented', 8, POLICE)]);
    expect(rates.agencies.get(POLICE)).toMatchObject({ meetings: 2, attended: 2 });
    expect(rates.people.get(3)).toMatchObject({ meetings: 2, attended: 0 });
  });
});

describe('who runs a meeting: the chair; a vice-chair only while the chair is away', () => {
  const B = 5;
  const who = (role: BoardRole | null, admin = false, partnershipId = 1): Actor => ({ personId: 42, partnershipId, agencyId: 1, isPartnershipAdmin: admin, boardRoles: new Map(role ? [[B, role]] : []) });
  const m = (chairAway?: boolean): MeetingFacts => ({ partnershipId: 1, boardId: B, status: 'in_progress', ...(chairAway === undefined ? {} : { chairAway }) });
  const VICE_REFUSED = 'A vice-chair runs the meeting only when the chair is recorded as apologies or absent.';
  const ONLY_CHAIR = 'Only the chair of the board (or an administrator) can do this.';
  const cases: [string, Actor, boolean | undefined, string | null][] = [
    ['the chair, present', who('chair'), false, null],
    ['the chair, recorded away (still the chair)', who('chair'), true, null],
    ['a vice-chair, chair away', who('vice_chair'), true, null],
    ['a vice-chair, chair present', who('vice_chair'), false, VICE_REFUSED],
    ['a vice-chair, no one meeting (scheduling, quorum rule)', who('vice_chair'), undefined, ONLY_CHAIR],
    ['a member, chair away', who('member'), true, ONLY_CHAIR],
    ['an observer, chair away', who('observer'), true, ONLY_CHAIR],
    ['an admin', who(null, true), false, null],
    ['another partnership’s vice-chair, chair away', who('vice_chair', false, 2), true, ONLY_CHAIR],
  ];
  it.each(cases)('%s', (_n, actor, away, expected) => {
    expect(runRefusal(actor, m(away))).toBe(expected);
    expect(canRunMeeting(actor, m(away))).toBe(expected === null);
  });

  const away: [string, (AttendanceStatus | null)[], boolean][] = [
    ['apologies', ['apologies'], true],
    ['absent', ['absent'], true],
    ['present', ['present'], false],
    ['represented by a deputy (not away by the rule)', ['represented'], false],
    ['not recorded', [null], false],
    ['no chair on the board', [], false],
  ];
  it.each(away)('chair %s → away %s', (_n, statuses, expected) => expect(isChairAway(statuses)).toBe(expected));

  it('a vice-chair records others’ attendance only while the chair is away, and says why', () => {
    expect(attendanceRefusal(who('vice_chair'), m(true), 7)).toBeNull();
    expect(attendanceRefusal(who('vice_chair'), m(false), 7)).toBe(VICE_REFUSED);
    expect(attendanceRefusal(who('vice_chair'), m(false), 42)).toBeNull();
  });

  const signing: [string, Actor, boolean, AttendanceStatus | null, boolean][] = [
    ['the chair who chaired', who('chair'), false, 'present', true],
    ['the chair recorded away', who('chair'), true, 'apologies', false],
    ['a vice-chair present who chaired', who('vice_chair'), true, 'present', true],
    ['a vice-chair not present', who('vice_chair'), true, 'apologies', false],
    ['a vice-chair while the chair chaired', who('vice_chair'), false, 'present', false],
    ['a member', who('member'), true, 'present', false],
    ['an admin', who(null, true), true, null, true],
  ];
  it.each(signing)('sign-off: %s', (_n, actor, chairAway, own, allowed) => {
    const refusal = signOffRefusal(actor, m(chairAway), own);
    expect(refusal === null).toBe(allowed);
    if (!allowed) expect(refusal).toMatch(/sign/);
  });
});

describe('a vice-chair takes part like a member everywhere else', () => {
  const vice: Actor = { personId: 42, partnershipId: 1, agencyId: 1, isPartnershipAdmin: false, boardRoles: new Map([[5, 'vice_chair']]) };
  it('edits the meeting, may create risks, and is lent edit at a live meeting of the board', () => {
    expect(takesPart('vice_chair')).toBe(true);
    expect(meetingAccess(vice, { partnershipId: 1, boardId: 5, status: 'in_progress' })).toBe('edit');
    const risk = { partnershipId: 1, boardId: 5, escalatedToBoardId: null, ownerId: null, leadAgencyId: null, mitigationOwnerIds: [] };
    expect(canCommandRisk(vice, 'create', risk)).toBe(true);
    expect(canCommandRisk(vice, 'close', risk)).toBe(false);
    expect(riskAccess(vice, risk)).toBe('read');
    expect(riskAccess(vice, { ...risk, liveMeetingBoardIds: [5] })).toBe('edit');
  });
});

describe('meetings in time (Europe/London)', () => {
  const at = (iso: string) => Date.parse(iso);
  const days: [string, string, string][] = [
    ['winter: UTC midnight is London midnight', '2026-12-08T00:30:00Z', '2026-12-08'],
    ['summer: 23:30 UTC is already tomorrow in London', '2026-06-08T23:30:00Z', '2026-06-09'],
    ['summer: 22:59 UTC is still today', '2026-06-08T22:59:00Z', '2026-06-08'],
    ['clocks go forward (29 March 2026, 01:00 UTC)', '2026-03-29T00:30:00Z', '2026-03-29'],
    ['clocks go back (25 October 2026): 23:30 UTC on the 25th', '2026-10-25T23:30:00Z', '2026-10-25'],
    ['the night before the clocks go back: 23:30 UTC on the 24th is the 25th', '2026-10-24T23:30:00Z', '2026-10-25'],
  ];
  it.each(days)('%s', (_n, iso, day) => expect(londonDay(iso)).toBe(day));

  const starts: [string, string, string, 'ok' | 'later' | 'passed'][] = [
    ['on the day', '2026-12-08T10:00:00Z', '2026-12-08T09:55:00Z', 'ok'],
    ['late on the day', '2026-12-08T10:00:00Z', '2026-12-08T23:59:00Z', 'ok'],
    ['the day before', '2026-12-08T10:00:00Z', '2026-12-07T23:59:00Z', 'later'],
    ['the day after, just past midnight', '2026-12-08T10:00:00Z', '2026-12-09T00:00:00Z', 'passed'],
    ['BST: 23:30 UTC is the next London day', '2026-06-09T09:00:00Z', '2026-06-08T23:30:00Z', 'ok'],
    ['BST: 22:30 UTC is still the day before', '2026-06-09T09:00:00Z', '2026-06-08T22:30:00Z', 'later'],
    ['a meeting at 00:30 BST (23:30 UTC the day before) on its own day', '2026-06-08T23:30:00Z', '2026-06-09T08:00:00Z', 'ok'],
    ['the day the clocks go forward', '2026-03-29T09:00:00Z', '2026-03-29T00:10:00Z', 'ok'],
    ['the day the clocks go back, late evening', '2026-10-25T09:00:00Z', '2026-10-25T23:30:00Z', 'ok'],
  ];
  it.each(starts)('start %s', (_n, startsAt, now, expected) => {
    const refusal = startRefusal(startsAt, at(now));
    if (expected === 'ok') expect(refusal).toBeNull();
    else if (expected === 'later') expect(refusal).toMatch(/is scheduled for .*moved to today first/);
    else expect(refusal).toMatch(/was scheduled for .*a day that has passed/);
  });

  it('names the day the meeting is scheduled for', () => {
    expect(startRefusal('2026-12-08T10:00:00Z', at('2026-12-01T10:00:00Z'))).toBe('This meeting is scheduled for Tuesday 8 December 2026: it can be started on that day, or moved to today first.');
  });

  const schedules: [string, string, string, boolean][] = [
    ['later today (London)', '2026-12-01T18:00:00Z', '2026-12-01T10:00:00Z', true],
    ['earlier today: the day has not passed', '2026-12-01T08:00:00Z', '2026-12-01T10:00:00Z', true],
    ['yesterday', '2026-11-30T18:00:00Z', '2026-12-01T10:00:00Z', false],
    ['BST: 23:30 UTC yesterday is today in London', '2026-06-08T23:30:00Z', '2026-06-09T08:00:00Z', true],
    ['BST: 22:30 UTC yesterday is yesterday', '2026-06-08T22:30:00Z', '2026-06-09T08:00:00Z', false],
    ['next month', '2027-01-05T10:00:00Z', '2026-12-01T10:00:00Z', true],
  ];
  it.each(schedules)('schedule %s → allowed %s', (_n, startsAt, now, allowed) => {
    expect(scheduleRefusal(startsAt, at(now)) === null).toBe(allowed);
  });

  const held: [string, { startsAt: string; startedAt: string | null; closedAt: string | null }, string][] = [
    ['winter (GMT)', { startsAt: '2026-12-08T10:00:00Z', startedAt: '2026-12-08T10:04:00Z', closedAt: '2026-12-08T11:52:00Z' }, 'Held on Tuesday 8 December 2026 from 10:04am to 11:52am'],
    ['summer (BST): UTC 09:04 is 10:04', { startsAt: '2026-06-09T09:00:00Z', startedAt: '2026-06-09T09:04:00Z', closedAt: '2026-06-09T10:52:00Z' }, 'Held on Tuesday 9 June 2026 from 10:04am to 11:52am'],
    ['past midnight', { startsAt: '2026-12-08T22:00:00Z', startedAt: '2026-12-08T23:30:00Z', closedAt: '2026-12-09T00:20:00Z' }, 'Held from Tuesday 8 December 2026 at 11:30pm to Wednesday 9 December 2026 at 12:20am'],
    ['not yet held', { startsAt: '2026-12-08T10:00:00Z', startedAt: null, closedAt: null }, 'Scheduled for Tuesday 8 December 2026 at 10:00am; not yet held'],
    ['in progress', { startsAt: '2026-12-08T10:00:00Z', startedAt: '2026-12-08T10:04:00Z', closedAt: null }, 'Started on Tuesday 8 December 2026 at 10:04am; still in progress'],
  ];
  it.each(held)('minutes line, %s', (_n, m, expected) => expect(heldLine(m)).toBe(expected));

  it('writes dates and times as minutes do', () => {
    expect(londonLongDate('2026-12-08T10:04:00Z')).toBe('Tuesday 8 December 2026');
    expect(londonTime('2026-06-08T23:04:00Z')).toBe('00:04');
  });
});
