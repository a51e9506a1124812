import { describe, expect, it, onTestFinished } from 'vitest';
import { LIMITS } from '../../shared/limits.js';
import { createClient } from 'redis';
import type { BoardPresence, PresenceChanged } from '../../shared/protocol/socket.js';
import { REDIS_PREFIX, startTwoProcesses } from '../helpers/cluster.js';
import { ApiClient, DEMO } from '../helpers/http.js';
import { connectSocket, send, type BoardClient } from '../helpers/socket.js';

/*
 * Found by an attacker's pass: the presence ask waits for as many answers as Redis counts listeners
 * on the adapter's request channel. Anything else listening there that never answers (a process of
 * the previous version during a rolling deploy, a Redis tool, a hostile client) made every ask time
 * out, and the answers that had come were dropped: each list said only one process's people again.
 * Now the answers that came are used, and the wait is bounded (LIMITS.presenceAskMs).
 */
const IB = 1;
const names = (s: BoardPresence) => s.presence.map((p) => p.name).sort();

describe('presence with a silent subscriber on the request channel', { timeout: 90_000 }, () => {
  it('a join on B still sees the chair on A, within the bounded wait', async () => {
    const { a, b, redis } = await startTwoProcesses();
    const chairOnA = await connectSocket(await new ApiClient(a.url).login(DEMO.chair));
    const joinA = await send<BoardPresence>(chairOnA, 'board:join', { boardId: IB });
    expect(joinA.ok).toBe(true);

    // A silent listener: subscribed, never answering (as a process without the 'presence:ask' handler).
    const silent = createClient({ url: redis.url });
    await silent.connect();
    onTestFinished(() => silent.close());
    await silent.subscribe(`${REDIS_PREFIX}:socket.io-request#/#`, () => undefined);

    const policeOnB: BoardClient = await connectSocket(await new ApiClient(b.url).login(DEMO.police));
    const heardOnB: PresenceChanged[] = [];
    policeOnB.on('presence:changed', (e) => heardOnB.push(e));
    const started = Date.now();
    const joinB = await send<BoardPresence>(policeOnB, 'board:join', { boardId: IB });
    const tookMs = Date.now() - started;
    if (!joinB.ok) throw new Error(JSON.stringify(joinB));
    expect(names(joinB.data)).toHaveLength(2);
    expect(tookMs).toBeLessThan(LIMITS.presenceAskMs + 1500);
  });
});
