import { io } from 'socket.io-client';
import { describe, expect, it, onTestFinished, vi } from 'vitest';
import { docName, YJS_CLOSE } from '../../shared/protocol/yjs.js';
import type { RiskRow } from '../../shared/schemas/risk.js';
import { startBalancer } from '../helpers/balancer.js';
import { startTwoProcesses } from '../helpers/cluster.js';
import { ApiClient, DEMO } from '../helpers/http.js';
import { send, type BoardClient } from '../helpers/socket.js';
import { openDoc } from '../helpers/yjs.js';

/*
 * Issue 17: a process stopped with SIGTERM (a deploy) hands its people to the other. The test load
 * balancer sends each new connection to A while A accepts, then to B: A must stop accepting first.
 * This tests the shutdown, not the bridging: after the move both pages are on B, so it also passes
 * with CLUSTER_WITHOUT_REDIS=1 (checked).
 */

const P = '/api/partnerships/1';

// Two server processes start for each test (each compiles the server with tsx): slow on a loaded machine.
describe('SIGTERM with two server processes', { timeout: 90_000 }, () => {
  it('a page on A is moved to B when A is stopped: nothing typed before is lost, and its edits after converge with a page on B', async () => {
    const cluster = await startTwoProcesses();
    const balancer = await startBalancer([cluster.a.url, cluster.b.url]);
    const police = await new ApiClient(balancer.url).login(DEMO.police);
    const me = (await police.get<{ person: { id: number }; agency: { id: number }; memberships: { boardId: number; boardName: string }[] }>('/api/auth/me')).body;
    const board = me.memberships.find((m) => m.boardName === 'Improvement Board')!;
    const created = await police.post<RiskRow>(`${P}/risks`, { boardId: board.boardId, title: 'Key posts in the MASH are vacant', leadAgencyId: me.agency.id, ownerId: me.person.id });
    expect(created.status).toBe(201);
    const name = docName('risk', created.body.id);
    const chairOnB = await new ApiClient(cluster.b.url).login(DEMO.chair);
    const moved = openDoc(police, name);
    const onB = openDoc(chairOnB, name);
    await Promise.all([moved.synced(), onB.synced()]);
    // The page's Socket.io connection, reconnecting as the client's does (Socket.io's default).
    const live: BoardClient = io(balancer.url, { transports: ['websocket'], extraHeaders: { cookie: police.sessionCookie!, origin: balancer.url }, forceNew: true });
    onTestFinished(() => void live.disconnect());
    const reasons: string[] = [];
    let connects = 0;
    live.on('disconnect', (reason) => reasons.push(reason));
    live.on('connect', () => connects++);
    await vi.waitFor(() => expect(connects).toBe(1));

    // Typed on A just before the stop, keystroke by keystroke: every one must survive it.
    for (let i = 0; i < 20; i++) moved.doc.getText('cause').insert(moved.doc.getText('cause').length, `k${i} `);
    const exit = cluster.a.stop();
    expect(await exit).toBe(0);
    // A said it was stopping (a close the client reconnects after), and the page came back, at B.
    expect(moved.closes.map((c) => c.code)).toContain(YJS_CLOSE.SHUTTING_DOWN);
    await vi.waitFor(() => expect(moved.provider.wsconnected).toBe(true), { timeout: 15_000 });
    // Socket.io was told by its transport closing, not by a server "disconnect" (after which a client stays away): it came back, at B.
    expect(reasons).toEqual(['transport close']);
    await vi.waitFor(() => expect(connects).toBe(2), { timeout: 15_000 });
    expect(await send(live, 'board:join', { boardId: 1 })).toMatchObject({ ok: true });

    moved.doc.getText('cause').insert(0, 'After the move. ');
    onB.doc.getText('event').insert(0, 'Chair on B. ');
    await vi.waitFor(
      () => {
        expect(onB.doc.getText('cause').toString()).toBe(moved.doc.getText('cause').toString());
        expect(moved.doc.getText('event').toString()).toBe('Chair on B. ');
        expect(onB.doc.getText('cause').toString()).toMatch(/^After the move\. k0 .*k19 $/);
      },
      { timeout: 10_000 },
    );
    // And it is in the store: a page opened afresh on B reads every keystroke.
    const late = openDoc(await new ApiClient(cluster.b.url).login(DEMO.health), name);
    await late.synced();
    expect(late.doc.getText('cause').toString()).toBe(moved.doc.getText('cause').toString());
  }, 120_000);
});
