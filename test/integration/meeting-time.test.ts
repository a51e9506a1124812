import { describe, expect, it } from 'vitest';
import type { AckReply } from '../../shared/protocol/socket.js';
import type { MeetingDetail, MeetingState, MeetingSummary, Minutes } from '../../shared/schemas/meeting.js';
import { TestClock } from '../helpers/clock.js';
import { ApiClient, DEMO } from '../helpers/http.js';
import { meetingInDays, meetingToday } from '../helpers/meeting-time.js';
import { startTestServer } from '../helpers/server.js';
import { connectSocket, send } from '../helpers/socket.js';

/*
 * Issue 10, item 3: a meeting starts only on its own London day, or once the chair has moved it to today;
 * it is never scheduled on a day that has passed; closing follows starting, sign-off follows closing; the
 * minutes say when it was actually held. The server's clock is a TestClock, so the days are real days.
 */

const P = '/api/partnerships/1';
const IB = 1;
const MINUTE = 60_000;
const DAY = 86_400_000;

function ok<T>(reply: AckReply<T>): T {
  if (!reply.ok) throw new Error(`command refused: ${JSON.stringify(reply)}`);
  return reply.data;
}

/** A server whose clock reads `at`; sessions last long enough for the days the test moves through. */
async function serverAt(at: string) {
  const clock = new TestClock(Date.parse(at));
  const server = await startTestServer({ clock: clock.now, sessionIdleMs: 30 * DAY, sessionAbsoluteMs: 30 * DAY });
  const chair = await new ApiClient(server.url).login(DEMO.chair);
  return { server, clock, chair, socket: await connectSocket(chair) };
}

describe('meetings in time', () => {
  it('refuses to start a meeting before its day, over Socket.io, and starts it once the chair moves it to today', async () => {
    const { clock, chair, socket } = await serverAt('2027-12-06T10:00:00Z');
    const m = ok(await send<MeetingSummary>(socket, 'meeting:create', { boardId: IB, startsAt: '2027-12-08T10:00:00Z' }));
    const reply = await send(socket, 'meeting:start', { meetingId: m.id });
    expect(reply).toMatchObject({
      ok: false,
      error: { code: 'CONFLICT', message: 'This meeting is scheduled for Wednesday 8 December 2027: it can be started on that day, or moved to today first.', details: [{ path: 'startsAt' }] },
    });
    const detail = (await chair.get<MeetingDetail>(`${P}/meetings/${m.id}`)).body;
    expect(detail.meeting.status).toBe('scheduled');
    expect(detail.meeting.startedAt).toBeNull();
    expect(detail.rights.startBlocked).toMatch(/Wednesday 8 December 2027/);
    // The chair moves it to today (on the record), and may then start it.
    ok(await send(socket, 'meeting:update', { meetingId: m.id, startsAt: meetingToday(clock.now()) }));
    expect((await chair.get<MeetingDetail>(`${P}/meetings/${m.id}`)).body.rights.startBlocked).toBeNull();
    const started = ok(await send<MeetingState>(socket, 'meeting:start', { meetingId: m.id }));
    expect(started.meeting.startedAt).toBe(new Date(clock.now()).toISOString());
  });

  it('starts at one minute past midnight on the day, not one minute before (BST, London time)', async () => {
    // 23:59 BST on 7 June is 22:59 UTC; the meeting is at 10:00 BST on 8 June.
    const { clock, socket } = await serverAt('2027-06-07T22:59:00Z');
    const m = ok(await send<MeetingSummary>(socket, 'meeting:create', { boardId: IB, startsAt: '2027-06-08T09:00:00Z' }));
    expect(await send(socket, 'meeting:start', { meetingId: m.id })).toMatchObject({ ok: false, error: { code: 'CONFLICT' } });
    clock.advance(2 * MINUTE); // 00:01 BST on 8 June, still 7 June in UTC
    expect(ok(await send<MeetingState>(socket, 'meeting:start', { meetingId: m.id })).meeting.status).toBe('in_progress');
  });

  it('refuses to schedule or move a meeting to a day that has passed, over Socket.io and REST, naming startsAt', async () => {
    const { clock, chair, socket } = await serverAt('2027-12-06T10:00:00Z');
    const past = await send(socket, 'meeting:create', { boardId: IB, startsAt: meetingInDays(-1, clock.now()) });
    expect(past).toMatchObject({ ok: false, error: { code: 'VALIDATION_FAILED', message: 'A meeting cannot be scheduled on a day that has passed (Sunday 5 December 2027).', details: [{ path: 'startsAt' }] } });
    // Earlier today is still today: a chair may put the meeting they are about to hold on today.
    const m = ok(await send<MeetingSummary>(socket, 'meeting:create', { boardId: IB, startsAt: '2027-12-06T08:00:00Z' }));
    const moved = await chair.patch<{ error: { code: string; details: unknown } }>(`${P}/meetings/${m.id}`, { startsAt: '2027-12-05T10:00:00Z' });
    expect(moved.status).toBe(400);
    expect(moved.body.error.details).toEqual([expect.objectContaining({ path: 'startsAt' })]);
    expect(await send(socket, 'meeting:update', { meetingId: m.id, startsAt: '2027-11-30T10:00:00Z' })).toMatchObject({ ok: false, error: { code: 'VALIDATION_FAILED' } });
    expect((await chair.get<MeetingDetail>(`${P}/meetings/${m.id}`)).body.meeting.startsAt).toBe('2027-12-06T08:00:00.000Z');
    // Once it has started, when it is scheduled is history: it is not moved.
    ok(await send(socket, 'meeting:start', { meetingId: m.id }));
    const later = await chair.patch<{ error: { message: string } }>(`${P}/meetings/${m.id}`, { startsAt: '2027-12-20T10:00:00Z' });
    expect(later.status).toBe(400);
    expect(later.body.error.message).toBe('The meeting has started: its date can no longer be moved.');
  });

  it('closes only after starting and signs off only after closing', async () => {
    const { socket } = await serverAt('2027-12-06T10:00:00Z');
    const m = ok(await send<MeetingSummary>(socket, 'meeting:create', { boardId: IB, startsAt: '2027-12-06T10:00:00Z' }));
    expect(await send(socket, 'meeting:close', { meetingId: m.id })).toMatchObject({ ok: false, error: { code: 'CONFLICT', message: 'Only a meeting in progress can be closed.' } });
    expect(await send(socket, 'meeting:sign-off', { meetingId: m.id })).toMatchObject({ ok: false, error: { code: 'CONFLICT' } });
    ok(await send(socket, 'meeting:start', { meetingId: m.id }));
    expect(await send(socket, 'meeting:sign-off', { meetingId: m.id })).toMatchObject({ ok: false, error: { code: 'CONFLICT', message: 'Minutes can be signed off once the meeting has closed.' } });
  });

  const held: [string, string, string][] = [
    ['in winter (GMT)', '2027-12-07T10:04:00Z', 'Held on Tuesday 7 December 2027 from 10:04am to 11:52am'],
    ['in summer (BST)', '2027-06-08T09:04:00Z', 'Held on Tuesday 8 June 2027 from 10:04am to 11:52am'],
  ];
  it.each(held)('the minutes say when the meeting was actually held, %s, before and after sign-off', async (_n, at, expected) => {
    const { server, clock, chair, socket } = await serverAt(at);
    // Scheduled for midday; started early at 10:04 London time, closed at 11:52: the minutes give what happened.
    const m = ok(await send<MeetingSummary>(socket, 'meeting:create', { boardId: IB, startsAt: meetingToday(clock.now()) }));
    ok(await send(socket, 'meeting:start', { meetingId: m.id }));
    clock.advance(108 * MINUTE);
    ok(await send(socket, 'meeting:close', { meetingId: m.id }));
    const row = (await server.services.meetings.queries.row(m.id))!;
    expect(row.startedAt).toBe(new Date(at).toISOString());
    expect(row.closedAt).toBe(new Date(Date.parse(at) + 108 * MINUTE).toISOString());
    expect((await chair.get<Minutes>(`${P}/meetings/${m.id}/minutes`)).body.held).toBe(expected);
    clock.advance(2 * DAY);
    ok(await send(socket, 'meeting:sign-off', { meetingId: m.id }));
    const frozen = (await chair.get<Minutes>(`${P}/meetings/${m.id}/minutes`)).body;
    expect(frozen.held).toBe(expected);
    expect(frozen.signedOff?.at).toBe(new Date(clock.now()).toISOString());
  });

  it('an observer or a member cannot move a meeting to today to start it', async () => {
    const { server, clock, socket } = await serverAt('2027-12-06T10:00:00Z');
    const m = ok(await send<MeetingSummary>(socket, 'meeting:create', { boardId: IB, startsAt: meetingInDays(3, clock.now()) }));
    for (const who of ['police', 'observer'] as const) {
      const s = await connectSocket(await new ApiClient(server.url).login(DEMO[who]));
      expect(await send(s, 'meeting:update', { meetingId: m.id, startsAt: meetingToday(clock.now()) })).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
      expect(await send(s, 'meeting:start', { meetingId: m.id })).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    }
    expect((await server.services.meetings.queries.row(m.id))!.startsAt).toBe(meetingInDays(3, clock.now()));
  });
});
