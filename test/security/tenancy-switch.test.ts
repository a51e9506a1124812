import { eq } from 'drizzle-orm';
import { describe, expect, it, vi } from 'vitest';
import { notifications, sessions } from '../../server/db/schema.js';
import { hashToken } from '../../server/features/auth/sessions.js';
import { addDays, todayIn } from '../../shared/domain/scoring.js';
import type { AckReply, SessionEndReason } from '../../shared/protocol/socket.js';
import { SOCKET_LIMITS } from '../../shared/limits.js';
import { YJS_CLOSE } from '../../shared/protocol/yjs.js';
import type { Me } from '../../shared/schemas/auth.js';
import type { NotificationView } from '../../shared/schemas/challenge.js';
import { ApiClient, DEMO, type JsonResponse } from '../helpers/http.js';
import { startTestServer, useTestServer, type TestServer } from '../helpers/server.js';
import { connectSocket, send, tryConnect } from '../helpers/socket.js';
import { openDoc } from '../helpers/yjs.js';

/*
 * Margaret Ellison (chair@demo.test) chairs Northbrook's Improvement Board and Eastbridge's executive
 * with one account (server/features/demo/neighbour.ts). Working in one partnership, nothing of
 * the other may be reached with its ids, and whatever was opened before a switch stops acting then.
 */

const NORTHBROOK = 1;
const IB = 1;
const NEXT_MEETING = 2;
const ICB = 3;
const CHAIR = 2;
const DEMO_RISK = 6;

interface Sides {
  chair: ApiClient;
  east: { partnershipId: number; chairId: number; boardId: number; riskId: number; agencyId: number };
}

/** The chair signed in (working in Northbrook) and her Eastbridge ids, read as she would read them. */
async function chairOfTwo(server: TestServer): Promise<Sides> {
  const chair = await new ApiClient(server.url).login(DEMO.chair);
  const me = (await chair.get<Me>('/api/auth/me')).body;
  expect(me.partnership.id).toBe(NORTHBROOK);
  const there = me.partnerships.find((p) => p.id !== NORTHBROOK)!;
  const risk = (await server.services.risks.queries.list(there.id))[0]!;
  return { chair, east: { partnershipId: there.id, chairId: there.personId, boardId: there.memberships[0]!.boardId, riskId: risk.id, agencyId: there.agency.id } };
}

const tokenHashOf = (client: ApiClient) => hashToken(client.sessionCookie!.split('=')[1]!);
const refused = (reply: AckReply<unknown>) => expect(reply.ok, JSON.stringify(reply)).toBe(false);

describe('working in one partnership with the other’s ids', () => {
  const server = useTestServer();

  it('REST, Socket.io and Yjs refuse Eastbridge’s records and Eastbridge’s person row while in Northbrook', async () => {
    const { chair, east } = await chairOfTwo(server());
    const E = `/api/partnerships/${east.partnershipId}`;
    for (const path of [`${E}/risks`, `${E}/boards`, `${E}/people`, `${E}/risks/${east.riskId}`, `/api/partnerships/${NORTHBROOK}/risks/${east.riskId}`]) {
      expect((await chair.get(path)).status, path).toBe(404);
    }
    const created = await chair.post(`/api/partnerships/${NORTHBROOK}/risks`, { boardId: IB, title: 'Owned elsewhere', leadAgencyId: ICB, ownerId: east.chairId });
    expect(created.status).toBe(400);

    const socket = await connectSocket(chair);
    const due = addDays(todayIn(Date.now()), 14);
    const ibRisk = (await server().services.risks.queries.list(NORTHBROOK)).find((r) => r.boardId === IB && r.status === 'open')!.id;
    const attempts: [string, Promise<AckReply<unknown>>, string][] = [
      ['board:join', send(socket, 'board:join', { boardId: east.boardId }), 'FORBIDDEN'],
      ['risk:create owned by her Eastbridge row', send(socket, 'risk:create', { boardId: IB, title: 'Owned elsewhere', leadAgencyId: ICB, ownerId: east.chairId }), 'VALIDATION_FAILED'],
      ['risk:create on an Eastbridge board', send(socket, 'risk:create', { boardId: east.boardId, title: 'Elsewhere', leadAgencyId: east.agencyId, ownerId: CHAIR }), 'NOT_FOUND'],
      ['risk:change-owner of an Eastbridge risk', send(socket, 'risk:change-owner', { riskId: east.riskId, ownerId: CHAIR }), 'NOT_FOUND'],
      ['risk:change-owner to her Eastbridge row', send(socket, 'risk:change-owner', { riskId: ibRisk, ownerId: east.chairId }), 'VALIDATION_FAILED'],
      ['attendance:set for her Eastbridge row', send(socket, 'attendance:set', { meetingId: NEXT_MEETING, personId: east.chairId, status: 'present' }), 'VALIDATION_FAILED'],
      ['challenge:raise at her Eastbridge row', send(socket, 'challenge:raise', { boardId: IB, title: 'Directed elsewhere', directedAgencyId: ICB, directedPersonId: east.chairId, dueDate: due }), 'VALIDATION_FAILED'],
      ['challenge:raise on an Eastbridge board', send(socket, 'challenge:raise', { boardId: east.boardId, title: 'Raised elsewhere', directedAgencyId: east.agencyId, dueDate: due }), 'NOT_FOUND'],
    ];
    for (const [what, reply, code] of attempts) expect(await reply, what).toMatchObject({ ok: false, error: { code } });

    const doc = openDoc(chair, `risk:${east.riskId}`);
    await vi.waitFor(() => expect(doc.closes.map((c) => c.code)).toContain(YJS_CLOSE.FORBIDDEN));
    doc.destroy();
  });

  it('notifications are the partnership’s own: Eastbridge’s are neither listed nor marked read from Northbrook', async () => {
    const { chair, east } = await chairOfTwo(server());
    const theirs = async () => server().ctx.db.select().from(notifications).where(eq(notifications.personId, east.chairId)).all();
    const eastIds = (await theirs()).map((n) => n.id);
    expect(eastIds.length).toBeGreaterThan(0);
    const listed = await chair.get<{ items: NotificationView[] }>('/api/notifications');
    expect(listed.body.items.map((n) => n.id).filter((id) => eastIds.includes(id))).toEqual([]);
    await chair.post('/api/notifications/read', { ids: eastIds });
    await chair.post('/api/notifications/read', { ids: 'all' });
    expect((await theirs()).every((n) => n.readAt === null)).toBe(true);
  });
});

describe('connections opened before a switch', () => {
  it('a socket whose session has moved to another partnership acts no more, even before its close arrives', async () => {
    const server = await startTestServer();
    const { chair, east } = await chairOfTwo(server);
    const socket = await connectSocket(chair);
    const ended: SessionEndReason[] = [];
    socket.on('session:ended', ({ reason }) => ended.push(reason));
    expect((await send(socket, 'board:join', { boardId: IB })).ok).toBe(true);
    // The switch committed; its announcement has not reached this socket (it was still connecting,
    // or its close is a turn away). The session now works as her Eastbridge row.
    await server.ctx.database.transaction(() => server.ctx.db.update(sessions).set({ personId: east.chairId }).where(eq(sessions.tokenHash, tokenHashOf(chair))).run());
    const before = (await server.services.risks.queries.list(NORTHBROOK)).length;
    refused(await send(socket, 'board:join', { boardId: IB }));
    refused(await send(socket, 'risk:create', { boardId: IB, title: 'After the switch', leadAgencyId: ICB, ownerId: CHAIR }));
    refused(await send(socket, 'attendance:set', { meetingId: NEXT_MEETING, personId: CHAIR, status: 'present' }));
    expect((await server.services.risks.queries.list(NORTHBROOK)).length).toBe(before);
    // A socket connecting with it now is Eastbridge's.
    const fresh = await connectSocket(chair);
    refused(await send(fresh, 'board:join', { boardId: IB }));
    expect((await send(fresh, 'board:join', { boardId: east.boardId })).ok).toBe(true);
  });

  it('a switch in one tab ends the other tab’s socket and document, whose later requests are the new partnership’s', async () => {
    const server = await startTestServer();
    const { chair, east } = await chairOfTwo(server);
    const socket = await connectSocket(chair);
    const ended: SessionEndReason[] = [];
    socket.on('session:ended', ({ reason }) => ended.push(reason));
    const doc = openDoc(chair, `risk:${DEMO_RISK}`);
    await doc.synced();
    const switched: JsonResponse<Me> = await chair.post<Me>('/api/auth/partnership', { partnershipId: east.partnershipId });
    expect(switched.body.person.id).toBe(east.chairId);
    await vi.waitFor(() => expect(ended).toEqual(['partnership_switched']));
    await vi.waitFor(() => expect(doc.closes.map((c) => c.code)).toContain(YJS_CLOSE.PARTNERSHIP_SWITCHED));
    await vi.waitFor(() => expect(socket.connected).toBe(false));
    // The document does not come back as Northbrook's: its reconnection is refused.
    doc.provider.connect();
    await vi.waitFor(() => expect(doc.closes.map((c) => c.code)).toContain(YJS_CLOSE.FORBIDDEN));
    doc.destroy();
    // Its notifications are Eastbridge's from now on, never Northbrook's.
    const northbrooks = (await server.ctx.db.select({ id: notifications.id }).from(notifications).where(eq(notifications.personId, CHAIR)).all()).map((n) => n.id);
    const listed = (await chair.get<{ items: NotificationView[] }>('/api/notifications')).body.items.map((n) => n.id);
    expect(listed.length).toBeGreaterThan(0);
    expect(listed.filter((id) => northbrooks.includes(id))).toEqual([]);
  });
});

describe('one account, one allowance', () => {
  it('the Socket.io connection cap counts the account, not each partnership’s row of it', async () => {
    const server = await startTestServer();
    const { chair, east } = await chairOfTwo(server);
    await Promise.all(Array.from({ length: SOCKET_LIMITS.connectionsPerPerson }, () => connectSocket(chair)));
    const inEastbridge = await new ApiClient(server.url).login(DEMO.chair);
    expect((await inEastbridge.post('/api/auth/partnership', { partnershipId: east.partnershipId })).status).toBe(200);
    expect(await tryConnect(inEastbridge)).toMatchObject({ connected: false, data: { code: 'RATE_LIMITED' } });
  });
});
