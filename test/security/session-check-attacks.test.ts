import { describe, expect, it, vi } from 'vitest';
import { addDays, todayIn } from '../../shared/domain/scoring.js';
import { SOCKET_LIMITS } from '../../shared/limits.js';
import type { AckReply } from '../../shared/protocol/socket.js';
import type { ChallengeRow } from '../../shared/schemas/challenge.js';
import { TestClock } from '../helpers/clock.js';
import { ApiClient, DEMO } from '../helpers/http.js';
import { startTestServer } from '../helpers/server.js';
import { connectSocket, send, type BoardClient } from '../helpers/socket.js';

// The Improvement Board, which the police member may enter.
const IB = 1;
// The ICB, the agency a challenge is directed to.
const ICB = 3;
const IDLE_MS = 30 * 60_000;
const LIFETIME_MS = 2 * 3_600_000;

/** Its answer, or 'disconnected' when the socket closed without one. */
function sendOrClosed(socket: BoardClient, event: 'board:join' | 'board:leave' | 'challenge:raise', payload: unknown): Promise<AckReply<unknown> | 'disconnected'> {
  if (!socket.connected) return Promise.resolve('disconnected');
  return new Promise((resolve) => {
    socket.once('disconnect', () => resolve('disconnected'));
    (socket.emit as (e: string, p: unknown, ack: (r: AckReply<unknown>) => void) => void)(event, payload, resolve);
  });
}

const code = (reply: AckReply<unknown> | 'disconnected') => (reply === 'disconnected' ? reply : reply.ok ? 'ok' : reply.error.code);

/**
 * The session check answers every packet that came while a read was out with the next read (see
 * server/realtime/socket/session-end.ts). These try, on a real server, to get a packet past it with
 * a read made before the session ended, and to lose or reorder packets.
 */
describe('the socket session check, attacked', () => {
  it('a packet that comes after the session ended, while a read begun before the ending is out, is refused', async () => {
    const clock = new TestClock(Date.now());
    // Two held: the packet a read is out for and one waiting; a third is refused at once, which tells
    // the test (without a sleep) that the one before it has reached the server and is waiting.
    // The clock tells when a socket's session read has found the session (useSession reads the time
    // just after the row): the test ends the session only once that read is under way.
    let sessionReads = 0;
    const now = () => {
      if (/useSession/.test(new Error().stack ?? '')) sessionReads++;
      return clock.now();
    };
    const server = await startTestServer({ clock: now, sessionIdleMs: IDLE_MS, sessionAbsoluteMs: LIFETIME_MS, socketLimits: { ...SOCKET_LIMITS, packetsAwaitingSessionCheck: 2 } });
    const police = await new ApiClient(server.url).login(DEMO.police);
    const socket = await connectSocket(police);
    expect(code(await sendOrClosed(socket, 'board:join', { boardId: IB }))).toBe('ok');

    // The next read's sliding of the idle window is due, and the writer is held: that read is out,
    // having found the session alive, until the test lets the writer go.
    clock.advance(61_000);
    let release!: () => void;
    const held = server.ctx.database.transaction(() => new Promise<void>((resolve) => (release = resolve)));
    const readsBefore = sessionReads;
    const before = sendOrClosed(socket, 'board:leave', { boardId: IB });
    await vi.waitFor(() => expect(sessionReads).toBeGreaterThan(readsBefore), { timeout: 3000, interval: 5 });

    // The session ends (its lifetime passes) while that read is out; then a command comes.
    clock.advance(LIFETIME_MS);
    const title = 'Raised after the session ended';
    const after = sendOrClosed(socket, 'challenge:raise', { boardId: IB, title, question: 'Who covers the rota?', directedAgencyId: ICB, dueDate: addDays(todayIn(clock.now()), 14) });
    expect(code(await sendOrClosed(socket, 'board:join', { boardId: IB }))).toBe('RATE_LIMITED');

    release();
    await held;
    // The one that came before the ending may pass; the one after must not run.
    expect(['ok', 'SESSION_EXPIRED', 'disconnected']).toContain(code(await before));
    expect(['SESSION_EXPIRED', 'disconnected']).toContain(code(await after));
    // Refused or cut off, it did nothing: the chair sees no such challenge.
    const chair = await new ApiClient(server.url).login(DEMO.chair);
    const challenges = (await chair.get<ChallengeRow[]>('/api/partnerships/1/challenges')).body;
    expect(challenges.filter((c) => c.title === title)).toEqual([]);
  });

  it('a sign-out on another tab: nothing sent on the socket after the sign-out was answered runs, however many packets were in flight', async () => {
    const server = await startTestServer();
    const police = await new ApiClient(server.url).login(DEMO.police);
    const socket = await connectSocket(police);
    // Another tab of the same session (the same cookie).
    const otherTab = new ApiClient(server.url).adopt(police.sessionCookie!);

    const early = Array.from({ length: 40 }, (_, n) => sendOrClosed(socket, n % 2 ? 'board:join' : 'board:leave', { boardId: IB }));
    expect((await otherTab.post('/api/auth/logout')).status).toBe(204);
    const late = Array.from({ length: 40 }, () => sendOrClosed(socket, 'board:join', { boardId: IB }));

    const earlyCodes = (await Promise.all(early)).map(code);
    const lateCodes = (await Promise.all(late)).map(code);
    // Every early packet is answered (or its socket closed); none is lost or answered anything else.
    expect(earlyCodes.every((c) => ['ok', 'SESSION_EXPIRED', 'RATE_LIMITED', 'disconnected'].includes(c))).toBe(true);
    expect(lateCodes.filter((c) => c === 'ok')).toEqual([]);
  });

  it('joins and leaves take effect in the order sent, through a burst that shares reads', async () => {
    const server = await startTestServer();
    const police = await new ApiClient(server.url).login(DEMO.police);
    const socket = await connectSocket(police);
    const health = await connectSocket(await new ApiClient(server.url).login(DEMO.health));
    expect(code(await sendOrClosed(health, 'board:join', { boardId: IB }))).toBe('ok');
    // Twenty alternations, ending on a leave: within the burst, so none is refused by the budget.
    const replies = await Promise.all(Array.from({ length: 20 }, (_, n) => sendOrClosed(socket, n % 2 ? 'board:leave' : 'board:join', { boardId: IB })));
    expect(replies.map(code).every((c) => c === 'ok')).toBe(true);
    // The last word was a leave: the police member is not among those present.
    const state = await send<{ presence: { personId: number }[] }>(health, 'board:join', { boardId: IB });
    expect(state.ok && state.data.presence.length).toBe(1);
  });
});
