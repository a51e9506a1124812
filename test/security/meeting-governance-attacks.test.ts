import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { loadActor } from '../../server/core/actors.js';
import { SOCKET_LIMITS } from '../../shared/limits.js';
import type { AckReply } from '../../shared/protocol/socket.js';
import type { BoardDetail, MembershipView } from '../../shared/schemas/admin.js';
import type { MeetingDetail, MeetingState, MeetingSummary } from '../../shared/schemas/meeting.js';
import { ApiClient, DEMO } from '../helpers/http.js';
import { meetingInDays, meetingToday } from '../helpers/meeting-time.js';
import { addSecondPartnership, leakedNames, type SecondPartnership } from '../helpers/second-partnership.js';
import { useTestServer } from '../helpers/server.js';
import { connectSocket, send, type BoardClient } from '../helpers/socket.js';

/*
 * Attacks on the meeting rules of issue 10 (deputies, vice-chair, meetings in time), as a hostile member,
 * an observer, a vice-chair whose chair is in the room, and someone of another partnership. Each attempt
 * is refused and changes nothing.
 */

const P = '/api/partnerships/1';
const IB = 1;
const CHAIR = 2;
const POLICE = 3;
const SCHOOLS = 5;
const COUNCIL = 6;
const POLICE_DEPUTY = 8;

function ok<T>(reply: AckReply<T>): T {
  if (!reply.ok) throw new Error(`command refused: ${JSON.stringify(reply)}`);
  return reply.data;
}

describe('attacks on deputies, the vice-chair and meeting days', () => {
  const server = useTestServer({ socketLimits: { ...SOCKET_LIMITS, commandsPerSecond: 10_000, commandBurst: 10_000 } });
  const clients = new Map<string, Promise<ApiClient>>();
  let sockets = new Map<string, Promise<BoardClient>>();
  let second: SecondPartnership;
  beforeEach(() => {
    sockets = new Map();
  });
  beforeAll(async () => {
    second = await addSecondPartnership(server());
  });
  function client(who: keyof typeof DEMO | 'outsider'): Promise<ApiClient> {
    if (!clients.has(who)) {
      const c = new ApiClient(server().url);
      clients.set(who, who === 'outsider' ? c.login(second.email, second.password) : c.login(DEMO[who]));
    }
    return clients.get(who)!;
  }
  function socket(who: keyof typeof DEMO | 'outsider'): Promise<BoardClient> {
    if (!sockets.has(who)) sockets.set(who, client(who).then(connectSocket));
    return sockets.get(who)!;
  }
  async function meeting(startsAt = meetingToday()): Promise<number> {
    return ok(await send<MeetingSummary>(await socket('chair'), 'meeting:create', { boardId: IB, startsAt })).id;
  }
  const adminView = async (id: number) => (await (await client('admin')).get<MeetingDetail>(`${P}/meetings/${id}`)).body;
  async function seat(personId: number): Promise<MembershipView> {
    return (await (await client('admin')).get<BoardDetail>(`${P}/boards/${IB}`)).body.members.find((m) => m.personId === personId)!;
  }

  it('someone of another partnership can neither see nor run our meeting, nor record anyone at it', async () => {
    const id = await meeting();
    const before = await adminView(id);
    const outsider = await socket('outsider');
    for (const [event, payload] of [
      ['meeting:start', { meetingId: id }],
      ['meeting:update', { meetingId: id, startsAt: meetingToday() }],
      ['attendance:set', { meetingId: id, personId: POLICE, status: 'represented', deputyPersonId: second.personId }],
      ['attendance:set', { meetingId: id, personId: CHAIR, status: 'absent' }],
      ['meeting:sign-off', { meetingId: id }],
    ] as const) {
      expect(await send(outsider, event, payload)).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
    }
    expect((await (await client('outsider')).patch(`/api/partnerships/${second.partnershipId}/meetings/${id}`, { startsAt: meetingToday() })).status).toBe(404);
    const after = await adminView(id);
    expect(after.meeting).toEqual(before.meeting);
    expect(after.attendance).toEqual(before.attendance);
  });

  it('our chair cannot name a person of another partnership as a deputy at her meeting, nor reach theirs', async () => {
    const id = await meeting();
    const chair = await socket('chair');
    const reply = await send(chair, 'attendance:set', { meetingId: id, personId: POLICE, status: 'represented', deputyPersonId: second.personId });
    expect(reply).toMatchObject({ ok: false, error: { code: 'VALIDATION_FAILED', details: [{ path: 'deputyPersonId' }] } });
    expect(leakedNames(second, reply)).toEqual([]);
    // Even with a status that needs no deputy, the id is checked, not dropped silently.
    expect(await send(chair, 'attendance:set', { meetingId: id, personId: POLICE, status: 'present', deputyPersonId: second.personId })).toMatchObject({ ok: false, error: { code: 'VALIDATION_FAILED' } });
    expect(await send(chair, 'attendance:set', { meetingId: second.meetingId, personId: second.personId, status: 'absent' })).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
    expect((await adminView(id)).attendance.find((a) => a.personId === POLICE)?.status).toBeNull();
  });

  it('a hostile member cannot record others, fill two seats, move the meeting or start it', async () => {
    const id = await meeting(meetingInDays(3));
    const police = await socket('police');
    expect(await send(police, 'attendance:set', { meetingId: id, personId: CHAIR, status: 'absent' })).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    // Naming himself deputy for the schools seat by way of his own record is not possible either: his record is his seat.
    expect(await send(police, 'attendance:set', { meetingId: id, personId: SCHOOLS, status: 'represented', deputyPersonId: POLICE })).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    expect(await send(police, 'meeting:update', { meetingId: id, startsAt: meetingToday() })).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    expect(await send(police, 'meeting:start', { meetingId: id })).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    const after = await adminView(id);
    expect(after.meeting.startsAt).toBe(meetingInDays(3));
    expect(after.attendance.every((a) => a.status === null)).toBe(true);
  });

  it('an observer cannot record, move or start anything', async () => {
    const id = await meeting();
    const observer = await socket('observer');
    for (const [event, payload] of [
      ['attendance:set', { meetingId: id, personId: CHAIR, status: 'absent' }],
      ['meeting:update', { meetingId: id, startsAt: meetingInDays(1) }],
      ['meeting:start', { meetingId: id }],
      ['hand:raise', { meetingId: id }],
    ] as const) {
      expect(await send(observer, event, payload)).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    }
    expect((await adminView(id)).meeting.status).toBe('scheduled');
  });

  it('a vice-chair cannot take the chair’s controls while the chair is in the room, by any route', async () => {
    const admin = await client('admin');
    await admin.patch(`${P}/boards/${IB}/memberships/${(await seat(COUNCIL)).id}`, { role: 'vice_chair' });
    const id = await meeting();
    const chair = await socket('chair');
    ok(await send(chair, 'attendance:set', { meetingId: id, personId: CHAIR, status: 'present' }));
    const vice = await socket('council');
    for (const [event, payload] of [
      ['attendance:set', { meetingId: id, personId: CHAIR, status: 'apologies' }],
      ['meeting:start', { meetingId: id }],
      ['meeting:update', { meetingId: id, startsAt: meetingInDays(5) }],
      ['meeting:build-agenda', { meetingId: id }],
      ['agenda:add', { meetingId: id, title: 'Taking over' }],
    ] as const) {
      expect(await send(vice, event, payload)).toMatchObject({ ok: false, error: { code: 'FORBIDDEN', message: 'A vice-chair runs the meeting only when the chair is recorded as apologies or absent.' } });
    }
    expect((await adminView(id)).meeting.status).toBe('scheduled');
    expect((await adminView(id)).attendance.find((a) => a.personId === CHAIR)?.status).toBe('present');
    await admin.patch(`${P}/boards/${IB}/memberships/${(await seat(COUNCIL)).id}`, { role: 'member' });
  });

  it('a deputy of a chair or vice-chair stands in as a member, never with the chair’s powers', async () => {
    const admin = await client('admin');
    const police = await seat(POLICE);
    await admin.patch(`${P}/boards/${IB}/memberships/${police.id}`, { role: 'vice_chair' });
    expect((await loadActor(server().ctx, POLICE_DEPUTY))!.boardRoles.get(IB)).toBe('member');
    await admin.patch(`${P}/boards/${IB}/memberships/${police.id}`, { role: 'member' });
    expect((await loadActor(server().ctx, POLICE_DEPUTY))!.boardRoles.get(IB)).toBe('member');
  });

  it('a meeting cannot be pushed into the past to escape its day, nor created there', async () => {
    const id = await meeting(meetingInDays(2));
    const chair = await socket('chair');
    expect(await send(chair, 'meeting:update', { meetingId: id, startsAt: meetingInDays(-1) })).toMatchObject({ ok: false, error: { code: 'VALIDATION_FAILED', details: [{ path: 'startsAt' }] } });
    expect(await send(chair, 'meeting:create', { boardId: IB, startsAt: meetingInDays(-30) })).toMatchObject({ ok: false, error: { code: 'VALIDATION_FAILED', details: [{ path: 'startsAt' }] } });
    expect(await send(chair, 'meeting:start', { meetingId: id })).toMatchObject({ ok: false, error: { code: 'CONFLICT' } });
    expect((await adminView(id)).meeting).toMatchObject({ startsAt: meetingInDays(2), status: 'scheduled', startedAt: null });
  });

  it('a started meeting’s date cannot be rewritten to make its minutes say another day', async () => {
    const id = await meeting();
    const chair = await socket('chair');
    ok(await send<MeetingState>(chair, 'meeting:start', { meetingId: id }));
    expect(await send(chair, 'meeting:update', { meetingId: id, startsAt: meetingInDays(7) })).toMatchObject({ ok: false, error: { code: 'VALIDATION_FAILED', details: [{ path: 'startsAt' }] } });
    expect((await adminView(id)).meeting.startsAt).toBe(meetingToday());
  });
});
