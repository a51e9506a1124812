import { describe, expect, it } from 'vitest';
import type { AuditEntry, BoardDetail, CreatedPerson, MembershipView, PartnershipView, PersonView } from '../../shared/schemas/admin.js';
import type { Me } from '../../shared/schemas/auth.js';
import { createPartnership } from '../../server/features/admin/partnerships.js';
import { ApiClient, DEMO, errorCode } from '../helpers/http.js';
import { startTestServer, useTestServer, type TestServer } from '../helpers/server.js';

const P = '/api/partnerships/1';

async function ids(server: TestServer) {
  const admin = await new ApiClient(server.url).login(DEMO.admin);
  const partnership = (await admin.get<PartnershipView>(P)).body;
  const people = (await admin.get<PersonView[]>(`${P}/people`)).body;
  const board = (name: string) => partnership.boards.find((b) => b.name === name)!.id;
  const agency = (name: string) => partnership.agencies.find((a) => a.name.includes(name))!.id;
  const person = (email: string) => people.find((p) => p.email === email)!.id;
  const ib = board('Improvement Board');
  const members = (await admin.get<BoardDetail>(`${P}/boards/${ib}`)).body.members;
  return { board, agency, person, ib, members };
}

describe('every admin route, by role', () => {
  const server = useTestServer();

  /** Each route with a body the admin may send; each is tried by every role. */
  async function routes(s: TestServer) {
    const { agency, person, ib, members } = await ids(s);
    const policeSeat = members.find((m) => m.agencyName === 'Northshire Police')!.id;
    let n = 0;
    return [
      { method: 'POST', path: `${P}/agencies`, body: () => ({ name: `Youth Offending Service ${++n}`, kind: 'other' }) },
      { method: 'PATCH', path: `${P}/agencies/${agency('Probation')}`, body: () => ({ name: `Probation Service ${++n}` }) },
      { method: 'POST', path: `${P}/people`, body: () => ({ name: 'New Person', email: `new${++n}@demo.test`, agencyId: agency('Police') }) },
      { method: 'PATCH', path: `${P}/people/${person('rachel.hughes@demo.test')}`, body: () => ({ jobTitle: `DI ${++n}` }) },
      { method: 'POST', path: `${P}/people/${person('rachel.hughes@demo.test')}/invitation`, body: () => ({}) },
      { method: 'POST', path: `${P}/boards`, body: () => ({ name: `CSE & Missing Committee ${++n}` }) },
      { method: 'PATCH', path: `${P}/boards/${ib}`, body: () => ({ description: `Monthly ${++n}` }) },
      { method: 'POST', path: `${P}/boards/${ib}/memberships`, body: () => ({ personId: person('james.osei@demo.test'), role: 'member' }), once: true },
      { method: 'PATCH', path: `${P}/boards/${ib}/memberships/${policeSeat}`, body: () => ({ role: 'member' }) },
      { method: 'GET', path: `${P}/audit` },
    ] as { method: string; path: string; body?: () => unknown; once?: boolean }[];
  }

  for (const role of ['chair', 'police', 'health', 'schools', 'council', 'observer'] as const) {
    it(`refuses ${role} with FORBIDDEN and changes nothing`, async () => {
      const client = await new ApiClient(server().url).login(DEMO[role]);
      const admin = await new ApiClient(server().url).login(DEMO.admin);
      const changes = async () => (await admin.get<AuditEntry[]>(`${P}/audit?limit=500`)).body.filter((e) => e.action !== 'command.refused');
      const auditBefore = await changes();
      const refusedBefore = (await admin.get<AuditEntry[]>(`${P}/audit?entityType=command&limit=500`)).body.length;
      const attempted = (await routes(server())).filter((r) => r.method !== 'GET');
      for (const r of await routes(server())) {
        const res = await client.request(r.method, r.path, r.body?.());
        expect({ route: `${r.method} ${r.path}`, status: res.status, code: errorCode(res) }).toEqual({
          route: `${r.method} ${r.path}`,
          status: 403,
          code: 'FORBIDDEN',
        });
      }
      // Nothing changed, and every attempted write is on the record as refused.
      expect(await changes()).toEqual(auditBefore);
      expect((await admin.get<AuditEntry[]>(`${P}/audit?entityType=command&limit=500`)).body.length - refusedBefore).toBe(attempted.length);
    });
  }

  it('refuses anyone signed out with UNAUTHENTICATED', async () => {
    const anonymous = new ApiClient(server().url);
    for (const r of await routes(server())) {
      const res = await anonymous.request(r.method, r.path, r.body?.());
      expect([r.path, res.status, errorCode(res)]).toEqual([r.path, 401, 'UNAUTHENTICATED']);
    }
  });

  it('lets the partnership admin use every route', async () => {
    const admin = await new ApiClient(server().url).login(DEMO.admin);
    for (const r of await routes(server())) {
      const res = await admin.request(r.method, r.path, r.body?.());
      expect([r.path, res.status]).toEqual([r.path, r.method === 'POST' ? 201 : 200]);
    }
  });

  it('hides one partnership from another partnership’s admin entirely', async () => {
    await createPartnership(server().ctx, {
      name: 'Elsewhere Partnership',
      agency: { name: 'Elsewhere Council', kind: 'childrens_services' },
      admin: { name: 'Other Admin', email: 'admin@elsewhere.test', password: 'elsewhere-pass' },
    });
    const outsider = await new ApiClient(server().url).login('admin@elsewhere.test', 'elsewhere-pass');
    const me = (await outsider.get<Me>('/api/auth/me')).body;
    expect(me.partnerships.map((p) => p.name)).toEqual(['Elsewhere Partnership']);
    const reads = [P, `${P}/people`, `${P}/boards`, `${P}/agencies`, `${P}/boards/1`, `${P}/audit`];
    for (const path of reads) {
      const res = await outsider.get(path);
      expect([path, res.status, errorCode(res)]).toEqual([path, 404, 'NOT_FOUND']);
    }
    for (const r of await routes(server())) {
      const res = await outsider.request(r.method, r.path, r.body?.());
      expect([r.path, res.status]).toEqual([r.path, 404]);
    }
    // And the demo partnership's admin cannot reach into the other partnership.
    const admin = await new ApiClient(server().url).login(DEMO.admin);
    expect((await admin.get(`/api/partnerships/${me.partnerships[0]!.id}/people`)).status).toBe(404);
  });
});

describe('people and invitations', () => {
  const server = useTestServer();

  it('invites a person by a one-time link that sets their password', async () => {
    const { agency } = await ids(server());
    const admin = await new ApiClient(server().url).login(DEMO.admin);
    const created = await admin.post<CreatedPerson>(`${P}/people`, { name: 'Dr Nia Evans', email: 'nia.evans@demo.test', agencyId: agency('Community NHS'), jobTitle: 'Named GP' });
    expect(created.status).toBe(201);
    expect(created.body.person.active).toBe(false);
    const token = created.body.invitation!.url.split('/invite/')[1]!;

    const invitee = new ApiClient(server().url);
    const preview = await invitee.get<{ name: string; partnershipName: string }>(`/api/invitations/${token}`);
    expect(preview.body.name).toBe('Dr Nia Evans');
    const tooShort = await invitee.post('/api/invitations/accept', { token, password: 'short' });
    expect(errorCode(tooShort)).toBe('VALIDATION_FAILED');
    const accepted = await invitee.post<Me>('/api/invitations/accept', { token, password: 'a long passphrase' });
    expect(accepted.status).toBe(200);
    expect((await invitee.get<Me>('/api/auth/me')).body.person.email).toBe('nia.evans@demo.test');

    const again = await new ApiClient(server().url).post('/api/invitations/accept', { token, password: 'another passphrase' });
    expect(again.status).toBe(410);
    expect(errorCode(again)).toBe('INVITATION_INVALID');
    await new ApiClient(server().url).login('nia.evans@demo.test', 'a long passphrase');
  });

  it('refuses a duplicate email and a person in an agency of another partnership', async () => {
    const admin = await new ApiClient(server().url).login(DEMO.admin);
    const dup = await admin.post(`${P}/people`, { name: 'Copy', email: DEMO.police, agencyId: 1 });
    expect([dup.status, errorCode(dup)]).toEqual([409, 'CONFLICT']);
    // An agency the body names (not the record the route addresses) is a field in error (issue 9, item 8).
    const foreign = await admin.post(`${P}/people`, { name: 'Copy', email: 'x@demo.test', agencyId: 9999 });
    expect([foreign.status, errorCode(foreign)]).toEqual([400, 'VALIDATION_FAILED']);
    expect(foreign.body).toMatchObject({ error: { details: [{ path: 'agencyId', message: 'Unknown agency' }] } });
  });

  it('disabling a person ends their sessions', async () => {
    const { person } = await ids(server());
    const schools = await new ApiClient(server().url).login(DEMO.schools);
    const admin = await new ApiClient(server().url).login(DEMO.admin);
    await admin.patch(`${P}/people/${person(DEMO.schools)}`, { disabled: true });
    expect((await schools.get('/api/auth/me')).status).toBe(401);
    expect((await new ApiClient(server().url).post('/api/auth/login', { email: DEMO.schools, password: 'demo' })).status).toBe(401);
  });
});

describe('boards and memberships', () => {
  it('records every change of membership and role in the audit trail, with who made it', async () => {
    const server = await startTestServer();
    const { ib, person, members } = await ids(server);
    const admin = await new ApiClient(server.url).login(DEMO.admin);
    const added = await admin.post<MembershipView>(`${P}/boards/${ib}/memberships`, { personId: person('lorraine.price@demo.test'), role: 'observer' });
    expect(added.status).toBe(409);
    const schoolsSeat = members.find((m) => m.personName === 'Gareth Lloyd')!;
    await admin.patch(`${P}/boards/${ib}/memberships/${schoolsSeat.id}`, { role: 'observer' });
    await admin.delete(`${P}/boards/${ib}/memberships/${schoolsSeat.id}`);
    const audit = (await admin.get<AuditEntry[]>(`${P}/audit?entityType=membership`)).body;
    expect(audit.slice(0, 2).map((a) => [a.action, a.actorName])).toEqual([
      ['membership.remove', 'Priya Shah'],
      ['membership.update', 'Priya Shah'],
    ]);
    expect(audit[1]!.detail).toMatchObject({ before: { role: 'member' }, after: { role: 'observer' } });
    // The member sees the change at once: the Improvement Board is gone from their memberships.
    const schools = await new ApiClient(server.url).login(DEMO.schools);
    const me = (await schools.get<Me>('/api/auth/me')).body;
    expect(me.memberships.map((m) => m.boardName)).not.toContain('Improvement Board');
  });

  it('refuses a deputy from another agency and an escalation loop', async () => {
    const server = await startTestServer();
    const { ib, board, members, person } = await ids(server);
    const admin = await new ApiClient(server.url).login(DEMO.admin);
    const policeSeat = members.find((m) => m.agencyName === 'Northshire Police')!;
    const wrongDeputy = await admin.patch(`${P}/boards/${ib}/memberships/${policeSeat.id}`, { deputyPersonId: person('james.osei@demo.test') });
    expect([wrongDeputy.status, errorCode(wrongDeputy)]).toEqual([400, 'VALIDATION_FAILED']);
    const loop = await admin.patch(`${P}/boards/${ib}`, { parentBoardId: board('Operational Group') });
    expect([loop.status, errorCode(loop)]).toEqual([400, 'VALIDATION_FAILED']);
    const detail = (await admin.get<BoardDetail>(`${P}/boards/${ib}`)).body;
    expect(detail.parentBoardId).toBeNull();
    expect(detail.members.find((m) => m.id === policeSeat.id)!.deputy?.name).toBe('DI Rachel Hughes');
  });
});

describe('one chair per board', () => {
  const server = useTestServer();

  it('making someone chair hands the chair over: the old chair becomes a member, on the record', async () => {
    const admin = await new ApiClient(server().url).login(DEMO.admin);
    const board = async () => (await admin.get<BoardDetail>('/api/partnerships/1/boards/1')).body;
    const seats = (await board()).members;
    const policeSeat = seats.find((m) => m.personId === 3)!;
    const chairBefore = seats.find((m) => m.role === 'chair')!;
    expect((await admin.patch(`/api/partnerships/1/boards/1/memberships/${policeSeat.id}`, { role: 'chair' })).status).toBe(200);
    const after = (await board()).members;
    expect(after.filter((m) => m.role === 'chair').map((m) => m.personId)).toEqual([3]);
    expect(after.find((m) => m.id === chairBefore.id)!.role).toBe('member');
    const audit = (await admin.get<AuditEntry[]>('/api/partnerships/1/audit?entityType=membership')).body;
    expect(audit.some((e) => e.action === 'membership.chair_handover')).toBe(true);
  });
});
