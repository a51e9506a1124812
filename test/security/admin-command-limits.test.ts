import { describe, expect, it } from 'vitest';
import { addDays, todayIn } from '../../shared/domain/scoring.js';
import { LIMITS, SOCKET_LIMITS } from '../../shared/limits.js';
import { commandPath } from '../../shared/protocol/commands.js';
import type { CreatedPerson, PersonView } from '../../shared/schemas/admin.js';
import type { NotificationList } from '../../shared/schemas/challenge.js';
import { countRows, refusalsBy, snapshot } from '../helpers/attack.js';
import { ApiClient, DEMO, errorCode, type JsonResponse } from '../helpers/http.js';
import { addSecondPartnership } from '../helpers/second-partnership.js';
import { startTestServer, useTestServer } from '../helpers/server.js';
import { connectSocket, send } from '../helpers/socket.js';

/*
 * Attacks on administration that lean on timing, size and shared state: the last administrator
 * demoted or disabled (one request after another, and two at once), the same person, agency or board
 * created twice at once, names far past their limits, marking someone else's notifications read,
 * and refusals that must draw on the account's command budget.
 */

const P = '/api/partnerships/1';
const ADMIN = 1;
const CHAIR = 2;
const POLICE = 3;
const HEALTH = 4;
const OBSERVER = 7;
const POLICE_AGENCY = 2;
const big = { socketLimits: { ...SOCKET_LIMITS, commandsPerSecond: 10_000, commandBurst: 10_000 } };

const status = (res: JsonResponse) => [res.status, errorCode(res)];
const enabledAdmins = (s: Parameters<typeof countRows>[0], partnershipId = 1) => countRows(s, 'people where partnership_id = ? and is_partnership_admin = true and disabled = false', partnershipId);

describe('the last administrator', () => {
  it('cannot demote or disable themselves, on any channel; a demoted administrator can demote nobody', async () => {
    const server = await startTestServer(big);
    const admin = await new ApiClient(server.url).login(DEMO.admin);
    const socket = await connectSocket(admin);
    for (const patch of [{ isPartnershipAdmin: false }, { disabled: true }, { isPartnershipAdmin: false, disabled: true }, { isPartnershipAdmin: false, name: 'Priya Shah' }]) {
      expect(status(await admin.patch(`${P}/people/${ADMIN}`, patch))).toEqual([409, 'CONFLICT']);
      expect(status(await admin.post(commandPath('person:update'), { personId: ADMIN, ...patch }))).toEqual([409, 'CONFLICT']);
      const overSocket = await send(socket, 'person:update', { personId: ADMIN, ...patch });
      expect(overSocket.ok ? 'OK' : overSocket.error.code).toBe('CONFLICT');
    }
    expect(await enabledAdmins(server)).toBe(1);

    // A second administrator takes the first's rights away; the first, no longer one, cannot take them back.
    expect((await admin.patch<PersonView>(`${P}/people/${CHAIR}`, { isPartnershipAdmin: true })).body.isPartnershipAdmin).toBe(true);
    const chair = await new ApiClient(server.url).login(DEMO.chair);
    expect((await chair.patch<PersonView>(`${P}/people/${ADMIN}`, { isPartnershipAdmin: false })).status).toBe(200);
    expect(status(await admin.patch(`${P}/people/${CHAIR}`, { isPartnershipAdmin: false }))).toEqual([403, 'FORBIDDEN']);
    expect(status(await admin.patch(`${P}/people/${CHAIR}`, { disabled: true }))).toEqual([403, 'FORBIDDEN']);
    expect(status(await admin.patch(`${P}/people/${ADMIN}`, { isPartnershipAdmin: true }))).toEqual([403, 'FORBIDDEN']);
    expect(status(await chair.patch(`${P}/people/${CHAIR}`, { isPartnershipAdmin: false }))).toEqual([409, 'CONFLICT']);
    expect(await enabledAdmins(server)).toBe(1);
  });

  it('two administrators taking each other’s rights at once: one is refused, and the partnership keeps an administrator', async () => {
    const server = await startTestServer(big);
    const people = server.services.people;
    // Started in one turn of the event loop, as two requests are when storage answers asynchronously:
    // each passes the service's checks before either writes.
    const race = async (a: Record<string, boolean>, b: Record<string, boolean>) => {
      await people.updatePerson(1, ADMIN, CHAIR, { isPartnershipAdmin: true, disabled: false }).catch(() => undefined);
      await people.updatePerson(1, CHAIR, ADMIN, { isPartnershipAdmin: true, disabled: false }).catch(() => undefined);
      expect(await enabledAdmins(server)).toBe(2);
      const outcomes = await Promise.allSettled([people.updatePerson(1, ADMIN, CHAIR, a), people.updatePerson(1, CHAIR, ADMIN, b)]);
      expect(outcomes.filter((o) => o.status === 'rejected').map((o) => (o as PromiseRejectedResult).reason as { code: string }).map((e) => e.code)).toEqual(['CONFLICT']);
      expect(await enabledAdmins(server)).toBe(1);
    };
    await race({ isPartnershipAdmin: false }, { isPartnershipAdmin: false });
    await race({ disabled: true }, { disabled: true });
    await race({ isPartnershipAdmin: false }, { disabled: true });
  });

  it('over HTTP at once, as many times as you like: the partnership always keeps an administrator who can sign in', async () => {
    const server = await startTestServer(big);
    const admin = await new ApiClient(server.url).login(DEMO.admin);
    expect((await admin.patch(`${P}/people/${CHAIR}`, { isPartnershipAdmin: true })).status).toBe(200);
    const chair = await new ApiClient(server.url).login(DEMO.chair);
    const answers = await Promise.all([admin.patch(`${P}/people/${CHAIR}`, { isPartnershipAdmin: false }), chair.patch(`${P}/people/${ADMIN}`, { isPartnershipAdmin: false })]);
    // The loser is refused either as no longer an administrator (403) or, when its request was let in
    // just before the other's demotion committed, by the rule that one must remain (409): never both demoted.
    const [won, lost] = answers.map((a) => a.status).sort();
    expect(won).toBe(200);
    expect([403, 409]).toContain(lost);
    expect(await enabledAdmins(server)).toBe(1);
  });
});

describe('the same record created twice at once, and names past their limits', () => {
  const server = useTestServer(big);

  it('one person per e-mail, however it is spelt and whichever channels carry the two requests', async () => {
    const admin = await new ApiClient(server().url).login(DEMO.admin);
    const socket = await connectSocket(admin);
    const body = (email: string) => ({ name: 'Dup Licate', email, agencyId: POLICE_AGENCY });
    const answers = await Promise.all([
      admin.post<CreatedPerson>(`${P}/people`, body('dup@demo.test')).then((r) => (r.status === 201 ? 'OK' : errorCode(r))),
      admin.post(commandPath('person:create'), body(' DUP@demo.test ')).then((r) => (r.status === 200 ? 'OK' : errorCode(r))),
      send(socket, 'person:create', body('Dup@Demo.Test')).then((r) => (r.ok ? 'OK' : r.error.code)),
    ]);
    expect(answers.sort()).toEqual(['CONFLICT', 'CONFLICT', 'OK']);
    expect(await countRows(server(), "accounts where email = 'dup@demo.test'")).toBe(1);
    expect(await countRows(server(), "people where name = 'Dup Licate'")).toBe(1);
    expect(await countRows(server(), "audit_log where action = 'person.create' and cast(detail as text) like '%dup@demo.test%'")).toBe(1);
  });

  it('one agency and one board of a name', async () => {
    const admin = await new ApiClient(server().url).login(DEMO.admin);
    const socket = await connectSocket(admin);
    const agencies = await Promise.all([
      admin.post(`${P}/agencies`, { name: 'Twin Agency', kind: 'other' }).then((r) => r.status),
      admin.post(commandPath('agency:create'), { name: ' Twin Agency ', kind: 'health' }).then((r) => r.status),
      send(socket, 'agency:create', { name: 'Twin Agency', kind: 'police' }).then((r) => (r.ok ? 200 : 409)),
    ]);
    expect(agencies.filter((s) => s === 409)).toHaveLength(2);
    expect(await countRows(server(), "agencies where name = 'Twin Agency'")).toBe(1);
    const boards = await Promise.all([admin.post(`${P}/boards`, { name: 'Twin Board' }).then((r) => r.status), admin.post(commandPath('board:create'), { name: 'Twin Board', parentBoardId: 1 }).then((r) => r.status)]);
    expect(boards.filter((s) => s === 409)).toHaveLength(1);
    expect(await countRows(server(), "boards where name = 'Twin Board'")).toBe(1);
  });

  it('names, e-mails, titles and descriptions past their limits are refused naming the field; a body past the limit is refused unread', async () => {
    const admin = await new ApiClient(server().url).login(DEMO.admin);
    const before = await snapshot(server());
    const huge = 'x'.repeat(10_000);
    const attempts: [string, Record<string, unknown>, string][] = [
      ['agency:create', { name: huge, kind: 'other' }, 'name'],
      ['agency:create', { name: 'x'.repeat(LIMITS.nameMax + 1), kind: 'other' }, 'name'],
      ['agency:create', { name: ' \t\n ', kind: 'other' }, 'name'],
      ['agency:update', { agencyId: POLICE_AGENCY, name: huge }, 'name'],
      ['person:create', { name: huge, email: 'huge@demo.test', agencyId: POLICE_AGENCY }, 'name'],
      ['person:create', { name: 'Long Mail', email: `${'a'.repeat(LIMITS.emailMax)}@demo.test`, agencyId: POLICE_AGENCY }, 'email'],
      ['person:create', { name: 'Long Title', email: 'title@demo.test', agencyId: POLICE_AGENCY, jobTitle: huge }, 'jobTitle'],
      ['person:update', { personId: POLICE, name: huge }, 'name'],
      ['board:create', { name: huge }, 'name'],
      ['board:create', { name: 'Long description', description: huge }, 'description'],
      ['board:update', { boardId: 1, description: huge }, 'description'],
    ];
    for (const [name, payload, field] of attempts) {
      const res = await admin.post(commandPath(name as 'agency:create'), payload);
      expect([name, field, ...status(res)]).toEqual([name, field, 400, 'VALIDATION_FAILED']);
      expect(res.body).toMatchObject({ error: { details: expect.arrayContaining([expect.objectContaining({ path: field })]) } });
      // The refusal does not echo the text back.
      expect(JSON.stringify(res.body).length).toBeLessThan(2_000);
    }
    const tooBig = await admin.post(`${P}/agencies`, { name: 'x'.repeat(LIMITS.jsonBodyBytes), kind: 'other' });
    expect(status(tooBig)).toEqual([413, 'PAYLOAD_TOO_LARGE']);
    expect(await snapshot(server())).toBe(before);
    // At the limit exactly is fine.
    expect((await admin.post(`${P}/agencies`, { name: 'y'.repeat(LIMITS.nameMax), kind: 'other' })).status).toBe(201);
  });
});

describe('someone else’s notifications', () => {
  const server = useTestServer(big);

  it('marking another person’s (or another partnership’s) notifications read marks nothing of theirs, on any channel', async () => {
    const farshire = await addSecondPartnership(server());
    const admin = await new ApiClient(server().url).login(DEMO.admin);
    const health = await new ApiClient(server().url).login(DEMO.health);
    const police = await new ApiClient(server().url).login(DEMO.police);
    const farAdmin = await new ApiClient(server().url).login(farshire.email, farshire.password);
    // Health is told of a challenge directed at them; Farshire's administrator of something of theirs.
    const raised = await admin.post(commandPath('challenge:raise'), { boardId: 1, title: 'Who covers Fridays?', directedAgencyId: 3, directedPersonId: HEALTH, dueDate: addDays(todayIn(Date.now()), 14) });
    expect(raised.status).toBe(200);
    const delivery = await server().ctx.database.transaction(async () =>
      server().services.notifications.notify([farshire.personId], { partnershipId: farshire.partnershipId, kind: 'partnership_added', challengeId: null, text: 'Farshire notice', link: '/' }),
    );
    server().services.notifications.deliver(delivery);
    const healthBefore = (await health.get<NotificationList>('/api/notifications')).body;
    const farBefore = (await farAdmin.get<NotificationList>('/api/notifications')).body;
    expect(healthBefore.unread).toBeGreaterThan(0);
    expect(farBefore.unread).toBe(1);
    const theirs = [...healthBefore.items.map((n) => n.id), ...farBefore.items.map((n) => n.id)];

    const socket = await connectSocket(police);
    const policeList = (await police.get<NotificationList>('/api/notifications')).body;
    for (const payload of [{ ids: theirs }, { ids: 'all' }, { ids: theirs, personId: HEALTH }, { ids: 'all', personId: farshire.personId, partnershipId: farshire.partnershipId }]) {
      const rest = await police.post<NotificationList>('/api/notifications/read', payload);
      expect(rest.status).toBe(200);
      // The answer is their own list, never the other person's.
      expect(rest.body.items.map((n) => n.id).filter((id) => theirs.includes(id))).toEqual([]);
      expect((await police.post(commandPath('notifications:read'), payload)).status).toBe(200);
      expect((await send(socket, 'notifications:read', payload)).ok).toBe(true);
      const raw = `{"ids":${JSON.stringify(payload.ids)},"__proto__":{"personId":${HEALTH}},"constructor":{"prototype":{"personId":${HEALTH}}}}`;
      expect((await police.request('POST', '/api/notifications/read', raw)).status).toBe(200);
    }
    expect((await health.get<NotificationList>('/api/notifications')).body).toEqual(healthBefore);
    expect((await farAdmin.get<NotificationList>('/api/notifications')).body).toEqual(farBefore);
    expect(policeList.items.every((n) => !theirs.includes(n.id))).toBe(true);

    // Odd lists are refused, naming the field; an empty one marks nothing.
    for (const ids of [Array.from({ length: 501 }, (_, i) => i + 1), [0], [-1], ['1'], [1.5], 'ALL', null, {}]) {
      expect([JSON.stringify(ids).slice(0, 20), ...status(await police.post('/api/notifications/read', { ids }))]).toEqual([JSON.stringify(ids).slice(0, 20), 400, 'VALIDATION_FAILED']);
    }
    expect((await police.post('/api/notifications/read', { ids: [] })).status).toBe(200);
    // Their own, marked by them, are marked.
    const mine = await health.post<NotificationList>('/api/notifications/read', { ids: healthBefore.items.map((n) => n.id) });
    expect(mine.body.unread).toBe(0);
    expect(({} as Record<string, unknown>).personId).toBeUndefined();
  });
});

describe('refusals draw on the command budget', () => {
  it('an observer probing administration over REST, the command path and Socket.io spends one budget; refusals beyond it are neither run nor recorded', async () => {
    const budget = { commandsPerSecond: 0.001, commandBurst: 6 };
    const server = await startTestServer({ socketLimits: { ...SOCKET_LIMITS, ...budget } });
    const observer = await new ApiClient(server.url).login(DEMO.observer);
    const socket = await connectSocket(observer);
    const before = await snapshot(server);
    const attempts = [
      () => observer.patch(`${P}/people/${OBSERVER}`, { isPartnershipAdmin: true }).then(errorCode),
      () => observer.post(commandPath('agency:create'), { name: 'Probe', kind: 'other' }).then(errorCode),
      () => send(socket, 'membership:add', { boardId: 2, personId: OBSERVER, role: 'chair' }).then((r) => (r.ok ? 'OK' : r.error.code)),
      () => observer.request('PUT', `${P}/boards/1/challenge-settings`, { raiserMayDecide: true }).then(errorCode),
      () => observer.delete(`${P}/boards/1/memberships/1`).then(errorCode),
      () => observer.post(`${P}/people/${POLICE}/invitation`).then(errorCode),
    ];
    const codes: (string | undefined)[] = [];
    for (let round = 0; round < 3; round++) for (const attempt of attempts) codes.push(await attempt());
    expect(codes.slice(0, budget.commandBurst)).toEqual(Array(budget.commandBurst).fill('FORBIDDEN'));
    expect(codes.slice(budget.commandBurst)).toEqual(Array(codes.length - budget.commandBurst).fill('RATE_LIMITED'));
    expect(await refusalsBy(server, OBSERVER)).toHaveLength(budget.commandBurst);
    // The same budget: marking their own notifications read now waits too.
    expect(errorCode(await observer.post('/api/notifications/read', { ids: 'all' }))).toBe('RATE_LIMITED');
    expect(await snapshot(server)).toBe(before);
  });
});

describe('refused writes that are no command draw on the same budget', () => {
  it('a matrix preview and a switch of partnership, refused again and again, are recorded only within the budget, which commands then find spent', async () => {
    const budget = { commandsPerSecond: 0.001, commandBurst: 4 };
    const server = await startTestServer({ socketLimits: { ...SOCKET_LIMITS, ...budget } });
    const observer = await new ApiClient(server.url).login(DEMO.observer);
    const previews: (string | undefined)[] = [];
    const switches: (string | undefined)[] = [];
    for (let i = 0; i < 10; i++) {
      previews.push(errorCode(await observer.post(`${P}/risk-matrix/preview`, {})));
      switches.push(errorCode(await observer.post('/api/auth/partnership', { partnershipId: 100 + i })));
    }
    // Each is still answered as refused; only the first four are on the record.
    expect(new Set(previews)).toEqual(new Set(['FORBIDDEN']));
    expect(new Set(switches)).toEqual(new Set(['NOT_FOUND']));
    expect(await refusalsBy(server, OBSERVER)).toHaveLength(budget.commandBurst);
    // Saving the matrix is a command: spent, it waits like the rest.
    expect(errorCode(await observer.request('PUT', `${P}/risk-matrix`, {}))).toBe('RATE_LIMITED');
    expect(errorCode(await observer.post(commandPath('agency:create'), { name: 'Probe', kind: 'other' }))).toBe('RATE_LIMITED');
    // A typo is neither recorded nor charged.
    const admin = await new ApiClient(server.url).login(DEMO.admin);
    for (let i = 0; i < 10; i++) expect(errorCode(await admin.post(`${P}/risk-matrix/preview`, { size: 7 }))).toBe('VALIDATION_FAILED');
    expect((await admin.post(commandPath('agency:create'), { name: 'Still within budget', kind: 'other' })).status).toBe(200);
  });
});

describe('a deputy stands in for their own agency', () => {
  it('moving a named deputy, or a member with one, to another agency is refused until their seats are changed: nobody lends a member’s powers across agencies', async () => {
    const server = await startTestServer(big);
    const admin = await new ApiClient(server.url).login(DEMO.admin);
    const POLICE_DEPUTY = 8;
    const SCHOOLS_AGENCY = 5;
    const agencyOf = async (personId: number) => (await server.ctx.database.sql.get<{ a: number }>('select agency_id as a from people where id = ?', [personId]))!.a;
    // DI Rachel Hughes is the police member's named deputy at the Improvement Board and the Operational Group.
    for (const [personId, agencyId] of [
      [POLICE_DEPUTY, SCHOOLS_AGENCY],
      [POLICE, SCHOOLS_AGENCY],
    ]) {
      const res = await admin.patch(`${P}/people/${personId}`, { agencyId });
      expect([personId, ...status(res)]).toEqual([personId, 409, 'CONFLICT']);
      expect(res.body).toMatchObject({ error: { details: { field: 'agencyId' } } });
      expect(await agencyOf(personId!)).toBe(POLICE_AGENCY);
      expect(status(await admin.post(commandPath('person:update'), { personId, agencyId, jobTitle: 'Moved' }))).toEqual([409, 'CONFLICT']);
    }
    // Anything else about them may change; so may their agency once the seats name no deputy across agencies.
    expect((await admin.patch(`${P}/people/${POLICE_DEPUTY}`, { jobTitle: 'Detective Inspector' })).status).toBe(200);
    const seatsWithDeputy = await server.ctx.database.sql.all<{ id: number; boardId: number }>('select m.id, m.board_id as "boardId" from memberships m where m.deputy_person_id = ?', [POLICE_DEPUTY]);
    expect(seatsWithDeputy).toHaveLength(2);
    for (const seat of seatsWithDeputy) expect((await admin.patch(`${P}/boards/${seat.boardId}/memberships/${seat.id}`, { deputyPersonId: null })).status).toBe(200);
    expect((await admin.patch(`${P}/people/${POLICE_DEPUTY}`, { agencyId: SCHOOLS_AGENCY })).status).toBe(200);
    expect((await admin.patch(`${P}/people/${POLICE}`, { agencyId: SCHOOLS_AGENCY })).status).toBe(200);
  });
});
