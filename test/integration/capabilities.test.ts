import { beforeAll, describe, expect, it } from 'vitest';
import { capabilitiesAt } from '../../shared/domain/permissions.js';
import { addDays, todayIn } from '../../shared/domain/scoring.js';
import { SOCKET_LIMITS } from '../../shared/limits.js';
import type { AckReply } from '../../shared/protocol/socket.js';
import type { BoardDetail, CreatedPerson, MembershipView, PartnershipView } from '../../shared/schemas/admin.js';
import type { Me } from '../../shared/schemas/auth.js';
import { ApiClient, DEMO } from '../helpers/http.js';
import { meetingInDays } from '../helpers/meeting-time.js';
import { useTestServer } from '../helpers/server.js';
import { connectSocket, send } from '../helpers/socket.js';

/*
 * Issue 11, item 5: the client never works a right out for itself; it shows what Me's capabilities say.
 * For each kind of person at a board, what Me says they may do is what the server then allows: each
 * command is tried, and succeeds exactly where Me said it would (FORBIDDEN everywhere else).
 */

const P = '/api/partnerships/1';
const DEPUTY_EMAIL = 'ds.deputy@demo.test';
const DEPUTY_PASSWORD = 'a deputy passphrase';

type Role = 'admin' | 'chair' | 'viceChair' | 'member' | 'deputy' | 'observer';
type Checked = 'schedule' | 'raiseChallenge' | 'createRisk';

/** At the Improvement Board: what each may do, as the rules say (chair's office not lent to a deputy). */
const EXPECTED: Record<Role, Record<Checked, boolean>> = {
  admin: { schedule: true, raiseChallenge: true, createRisk: true },
  chair: { schedule: true, raiseChallenge: true, createRisk: true },
  viceChair: { schedule: false, raiseChallenge: true, createRisk: true },
  member: { schedule: false, raiseChallenge: true, createRisk: true },
  deputy: { schedule: false, raiseChallenge: true, createRisk: true },
  observer: { schedule: false, raiseChallenge: false, createRisk: false },
};

describe('capabilities in Me match what the server allows', () => {
  const server = useTestServer({ socketLimits: { ...SOCKET_LIMITS, commandsPerSecond: 10_000, commandBurst: 10_000 } });
  const clients = new Map<Role, ApiClient>();
  let boards: { ib: number; og: number };

  beforeAll(async () => {
    const admin = await new ApiClient(server().url).login(DEMO.admin);
    const partnership = (await admin.get<PartnershipView>(P)).body;
    const board = (name: string) => partnership.boards.find((b) => b.name === name)!.id;
    boards = { ib: board('Improvement Board'), og: board('Operational Group') };
    const seats = (await admin.get<BoardDetail>(`${P}/boards/${boards.ib}`)).body.members;
    const personId = async (email: string) => (await (await new ApiClient(server().url).login(email)).get<Me>('/api/auth/me')).body.person.id;

    // The vice-chair: the council's member of the Improvement Board (Sarah Okafor), made vice-chair by the admin.
    const councilId = await personId(DEMO.council);
    const councilSeat = seats.find((m) => m.personId === councilId)!;
    expect((await admin.patch<MembershipView>(`${P}/boards/${boards.ib}/memberships/${councilSeat.id}`, { role: 'vice_chair' })).body.role).toBe('vice_chair');

    // The deputy: a new police officer with an account, named deputy on the police member's seat, and no seat of their own.
    const policeId = await personId(DEMO.police);
    const policeSeat = seats.find((m) => m.personId === policeId)!;
    const created = await admin.post<CreatedPerson>(`${P}/people`, { name: 'DS Dee Puty', email: DEPUTY_EMAIL, agencyId: policeSeat.agencyId });
    expect(created.status).toBe(201);
    const token = created.body.invitation!.url.split('/invite/')[1]!;
    expect((await new ApiClient(server().url).post('/api/invitations/accept', { token, password: DEPUTY_PASSWORD })).status).toBe(200);
    const deputied = await admin.patch<MembershipView>(`${P}/boards/${boards.ib}/memberships/${policeSeat.id}`, { deputyPersonId: created.body.person.id });
    expect(deputied.status).toBe(200);

    clients.set('admin', admin);
    clients.set('chair', await new ApiClient(server().url).login(DEMO.chair));
    clients.set('viceChair', await new ApiClient(server().url).login(DEMO.council));
    clients.set('member', await new ApiClient(server().url).login(DEMO.schools));
    clients.set('deputy', await new ApiClient(server().url).login(DEPUTY_EMAIL, DEPUTY_PASSWORD));
    clients.set('observer', await new ApiClient(server().url).login(DEMO.observer));
  });

  /**
   * True when the command was done, false when refused: FORBIDDEN, or NOT_FOUND for meetings at a board
   * the person does not sit on (its meetings are hidden from them). Anything else fails the test.
   */
  function allowed(reply: AckReply<unknown>, hidden: boolean): boolean {
    if (reply.ok) return true;
    expect(reply.error.code, JSON.stringify(reply.error)).toMatch(hidden ? /^(FORBIDDEN|NOT_FOUND)$/ : /^FORBIDDEN$/);
    return false;
  }

  const ROLES = Object.keys(EXPECTED) as Role[];

  it.each(ROLES)('%s: Me says what the rules say, at the Improvement Board', async (role) => {
    const me = (await clients.get(role)!.get<Me>('/api/auth/me')).body;
    const at = capabilitiesAt(me.capabilities, boards.ib);
    expect({ schedule: at.schedule, raiseChallenge: at.raiseChallenge, createRisk: at.createRisk }).toEqual(EXPECTED[role]);
    expect(me.capabilities.administer).toBe(role === 'admin');
  });

  it.each(ROLES)('%s: Me says whether they may define the scorecard’s indicators, and the server agrees', async (role) => {
    const client = clients.get(role)!;
    const me = (await client.get<Me>('/api/auth/me')).body;
    const made = await client.post(`/api/commands/indicator:create`, { area: 'other', name: `Indicator probed by ${role}`, polarity: 'neither', unit: 'count', frequency: 'annual' });
    expect({ role, status: made.status }).toEqual({ role, status: me.capabilities.defineIndicators ? 200 : 403 });
  });

  // Both boards: the Operational Group is chaired by the vice-chair here, and most of the others do not sit on it.
  for (const boardKey of ['ib', 'og'] as const) {
    it.each(ROLES)(`%s: each command at the ${boardKey === 'ib' ? 'Improvement Board' : 'Operational Group'} is allowed exactly where Me says`, async (role) => {
      const client = clients.get(role)!;
      const me = (await client.get<Me>('/api/auth/me')).body;
      const boardId = boards[boardKey];
      const at = capabilitiesAt(me.capabilities, boardId);
      const hidden = !me.capabilities.boards.some((b) => b.boardId === boardId);
      const socket = await connectSocket(client);

      const scheduled = await send(socket, 'meeting:create', { boardId, startsAt: meetingInDays(30) });
      expect({ role, schedule: allowed(scheduled, hidden) }).toEqual({ role, schedule: at.schedule });

      const raised = await send(socket, 'challenge:raise', {
        boardId,
        title: `Capability check by ${role}`,
        directedAgencyId: me.agency.id,
        dueDate: addDays(todayIn(Date.now()), 14),
      });
      expect({ role, raiseChallenge: allowed(raised, hidden) }).toEqual({ role, raiseChallenge: at.raiseChallenge });

      const risk = await send(socket, 'risk:create', { boardId, title: `Capability check by ${role}`, leadAgencyId: me.agency.id, ownerId: me.person.id });
      expect({ role, createRisk: allowed(risk, hidden) }).toEqual({ role, createRisk: at.createRisk });

      // The partnership-wide answers are those of its boards.
      expect(me.capabilities.raiseChallenge).toBe(me.capabilities.boards.some((b) => b.raiseChallenge));
      expect(me.capabilities.createRisk).toBe(me.capabilities.boards.some((b) => b.createRisk));
    });
  }
});
