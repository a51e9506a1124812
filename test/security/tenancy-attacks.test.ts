import { eq } from 'drizzle-orm';
import { describe, expect, it, onTestFinished, vi } from 'vitest';
import { accounts, invitations, people } from '../../server/db/schema.js';
import { createPartnership } from '../../server/features/admin/partnerships.js';
import type { PeopleRepository } from '../../server/features/admin/people-repo.js';
import type { CreatedPerson, InvitationView, PersonView } from '../../shared/schemas/admin.js';
import type { Me } from '../../shared/schemas/auth.js';
import { LIMITS } from '../../shared/limits.js';
import { TestClock } from '../helpers/clock.js';
import { ApiClient, DEMO, errorCode, type JsonResponse } from '../helpers/http.js';
import { startTestServer, type TestServer } from '../helpers/server.js';

/*
 * A hostile administrator of one partnership, and an outsider, against accounts shared by
 * partnerships. The demo's Eastbridge (server/features/demo/neighbour.ts) shares Margaret
 * Ellison's account (chair@demo.test) with Northbrook; its administrator is the attacker here.
 */

const NORTHBROOK = 1;
const EASTBRIDGE_ADMIN = 'admin@eastbridge.demo.test';
const CHAIR = 2;
const POLICE = 3;

interface Eastbridge {
  partnershipId: number;
  agencyId: number;
  /** Margaret Ellison as Eastbridge knows her. */
  chairId: number;
  boardId: number;
  admin: ApiClient;
}

async function eastbridge(server: TestServer): Promise<Eastbridge> {
  const admin = await new ApiClient(server.url).login(EASTBRIDGE_ADMIN);
  const me = (await admin.get<Me>('/api/auth/me')).body;
  const list = (await admin.get<PersonView[]>(`/api/partnerships/${me.partnership.id}/people`)).body;
  const chair = list.find((p) => p.email === DEMO.chair)!;
  const boards = (await admin.get<{ id: number }[]>(`/api/partnerships/${me.partnership.id}/boards`)).body;
  return { partnershipId: me.partnership.id, agencyId: me.agency.id, chairId: chair.id, boardId: boards[0]!.id, admin };
}

const tokenOf = (view: InvitationView) => view.url.split('/invite/')[1]!;

function expectCode(res: JsonResponse, status: number, code: string): void {
  expect([res.status, errorCode(res)]).toEqual([status, code]);
}

/** Northbrook's own row for a person, as stored: nothing Eastbridge does may change it. */
const rowOf = async (server: TestServer, personId: number) => (await server.ctx.db.select().from(people).where(eq(people.id, personId)).get())!;
const accountHash = async (server: TestServer, email: string) => (await server.ctx.db.select().from(accounts).where(eq(accounts.email, email)).get())?.passwordHash;

describe('a hostile partnership administrator against a shared account', () => {
  it('reaches nothing of another partnership by its ids, in its path or in its own', async () => {
    const server = await startTestServer();
    const east = await eastbridge(server);
    const P = `/api/partnerships/${east.partnershipId}`;
    const attempts: [string, () => Promise<JsonResponse>, number][] = [
      ['list Northbrook’s people', () => east.admin.get(`/api/partnerships/${NORTHBROOK}/people`), 404],
      ['read Northbrook’s audit', () => east.admin.get(`/api/partnerships/${NORTHBROOK}/audit`), 404],
      ['add a person to Northbrook', () => east.admin.post(`/api/partnerships/${NORTHBROOK}/people`, { name: 'Mole', email: 'mole@evil.test', agencyId: 1 }), 404],
      ['rename Northbrook’s chair row there', () => east.admin.patch(`/api/partnerships/${NORTHBROOK}/people/${CHAIR}`, { name: 'Taken' }), 404],
      ['issue a link for Northbrook’s police there', () => east.admin.post(`/api/partnerships/${NORTHBROOK}/people/${POLICE}/invitation`), 404],
      ['rename Northbrook’s chair row by its id here', () => east.admin.patch(`${P}/people/${CHAIR}`, { name: 'Taken' }), 404],
      ['make Northbrook’s chair row admin by its id here', () => east.admin.patch(`${P}/people/${CHAIR}`, { isPartnershipAdmin: true }), 404],
      ['disable Northbrook’s police row by its id here', () => east.admin.patch(`${P}/people/${POLICE}`, { disabled: true }), 404],
      ['issue a link for Northbrook’s police row by its id here', () => east.admin.post(`${P}/people/${POLICE}/invitation`), 404],
      ['issue a reset link for the shared chair', () => east.admin.post(`${P}/people/${east.chairId}/invitation`), 409],
      ['change the shared account’s e-mail', () => east.admin.patch(`${P}/people/${east.chairId}`, { email: 'mine@evil.test' }), 400],
      ['add the shared chair again, shouted', () => east.admin.post(`${P}/people`, { name: 'Copy', email: ` ${DEMO.chair.toUpperCase()} `, agencyId: east.agencyId }), 409],
      ['seat Northbrook’s police row on an Eastbridge board', () => east.admin.post(`${P}/boards/${east.boardId}/memberships`, { personId: POLICE, role: 'member' }), 400],
    ];
    const before = { chair: (await rowOf(server, CHAIR)), police: (await rowOf(server, POLICE)), hash: (await accountHash(server, DEMO.chair)) };
    for (const [what, attempt, status] of attempts) {
      const res = await attempt();
      expect(res.status, what).toBe(status);
    }
    expect({ chair: (await rowOf(server, CHAIR)), police: (await rowOf(server, POLICE)), hash: (await accountHash(server, DEMO.chair)) }).toEqual(before);
    await new ApiClient(server.url).login(DEMO.chair);
  });

  it('renaming, making admin or disabling the shared person changes only its own partnership’s row', async () => {
    const server = await startTestServer();
    const east = await eastbridge(server);
    const P = `/api/partnerships/${east.partnershipId}`;
    const inNorthbrook = await new ApiClient(server.url).login(DEMO.chair);
    const inEastbridge = await new ApiClient(server.url).login(DEMO.chair);
    expect((await inEastbridge.post('/api/auth/partnership', { partnershipId: east.partnershipId })).status).toBe(200);

    expect((await east.admin.patch(`${P}/people/${east.chairId}`, { name: 'Not Margaret', isPartnershipAdmin: true })).status).toBe(200);
    const me = (await inNorthbrook.get<Me>('/api/auth/me')).body;
    expect([me.person.name, me.partnership.isAdmin]).toEqual(['Margaret Ellison', false]);
    expect((await inNorthbrook.get(`/api/partnerships/${NORTHBROOK}/audit`)).status).toBe(403);

    expect((await east.admin.patch(`${P}/people/${east.chairId}`, { disabled: true })).status).toBe(200);
    expectCode(await inEastbridge.get('/api/auth/me'), 401, 'UNAUTHENTICATED');
    expect((await inNorthbrook.get<Me>('/api/auth/me')).body.partnerships.map((p) => p.id)).toEqual([NORTHBROOK]);
    expectCode(await inNorthbrook.post('/api/auth/partnership', { partnershipId: east.partnershipId }), 404, 'NOT_FOUND');
  });

  it('an address spelt another way is the same account, and look-alike characters are refused', async () => {
    const server = await startTestServer();
    const east = await eastbridge(server);
    const P = `/api/partnerships/${east.partnershipId}`;
    const accountsBefore = (await server.ctx.db.select().from(accounts).all()).length;
    // Each is refused: the same account (already here) or not an address at all.
    const spellings: [string, number][] = [
      ['CHAIR@DEMO.TEST', 409],
      ['\tchair@demo.test\n', 409],
      ['chaır@demo.test', 400], // dotless i
      ['chair@demo.test\u200b', 400], // zero-width space
      ['ｃhair@demo.test', 400], // full-width c
      ['chai\u0307r@demo.test', 400], // combining dot
      ['chair@demo.test\u0000', 400],
    ];
    for (const [email, status] of spellings) {
      const res = await east.admin.post(`${P}/people`, { name: 'Look-alike', email, agencyId: east.agencyId });
      expect(res.status, JSON.stringify(email)).toBe(status);
    }
    // Linking a Northbrook account whatever its case links the one account, and issues no link.
    const linked = await east.admin.post<CreatedPerson>(`${P}/people`, { name: 'DCI Brennan', email: '  Police@Demo.TEST', agencyId: east.agencyId });
    expect(linked.body).toMatchObject({ linked: true, invitation: null, person: { email: DEMO.police, sharedAccount: true } });
    expect((await server.ctx.db.select().from(accounts).all()).length).toBe(accountsBefore);
    expectCode(await east.admin.post(`${P}/people/${linked.body.person.id}/invitation`), 409, 'CONFLICT');
  });
});

describe('links racing the sharing of an account', () => {
  it('a reset link being accepted while another partnership links the account does not set its password', async () => {
    const server = await startTestServer();
    const east = await eastbridge(server);
    const northAdmin = await new ApiClient(server.url).login(DEMO.admin);
    const link = await northAdmin.post<InvitationView>(`/api/partnerships/${NORTHBROOK}/people/${POLICE}/invitation`);
    const before = await accountHash(server, DEMO.police);
    const eastAdminId = (await east.admin.get<Me>('/api/auth/me')).body.person.id;
    // The accept is under way (its password is being hashed) when Eastbridge links the account: nothing
    // else, such as a request, stands between the two (one did, and the accept sometimes won).
    // Its refusal is caught as it happens (the link below may take longer than the accept, on PostgreSQL).
    const accepting = server.services.people.acceptInvitation(tokenOf(link.body), 'a password of my choosing').then(() => 'accepted', (err: unknown) => err);
    await server.services.people.createPerson(east.partnershipId, eastAdminId, {
      name: 'DCI Brennan',
      email: DEMO.police,
      agencyId: east.agencyId,
      jobTitle: null,
      isPartnershipAdmin: false,
    });
    expect(await accepting).toMatchObject({ code: 'INVITATION_INVALID' });
    expect((await accountHash(server, DEMO.police))).toBe(before);
    await new ApiClient(server.url).login(DEMO.police);
  });

  it('a reset link waiting when the operator’s tool links the account to a new partnership opens nothing, and is voided', async () => {
    const server = await startTestServer();
    const northAdmin = await new ApiClient(server.url).login(DEMO.admin);
    const link = await northAdmin.post<InvitationView>(`/api/partnerships/${NORTHBROOK}/people/${POLICE}/invitation`);
    const created = await createPartnership(server.ctx, { name: 'Southmoor Partnership', agency: { name: 'Southmoor unit', kind: 'safeguarding_board' }, admin: { name: 'Brennan', email: DEMO.police } });
    expect([created.linked, created.invitation]).toEqual([true, null]);
    const outsider = new ApiClient(server.url);
    expectCode(await outsider.get(`/api/invitations/${tokenOf(link.body)}`), 410, 'INVITATION_INVALID');
    expectCode(await outsider.post('/api/invitations/accept', { token: tokenOf(link.body), password: 'a password of my choosing' }), 410, 'INVITATION_INVALID');
    expect((await server.ctx.db.select().from(invitations).where(eq(invitations.personId, POLICE)).all())).toEqual([]);
    await new ApiClient(server.url).login(DEMO.police);
  });

  it('a first invitation being accepted while another partnership tries to link the account: the link is refused', async () => {
    const server = await startTestServer();
    const east = await eastbridge(server);
    const northAdmin = await new ApiClient(server.url).login(DEMO.admin);
    const created = await northAdmin.post<CreatedPerson>(`/api/partnerships/${NORTHBROOK}/people`, { name: 'Newcomer', email: 'newcomer@demo.test', agencyId: 1 });
    // The acceptance is held after its checks and its hashing, before it stores the password, until the
    // link has been answered: the link lands inside it on either engine, whatever their timing.
    const repo = (server.services.people as unknown as { repo: PeopleRepository }).repo;
    let linkAnswered!: () => void;
    const answered = new Promise<void>((resolve) => (linkAnswered = resolve));
    const store = repo.acceptInvitation.bind(repo);
    const spy = vi.spyOn(repo, 'acceptInvitation').mockImplementation(async (...args) => (await answered, store(...args)));
    onTestFinished(() => spy.mockRestore());
    const accepting = server.services.people.acceptInvitation(tokenOf(created.body.invitation!), 'newcomer passphrase');
    await vi.waitFor(() => expect(spy).toHaveBeenCalled());
    const linking = await east.admin.post(`/api/partnerships/${east.partnershipId}/people`, { name: 'Newcomer', email: 'newcomer@demo.test', agencyId: east.agencyId });
    linkAnswered();
    expectCode(linking, 409, 'CONFLICT');
    await accepting;
    await new ApiClient(server.url).login('newcomer@demo.test', 'newcomer passphrase');
  });

  it('a link accepted while its person is disabled, or as it expires, sets no password and opens no session', async () => {
    const clock = new TestClock(Date.now());
    const server = await startTestServer({ clock: clock.now });
    const northAdmin = await new ApiClient(server.url).login(DEMO.admin);
    const cases: [string, (personId: number) => unknown][] = [
      ['disabled', (personId) => server.services.people.updatePerson(NORTHBROOK, 1, personId, { disabled: true })],
      ['expired', () => clock.advance(LIMITS.invitationTtlMs)],
    ];
    for (const [what, meanwhile] of cases) {
      const email = `${what}@demo.test`;
      const created = await northAdmin.post<CreatedPerson>(`/api/partnerships/${NORTHBROOK}/people`, { name: what, email, agencyId: 1 });
      const accepting = server.services.people.acceptInvitation(tokenOf(created.body.invitation!), 'a password of my choosing').then(() => 'accepted', (err: unknown) => err);
      await meanwhile(created.body.person.id);
      expect(await accepting, what).toMatchObject({ code: 'INVITATION_INVALID' });
      expect((await accountHash(server, email)), what).toBeNull();
    }
  });
});

describe('switching partnership: forged requests', () => {
  it('refuses every malformed body, without a session, and with an expired one', async () => {
    const clock = new TestClock(Date.now());
    const server = await startTestServer({ clock: clock.now });
    const east = await eastbridge(server);
    const chair = await new ApiClient(server.url).login(DEMO.chair);
    const bodies: unknown[] = [
      '{"__proto__":{"partnershipId":2}}',
      '{"constructor":{"prototype":{"partnershipId":2}}}',
      { partnershipId: String(east.partnershipId) },
      { partnershipId: [east.partnershipId] },
      { partnershipId: { valueOf: east.partnershipId } },
      { partnershipId: 2 ** 31 },
      { partnershipId: Number.MAX_SAFE_INTEGER + 2 },
      '{"partnershipId":1e400}',
      { partnershipId: east.partnershipId + 0.5 },
      { partnershipId: null },
      { partnershipId: true },
      [east.partnershipId],
      'null',
      '"2"',
    ];
    for (const body of bodies) {
      const res = await chair.post('/api/auth/partnership', body);
      expect(res.status, JSON.stringify(body)).toBe(400);
    }
    expectCode(await chair.post('/api/auth/partnership', { partnershipId: 999_999 }), 404, 'NOT_FOUND');
    expect((await chair.get<Me>('/api/auth/me')).body.partnership.id).toBe(NORTHBROOK);

    expectCode(await new ApiClient(server.url).post('/api/auth/partnership', { partnershipId: east.partnershipId }), 401, 'UNAUTHENTICATED');
    const forged = new ApiClient(server.url);
    expectCode(await forged.post('/api/auth/partnership', { partnershipId: east.partnershipId }, { cookie: 'sg_session=forged-token-forged-token' }), 401, 'UNAUTHENTICATED');
    clock.advance(server.config.sessionIdleMs + 1);
    expectCode(await chair.post('/api/auth/partnership', { partnershipId: east.partnershipId }), 401, 'SESSION_EXPIRED');
  });

  it('signing in lands where the account may still work; disabled everywhere reads as a wrong password', async () => {
    const server = await startTestServer();
    const east = await eastbridge(server);
    const northAdmin = await new ApiClient(server.url).login(DEMO.admin);
    const chair = await new ApiClient(server.url).login(DEMO.chair);
    await chair.post('/api/auth/partnership', { partnershipId: east.partnershipId });

    expect((await east.admin.patch(`/api/partnerships/${east.partnershipId}/people/${east.chairId}`, { disabled: true })).status).toBe(200);
    expect((await (await new ApiClient(server.url).login(DEMO.chair)).get<Me>('/api/auth/me')).body.partnership.id).toBe(NORTHBROOK);
    expect((await northAdmin.patch(`/api/partnerships/${NORTHBROOK}/people/${CHAIR}`, { disabled: true })).status).toBe(200);
    const right = await new ApiClient(server.url).post('/api/auth/login', { email: DEMO.chair, password: 'demo' });
    const wrong = await new ApiClient(server.url).post('/api/auth/login', { email: DEMO.chair, password: 'not the password' });
    expect(right.body).toEqual(wrong.body);
    expectCode(right, 401, 'INVALID_CREDENTIALS');
  });
});
