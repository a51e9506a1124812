import { describe, expect, it, vi } from 'vitest';
import { YJS_CLOSE } from '../../shared/protocol/yjs.js';
import type { CreatedPerson, PersonView } from '../../shared/schemas/admin.js';
import type { Me } from '../../shared/schemas/auth.js';
import type { NotificationView } from '../../shared/schemas/challenge.js';
import type { RiskRow } from '../../shared/schemas/risk.js';
import { ApiClient, DEMO, errorCode } from '../helpers/http.js';
import { addSecondPartnership, leakedNames, type SecondPartnership } from '../helpers/second-partnership.js';
import { startTestServer, type TestServer } from '../helpers/server.js';
import { connectSocket, send } from '../helpers/socket.js';
import { openDoc } from '../helpers/yjs.js';

/**
 * One police officer on two partnerships' boards (a force serving two local authorities): one
 * account, a person row in each partnership, and a session that works in one partnership at a time.
 */
const NORTHBROOK = 1;
const POLICE = 3;
const DEMO_RISK = 6;

async function linkPoliceToSecond(server: TestServer): Promise<{ second: SecondPartnership; farAdmin: ApiClient; farPoliceId: number }> {
  const second = await addSecondPartnership(server);
  const farAdmin = await new ApiClient(server.url).login(second.email, second.password);
  const added = await farAdmin.post<CreatedPerson>(`/api/partnerships/${second.partnershipId}/people`, { name: 'DCI T. Brennan', email: 'POLICE@demo.test', agencyId: second.agencyId });
  expect(added.status).toBe(201);
  expect(added.body).toMatchObject({ linked: true, invitation: null, person: { email: DEMO.police, active: true, sharedAccount: true } });
  return { second, farAdmin, farPoliceId: added.body.person.id };
}

describe('one person, several partnerships', () => {
  it('links an existing account (no new password), tells the person live, and lists both partnerships in /me', async () => {
    const server = await startTestServer();
    const police = await new ApiClient(server.url).login(DEMO.police);
    const socket = await connectSocket(police);
    const pushed: string[] = [];
    socket.on('membership:changed', () => pushed.push('membership'));
    socket.on('notification:new', (n: NotificationView) => pushed.push(n.kind));

    const { second, farPoliceId } = await linkPoliceToSecond(server);
    await vi.waitFor(() => expect(pushed).toEqual(expect.arrayContaining(['membership', 'partnership_added'])));

    const me = (await police.get<Me>('/api/auth/me')).body;
    expect(me.partnership).toEqual({ id: NORTHBROOK, name: 'Northbrook Safeguarding Children Partnership', isAdmin: false, protectiveMarking: 'OFFICIAL' });
    expect(me.person.id).toBe(POLICE);
    expect(me.partnerships.map((p) => [p.id, p.personId, p.agency.name, p.current])).toEqual([
      [second.partnershipId, farPoliceId, 'Farshire Constabulary', false],
      [NORTHBROOK, POLICE, expect.any(String), true],
    ]);
    // Their old password still signs them in; nobody was sent a link.
    await new ApiClient(server.url).login(DEMO.police);
  });

  it('switching moves every channel: lists, rooms and documents stay within the chosen partnership', async () => {
    const server = await startTestServer();
    const { second, farPoliceId } = await linkPoliceToSecond(server);
    const police = await new ApiClient(server.url).login(DEMO.police);
    const socket = await connectSocket(police);
    const ended: string[] = [];
    socket.on('session:ended', ({ reason }) => ended.push(reason));
    const demoDoc = openDoc(police, `risk:${DEMO_RISK}`);
    await demoDoc.synced();

    const switched = await police.post<Me>('/api/auth/partnership', { partnershipId: second.partnershipId });
    expect(switched.status).toBe(200);
    expect(switched.body.partnership.id).toBe(second.partnershipId);
    expect(switched.body.person.id).toBe(farPoliceId);

    // Pages opened for Northbrook close: the socket is told why, the document with its own code.
    await vi.waitFor(() => expect(ended).toEqual(['partnership_switched']));
    await vi.waitFor(() => expect(demoDoc.closes.map((c) => c.code)).toContain(YJS_CLOSE.PARTNERSHIP_SWITCHED));

    // REST: Northbrook's records are not this session's any more; Farshire's are.
    expect((await police.get(`/api/partnerships/${NORTHBROOK}/risks`)).status).toBe(404);
    const farRisks = await police.get<RiskRow[]>(`/api/partnerships/${second.partnershipId}/risks`);
    expect(farRisks.body.map((r) => r.id)).toEqual([second.riskId]);
    // Socket rooms: a Northbrook board cannot be joined; Yjs: a Northbrook risk cannot be opened.
    const fresh = await connectSocket(police);
    expect(await send(fresh, 'board:join', { boardId: 1 })).toMatchObject({ ok: false });
    const again = openDoc(police, `risk:${DEMO_RISK}`);
    await vi.waitFor(() => expect(again.closes.map((c) => c.code)).toContain(YJS_CLOSE.FORBIDDEN));

    // The next sign-in returns to the partnership last chosen.
    const later = await new ApiClient(server.url).login(DEMO.police);
    expect((await later.get<Me>('/api/auth/me')).body.partnership.id).toBe(second.partnershipId);
    // And back again: Northbrook's lists never carry Farshire's names.
    await police.post('/api/auth/partnership', { partnershipId: NORTHBROOK });
    const risks = await police.get(`/api/partnerships/${NORTHBROOK}/risks`);
    expect(risks.status).toBe(200);
    expect(leakedNames(second, risks.body)).toEqual([]);
  });

  it('refuses switching to a partnership the account is not in, or to a malformed id', async () => {
    const server = await startTestServer();
    const second = await addSecondPartnership(server);
    const police = await new ApiClient(server.url).login(DEMO.police);
    const outside = await police.post('/api/auth/partnership', { partnershipId: second.partnershipId });
    expect([outside.status, errorCode(outside)]).toEqual([404, 'NOT_FOUND']);
    expect(outside.body).toMatchObject({ error: { details: { field: 'partnershipId' } } });
    for (const partnershipId of ['__proto__', 1.5, -1, '1']) {
      const bad = await police.post('/api/auth/partnership', { partnershipId });
      expect([bad.status, errorCode(bad)]).toEqual([400, 'VALIDATION_FAILED']);
    }
    expect((await police.get<Me>('/api/auth/me')).body.partnership.id).toBe(NORTHBROOK);
    expect((await new ApiClient(server.url).post('/api/auth/partnership', { partnershipId: NORTHBROOK })).status).toBe(401);
  });

  it('a shared account’s password is the person’s: no partnership may send it a reset link', async () => {
    const server = await startTestServer();
    const demoAdmin = await new ApiClient(server.url).login(DEMO.admin);
    // A reset link made while the account was Northbrook's alone...
    const early = await demoAdmin.post<{ url: string }>(`/api/partnerships/${NORTHBROOK}/people/${POLICE}/invitation`);
    expect(early.status).toBe(201);
    const { second, farAdmin, farPoliceId } = await linkPoliceToSecond(server);
    // ...no longer opens the account once Farshire shares it.
    const token = early.body.url.split('/invite/')[1]!;
    const used = await new ApiClient(server.url).post('/api/invitations/accept', { token, password: 'taken over, I hope' });
    expect([used.status, errorCode(used)]).toEqual([410, 'INVITATION_INVALID']);
    for (const [client, partnershipId, personId] of [
      [farAdmin, second.partnershipId, farPoliceId],
      [demoAdmin, NORTHBROOK, POLICE],
    ] as const) {
      const reset = await client.post(`/api/partnerships/${partnershipId}/people/${personId}/invitation`);
      expect([reset.status, errorCode(reset)]).toEqual([409, 'CONFLICT']);
    }
    await new ApiClient(server.url).login(DEMO.police);
  });

  it('an account not yet activated cannot be linked: its invitation link would open both partnerships', async () => {
    const server = await startTestServer();
    const second = await addSecondPartnership(server);
    const farAdmin = await new ApiClient(server.url).login(second.email, second.password);
    const res = await farAdmin.post(`/api/partnerships/${second.partnershipId}/people`, { name: 'Rachel', email: 'rachel.hughes@demo.test', agencyId: second.agencyId });
    expect([res.status, errorCode(res)]).toEqual([409, 'CONFLICT']);
    expect((await farAdmin.get<PersonView[]>(`/api/partnerships/${second.partnershipId}/people`)).body).toHaveLength(1);
    // Adding someone twice to the same partnership is refused, whatever the case of the address.
    const twice = await farAdmin.post(`/api/partnerships/${second.partnershipId}/people`, { name: 'Copy', email: second.email.toUpperCase(), agencyId: second.agencyId });
    expect([twice.status, errorCode(twice)]).toEqual([409, 'CONFLICT']);
  });

  it('disabling in one partnership leaves the other: sessions there carry on, sign-in lands there', async () => {
    const server = await startTestServer();
    const { second, farAdmin, farPoliceId } = await linkPoliceToSecond(server);
    const inFarshire = await new ApiClient(server.url).login(DEMO.police);
    await inFarshire.post('/api/auth/partnership', { partnershipId: second.partnershipId });
    const inNorthbrook = await new ApiClient(server.url).login(DEMO.police);
    await inNorthbrook.post('/api/auth/partnership', { partnershipId: NORTHBROOK });

    expect((await farAdmin.patch(`/api/partnerships/${second.partnershipId}/people/${farPoliceId}`, { disabled: true })).status).toBe(200);
    expect((await inFarshire.get('/api/auth/me')).status).toBe(401);
    expect((await inNorthbrook.get<Me>('/api/auth/me')).body.partnerships.map((p) => p.id)).toEqual([NORTHBROOK]);
    const next = await new ApiClient(server.url).login(DEMO.police);
    expect((await next.get<Me>('/api/auth/me')).body.partnership.id).toBe(NORTHBROOK);
    const back = await inNorthbrook.post('/api/auth/partnership', { partnershipId: second.partnershipId });
    expect(back.status).toBe(404);
  });
});
