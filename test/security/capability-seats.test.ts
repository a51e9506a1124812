import { beforeAll, describe, expect, it } from 'vitest';
import { capabilitiesAt } from '../../shared/domain/permissions.js';
import { addDays, todayIn } from '../../shared/domain/scoring.js';
import { SOCKET_LIMITS } from '../../shared/limits.js';
import { commandPath, type CommandName } from '../../shared/protocol/commands.js';
import type { AckReply } from '../../shared/protocol/socket.js';
import type { BoardDetail, CreatedPerson, InvitationView } from '../../shared/schemas/admin.js';
import type { BoardCapabilities, Me } from '../../shared/schemas/auth.js';
import type { ActionView, MeetingState, MeetingSummary } from '../../shared/schemas/meeting.js';
import { ApiClient, DEMO, errorCode } from '../helpers/http.js';
import { meetingInDays } from '../helpers/meeting-time.js';
import { addSecondPartnership, type SecondPartnership } from '../helpers/second-partnership.js';
import { useTestServer } from '../helpers/server.js';
import { connectSocket, send } from '../helpers/socket.js';

/*
 * Capabilities in Me (shared/domain/permissions.ts) against what the server then allows, for the seats
 * capabilities.test.ts leaves out: a member's deputy, the deputy of a chair, a vice-chair with the chair
 * away and present, the observer, someone removed from a board a moment ago, a deputy no longer named,
 * a disabled person, and an administrator who has moved their session to a partnership where they are
 * not one. At each of the demo's four boards, each right Me gives or withholds is tried by command.
 */

const P = '/api/partnerships/1';
const ADMIN = 1;
const CHAIR = 2;
const POLICE = 3;
const SCHOOLS = 5;
const POLICE_DEPUTY = 8;
const DCS = 10;
const LSCB_CHAIR = 12;
const BOARDS = [1, 2, 3, 4];
const PASSWORD = 'a seat-testing passphrase';
const big = { socketLimits: { ...SOCKET_LIMITS, commandsPerSecond: 10_000, commandBurst: 10_000 } };

type Checked = 'schedule' | 'runWhenChairAway' | 'raiseChallenge' | 'createRisk' | 'updateAnyAction' | 'takePart';

/** Per board: a meeting with the chair present (A), one with the chair's apologies recorded (B), and an action of the administrator's. */
interface BoardFixture {
  present: number;
  away: number;
  actionId: number;
}

describe('what Me says at every seat is what the server does', () => {
  const server = useTestServer(big);
  let admin: ApiClient;
  let farshire: SecondPartnership;
  const fixtures = new Map<number, BoardFixture>();

  /** Gives a seeded person without an account one, through their invitation link, and signs them in. */
  async function withAccount(personId: number, email: string): Promise<ApiClient> {
    const link = await admin.post<InvitationView>(`${P}/people/${personId}/invitation`);
    expect(link.status).toBe(201);
    const token = link.body.url.split('/invite/')[1]!;
    expect((await new ApiClient(server().url).post('/api/invitations/accept', { token, password: PASSWORD })).status).toBe(200);
    return new ApiClient(server().url).login(email, PASSWORD);
  }

  async function run<T>(name: CommandName, payload: unknown): Promise<T> {
    const res = await admin.post<T>(commandPath(name), payload);
    if (res.status !== 200) throw new Error(`${name}: ${JSON.stringify(res.body)}`);
    return res.body;
  }

  beforeAll(async () => {
    admin = await new ApiClient(server().url).login(DEMO.admin);
    farshire = await addSecondPartnership(server());
    for (const boardId of BOARDS) {
      const present = await run<MeetingSummary>('meeting:create', { boardId, title: `Board ${boardId}, chair present`, startsAt: meetingInDays(20) });
      const away = await run<MeetingSummary>('meeting:create', { boardId, title: `Board ${boardId}, chair away`, startsAt: meetingInDays(21) });
      const seats = (await admin.get<BoardDetail>(`${P}/boards/${boardId}`)).body.members;
      const chair = seats.find((s) => s.role === 'chair')!;
      await run<MeetingState>('attendance:set', { meetingId: away.id, personId: chair.personId, status: 'apologies' });
      const { id: actionId } = await run<ActionView>('action:create', { meetingId: present.id, description: `Board ${boardId}: the administrator's action`, ownerId: ADMIN, dueDate: addDays(todayIn(Date.now()), 30) });
      fixtures.set(boardId, { present: present.id, away: away.id, actionId });
    }
  });

  /** True when done, false when refused (FORBIDDEN; NOT_FOUND too where the board is hidden from them). Anything else fails. */
  function done(reply: AckReply<unknown>, hidden: boolean, what: string): boolean {
    if (reply.ok) return true;
    expect(reply.error.code, `${what}: ${JSON.stringify(reply.error)}`).toMatch(hidden ? /^(FORBIDDEN|NOT_FOUND)$/ : /^FORBIDDEN$/);
    return false;
  }

  /** Tries each right at each board over the client's socket, and compares with what Me says. */
  async function expectMeMatchesServer(client: ApiClient, label: string, boards: number[] = BOARDS, ids: (boardId: number) => BoardFixture | undefined = (b) => fixtures.get(b)) {
    const me = (await client.get<Me>('/api/auth/me')).body;
    const socket = await connectSocket(client);
    const seen: Record<string, Record<Checked, boolean>> = {};
    const said: Record<string, Record<Checked, boolean>> = {};
    for (const boardId of boards) {
      const at: BoardCapabilities = capabilitiesAt(me.capabilities, boardId);
      const hidden = !me.capabilities.boards.some((b) => b.boardId === boardId);
      const f = ids(boardId);
      const key = `${label} at board ${boardId}`;
      said[key] = { schedule: at.schedule, runWhenChairAway: at.runWhenChairAway, raiseChallenge: at.raiseChallenge, createRisk: at.createRisk, updateAnyAction: at.updateAnyAction, takePart: at.takePart };
      const due = addDays(todayIn(Date.now()), 14);
      seen[key] = {
        schedule: done(await send(socket, 'meeting:create', { boardId, title: `${label} scheduling`, startsAt: meetingInDays(40) }), hidden, `${key} schedule`),
        runWhenChairAway: f ? done(await send(socket, 'meeting:update', { meetingId: f.away, location: `Room set by ${label}` }), hidden, `${key} run when chair away`) : false,
        raiseChallenge: done(await send(socket, 'challenge:raise', { boardId, title: `${label} challenge`, directedAgencyId: me.agency.id, dueDate: due }), hidden, `${key} raise`),
        createRisk: done(await send(socket, 'risk:create', { boardId, title: `${label} risk`, leadAgencyId: me.agency.id, ownerId: me.person.id }), hidden, `${key} create risk`),
        updateAnyAction: f ? done(await send(socket, 'action:update', { actionId: f.actionId, status: 'in_progress' }), hidden, `${key} update action`) : false,
        takePart: f ? done(await send(socket, 'action:create', { meetingId: f.present, description: `${label} action`, ownerId: me.person.id, dueDate: due }), hidden, `${key} take part`) : false,
      };
      // With the chair present, running the meeting is what scheduling is: the chair's and the administrators'.
      if (f) expect([key, done(await send(socket, 'meeting:update', { meetingId: f.present, location: `Room by ${label}` }), hidden, `${key} run`)]).toEqual([key, at.schedule]);
    }
    socket.disconnect();
    expect(seen).toEqual(said);
    expect(me.capabilities.raiseChallenge).toBe(me.capabilities.boards.some((b) => b.raiseChallenge));
    expect(me.capabilities.createRisk).toBe(me.capabilities.boards.some((b) => b.createRisk));
    return said;
  }

  it('a member’s deputy: a member’s powers where they stand in, none elsewhere, never the chair’s', async () => {
    const deputy = await withAccount(POLICE_DEPUTY, 'rachel.hughes@demo.test');
    const said = await expectMeMatchesServer(deputy, 'deputy');
    // The police member sits on every board; the deputy stands in at the Improvement Board and Operational Group only.
    expect(said['deputy at board 1']).toMatchObject({ takePart: true, createRisk: true, schedule: false, runWhenChairAway: false, updateAnyAction: false });
    expect(said['deputy at board 3']).toMatchObject({ takePart: false, createRisk: false });
  });

  it('the deputy of a chair stands in as a member: Me and the server agree the chair’s office is not lent', async () => {
    const chairSeat = (await admin.get<BoardDetail>(`${P}/boards/1`)).body.members.find((m) => m.personId === CHAIR)!;
    expect((await admin.patch(`${P}/boards/1/memberships/${chairSeat.id}`, { deputyPersonId: LSCB_CHAIR })).status).toBe(200);
    const chairsDeputy = await withAccount(LSCB_CHAIR, 'helen.ward@demo.test');
    const said = await expectMeMatchesServer(chairsDeputy, 'chair’s deputy');
    expect(said['chair’s deputy at board 1']).toMatchObject({ takePart: true, schedule: false, runWhenChairAway: false });
    // At the boards she chairs herself, she runs them.
    expect(said['chair’s deputy at board 3']).toMatchObject({ schedule: true, updateAnyAction: true });
  });

  it('a vice-chair runs only the meeting the chair is away from, as Me says', async () => {
    const vice = await withAccount(DCS, 'david.marsh@demo.test');
    const said = await expectMeMatchesServer(vice, 'vice-chair');
    expect(said['vice-chair at board 1']).toMatchObject({ schedule: false, runWhenChairAway: true, updateAnyAction: false });
  });

  it('the observer: Me gives nothing, and the server allows nothing', async () => {
    const observer = await new ApiClient(server().url).login(DEMO.observer);
    const said = await expectMeMatchesServer(observer, 'observer');
    for (const rights of Object.values(said)) expect(Object.values(rights).every((v) => !v)).toBe(true);
  });

  it('someone removed from a board a moment ago, and a deputy no longer named: Me and the server both forget the board at once', async () => {
    const schools = await new ApiClient(server().url).login(DEMO.schools);
    const socket = await connectSocket(schools);
    const seat = (await admin.get<BoardDetail>(`${P}/boards/1`)).body.members.find((m) => m.personId === SCHOOLS)!;
    expect(capabilitiesAt((await schools.get<Me>('/api/auth/me')).body.capabilities, 1).createRisk).toBe(true);
    expect((await admin.delete(`${P}/boards/1/memberships/${seat.id}`)).status).toBe(204);
    // A socket opened before the removal has its authority read again for the next command.
    const late = await send(socket, 'risk:create', { boardId: 1, title: 'Sent after removal', leadAgencyId: 5, ownerId: SCHOOLS });
    expect(late.ok ? 'OK' : late.error.code).toBe('FORBIDDEN');
    const said = await expectMeMatchesServer(schools, 'removed member');
    expect(said['removed member at board 1']).toMatchObject({ takePart: false, createRisk: false, raiseChallenge: false });

    const ogSeat = (await admin.get<BoardDetail>(`${P}/boards/2`)).body.members.find((m) => m.personId === POLICE)!;
    expect((await admin.patch(`${P}/boards/2/memberships/${ogSeat.id}`, { deputyPersonId: null })).status).toBe(200);
    const deputy = await new ApiClient(server().url).login('rachel.hughes@demo.test', PASSWORD);
    const deputySaid = await expectMeMatchesServer(deputy, 'former deputy');
    expect(deputySaid['former deputy at board 2']).toMatchObject({ takePart: false, createRisk: false });
    expect(deputySaid['former deputy at board 1']).toMatchObject({ takePart: true });
  });

  it('a disabled person: Me answers nothing and no command runs, over a socket opened before', async () => {
    const created = await admin.post<CreatedPerson>(`${P}/people`, { name: 'Soon Disabled', email: 'soon.disabled@demo.test', agencyId: 2 });
    const token = created.body.invitation!.url.split('/invite/')[1]!;
    await new ApiClient(server().url).post('/api/invitations/accept', { token, password: PASSWORD });
    expect((await admin.post(`${P}/boards/2/memberships`, { personId: created.body.person.id, role: 'member' })).status).toBe(201);
    const person = await new ApiClient(server().url).login('soon.disabled@demo.test', PASSWORD);
    const socket = await connectSocket(person);
    expect(capabilitiesAt((await person.get<Me>('/api/auth/me')).body.capabilities, 2).createRisk).toBe(true);
    expect((await admin.patch(`${P}/people/${created.body.person.id}`, { disabled: true })).status).toBe(200);
    expect(errorCode(await person.get('/api/auth/me'))).toMatch(/^(UNAUTHENTICATED|SESSION_EXPIRED)$/);
    const late = socket.connected ? await send(socket, 'risk:create', { boardId: 2, title: 'Sent while disabled', leadAgencyId: 2, ownerId: created.body.person.id }) : null;
    if (late) expect(late.ok).toBe(false);
    expect((await server().services.risks.queries.list(1)).map((r) => r.title)).not.toContain('Sent while disabled');
  });

  it('an administrator who moves their session to a partnership where they are not one: Me says so, and the server agrees', async () => {
    const farAdmin = await new ApiClient(server().url).login(farshire.email, farshire.password);
    // Farshire links the demo administrator's account as an ordinary person, observing its board.
    const linked = await farAdmin.post<CreatedPerson>(`/api/partnerships/${farshire.partnershipId}/people`, { name: 'Priya Shah', email: DEMO.admin, agencyId: farshire.agencyId });
    expect(linked.body.linked).toBe(true);
    expect((await farAdmin.post(`/api/partnerships/${farshire.partnershipId}/boards/${farshire.boardId}/memberships`, { personId: linked.body.person.id, role: 'observer' })).status).toBe(201);
    const traveller = await new ApiClient(server().url).login(DEMO.admin);
    expect((await traveller.post('/api/auth/partnership', { partnershipId: farshire.partnershipId })).status).toBe(200);
    const me = (await traveller.get<Me>('/api/auth/me')).body;
    expect(me.partnership.id).toBe(farshire.partnershipId);
    expect(me.capabilities).toEqual({ administer: false, raiseChallenge: false, createRisk: false, defineIndicators: false, importRecords: false, boards: [] });
    await expectMeMatchesServer(traveller, 'travelling administrator', [farshire.boardId, ...BOARDS], () => undefined);
    // No administration, here or (by its own address) at home.
    expect(errorCode(await traveller.post(`/api/partnerships/${farshire.partnershipId}/agencies`, { name: 'Made by a visitor', kind: 'other' }))).toBe('FORBIDDEN');
    expect(errorCode(await traveller.post(`${P}/agencies`, { name: 'Made from elsewhere', kind: 'other' }))).toBe('NOT_FOUND');
    expect(errorCode(await traveller.patch(`/api/partnerships/${farshire.partnershipId}/people/${linked.body.person.id}`, { isPartnershipAdmin: true }))).toBe('FORBIDDEN');
    // Back home, an administrator again.
    expect((await traveller.post('/api/auth/partnership', { partnershipId: 1 })).status).toBe(200);
    expect((await traveller.get<Me>('/api/auth/me')).body.capabilities.administer).toBe(true);
  });
});
