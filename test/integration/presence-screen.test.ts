import { describe, expect, it, vi } from 'vitest';
import type { PresenceEntry } from '../../shared/protocol/socket.js';
import type { MeetingState, MeetingSummary } from '../../shared/schemas/meeting.js';
import { SOCKET_LIMITS } from '../../shared/limits.js';
import { ApiClient, DEMO } from '../helpers/http.js';
import { meetingToday } from '../helpers/meeting-time.js';
import { useTestServer } from '../helpers/server.js';
import { connectSocket, send, type BoardClient } from '../helpers/socket.js';

/*
 * Issue 16: the presenter view is the room's screen, not a person. It joins the board's room as a screen
 * ("board:join" with `screen: true`): it hears the meeting's pushes, and presence neither lists nor counts it.
 */

const IB = 1;

function ok<T>(reply: { ok: true; data: T } | { ok: false }): T {
  if (!reply.ok) throw new Error(`refused: ${JSON.stringify(reply)}`);
  return reply.data;
}

describe('a room’s screen at a board', () => {
  const server = useTestServer({ socketLimits: { ...SOCKET_LIMITS, commandsPerSecond: 10_000, commandBurst: 10_000 } });
  const socketOf = async (who: keyof typeof DEMO): Promise<BoardClient> => connectSocket(await new ApiClient(server().url).login(DEMO[who]));

  it('hears the meeting and is nobody here, whoever signed it in; leaving its person’s page leaves nobody behind', async () => {
    const [chair, police, screenAsChair, screenAsAdmin] = await Promise.all([socketOf('chair'), socketOf('police'), socketOf('chair'), socketOf('admin')]);
    const seen: PresenceEntry[][] = [];
    police.on('presence:changed', (e) => {
      if (e.boardId === IB) seen.push(e.presence);
    });
    ok(await send(chair, 'board:join', { boardId: IB }));
    ok(await send(police, 'board:join', { boardId: IB }));
    await vi.waitFor(() => expect(names(seen.at(-1) ?? [])).toEqual([2, 3]));

    // Two screens, one signed in as the chair, one as an administrator who is not otherwise here.
    const heard: MeetingState[] = [];
    screenAsAdmin.on('meeting:state', (s) => heard.push(s));
    const joined = ok(await send<{ presence: PresenceEntry[] }>(screenAsChair, 'board:join', { boardId: IB, screen: true }));
    expect(names(joined.presence)).toEqual([2, 3]);
    ok(await send(screenAsAdmin, 'board:join', { boardId: IB, screen: true }));

    // They hear the meeting's pushes as any page at the board does.
    const meeting = ok(await send<MeetingSummary>(chair, 'meeting:create', { boardId: IB, startsAt: meetingToday() }));
    ok(await send(chair, 'agenda:add', { meetingId: meeting.id, title: 'Welcome' }));
    await vi.waitFor(() => expect(heard.some((s) => s.meeting.id === meeting.id && s.agenda.length === 1)).toBe(true));

    // Nobody new is here: the presence the board hears, and what a fresh join answers.
    ok(await send(police, 'board:leave', { boardId: IB }));
    const again = ok(await send<{ presence: PresenceEntry[] }>(police, 'board:join', { boardId: IB }));
    expect(names(again.presence)).toEqual([2, 3]);

    // The chair's own page goes: the screen signed in as the chair keeps nobody "here".
    chair.disconnect();
    await vi.waitFor(() => expect(names(seen.at(-1) ?? [])).toEqual([3]));
    for (const s of [police, screenAsChair, screenAsAdmin]) s.disconnect();
  });

  it('a page that joined as a person and then as a screen (the same tab moving to the presenter view) stops counting', async () => {
    const [chair, police] = await Promise.all([socketOf('chair'), socketOf('police')]);
    ok(await send(chair, 'board:join', { boardId: IB }));
    expect(names(ok(await send<{ presence: PresenceEntry[] }>(police, 'board:join', { boardId: IB })).presence)).toEqual([2, 3]);
    ok(await send(chair, 'board:join', { boardId: IB, screen: true }));
    expect(names(ok(await send<{ presence: PresenceEntry[] }>(police, 'board:join', { boardId: IB })).presence)).toEqual([3]);
    for (const s of [chair, police]) s.disconnect();
  });
});

/** Who is listed, by person id. */
function names(list: PresenceEntry[]): number[] {
  return list.map((p) => p.personId).sort((a, b) => a - b);
}
