import { createClient } from 'redis';
import { describe, expect, it, vi } from 'vitest';
import type { MeetingState, MeetingSummary } from '../../shared/schemas/meeting.js';
import { REDIS_PREFIX, startTwoProcesses } from '../helpers/cluster.js';
import { ApiClient, DEMO } from '../helpers/http.js';
import { meetingToday } from '../helpers/meeting-time.js';
import { connectSocket, send } from '../helpers/socket.js';

/*
 * Issue 17: a meeting run from one process and followed from another. Both tests fail with
 * CLUSTER_WITHOUT_REDIS=1: the pushes would not cross, and each process would keep its own hands.
 */

const IB = 1;

function ok<T>(reply: { ok: true; data: T } | { ok: false }): T {
  if (!reply.ok) throw new Error(`refused: ${JSON.stringify(reply)}`);
  return reply.data;
}

async function runningMeeting(chair: Awaited<ReturnType<typeof connectSocket>>): Promise<MeetingState> {
  const m = ok(await send<MeetingSummary>(chair, 'meeting:create', { boardId: IB, title: 'Across processes', startsAt: meetingToday() }));
  ok(await send(chair, 'agenda:add', { meetingId: m.id, title: 'First item' }));
  ok(await send(chair, 'agenda:add', { meetingId: m.id, title: 'Second item' }));
  return ok(await send<MeetingState>(chair, 'meeting:start', { meetingId: m.id }));
}

// Two server processes start for each test (each compiles the server with tsx): slow on a loaded machine.
describe('a meeting across two server processes', { timeout: 90_000 }, () => {
  it('the chair on A advances the agenda; members connected to B follow it', async () => {
    const { a, b } = await startTwoProcesses();
    const chairOnA = await connectSocket(await new ApiClient(a.url).login(DEMO.chair));
    const members = await Promise.all([DEMO.police, DEMO.health].map(async (who) => connectSocket(await new ApiClient(b.url).login(who))));
    const heard = members.map(() => [] as MeetingState[]);
    for (const [i, m] of members.entries()) {
      ok(await send(m, 'board:join', { boardId: IB }));
      m.on('meeting:state', (s) => heard[i]!.push(s));
    }
    const state = await runningMeeting(chairOnA);
    for (const item of state.agenda) {
      ok(await send(chairOnA, 'meeting:advance', { meetingId: state.meeting.id, itemId: item.id }));
      for (const h of heard) await vi.waitFor(() => expect(h.at(-1)?.meeting.currentItemId).toBe(item.id), { timeout: 5000 });
    }
    ok(await send(chairOnA, 'meeting:close', { meetingId: state.meeting.id }));
    for (const h of heard) await vi.waitFor(() => expect(h.at(-1)?.meeting.status).toBe('closed'), { timeout: 5000 });
  }, 90_000);

  it('one raise-hand queue: a hand raised on B and one on A are seen in order by the chair on A; lowered on A, gone on B', async () => {
    const { a, b, redis } = await startTwoProcesses();
    const chairOnA = await connectSocket(await new ApiClient(a.url).login(DEMO.chair));
    const healthOnA = await connectSocket(await new ApiClient(a.url).login(DEMO.health));
    const policeOnB = await connectSocket(await new ApiClient(b.url).login(DEMO.police));
    const seenOnB: MeetingState[] = [];
    ok(await send(policeOnB, 'board:join', { boardId: IB }));
    policeOnB.on('meeting:state', (s) => seenOnB.push(s));
    const seenByChair: MeetingState[] = [];
    ok(await send(chairOnA, 'board:join', { boardId: IB }));
    chairOnA.on('meeting:state', (s) => seenByChair.push(s));
    const state = await runningMeeting(chairOnA);
    const meetingId = state.meeting.id;

    // An entry that does not read (another version's, or damaged) is left out; the meeting carries on.
    const raw = createClient({ url: redis.url });
    await raw.connect();
    await raw.hSet(`${REDIS_PREFIX}:hands:${meetingId}`, { '999': '5 {"not":"a hand"}', '998': 'garbage' });
    await raw.close();
    ok(await send(policeOnB, 'hand:raise', { meetingId }));
    const afterBoth = ok(await send<MeetingState>(healthOnA, 'hand:raise', { meetingId }));
    expect(afterBoth.hands.map((h) => h.name)).toEqual(['DCI Tom Brennan', 'Dr Aisha Rahman']);
    // What the chair's page on A is pushed: both hands, B's first.
    await vi.waitFor(() => expect(seenByChair.at(-1)?.hands.map((h) => h.name)).toEqual(['DCI Tom Brennan', 'Dr Aisha Rahman']), { timeout: 5000 });
    // Raised again: still one hand each.
    expect(ok(await send<MeetingState>(policeOnB, 'hand:raise', { meetingId })).hands).toHaveLength(2);

    const police = afterBoth.hands[0]!.personId;
    const lowered = ok(await send<MeetingState>(chairOnA, 'hand:lower', { meetingId, personId: police }));
    expect(lowered.hands.map((h) => h.name)).toEqual(['Dr Aisha Rahman']);
    await vi.waitFor(() => expect(seenOnB.at(-1)?.hands.map((h) => h.name)).toEqual(['Dr Aisha Rahman']), { timeout: 5000 });
  }, 90_000);
});
