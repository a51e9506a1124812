import type { SqlValue } from '../../server/db/raw-sql.js';
import { beforeEach, describe, expect, it, onTestFinished } from 'vitest';
import { createPartnership } from '../../server/features/admin/partnerships.js';
import { AuthRepository } from '../../server/features/auth/index.js';
import { hashToken } from '../../server/features/auth/sessions.js';
import { hashPassword } from '../../server/features/auth/passwords.js';
import { AppError } from '../../shared/errors.js';
import type { Me } from '../../shared/schemas/auth.js';
import { ApiClient, DEMO, errorCode } from '../helpers/http.js';
import { startTestServer, useTestServer, type TestServer } from '../helpers/server.js';

/**
 * The storage seam of administration and sign-in (issue 11, item 6): each change is one call to the
 * feature's repository, in one transaction that re-checks what the service checked. Two requests
 * started in one turn of the event loop (as two arriving together are) each pass the service's checks
 * before either writes; the re-check inside the transaction is what keeps them from both succeeding.
 */

const NORTHBROOK = 1;
const EASTBRIDGE = 2;
const ADMIN = 1;
const OG = 2;

async function count(server: TestServer, sql: string, ...params: SqlValue[]): Promise<number> {
  return (await server.ctx.database.sql.get<{ n: number }>(`select count(*) as n from ${sql}`, params))!.n;
}

/** Started together; returns [the one that succeeded, the one refused], whichever order they ran in. */
async function oneEach<T>(a: Promise<T>, b: Promise<T>): Promise<[T, AppError]> {
  const outcomes = await Promise.allSettled([a, b]);
  expect(outcomes.map((o) => o.status).sort()).toEqual(['fulfilled', 'rejected']);
  const ok = outcomes.find((o) => o.status === 'fulfilled') as PromiseFulfilledResult<T>;
  const refused = (outcomes.find((o) => o.status === 'rejected') as PromiseRejectedResult).reason as unknown;
  expect(refused).toBeInstanceOf(AppError);
  return [ok.value, refused as AppError];
}

/** Someone of the partnership with no seat on the board. */
async function seatless(s: TestServer, boardId: number) {
  const seated = new Set((await s.services.admin.members(boardId)).map((m) => m.personId));
  return (await s.services.people.people(NORTHBROOK)).find((p) => !seated.has(p.id) && !p.disabled)!;
}

describe('board seats changed by two requests at once', () => {
  const server = useTestServer();

  it('the same person seated twice on one board: one seat, one CONFLICT, one audit row', async () => {
    const s = server();
    const person = await seatless(s, OG);
    const add = () => s.services.admin.addMember(NORTHBROOK, ADMIN, OG, { personId: person.id, role: 'member', deputyPersonId: null });
    const [seat, refused] = await oneEach(add(), add());
    expect(seat).toMatchObject({ boardId: OG, personId: person.id, role: 'member' });
    expect(refused).toMatchObject({ code: 'CONFLICT' });
    expect(await count(s, 'memberships where board_id = ? and person_id = ?', OG, person.id)).toBe(1);
    expect(await count(s, "audit_log where action = 'membership.add' and entity_id = ?", seat.id)).toBe(1);
  });

  it('over HTTP, the same seat posted twice at once answers 201 and 409, however the requests arrive', async () => {
    const s = server();
    const admin = await new ApiClient(s.url).login(DEMO.admin);
    const person = await seatless(s, OG);
    const post = () => admin.post(`/api/partnerships/${NORTHBROOK}/boards/${OG}/memberships`, { personId: person.id, role: 'observer' });
    const replies = await Promise.all([post(), post()]);
    expect(replies.map((r) => r.status).sort()).toEqual([201, 409]);
    expect(replies.map(errorCode).filter(Boolean)).toEqual(['CONFLICT']);
    expect(await count(s, 'memberships where board_id = ? and person_id = ?', OG, person.id)).toBe(1);
  });

  it('the same seat handed the chair twice at once: one hand-over, one CONFLICT, one audit row', async () => {
    const s = server();
    const seat = (await s.services.admin.members(OG)).find((m) => m.role === 'member')!;
    const chair = () => s.services.admin.updateMember(NORTHBROOK, ADMIN, OG, seat.id, { role: 'chair' });
    const [made, refused] = await oneEach(chair(), chair());
    expect(made).toMatchObject({ id: seat.id, role: 'chair' });
    expect(refused).toMatchObject({ code: 'CONFLICT' });
    expect(await count(s, "audit_log where action = 'membership.update' and entity_id = ?", seat.id)).toBe(1);
    expect((await s.services.admin.members(OG)).filter((m) => m.role === 'chair').map((m) => m.id)).toEqual([seat.id]);
  });

  it('two seats handed the chair at once: applied one after the other, the board ends with one chair, and the first is on the record as handed over', async () => {
    const s = server();
    const [a, b] = (await s.services.admin.members(OG)).filter((m) => m.role === 'member');
    const chair = (seatId: number) => s.services.admin.updateMember(NORTHBROOK, ADMIN, OG, seatId, { role: 'chair' });
    const handedOver = (seatId: number) => count(s, "audit_log where action = 'membership.chair_handover' and entity_id = ?", seatId);
    const before = new Map(await Promise.all([a!, b!].map(async (m) => [m.id, await handedOver(m.id)] as const)));
    const outcomes = await Promise.allSettled([chair(a!.id), chair(b!.id)]);
    expect(outcomes.map((o) => o.status)).toEqual(['fulfilled', 'fulfilled']);
    const chairs = (await s.services.admin.members(OG)).filter((m) => m.role === 'chair');
    expect(chairs).toHaveLength(1);
    const last = chairs[0]!;
    const first = last.id === a!.id ? b! : a!;
    expect([a!.id, b!.id]).toContain(last.id);
    expect((await s.services.admin.members(OG)).find((m) => m.id === first.id)!.role).toBe('member');
    expect(await handedOver(first.id) - before.get(first.id)!).toBe(1);
    expect(await handedOver(last.id) - before.get(last.id)!).toBe(0);
  });

  it('one seat removed twice at once: removed once, the other CONFLICT, one audit row', async () => {
    const s = server();
    const seat = (await s.services.admin.members(OG)).find((m) => m.role === 'observer' || m.role === 'member')!;
    const remove = () => s.services.admin.removeMember(NORTHBROOK, ADMIN, OG, seat.id);
    const [, refused] = await oneEach(remove(), remove());
    expect(refused).toMatchObject({ code: 'CONFLICT' });
    expect(await count(s, "audit_log where action = 'membership.remove' and entity_id = ?", seat.id)).toBe(1);
  });
});

describe('agencies and boards changed by two requests at once', () => {
  const server = useTestServer();

  it('two agencies of one name at once: one made, the other CONFLICT naming the field', async () => {
    const s = server();
    const make = () => s.services.admin.createAgency(NORTHBROOK, ADMIN, { name: 'Youth Justice Service', kind: 'other' });
    const [, refused] = await oneEach(make(), make());
    expect(refused).toMatchObject({ code: 'CONFLICT', details: { field: 'name' } });
    expect(await count(s, "agencies where partnership_id = ? and name = 'Youth Justice Service'", NORTHBROOK)).toBe(1);
  });

  it('two boards made each other’s parent at once: one escalates to the other, the other is refused, and no loop is made', async () => {
    const s = server();
    const x = await s.services.admin.createBoard(NORTHBROOK, ADMIN, { name: 'Board X', description: null, parentBoardId: null });
    const y = await s.services.admin.createBoard(NORTHBROOK, ADMIN, { name: 'Board Y', description: null, parentBoardId: null });
    const [, refused] = await oneEach(
      s.services.admin.updateBoard(NORTHBROOK, ADMIN, x.id, { parentBoardId: y.id }),
      s.services.admin.updateBoard(NORTHBROOK, ADMIN, y.id, { parentBoardId: x.id }),
    );
    expect(refused).toMatchObject({ code: 'VALIDATION_FAILED', details: [{ path: 'parentBoardId' }] });
    const parents = (await s.services.admin.boards(NORTHBROOK)).filter((b) => b.id === x.id || b.id === y.id).map((b) => b.parentBoardId);
    expect(parents.filter((p) => p !== null)).toHaveLength(1);
  });
});

describe('people and their links changed by two requests at once', () => {
  const server = useTestServer();

  it('one invitation accepted twice at once: one password set, one session, the other INVITATION_INVALID', async () => {
    const s = server();
    const created = await s.services.people.createPerson(NORTHBROOK, ADMIN, { name: 'Twice Accepted', email: 'twice@demo.test', agencyId: 1, jobTitle: null, isPartnershipAdmin: false });
    const token = created.invitation!.token;
    const passwords = ['the first passphrase', 'the second passphrase'];
    const outcomes = await Promise.allSettled(passwords.map((p) => s.services.people.acceptInvitation(token, p)));
    expect(outcomes.map((o) => o.status).sort()).toEqual(['fulfilled', 'rejected']);
    expect(outcomes.find((o) => o.status === 'rejected')).toMatchObject({ reason: { code: 'INVITATION_INVALID' } });
    expect(await count(s, 'sessions where person_id = ?', created.person.id)).toBe(1);
    expect(await count(s, "audit_log where action = 'person.accept_invitation' and entity_id = ?", created.person.id)).toBe(1);
    // The password that was set is the accepted one's.
    const won = passwords[outcomes.findIndex((o) => o.status === 'fulfilled')]!;
    await new ApiClient(s.url).login('twice@demo.test', won);
  });

  it('a reset link issued while another partnership links the account: at every interleaving, no link opens the shared account', async () => {
    const s = server();
    const eastAdmin = (await s.services.people.people(EASTBRIDGE)).find((p) => p.isPartnershipAdmin)!;
    // The link is started first and the linking k microtask turns later, so that for some k the
    // linking commits between the link's check (the account is this partnership's alone) and its write.
    for (let k = 0; k <= 8; k++) {
      const email = `shared${k}@demo.test`;
      const person = await s.services.people.createPerson(NORTHBROOK, ADMIN, { name: `Shared ${k}`, email, agencyId: 1, jobTitle: null, isPartnershipAdmin: false });
      await s.services.people.acceptInvitation(person.invitation!.token, 'an activated passphrase');
      const issuing = s.services.people.issueInvitation(NORTHBROOK, ADMIN, person.person.id);
      for (let turn = 0; turn < k; turn++) await Promise.resolve();
      const linking = s.services.people.createPerson(EASTBRIDGE, eastAdmin.id, { name: `Shared ${k}`, email, agencyId: eastAdmin.agencyId, jobTitle: null, isPartnershipAdmin: false });
      const [issued, linked] = await Promise.allSettled([issuing, linking]);
      expect(linked, `k=${k}`).toMatchObject({ status: 'fulfilled', value: { linked: true } });
      if (issued.status === 'rejected') expect(issued.reason, `k=${k}`).toMatchObject({ code: 'CONFLICT' });
      else expect((await new ApiClient(s.url).get(`/api/invitations/${issued.value.token}`)).status, `k=${k}`).toBe(410);
      expect(await count(s, 'invitations where person_id = ? and used_at is null', person.person.id), `k=${k}`).toBe(0);
    }
  });

  it('one person disabled twice at once: disabled once, the other CONFLICT, one audit row', async () => {
    const s = server();
    const person = (await s.services.people.people(NORTHBROOK)).find((p) => p.email === 'rachel.hughes@demo.test')!;
    const disable = () => s.services.people.updatePerson(NORTHBROOK, ADMIN, person.id, { disabled: true });
    const [done, refused] = await oneEach(disable(), disable());
    expect(done).toMatchObject({ id: person.id, disabled: true });
    expect(refused).toMatchObject({ code: 'CONFLICT' });
    expect(await count(s, "audit_log where action = 'person.update' and entity_id = ?", person.id)).toBe(1);
  });
});

describe('sessions opened and switched by two requests at once', () => {
  // Each its own server: where the chair's sign-in lands depends on where the last test left the account.
  let current: TestServer | undefined;
  const server = () => current!;
  beforeEach(async () => {
    current = await startTestServer();
  });

  it('a sign-in whose password was reset while it was being checked opens no session', async () => {
    const s = server();
    const repo = new AuthRepository(s.ctx);
    const account = (await repo.accountByEmail(DEMO.health))!;
    const before = await count(s, 'sessions');
    // What the sign-in verified against, then a reset committed before its session was made.
    const verified = account.passwordHash!;
    await s.ctx.database.sql.run('update accounts set password_hash = ? where id = ?', [await hashPassword('reset meanwhile', s.config.passwordHashCost), account.id]);
    expect(await repo.openSession(account.id, verified)).toBeNull();
    expect(await count(s, 'sessions')).toBe(before);
    expect(await repo.openSession(account.id, (await repo.accountByEmail(DEMO.health))!.passwordHash!)).toMatchObject({ personId: 4 });
  });

  it('two tabs moving one session to the same partnership at once: moved once, announced once, both answered with it', async () => {
    const s = server();
    const chair = await new ApiClient(s.url).login(DEMO.chair);
    const me = (await chair.get<Me>('/api/auth/me')).body;
    const tokenHash = hashToken(chair.sessionCookie!.split('=')[1]!);
    const switched: string[] = [];
    onTestFinished(s.ctx.bus.on('session.switched', (e) => switched.push(e.tokenHash)));
    const move = () => s.services.auth.switchPartnership(me.person.id, tokenHash, EASTBRIDGE);
    const answers = await Promise.all([move(), move()]);
    expect(answers.map((a) => a.partnership.id)).toEqual([EASTBRIDGE, EASTBRIDGE]);
    expect(switched).toEqual([tokenHash]);
    expect((await chair.get<Me>('/api/auth/me')).body.partnership.id).toBe(EASTBRIDGE);
  });

  it('two tabs moving one session to two different partnerships at once: one moves it, the other is refused CONFLICT', async () => {
    const s = server();
    // A third partnership the chair's account works in.
    const third = await createPartnership(s.ctx, { name: 'Westmere Partnership', agency: { name: 'Westmere unit', kind: 'safeguarding_board' }, admin: { name: 'Margaret Ellison', email: DEMO.chair } });
    expect(third.linked).toBe(true);
    const chair = await new ApiClient(s.url).login(DEMO.chair);
    const north = (await chair.get<Me>('/api/auth/me')).body;
    expect(north.partnership.id).toBe(NORTHBROOK);
    const tokenHash = hashToken(chair.sessionCookie!.split('=')[1]!);
    const [moved, refused] = await oneEach(
      s.services.auth.switchPartnership(north.person.id, tokenHash, EASTBRIDGE),
      s.services.auth.switchPartnership(north.person.id, tokenHash, third.partnershipId),
    );
    expect(refused).toMatchObject({ code: 'CONFLICT' });
    expect((await chair.get<Me>('/api/auth/me')).body.partnership.id).toBe(moved.partnership.id);
  });

  it('a switch racing a sign-out of the same session moves nothing: SESSION_EXPIRED', async () => {
    const s = server();
    const chair = await new ApiClient(s.url).login(DEMO.chair);
    const north = (await chair.get<Me>('/api/auth/me')).body;
    const tokenHash = hashToken(chair.sessionCookie!.split('=')[1]!);
    const switched: string[] = [];
    onTestFinished(s.ctx.bus.on('session.switched', (e) => switched.push(e.tokenHash)));
    const [switching, signingOut] = await Promise.allSettled([s.services.auth.switchPartnership(north.person.id, tokenHash, EASTBRIDGE), s.services.auth.logout(tokenHash)]);
    expect(signingOut.status).toBe('fulfilled');
    expect(switching).toMatchObject({ status: 'rejected', reason: { code: 'SESSION_EXPIRED' } });
    expect(switched).toEqual([]);
    expect(await count(s, 'sessions where token_hash = ?', tokenHash)).toBe(0);
  });
});
