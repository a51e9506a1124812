import { describe, expect, it, vi } from 'vitest';
import { addDays, todayIn } from '../../shared/domain/scoring.js';
import { SOCKET_LIMITS } from '../../shared/limits.js';
import type { AckReply } from '../../shared/protocol/socket.js';
import { ApiClient, DEMO } from '../helpers/http.js';
import { startTestServer, type TestServer } from '../helpers/server.js';
import { connectSocket, send, tryConnect } from '../helpers/socket.js';

const OG = 2;
const ICB = 3;

async function challengeCount(server: TestServer): Promise<number> {
  return ((await server.ctx.database.sql.get('select count(*) as n from challenges')) as { n: number }).n;
}

function codes(replies: AckReply<unknown>[]): { ok: number; limited: number; other: number } {
  const ok = replies.filter((r) => r.ok).length;
  const limited = replies.filter((r) => !r.ok && r.error.code === 'RATE_LIMITED').length;
  return { ok, limited, other: replies.length - ok - limited };
}

describe('Socket.io connections per person', () => {
  it(`refuses connection ${SOCKET_LIMITS.connectionsPerPerson + 1} of one person with RATE_LIMITED, whatever session it comes from; another person still connects; a closed one frees its place`, async () => {
    const server = await startTestServer();
    const police = await new ApiClient(server.url).login(DEMO.police);
    const open = await Promise.all(Array.from({ length: SOCKET_LIMITS.connectionsPerPerson }, () => connectSocket(police)));

    const extra = await tryConnect(police);
    expect(extra).toMatchObject({ connected: false, data: { code: 'RATE_LIMITED', message: expect.any(String) } });

    // Signing in again buys no more connections.
    const otherSession = await new ApiClient(server.url).login(DEMO.police);
    expect(await tryConnect(otherSession)).toMatchObject({ connected: false, data: { code: 'RATE_LIMITED' } });
    const health = await new ApiClient(server.url).login(DEMO.health);
    expect(await tryConnect(health)).toMatchObject({ connected: true });

    open[0]!.disconnect();
    await vi.waitFor(async () => expect(await tryConnect(police)).toMatchObject({ connected: true }));
  });

  it('many connections opened at once by one person: no more than the limit are let in', async () => {
    const server = await startTestServer();
    const police = await new ApiClient(server.url).login(DEMO.police);
    const attempts = await Promise.all(Array.from({ length: SOCKET_LIMITS.connectionsPerPerson * 3 }, () => tryConnect(police)));
    expect(attempts.filter((a) => a.connected)).toHaveLength(SOCKET_LIMITS.connectionsPerPerson);
    for (const refused of attempts.filter((a) => !a.connected)) expect(refused).toMatchObject({ data: { code: 'RATE_LIMITED' } });
  });
});

describe('Socket.io commands per person', () => {
  it('a burst of commands runs at most the burst, answers the rest RATE_LIMITED with a retry time, and does not run them', async () => {
    const server = await startTestServer();
    const council = await new ApiClient(server.url).login(DEMO.council);
    const socket = await connectSocket(council);
    const before = await challengeCount(server);

    const started = performance.now();
    const replies = await Promise.all(
      Array.from({ length: 100 }, (_, i) =>
        send(socket, 'challenge:raise', { boardId: OG, title: `Flood ${i}`, directedAgencyId: ICB, dueDate: addDays(todayIn(Date.now()), 14) }),
      ),
    );
    const elapsedSeconds = (performance.now() - started) / 1000;

    const { ok, limited, other } = codes(replies);
    expect(other).toBe(0);
    expect(ok).toBeGreaterThanOrEqual(SOCKET_LIMITS.commandBurst);
    // The bucket refills while the burst is handled; nothing beyond that runs.
    expect(ok).toBeLessThanOrEqual(SOCKET_LIMITS.commandBurst + Math.ceil(elapsedSeconds * SOCKET_LIMITS.commandsPerSecond));
    expect(limited).toBe(100 - ok);
    const refusal = replies.find((r) => !r.ok);
    expect(refusal).toMatchObject({ ok: false, error: { code: 'RATE_LIMITED', message: expect.any(String), details: { retryAfterSeconds: expect.any(Number) } } });
    expect(await challengeCount(server)).toBe(before + ok);

    // The budget refills at the sustained rate: a command soon runs again.
    await vi.waitFor(async () => expect(await send(socket, 'board:leave', { boardId: OG })).toMatchObject({ ok: true }), { timeout: 2000, interval: 50 });
  });

  it('is shared by all of a person’s sockets, not per socket: another person is unaffected', async () => {
    const server = await startTestServer();
    const police = await new ApiClient(server.url).login(DEMO.police);
    const sockets = await Promise.all(Array.from({ length: 5 }, () => connectSocket(police)));
    // board:leave is the cheapest command: no database, no side effect; only the budget is under test.
    const replies = await Promise.all(Array.from({ length: 100 }, (_, i) => send(sockets[i % sockets.length]!, 'board:leave', { boardId: 1 })));
    const { ok, other } = codes(replies);
    expect(other).toBe(0);
    expect(ok).toBeLessThan(SOCKET_LIMITS.commandBurst * 2);

    const others = await new ApiClient(server.url).login(DEMO.health);
    const fresh = await connectSocket(others);
    const theirs = await Promise.all(Array.from({ length: SOCKET_LIMITS.commandBurst }, () => send(fresh, 'board:leave', { boardId: 1 })));
    expect(codes(theirs)).toEqual({ ok: SOCKET_LIMITS.commandBurst, limited: 0, other: 0 });
  });

  it('signing in many times does not multiply the budget: twenty sessions of one person raise no more than one could', async () => {
    const server = await startTestServer();
    const sessions = await Promise.all(Array.from({ length: 20 }, () => new ApiClient(server.url).login(DEMO.council)));
    const sockets = await Promise.all(sessions.map((s) => connectSocket(s)));
    const before = await challengeCount(server);
    const started = performance.now();
    const replies = await Promise.all(
      sockets.flatMap((s, j) =>
        Array.from({ length: 30 }, (_, i) => send(s, 'challenge:raise', { boardId: OG, title: `Flood ${j}-${i}`, directedAgencyId: ICB, dueDate: addDays(todayIn(Date.now()), 14) })),
      ),
    );
    const elapsedSeconds = (performance.now() - started) / 1000;
    const { ok } = codes(replies);
    expect(ok).toBeLessThanOrEqual(SOCKET_LIMITS.commandBurst + Math.ceil(elapsedSeconds * SOCKET_LIMITS.commandsPerSecond));
    expect(await challengeCount(server)).toBe(before + ok);
  });

  it('reconnecting does not buy a fresh burst', async () => {
    const server = await startTestServer();
    const police = await new ApiClient(server.url).login(DEMO.police);
    const first = await connectSocket(police);
    const spent = await Promise.all(Array.from({ length: SOCKET_LIMITS.commandBurst * 2 }, () => send(first, 'board:leave', { boardId: 1 })));
    expect(codes(spent).limited).toBeGreaterThan(0);
    first.disconnect();

    const second = await connectSocket(police);
    const replies = await Promise.all(Array.from({ length: SOCKET_LIMITS.commandBurst }, () => send(second, 'board:leave', { boardId: 1 })));
    expect(codes(replies).limited).toBeGreaterThan(0);
  });

  it('a flood of packets on one connection is answered whole, someone else is answered meanwhile, and the connection goes on', async () => {
    const server = await startTestServer();
    const police = await new ApiClient(server.url).login(DEMO.police);
    const socket = await connectSocket(police);
    const health = await connectSocket(await new ApiClient(server.url).login(DEMO.health));
    // Each packet waits for a session read made after it came; what came while one was out shares the
    // next (test/unit/session-check.test.ts), and past SOCKET_LIMITS.packetsAwaitingSessionCheck a packet is refused at once.
    const flood = Promise.all(Array.from({ length: 2000 }, () => send(socket, 'board:leave', { boardId: 1 })));
    // Someone else is answered meanwhile.
    expect(await send(health, 'board:leave', { boardId: 1 })).toMatchObject({ ok: true });
    const replies = await flood;
    const { ok, limited, other } = codes(replies);
    expect(other).toBe(0);
    expect(ok + limited).toBe(2000);
    expect(socket.connected).toBe(true);
    await vi.waitFor(async () => expect(await send(socket, 'board:leave', { boardId: 1 })).toMatchObject({ ok: true }), { timeout: 3000, interval: 100 });
  });
});
