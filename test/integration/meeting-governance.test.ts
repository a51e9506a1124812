import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { SOCKET_LIMITS } from '../../shared/limits.js';
import type { AckReply } from '../../shared/protocol/socket.js';
import type { BoardDetail, MembershipView } from '../../shared/schemas/admin.js';
import type { MeetingDetail, MeetingState, MeetingSummary } from '../../shared/schemas/meeting.js';
import { ApiClient, DEMO, errorCode } from '../helpers/http.js';
import { meetingToday } from '../helpers/meeting-time.js';
import { addSecondPartnership, type SecondPartnership } from '../helpers/second-partnership.js';
import { useTestServer } from '../helpers/server.js';
import { connectSocket, send, type BoardClient } from '../helpers/socket.js';

/*
 * Issue 10, items 1 and 2: deputies (of the member's own agency; one person, one seat; the named deputy
 * proposed) and the vice-chair (runs the meeting only while the chair is recorded as away; minutes signed
 * off by whoever chaired). Each refusal over Socket.io and REST changes nothing and names its field.
 */

const P = '/api/partnerships/1';
const IB = 1;
// Demo people (server/features/demo/seed.ts).
const CHAIR = 2;
const POLICE = 3; // DCI Tom Brennan, Northshire Police; named deputy DI Rachel Hughes
const HEALTH = 4; // Dr Aisha Rahman, ICB; named deputy Fiona Grant (ICB)
const SCHOOLS = 5;
const COUNCIL = 6; // Sarah Okafor, council
const OBSERVER = 7;
const POLICE_DEPUTY = 8; // DI Rachel Hughes
const TRUST_NURSE = 9; // James Osei, the NHS Trust: health, but not the ICB
const DCS = 10; // David Marsh, council, vice-chair of the Improvement Board in the demo
const ICB_DEPUTY = 14; // Fiona Grant

function ok<T>(reply: AckReply<T>): T {
  if (!reply.ok) throw new Error(`command refused: ${JSON.stringify(reply)}`);
  return reply.data;
}

function refusedWith(reply: AckReply<unknown>, code: string, message: string | RegExp, path?: string): void {
  expect(reply.ok).toBe(false);
  if (reply.ok) return;
  expect(reply.error.code).toBe(code);
  expect(reply.error.message).toMatch(message);
  if (path) expect(reply.error.details).toEqual([expect.objectContaining({ path })]);
}

describe('deputies and seats', () => {
  const server = useTestServer({ socketLimits: { ...SOCKET_LIMITS, commandsPerSecond: 10_000, commandBurst: 10_000 } });
  const clients = new Map<string, Promise<ApiClient>>();
  let second: SecondPartnership;

  beforeAll(async () => {
    second = await addSecondPartnership(server());
  });
  function client(who: keyof typeof DEMO): Promise<ApiClient> {
    if (!clients.has(who)) clients.set(who, new ApiClient(server().url).login(DEMO[who]));
    return clients.get(who)!;
  }
  // A socket lives for one test (the helper closes it when the test ends): one per person per test.
  let sockets = new Map<string, Promise<BoardClient>>();
  beforeEach(() => {
    sockets = new Map();
  });
  function socket(who: keyof typeof DEMO): Promise<BoardClient> {
    if (!sockets.has(who)) sockets.set(who, client(who).then(connectSocket));
    return sockets.get(who)!;
  }
  async function meeting(): Promise<number> {
    return ok(await send<MeetingSummary>(await socket('chair'), 'meeting:create', { boardId: IB, startsAt: meetingToday() })).id;
  }
  async function state(meetingId: number): Promise<MeetingDetail> {
    return (await (await client('admin')).get<MeetingDetail>(`${P}/meetings/${meetingId}`)).body;
  }
  const row = (s: MeetingState, personId: number) => s.attendance.find((a) => a.personId === personId)!;

  it('proposes the named deputy when someone is recorded as represented, and offers only their agency’s people', async () => {
    const id = await meeting();
    const s = ok(await send<MeetingState>(await socket('chair'), 'attendance:set', { meetingId: id, personId: POLICE, status: 'represented' }));
    expect(row(s, POLICE)).toMatchObject({ status: 'represented', deputy: { id: POLICE_DEPUTY, name: 'DI Rachel Hughes' } });
    expect(row(s, HEALTH).namedDeputy).toEqual({ id: ICB_DEPUTY, name: 'Fiona Grant' });
    expect(row(s, HEALTH).deputyCandidates[0]).toEqual({ id: ICB_DEPUTY, name: 'Fiona Grant' });
    expect(row(s, HEALTH).deputyCandidates.map((c) => c.id)).not.toContain(TRUST_NURSE);
    expect(row(s, COUNCIL).deputyCandidates.map((c) => c.id)).toEqual([DCS]);
  });

  it('accepts a deputy of the member’s own agency other than the named one', async () => {
    const id = await meeting();
    const s = ok(await send<MeetingState>(await socket('chair'), 'attendance:set', { meetingId: id, personId: COUNCIL, status: 'represented', deputyPersonId: DCS }));
    expect(row(s, COUNCIL).deputy).toEqual({ id: DCS, name: 'David Marsh' });
  });

  it('refuses a deputy of another agency, naming the field and the agency, and changes nothing', async () => {
    const id = await meeting();
    const chair = await socket('chair');
    // One police officer "representing" the council: the case that made two people a quorum.
    const reply = await send(chair, 'attendance:set', { meetingId: id, personId: COUNCIL, status: 'represented', deputyPersonId: POLICE });
    refusedWith(reply, 'VALIDATION_FAILED', 'A deputy must be from Northbrook Council Children\'s Services, the member’s own agency.', 'deputyPersonId');
    // Another health body is another agency.
    refusedWith(await send(chair, 'attendance:set', { meetingId: id, personId: HEALTH, status: 'represented', deputyPersonId: TRUST_NURSE }), 'VALIDATION_FAILED', /Northbrook Integrated Care Board/, 'deputyPersonId');
    refusedWith(await send(chair, 'attendance:set', { meetingId: id, personId: POLICE, status: 'represented', deputyPersonId: POLICE }), 'VALIDATION_FAILED', 'A member cannot be their own deputy.', 'deputyPersonId');
    expect(row(await state(id), COUNCIL).status).toBeNull();
    expect(row(await state(id), HEALTH).status).toBeNull();
  });

  it('refuses one person for two seats, either way round, and says who', async () => {
    const id = await meeting();
    const chair = await socket('chair');
    ok(await send(chair, 'attendance:set', { meetingId: id, personId: COUNCIL, status: 'present' }));
    refusedWith(
      await send(chair, 'attendance:set', { meetingId: id, personId: DCS, status: 'represented', deputyPersonId: COUNCIL }),
      'VALIDATION_FAILED',
      'Sarah Okafor already fills a seat at this meeting (their own seat).',
      'deputyPersonId',
    );
    ok(await send(chair, 'attendance:set', { meetingId: id, personId: COUNCIL, status: 'apologies' }));
    ok(await send(chair, 'attendance:set', { meetingId: id, personId: DCS, status: 'represented', deputyPersonId: COUNCIL }));
    // Sarah, now in David Marsh's seat, cannot also be present in her own: she records it herself and is refused.
    refusedWith(await send(await socket('council'), 'attendance:set', { meetingId: id, personId: COUNCIL, status: 'present' }), 'VALIDATION_FAILED', 'Sarah Okafor already fills a seat at this meeting (the seat of David Marsh).', 'status');
    const s = await state(id);
    expect(row(s, COUNCIL).status).toBe('apologies');
    expect(row(s, DCS).deputy?.id).toBe(COUNCIL);
  });

  it('counts distinct people for quorum: the chair and one person in two seats were never quorate', async () => {
    const id = await meeting();
    const chair = await socket('chair');
    ok(await send(chair, 'attendance:set', { meetingId: id, personId: CHAIR, status: 'present' }));
    ok(await send(chair, 'attendance:set', { meetingId: id, personId: POLICE, status: 'present' }));
    // Refused now; before, these two "represented" seats made the meeting quorate with two people.
    expect((await send(chair, 'attendance:set', { meetingId: id, personId: COUNCIL, status: 'represented', deputyPersonId: POLICE })).ok).toBe(false);
    expect((await send(chair, 'attendance:set', { meetingId: id, personId: SCHOOLS, status: 'represented', deputyPersonId: POLICE })).ok).toBe(false);
    const q = (await state(id)).quorum;
    expect(q).toMatchObject({ members: 7, present: 2, met: false });
    ok(await send(chair, 'attendance:set', { meetingId: id, personId: HEALTH, status: 'represented' }));
    ok(await send(chair, 'attendance:set', { meetingId: id, personId: SCHOOLS, status: 'present' }));
    expect((await state(id)).quorum).toMatchObject({ present: 4, required: 4, met: true });
  });

  it('counts attendance rates by distinct people: a record made before the rules credits nobody twice', async () => {
    const chair = await socket('chair');
    const id = await meeting();
    ok(await send(chair, 'meeting:start', { meetingId: id }));
    ok(await send(chair, 'attendance:set', { meetingId: id, personId: POLICE, status: 'present' }));
    ok(await send(chair, 'meeting:close', { meetingId: id }));
    const before = (await (await client('chair')).get<{ agencies: { name: string; attended: number; meetings: number }[] }>(`${P}/boards/${IB}/attendance-report`)).body;
    // As a record from before the rules: the police officer also "represented" schools. Written directly, as old data would be.
    const { meetingAttendance } = await import('../../server/db/schema.js');
    await server().ctx.database.transaction(() => server().ctx.db.insert(meetingAttendance).values({ meetingId: id, personId: SCHOOLS, status: 'represented', deputyPersonId: POLICE, recordedBy: CHAIR, at: new Date().toISOString() }).run());
    const after = (await (await client('chair')).get<typeof before>(`${P}/boards/${IB}/attendance-report`)).body;
    const schools = (r: typeof before) => r.agencies.find((a) => a.name === 'Northbrook Schools Forum')!;
    expect(schools(after).attended).toBe(schools(before).attended);
    expect(schools(after).meetings).toBe(schools(before).meetings);
  });

  it('a member records only their own seat, with a deputy of their agency; observers and outsiders are refused', async () => {
    const id = await meeting();
    const police = await socket('police');
    ok(await send(police, 'attendance:set', { meetingId: id, personId: POLICE, status: 'represented', deputyPersonId: POLICE_DEPUTY }));
    refusedWith(await send(police, 'attendance:set', { meetingId: id, personId: POLICE, status: 'represented', deputyPersonId: COUNCIL }), 'VALIDATION_FAILED', /Northshire Police/, 'deputyPersonId');
    refusedWith(await send(police, 'attendance:set', { meetingId: id, personId: SCHOOLS, status: 'represented', deputyPersonId: POLICE }), 'FORBIDDEN', 'Only the chair records the attendance of others.');
    refusedWith(await send(await socket('observer'), 'attendance:set', { meetingId: id, personId: OBSERVER, status: 'present' }), 'FORBIDDEN', 'Observers do not record attendance.');
    expect(row(await state(id), SCHOOLS).status).toBeNull();
    expect(row(await state(id), POLICE).deputy?.id).toBe(POLICE_DEPUTY);
  });

  it('refuses another partnership’s person as a deputy, on the meeting and on the membership, without saying whose', async () => {
    const id = await meeting();
    const reply = await send(await socket('chair'), 'attendance:set', { meetingId: id, personId: POLICE, status: 'represented', deputyPersonId: second.personId });
    refusedWith(reply, 'VALIDATION_FAILED', 'The person named is not in this partnership.', 'deputyPersonId');
    expect(JSON.stringify(reply)).not.toContain('Farshire');
    const admin = await client('admin');
    const seat = (await admin.get<BoardDetail>(`${P}/boards/${IB}`)).body.members.find((m) => m.personId === POLICE)!;
    const res = await admin.patch(`${P}/boards/${IB}/memberships/${seat.id}`, { deputyPersonId: second.personId });
    expect(res.status).toBe(400);
    expect(JSON.stringify(res.body)).not.toContain('Farshire');
    expect((await admin.get<BoardDetail>(`${P}/boards/${IB}`)).body.members.find((m) => m.personId === POLICE)!.deputy?.id).toBe(POLICE_DEPUTY);
  });

  it('the admin’s naming of a deputy on a membership obeys the same agency rule', async () => {
    const admin = await client('admin');
    const seat = (await admin.get<BoardDetail>(`${P}/boards/${IB}`)).body.members.find((m) => m.personId === POLICE)!;
    const res = await admin.patch<{ error: { message: string; details: unknown } }>(`${P}/boards/${IB}/memberships/${seat.id}`, { deputyPersonId: COUNCIL });
    expect(res.status).toBe(400);
    expect(res.body.error.message).toBe('A deputy must be from Northshire Police, the member’s own agency.');
    expect(res.body.error.details).toEqual([expect.objectContaining({ path: 'deputyPersonId' })]);
    const added = await admin.post(`${P}/boards/2/memberships`, { personId: DCS, role: 'member', deputyPersonId: SCHOOLS });
    expect(errorCode(added)).toBe('VALIDATION_FAILED');
    const fine = await admin.patch<MembershipView>(`${P}/boards/${IB}/memberships/${seat.id}`, { deputyPersonId: POLICE_DEPUTY });
    expect(fine.status).toBe(200);
  });
});
