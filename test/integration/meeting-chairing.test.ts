import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { SOCKET_LIMITS } from '../../shared/limits.js';
import type { AckReply } from '../../shared/protocol/socket.js';
import type { BoardDetail, MembershipView } from '../../shared/schemas/admin.js';
import type { Me } from '../../shared/schemas/auth.js';
import type { MeetingDetail, MeetingState, MeetingSummary } from '../../shared/schemas/meeting.js';
import { ApiClient, DEMO } from '../helpers/http.js';
import { meetingToday } from '../helpers/meeting-time.js';
import { useTestServer } from '../helpers/server.js';
import { connectSocket, send, type BoardClient } from '../helpers/socket.js';

/*
 * Issue 10, item 2: the vice-chair. Sarah Okafor (council) is made vice-chair of the Improvement Board by
 * the admin; she runs a meeting's chair controls only while the chair, Margaret Ellison, is recorded as
 * apologies or absent at it, and signs off the minutes of a meeting she chaired.
 */

const P = '/api/partnerships/1';
const IB = 1;
const CHAIR = 2;
const POLICE = 3;
const SCHOOLS = 5;
const COUNCIL = 6;
const VICE_REFUSED = 'A vice-chair runs the meeting only when the chair is recorded as apologies or absent.';

function ok<T>(reply: AckReply<T>): T {
  if (!reply.ok) throw new Error(`command refused: ${JSON.stringify(reply)}`);
  return reply.data;
}

function forbidden(reply: AckReply<unknown>, message: string | RegExp): void {
  expect(reply).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
  if (!reply.ok) expect(reply.error.message).toMatch(message);
}

describe('the vice-chair', () => {
  const server = useTestServer({ socketLimits: { ...SOCKET_LIMITS, commandsPerSecond: 10_000, commandBurst: 10_000 } });
  const clients = new Map<string, Promise<ApiClient>>();
  let sockets = new Map<string, Promise<BoardClient>>();
  beforeEach(() => {
    sockets = new Map();
  });
  function client(who: keyof typeof DEMO): Promise<ApiClient> {
    if (!clients.has(who)) clients.set(who, new ApiClient(server().url).login(DEMO[who]));
    return clients.get(who)!;
  }
  function socket(who: keyof typeof DEMO): Promise<BoardClient> {
    if (!sockets.has(who)) sockets.set(who, client(who).then(connectSocket));
    return sockets.get(who)!;
  }
  async function seatOf(personId: number): Promise<MembershipView> {
    return (await (await client('admin')).get<BoardDetail>(`${P}/boards/${IB}`)).body.members.find((m) => m.personId === personId)!;
  }

  beforeAll(async () => {
    const admin = await client('admin');
    const seat = await seatOf(COUNCIL);
    const res = await admin.patch<MembershipView>(`${P}/boards/${IB}/memberships/${seat.id}`, { role: 'vice_chair' });
    expect(res.body.role).toBe('vice_chair');
  });

  /** Today's meeting of the Improvement Board, with two items, scheduled (or started) by the chair. */
  async function meeting(started = false): Promise<MeetingState> {
    const chair = await socket('chair');
    const m = ok(await send<MeetingSummary>(chair, 'meeting:create', { boardId: IB, startsAt: meetingToday() }));
    ok(await send(chair, 'agenda:add', { meetingId: m.id, title: 'First' }));
    let s = ok(await send<MeetingState>(chair, 'agenda:add', { meetingId: m.id, title: 'Second' }));
    if (started) s = ok(await send<MeetingState>(chair, 'meeting:start', { meetingId: m.id }));
    return s;
  }
  async function detail(who: keyof typeof DEMO, meetingId: number): Promise<MeetingDetail> {
    return (await (await client(who)).get<MeetingDetail>(`${P}/meetings/${meetingId}`)).body;
  }

  it('is a role the admin gives, shown with its label; more than one vice-chair per board', async () => {
    const admin = await client('admin');
    const police = await seatOf(POLICE);
    expect((await admin.patch<MembershipView>(`${P}/boards/${IB}/memberships/${police.id}`, { role: 'vice_chair' })).body.role).toBe('vice_chair');
    const members = (await admin.get<BoardDetail>(`${P}/boards/${IB}`)).body.members;
    // Listed after the chair and before the members.
    expect(members.slice(0, 4).map((m) => m.role)).toEqual(['chair', 'vice_chair', 'vice_chair', 'vice_chair']);
    expect((await admin.patch<MembershipView>(`${P}/boards/${IB}/memberships/${police.id}`, { role: 'member' })).body.role).toBe('member');
    const me = (await (await client('council')).get<Me>('/api/auth/me')).body;
    expect(me.memberships.find((m) => m.boardId === IB)?.role).toBe('vice_chair');
  });

  it('is refused every chair control while the chair is present (or not yet recorded), and nothing changes', async () => {
    const s = await meeting(true);
    const meetingId = s.meeting.id;
    const vice = await socket('council');
    const before = (await detail('admin', meetingId)).meeting;
    expect((await detail('council', meetingId)).rights).toMatchObject({ run: false, edit: true, signOff: false });
    // Not yet recorded: the chair is not away.
    forbidden(await send(vice, 'meeting:advance', { meetingId, itemId: s.agenda[1]!.id }), VICE_REFUSED);
    ok(await send(await socket('chair'), 'attendance:set', { meetingId, personId: CHAIR, status: 'present' }));
    forbidden(await send(vice, 'meeting:advance', { meetingId, itemId: s.agenda[1]!.id }), VICE_REFUSED);
    forbidden(await send(vice, 'meeting:close', { meetingId }), VICE_REFUSED);
    forbidden(await send(vice, 'agenda:add', { meetingId, title: 'Vice-chair’s own item' }), VICE_REFUSED);
    forbidden(await send(vice, 'guest:add', { meetingId, name: 'A guest' }), VICE_REFUSED);
    // The attack: marking the chair absent to take the controls.
    forbidden(await send(vice, 'attendance:set', { meetingId, personId: CHAIR, status: 'absent' }), VICE_REFUSED);
    forbidden(await send(vice, 'attendance:set', { meetingId, personId: SCHOOLS, status: 'present' }), VICE_REFUSED);
    ok(await send(await socket('police'), 'hand:raise', { meetingId }));
    forbidden(await send(vice, 'hand:lower', { meetingId, personId: POLICE }), VICE_REFUSED);
    const rest = await (await client('council')).patch(`${P}/meetings/${meetingId}`, { title: 'Renamed by the vice-chair' });
    expect(rest.status).toBe(403);
    expect((rest.body as { error: { message: string } }).error.message).toBe(VICE_REFUSED);
    const after = await detail('admin', meetingId);
    expect(after.meeting).toEqual(before);
    expect(after.attendance.find((a) => a.personId === CHAIR)?.status).toBe('present');
    expect(after.hands.map((h) => h.personId)).toEqual([POLICE]);
    // What is hers as any member stays hers: her own attendance, her hand.
    ok(await send(vice, 'attendance:set', { meetingId, personId: COUNCIL, status: 'present' }));
    ok(await send(vice, 'hand:raise', { meetingId }));
  });

  it('runs the meeting when the chair sent apologies, signs off what she chaired, and the chair may not', async () => {
    const s = await meeting();
    const meetingId = s.meeting.id;
    const vice = await socket('council');
    // The chair records her own apologies before the day.
    ok(await send(await socket('chair'), 'attendance:set', { meetingId, personId: CHAIR, status: 'apologies' }));
    expect((await detail('council', meetingId)).rights).toMatchObject({ run: true, edit: true });
    ok(await send(vice, 'meeting:start', { meetingId }));
    ok(await send(vice, 'attendance:set', { meetingId, personId: COUNCIL, status: 'present' }));
    ok(await send(vice, 'attendance:set', { meetingId, personId: SCHOOLS, status: 'present' }));
    ok(await send(vice, 'meeting:advance', { meetingId, itemId: s.agenda[1]!.id }));
    ok(await send(await socket('police'), 'hand:raise', { meetingId }));
    ok(await send(vice, 'hand:lower', { meetingId, personId: POLICE }));
    const rest = await (await client('council')).patch(`${P}/meetings/${meetingId}`, { location: 'Room 4' });
    expect(rest.status).toBe(200);
    ok(await send(vice, 'meeting:close', { meetingId }));
    // The chair, away from this meeting, does not sign off minutes of a meeting she did not chair.
    forbidden(await send(await socket('chair'), 'meeting:sign-off', { meetingId }), /recorded as away from this meeting/);
    expect((await detail('chair', meetingId)).rights.signOff).toBe(false);
    expect((await detail('council', meetingId)).rights.signOff).toBe(true);
    const signed = ok(await send<MeetingState>(vice, 'meeting:sign-off', { meetingId }));
    expect(signed.meeting).toMatchObject({ status: 'signed_off', signedOffByName: 'Sarah Okafor' });
    const row = (await server().services.meetings.queries.row(meetingId))!;
    expect([row.startedBy, row.closedBy, row.signedOffBy]).toEqual([COUNCIL, COUNCIL, COUNCIL]);
  });

  it('loses the controls the moment the chair is recorded present again', async () => {
    const s = await meeting();
    const meetingId = s.meeting.id;
    const chair = await socket('chair');
    const vice = await socket('council');
    ok(await send(chair, 'attendance:set', { meetingId, personId: CHAIR, status: 'absent' }));
    ok(await send(vice, 'meeting:start', { meetingId }));
    // The chair arrives and records herself present: the chair takes the meeting back.
    ok(await send(chair, 'attendance:set', { meetingId, personId: CHAIR, status: 'present' }));
    forbidden(await send(vice, 'meeting:advance', { meetingId, itemId: s.agenda[1]!.id }), VICE_REFUSED);
    ok(await send(chair, 'meeting:close', { meetingId }));
    // She chaired it in the end: hers to sign, not the vice-chair's.
    forbidden(await send(vice, 'meeting:sign-off', { meetingId }), 'The chair chaired this meeting and signs off its minutes.');
    ok(await send(chair, 'meeting:sign-off', { meetingId }));
  });

  it('a vice-chair who was not present does not sign off, and schedules nothing: that is the chair’s', async () => {
    const s = await meeting();
    const meetingId = s.meeting.id;
    const vice = await socket('council');
    ok(await send(await socket('chair'), 'attendance:set', { meetingId, personId: CHAIR, status: 'apologies' }));
    ok(await send(vice, 'meeting:start', { meetingId }));
    ok(await send(vice, 'meeting:close', { meetingId }));
    forbidden(await send(vice, 'meeting:sign-off', { meetingId }), 'Only a vice-chair present at the meeting, who chaired it, signs off its minutes.');
    forbidden(await send(vice, 'meeting:create', { boardId: IB, startsAt: meetingToday() }), /Only the chair of the board/);
    forbidden(await send(vice, 'board:quorum-rule', { boardId: IB, percent: 10, chairRequired: false }), /Only the chair of the board/);
    // The admin may sign off.
    ok(await send(await socket('admin'), 'meeting:sign-off', { meetingId }));
  });

  it('takes part like a member elsewhere: raises a challenge at the board', async () => {
    const police = (await (await client('admin')).get<{ id: number; name: string }[]>(`${P}/agencies`)).body.find((a) => a.name === 'Northshire Police')!.id;
    const reply = await send(await socket('council'), 'challenge:raise', { boardId: IB, title: 'Vice-chair’s question', directedAgencyId: police, dueDate: meetingToday().slice(0, 10) });
    expect(reply.ok).toBe(true);
  });

  it('the chair handover still holds: making the vice-chair chair makes the old chair a member', async () => {
    const admin = await client('admin');
    const seat = await seatOf(COUNCIL);
    await admin.patch(`${P}/boards/${IB}/memberships/${seat.id}`, { role: 'chair' });
    const members = (await admin.get<BoardDetail>(`${P}/boards/${IB}`)).body.members;
    expect(members.filter((m) => m.role === 'chair').map((m) => m.personId)).toEqual([COUNCIL]);
    expect(members.find((m) => m.personId === CHAIR)?.role).toBe('member');
    // And back, for the rest of the file's readers.
    await admin.patch(`${P}/boards/${IB}/memberships/${(await seatOf(CHAIR)).id}`, { role: 'chair' });
    expect((await seatOf(COUNCIL)).role).toBe('member');
  });
});
