import { describe, expect, it } from 'vitest';
import type { BoardPresence, PresenceChanged } from '../../shared/protocol/socket.js';
import { startTwoProcesses } from '../helpers/cluster.js';
import { ApiClient, DEMO } from '../helpers/http.js';
import { connectSocket, send, type BoardClient } from '../helpers/socket.js';

/*
 * Issue 17: who is in a board room is the whole room's, wherever its people are connected. Each
 * process knows its own sockets and asks the others when it says the list; without Redis (or without
 * the asking) a page on A would see only A's people, and lists from A and B would take turns on screen.
 */

const IB = 1;

async function joined(socket: BoardClient, screen = false): Promise<BoardPresence> {
  const reply = await send<BoardPresence>(socket, 'board:join', { boardId: IB, ...(screen ? { screen } : {}) });
  if (!reply.ok) throw new Error(`refused: ${JSON.stringify(reply)}`);
  return reply.data;
}

const names = (state: BoardPresence) => state.presence.map((p) => p.name);

describe('board presence across two processes', { timeout: 90_000 }, () => {
  it('a page on A and a page on B each see both people, their focus and the room screen; one that leaves is gone from both', async () => {
    const { a, b } = await startTwoProcesses();
    const chairOnA = await connectSocket(await new ApiClient(a.url).login(DEMO.chair));
    const heardOnA: PresenceChanged[] = [];
    chairOnA.on('presence:changed', (e) => heardOnA.push(e));
    const latestOnA = () => heardOnA.at(-1);
    expect(names(await joined(chairOnA))).toHaveLength(1);
    const chairName = names(await joined(chairOnA))[0]!;

    const policeOnB = await connectSocket(await new ApiClient(b.url).login(DEMO.police));
    // B's answer to the join names the chair, connected to A.
    const onJoin = await joined(policeOnB);
    expect(names(onJoin)).toContain(chairName);
    expect(onJoin.presence).toHaveLength(2);
    const policeName = names(onJoin).find((n) => n !== chairName)!;
    await expect.poll(() => latestOnA() && names(latestOnA()!)).toEqual(names(onJoin));

    // A focus on B is said on A.
    policeOnB.emit('presence:focus', { boardId: IB, record: 'risk:6', field: 'cause' });
    await expect.poll(() => latestOnA()?.presence.find((p) => p.name === policeName)?.field).toBe('cause');

    // The room's screen, opened on B, is said on A as a screen, not a person.
    const screenOnB = await connectSocket(await new ApiClient(b.url).login(DEMO.admin));
    await joined(screenOnB, true);
    await expect.poll(() => latestOnA()?.screens.length).toBe(1);
    expect(latestOnA()!.presence).toHaveLength(2);

    // Gone from B: A's list no longer has them.
    policeOnB.disconnect();
    await expect.poll(() => latestOnA() && names(latestOnA()!)).toEqual([chairName]);
    // And a page joining on A now sees what the room holds on both processes.
    const councilOnA = await connectSocket(await new ApiClient(a.url).login(DEMO.council));
    const seen = await joined(councilOnA);
    expect(seen.screens).toHaveLength(1);
    expect(names(seen)).toContain(chairName);
    expect(names(seen)).not.toContain(policeName);
  });
});
