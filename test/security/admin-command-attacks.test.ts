import { beforeAll, describe, expect, it } from 'vitest';
import { SOCKET_LIMITS } from '../../shared/limits.js';
import { commandPath } from '../../shared/protocol/commands.js';
import type { AgencyView, BoardDetail, MembershipView, PersonView } from '../../shared/schemas/admin.js';
import type { Me } from '../../shared/schemas/auth.js';
import { ADMIN_COMMANDS, sendRest, type AdminCommand } from '../helpers/admin-forms.js';
import { refusalsBy, snapshot } from '../helpers/attack.js';
import { ApiClient, DEMO, errorCode, type JsonResponse } from '../helpers/http.js';
import { addSecondPartnership, leakedNames, type SecondPartnership } from '../helpers/second-partnership.js';
import { useTestServer } from '../helpers/server.js';
import { connectSocket, send } from '../helpers/socket.js';

/*
 * Attacks on administration as commands (agency, person, board and membership commands, a board's
 * challenge settings) over POST /api/commands/<name>, Socket.io and the older REST addresses. Attackers:
 * members who are not administrators (a member, the observer, two chairs), the administrator of another
 * partnership, and an administrator naming another partnership's records in every field or in the
 * address. Each refusal changes nothing, names nothing of the other partnership, and is on the record
 * once, filed under the sender's own partnership.
 */

const P = '/api/partnerships/1';
/** Demo facts (server/features/demo/seed.ts). */
const ADMIN = 1;
const CHAIR = 2;
const POLICE = 3;
const COUNCIL = 6;
const OBSERVER = 7;
const PROBATION = 11;
const IB = 1;
const OG = 2;
const POLICE_AGENCY = 2;
const big = { socketLimits: { ...SOCKET_LIMITS, commandsPerSecond: 10_000, commandBurst: 10_000 } };

const status = (res: JsonResponse) => [res.status, errorCode(res)];

describe('administration commands under attack', () => {
  const server = useTestServer(big);
  let farshire: SecondPartnership;
  let admin: ApiClient;
  let outsider: ApiClient;
  /** Police's seats at the Improvement Board and the Operational Group. */
  let seats: { ib: number; og: number };

  beforeAll(async () => {
    farshire = await addSecondPartnership(server());
    admin = await new ApiClient(server().url).login(DEMO.admin);
    outsider = await new ApiClient(server().url).login(farshire.email, farshire.password);
    const seatOf = async (boardId: number) => (await admin.get<BoardDetail>(`${P}/boards/${boardId}`)).body.members.find((m) => m.personId === POLICE)!.id;
    seats = { ib: await seatOf(IB), og: await seatOf(OG) };
  });

  /** A well-formed payload of each command on the demo partnership's own records. */
  const own = (name: AdminCommand, self: number): Record<string, unknown> =>
    ({
      'agency:create': { name: 'Agency made by a member', kind: 'other' },
      'agency:update': { agencyId: POLICE_AGENCY, name: 'Renamed by a member' },
      'person:create': { name: 'Person made by a member', email: 'made-by-member@demo.test', agencyId: POLICE_AGENCY, isPartnershipAdmin: true },
      // Themselves made administrator: the attack that matters most.
      'person:update': { personId: self, isPartnershipAdmin: true },
      'person:invite': { personId: ADMIN },
      'board:create': { name: 'Board made by a member', parentBoardId: IB },
      'board:update': { boardId: IB, name: 'Renamed by a member' },
      'membership:add': { boardId: OG, personId: PROBATION, role: 'chair' },
      'membership:update': { boardId: IB, membershipId: seats.ib, role: 'chair' },
      'membership:remove': { boardId: OG, membershipId: seats.og },
      'board:challenge-settings': { boardId: IB, raiserMayDecide: true },
    })[name];

  it.each([
    ['a member', DEMO.police, POLICE],
    ['the observer', DEMO.observer, OBSERVER],
    ['the Improvement Board’s chair', DEMO.chair, CHAIR],
    ['the Operational Group’s chair', DEMO.council, COUNCIL],
  ])('%s may run no administration command on any channel: FORBIDDEN, nothing changed, each on the record once', async (_who, email, self) => {
    const client = await new ApiClient(server().url).login(email);
    const socket = await connectSocket(client);
    const before = await snapshot(server());
    const expected: string[] = [];
    for (const name of ADMIN_COMMANDS) {
      const payload = own(name, self);
      const overCommand = await client.post(commandPath(name), payload);
      expect([name, ...status(overCommand)]).toEqual([name, 403, 'FORBIDDEN']);
      const overSocket = await send(socket, name, payload);
      expect([name, overSocket.ok ? 'OK' : overSocket.error.code]).toEqual([name, 'FORBIDDEN']);
      const { res, via } = await sendRest(client, name, payload, 1);
      expect([name, ...status(res)]).toEqual([name, 403, 'FORBIDDEN']);
      expected.push(`POST ${commandPath(name)}`, `socket ${name}`, via);
    }
    expect(await snapshot(server())).toBe(before);
    const record = await refusalsBy(server(), self);
    expect(record.map((r) => r.command)).toEqual(expected);
    expect(record.every((r) => r.code === 'FORBIDDEN' && r.partnershipId === 1)).toBe(true);
    expect((await client.get<Me>('/api/auth/me')).body.capabilities.administer).toBe(false);
  });

  it('another partnership’s agency, person, board and seat in every field of every command: refused, nothing changed, nothing named', async () => {
    const f = farshire;
    // [command, payload, status, code, the field named when it is a reference in the payload].
    const attempts: [AdminCommand, Record<string, unknown>, number, string, string?][] = [
      ['agency:update', { agencyId: f.agencyId, name: 'Renamed from Northbrook' }, 404, 'NOT_FOUND'],
      ['person:create', { name: 'Probe Person', email: 'probe-agency@demo.test', agencyId: f.agencyId }, 400, 'VALIDATION_FAILED', 'agencyId'],
      ['person:update', { personId: f.personId, isPartnershipAdmin: false }, 404, 'NOT_FOUND'],
      ['person:update', { personId: f.personId, disabled: true }, 404, 'NOT_FOUND'],
      ['person:update', { personId: POLICE, agencyId: f.agencyId }, 400, 'VALIDATION_FAILED', 'agencyId'],
      ['person:invite', { personId: f.personId }, 404, 'NOT_FOUND'],
      ['board:create', { name: 'Probe board', parentBoardId: f.boardId }, 400, 'VALIDATION_FAILED', 'parentBoardId'],
      ['board:update', { boardId: f.boardId, name: 'Renamed from Northbrook' }, 404, 'NOT_FOUND'],
      ['board:update', { boardId: OG, parentBoardId: f.boardId }, 400, 'VALIDATION_FAILED', 'parentBoardId'],
      ['membership:add', { boardId: f.boardId, personId: PROBATION, role: 'member' }, 404, 'NOT_FOUND'],
      ['membership:add', { boardId: OG, personId: f.personId, role: 'chair' }, 400, 'VALIDATION_FAILED', 'personId'],
      ['membership:add', { boardId: OG, personId: PROBATION, role: 'member', deputyPersonId: f.personId }, 400, 'VALIDATION_FAILED', 'deputyPersonId'],
      ['membership:update', { boardId: f.boardId, membershipId: f.membershipId, role: 'observer' }, 404, 'NOT_FOUND'],
      ['membership:update', { boardId: IB, membershipId: f.membershipId, role: 'observer' }, 404, 'NOT_FOUND'],
      ['membership:update', { boardId: IB, membershipId: seats.ib, deputyPersonId: f.personId }, 400, 'VALIDATION_FAILED', 'deputyPersonId'],
      ['membership:remove', { boardId: f.boardId, membershipId: f.membershipId }, 404, 'NOT_FOUND'],
      ['membership:remove', { boardId: IB, membershipId: f.membershipId }, 404, 'NOT_FOUND'],
      ['board:challenge-settings', { boardId: f.boardId, raiserMayDecide: true }, 404, 'NOT_FOUND'],
    ];
    const before = await snapshot(server());
    const answers: unknown[] = [];
    const vias: string[] = [];
    for (const [name, payload, httpStatus, code, field] of attempts) {
      const overCommand = await admin.post(commandPath(name), payload);
      const { res: overRest, via } = await sendRest(admin, name, payload, 1);
      for (const res of [overCommand, overRest]) {
        expect([name, JSON.stringify(payload), ...status(res)]).toEqual([name, JSON.stringify(payload), httpStatus, code]);
        if (field) expect(res.body).toMatchObject({ error: { details: [{ path: field }] } });
        answers.push(res.body);
      }
      vias.push(`POST ${commandPath(name)}`, via);
    }
    expect(await snapshot(server())).toBe(before);
    const record = await refusalsBy(server(), ADMIN);
    expect(record.map((r) => r.command)).toEqual(vias);
    // Another partnership's record is answered word for word as one that does not exist.
    const theirsBy: Record<string, number> = { agencyId: f.agencyId, personId: f.personId, deputyPersonId: f.personId, boardId: f.boardId, parentBoardId: f.boardId, membershipId: f.membershipId };
    for (const [name, payload] of attempts) {
      const missing = Object.fromEntries(Object.entries(payload).map(([k, v]) => [k, v === theirsBy[k] ? 999_999 : v]));
      const [theirs, none] = [await admin.post(commandPath(name), payload), await admin.post(commandPath(name), missing)];
      expect([name, theirs.status, theirs.body]).toEqual([name, none.status, none.body]);
    }
    // Filed under the sender's partnership, and saying nothing of the other one.
    expect(record.every((r) => r.partnershipId === 1)).toBe(true);
    expect(leakedNames(farshire, [answers, record])).toEqual([]);
  });

  it('Northbrook’s ids in every field, from Farshire’s administrator: refused; no Northbrook person is made administrator, disabled or sent a reset link', async () => {
    const f = farshire;
    const attempts: [AdminCommand, Record<string, unknown>, string][] = [
      ['agency:update', { agencyId: POLICE_AGENCY, name: 'Renamed from Farshire' }, 'NOT_FOUND'],
      ['person:create', { name: 'Probe Person', email: 'probe-f@farshire.test', agencyId: POLICE_AGENCY }, 'VALIDATION_FAILED'],
      ['person:update', { personId: POLICE, isPartnershipAdmin: true }, 'NOT_FOUND'],
      ['person:update', { personId: ADMIN, disabled: true }, 'NOT_FOUND'],
      ['person:update', { personId: f.personId, agencyId: POLICE_AGENCY }, 'VALIDATION_FAILED'],
      ['person:invite', { personId: CHAIR }, 'NOT_FOUND'],
      ['board:create', { name: 'Probe board', parentBoardId: IB }, 'VALIDATION_FAILED'],
      ['board:update', { boardId: IB, description: 'Rewritten from Farshire' }, 'NOT_FOUND'],
      ['board:update', { boardId: f.boardId, parentBoardId: IB }, 'VALIDATION_FAILED'],
      ['membership:add', { boardId: IB, personId: f.personId, role: 'chair' }, 'NOT_FOUND'],
      ['membership:add', { boardId: f.boardId, personId: POLICE, role: 'member' }, 'VALIDATION_FAILED'],
      ['membership:update', { boardId: IB, membershipId: seats.ib, role: 'chair' }, 'NOT_FOUND'],
      ['membership:update', { boardId: f.boardId, membershipId: seats.ib, role: 'chair' }, 'NOT_FOUND'],
      ['membership:update', { boardId: f.boardId, membershipId: f.membershipId, deputyPersonId: POLICE }, 'VALIDATION_FAILED'],
      ['membership:remove', { boardId: IB, membershipId: seats.ib }, 'NOT_FOUND'],
      ['membership:remove', { boardId: f.boardId, membershipId: seats.ib }, 'NOT_FOUND'],
      ['board:challenge-settings', { boardId: IB, raiserMayDecide: true }, 'NOT_FOUND'],
    ];
    const socket = await connectSocket(outsider);
    const before = await snapshot(server());
    const answers: unknown[] = [];
    for (const [name, payload, code] of attempts) {
      const overCommand = await outsider.post(commandPath(name), payload);
      const overSocket = await send(socket, name, payload);
      const { res: overRest } = await sendRest(outsider, name, payload, f.partnershipId);
      expect([name, errorCode(overCommand), overSocket.ok ? 'OK' : overSocket.error.code, errorCode(overRest)]).toEqual([name, code, code, code]);
      answers.push(overCommand.body, overSocket, overRest.body);
    }
    expect(await snapshot(server())).toBe(before);
    expect(await refusalsBy(server(), f.personId)).toHaveLength(attempts.length * 3);
    expect((await refusalsBy(server(), f.personId)).every((r) => r.partnershipId === f.partnershipId)).toBe(true);
    // No Northbrook name or e-mail reaches Farshire's administrator.
    const text = JSON.stringify(answers);
    for (const name of ['Northshire Police', 'DCI Tom Brennan', 'Priya Shah', 'Improvement Board', 'police@demo.test']) expect(text).not.toContain(name);
  });

  it('an address naming another partnership is not found, even when every id in it is the sender’s own', async () => {
    const ownIds: [AdminCommand, Record<string, unknown>][] = [
      ['agency:create', { name: 'Addressed elsewhere', kind: 'other' }],
      ['agency:update', { agencyId: POLICE_AGENCY, name: 'Addressed elsewhere' }],
      ['person:create', { name: 'Addressed Elsewhere', email: 'addressed@demo.test', agencyId: POLICE_AGENCY }],
      ['person:update', { personId: POLICE, isPartnershipAdmin: true }],
      ['person:invite', { personId: POLICE }],
      ['board:create', { name: 'Addressed elsewhere' }],
      ['board:update', { boardId: OG, name: 'Addressed elsewhere' }],
      ['membership:add', { boardId: OG, personId: PROBATION, role: 'member' }],
      ['membership:update', { boardId: IB, membershipId: seats.ib, role: 'observer' }],
      ['membership:remove', { boardId: OG, membershipId: seats.og }],
      ['board:challenge-settings', { boardId: IB, raiserMayDecide: true }],
    ];
    const before = await snapshot(server());
    const vias: string[] = [];
    for (const pid of [farshire.partnershipId, 999_999]) {
      for (const [name, payload] of ownIds) {
        const { res, via } = await sendRest(admin, name, payload, pid);
        expect([pid, name, ...status(res)]).toEqual([pid, name, 404, 'NOT_FOUND']);
        expect(leakedNames(farshire, res.body)).toEqual([]);
        vias.push(via);
      }
    }
    expect(await snapshot(server())).toBe(before);
    expect((await refusalsBy(server(), ADMIN)).slice(-vias.length).map((r) => [r.command, r.code, r.partnershipId])).toEqual(vias.map((v) => [v, 'NOT_FOUND', 1]));
  });

  it('a seat of one board named with another board is not found, on every channel, and the address’s board wins over the body’s', async () => {
    const socket = await connectSocket(admin);
    const before = await snapshot(server());
    for (const [name, payload] of [
      ['membership:update', { boardId: OG, membershipId: seats.ib, role: 'observer' }],
      ['membership:update', { boardId: OG, membershipId: seats.ib, deputyPersonId: null }],
      ['membership:remove', { boardId: OG, membershipId: seats.ib }],
      ['membership:remove', { boardId: 3, membershipId: seats.og }],
    ] as const) {
      const overCommand = await admin.post(commandPath(name), payload);
      const overSocket = await send(socket, name, payload);
      const { res: overRest } = await sendRest(admin, name, payload, 1);
      expect([name, errorCode(overCommand), overSocket.ok ? 'OK' : overSocket.error.code, errorCode(overRest)]).toEqual([name, 'NOT_FOUND', 'NOT_FOUND', 'NOT_FOUND']);
    }
    expect(await snapshot(server())).toBe(before);
    // A body naming another board and seat than its address changes the address's seat only.
    const res = await admin.patch<MembershipView>(`${P}/boards/${OG}/memberships/${seats.og}`, { boardId: IB, membershipId: seats.ib, role: 'observer' });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ id: seats.og, boardId: OG, role: 'observer' });
    const ib = (await admin.get<BoardDetail>(`${P}/boards/${IB}`)).body.members.find((m) => m.id === seats.ib)!;
    expect(ib.role).toBe('member');
    expect((await admin.patch(`${P}/boards/${OG}/memberships/${seats.og}`, { role: 'member' })).status).toBe(200);
  });

  it('prototype keys in a body are dropped: nothing is polluted, nobody is made administrator', async () => {
    const police = await new ApiClient(server().url).login(DEMO.police);
    const proto = '"__proto__":{"isPartnershipAdmin":true,"role":"chair","kind":"police"},"constructor":{"prototype":{"isPartnershipAdmin":true}},"prototype":{"isPartnershipAdmin":true}';
    // From a member: their own row, over REST and the command path, every spelling.
    for (const body of [`{${proto}}`, `{"isPartnershipAdmin":true,${proto}}`, `{"name":"DCI Tom Brennan",${proto}}`]) {
      expect(errorCode(await police.request('PATCH', `${P}/people/${POLICE}`, body))).toBe('FORBIDDEN');
      expect(errorCode(await police.request('POST', commandPath('person:update'), `{"personId":${POLICE},${body.slice(1)}`))).toBe('FORBIDDEN');
    }
    // From the administrator: only the fields the command names are applied.
    const agency = await admin.request<AgencyView>('POST', commandPath('agency:create'), `{"name":"Proto agency","kind":"other",${proto}}`);
    expect(agency.body).toEqual({ id: expect.any(Number), name: 'Proto agency', kind: 'other' });
    const renamed = await admin.request<PersonView>('PATCH', `${P}/people/${POLICE}`, `{"jobTitle":"Head of Public Protection (acting)",${proto}}`);
    expect(renamed.body).toMatchObject({ id: POLICE, isPartnershipAdmin: false, jobTitle: 'Head of Public Protection (acting)' });
    // Only prototype keys: nothing to change.
    expect(status(await admin.request('PATCH', `${P}/people/${POLICE}`, `{${proto}}`))).toEqual([400, 'VALIDATION_FAILED']);
    const seat = await admin.request<MembershipView>('POST', `${P}/boards/${OG}/memberships`, `{"personId":${PROBATION},"role":"observer",${proto}}`);
    expect(seat.body).toMatchObject({ personId: PROBATION, role: 'observer' });
    expect((await admin.delete(`${P}/boards/${OG}/memberships/${seat.body.id}`)).status).toBe(204);
    expect(({} as Record<string, unknown>).isPartnershipAdmin).toBeUndefined();
    expect(({} as Record<string, unknown>).role).toBeUndefined();
    expect((await police.get<Me>('/api/auth/me')).body.capabilities.administer).toBe(false);
  });
});
