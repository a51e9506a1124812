import { eq } from 'drizzle-orm';
import { describe, expect, it, vi } from 'vitest';
import { sessions } from '../../server/db/schema.js';
import { hashToken } from '../../server/features/auth/sessions.js';
import { addDays, todayIn } from '../../shared/domain/scoring.js';
import type { AckReply, ClientToServerEvents, PresenceEntry, RowsChangedEvent, SessionEndReason } from '../../shared/protocol/socket.js';
import { YJS_CLOSE, YJS_PATH_PREFIX, docName } from '../../shared/protocol/yjs.js';
import type { InvitationView, MembershipView, PersonView } from '../../shared/schemas/admin.js';
import type { ChallengeRow } from '../../shared/schemas/challenge.js';
import type { MeetingState, MeetingSummary } from '../../shared/schemas/meeting.js';
import type { RiskDetail } from '../../shared/schemas/risk.js';
import { TestClock } from '../helpers/clock.js';
import { ApiClient, DEMO } from '../helpers/http.js';
import { startTestServer, type TestServer } from '../helpers/server.js';
import { meetingToday } from '../helpers/meeting-time.js';
import { connectSocket, send, type BoardClient } from '../helpers/socket.js';
import { openDoc, upgradeStatus, type DocClient } from '../helpers/yjs.js';

const P = '/api/partnerships/1';
// The Improvement Board; the ICB is the agency a challenge is directed to.
const IB = 1;
const ICB = 3;
// R-006 is one the police member may edit.
const RISK = 6;
const IDLE_MS = 30 * 60_000;
const LIFETIME_MS = 2 * 3_600_000;
/** "Within a second" of the ending, measured on the wall clock. */
const WITHIN_MS = 1000;

function ok<T>(reply: AckReply<T>): T {
  if (!reply.ok) throw new Error(`command refused: ${JSON.stringify(reply)}`);
  return reply.data;
}

/** What a socket heard, and when (wall clock). */
function listen(socket: BoardClient) {
  const heard = {
    ended: [] as { reason: SessionEndReason; at: number }[],
    disconnectedAt: null as number | null,
    rows: [] as { event: RowsChangedEvent; at: number }[],
    meetings: [] as { state: MeetingState; at: number }[],
    presence: [] as { boardId: number; presence: PresenceEntry[]; at: number }[],
  };
  socket.on('session:ended', ({ reason }) => heard.ended.push({ reason, at: Date.now() }));
  socket.on('disconnect', () => (heard.disconnectedAt = Date.now()));
  socket.on('rows:changed', (event) => heard.rows.push({ event, at: Date.now() }));
  socket.on('meeting:state', (state) => heard.meetings.push({ state, at: Date.now() }));
  socket.on('presence:changed', (e) => heard.presence.push({ ...e, at: Date.now() }));
  return heard;
}

/** When each close of a Yjs connection came (wall clock). */
function closesOf(doc: DocClient): { code: number; at: number }[] {
  const closes: { code: number; at: number }[] = [];
  doc.provider.on('connection-close', (event) => {
    if (event) closes.push({ code: event.code, at: Date.now() });
  });
  return closes;
}

/**
 * Sends a command on a socket whose session has just ended: its answer, or 'disconnected' when the
 * socket closed without one (or was closed already, so the command never left).
 */
function sendAfterEnd(socket: BoardClient, event: keyof ClientToServerEvents, payload: unknown): Promise<AckReply<unknown> | 'disconnected'> {
  if (!socket.connected) return Promise.resolve('disconnected');
  return new Promise((resolve) => {
    socket.once('disconnect', () => resolve('disconnected'));
    (socket.emit as (e: string, p: unknown, ack: (r: AckReply<unknown>) => void) => void)(event, payload, resolve);
  });
}

function raisePayload(clock: TestClock, title: string) {
  return { boardId: IB, title, question: 'Who covers the rota?', directedAgencyId: ICB, dueDate: addDays(todayIn(clock.now()), 14) };
}

async function personId(admin: ApiClient, email: string): Promise<number> {
  return (await admin.get<PersonView[]>(`${P}/people`)).body.find((p) => p.email === email)!.id;
}

interface Scene {
  server: TestServer;
  clock: TestClock;
  admin: ApiClient;
  police: ApiClient;
  socket: BoardClient;
}

interface Ending {
  name: string;
  reason: SessionEndReason;
  /** Send the command at once, before any sweep: the per-command check must refuse it. */
  commandAtOnce: boolean;
  end(scene: Scene): Promise<void>;
}

const endings: Ending[] = [
  {
    name: 'signing out',
    reason: 'signed_out',
    commandAtOnce: true,
    async end({ police }) {
      expect((await police.post('/api/auth/logout')).status).toBe(204);
    },
  },
  {
    // Left to the sweep: nothing touches the session after the idle period passes.
    name: 'the idle period passing',
    reason: 'expired',
    commandAtOnce: false,
    async end({ clock }) {
      clock.advance(IDLE_MS + 1);
    },
  },
  {
    name: 'the absolute lifetime passing, though in use throughout',
    reason: 'expired',
    commandAtOnce: true,
    async end({ clock, socket }) {
      // Each command slides the idle window: 100 minutes in use, never idle for 30.
      for (let minutes = 20; minutes <= 100; minutes += 20) {
        clock.advance(20 * 60_000);
        ok(await send(socket, 'board:join', { boardId: IB }));
      }
      clock.advance(25 * 60_000);
    },
  },
  {
    name: 'an admin disabling the person',
    reason: 'disabled',
    commandAtOnce: true,
    async end({ admin }) {
      const id = await personId(admin, DEMO.police);
      expect((await admin.patch(`${P}/people/${id}`, { disabled: true })).status).toBe(200);
    },
  },
  {
    name: 'the person accepting a password reset link',
    reason: 'password_reset',
    commandAtOnce: true,
    async end({ admin, server }) {
      const id = await personId(admin, DEMO.police);
      const link = await admin.post<InvitationView>(`${P}/people/${id}/invitation`);
      expect(link.status).toBe(201);
      const token = link.body.url.split('/invite/')[1]!;
      const elsewhere = new ApiClient(server.url);
      expect((await elsewhere.post('/api/invitations/accept', { token, password: 'a long passphrase' })).status).toBe(200);
      // The session made by accepting is the one that remains.
      expect((await elsewhere.get('/api/auth/me')).status).toBe(200);
    },
  },
];

describe('a session ends on every channel at once', () => {
  it.each(endings)('$name: the open socket is told and closed, its commands do nothing, and the document connection closes', async (ending) => {
    const clock = new TestClock(Date.now());
    const server = await startTestServer({ clock: clock.now, sessionIdleMs: IDLE_MS, sessionAbsoluteMs: LIFETIME_MS });
    const admin = await new ApiClient(server.url).login(DEMO.admin);
    const police = await new ApiClient(server.url).login(DEMO.police);
    const socket = await connectSocket(police);
    const heard = listen(socket);
    const editor = openDoc(police, docName('risk', RISK));
    const closes = closesOf(editor);
    await editor.synced();

    // Before the ending, both channels work: a write is stored, and the socket hears its row change.
    editor.doc.getText('effect').insert(0, 'Before the end. ');
    await vi.waitFor(async () => expect((await admin.get<RiskDetail>(`${P}/risks/${RISK}`)).body.effect).toMatch(/^Before the end\. /));
    await vi.waitFor(() => expect(heard.rows.some((r) => r.event.kind === 'risk' && r.event.ids.includes(RISK))).toBe(true));

    const startedAt = Date.now();
    await ending.end({ server, clock, admin, police, socket });
    const endedAt = Date.now();

    const title = `Raised after ${ending.name}`;
    const early = ending.commandAtOnce ? await sendAfterEnd(socket, 'challenge:raise', raisePayload(clock, title)) : null;

    // Told why, then disconnected, within a second.
    await vi.waitFor(() => {
      expect(heard.ended.map((e) => e.reason)).toEqual([ending.reason]);
      expect(heard.disconnectedAt).not.toBeNull();
    }, { timeout: 3000, interval: 10 });
    expect(heard.ended[0]!.at - endedAt).toBeLessThan(WITHIN_MS);
    expect(heard.disconnectedAt! - endedAt).toBeLessThan(WITHIN_MS);
    // The document connection closed as unauthenticated, within a second too.
    await vi.waitFor(() => expect(closes.some((c) => c.code === YJS_CLOSE.UNAUTHENTICATED)).toBe(true), { timeout: 3000, interval: 10 });
    expect(closes.find((c) => c.code === YJS_CLOSE.UNAUTHENTICATED)!.at - endedAt).toBeLessThan(WITHIN_MS);
    expect(endedAt - startedAt).toBeLessThan(5000);

    // A command sent after the ending was refused (or never reached a live socket); either way it did nothing.
    const late = await sendAfterEnd(socket, 'challenge:raise', raisePayload(clock, title));
    for (const outcome of [early, late]) {
      if (outcome === null || outcome === 'disconnected') continue;
      expect(outcome).toMatchObject({ ok: false });
      expect(['SESSION_EXPIRED', 'UNAUTHENTICATED']).toContain(!outcome.ok && outcome.error.code);
    }
    // Whoever looks now signs in now: an expiry ending the police member's session ended the others' too.
    const chair = await new ApiClient(server.url).login(DEMO.chair);
    const chairHeard = listen(await connectSocket(chair));
    const challenges = (await chair.get<ChallengeRow[]>(`${P}/challenges`)).body;
    expect(challenges.filter((c) => c.title === title)).toEqual([]);

    // Rows change after the ending: the chair's socket hears it, the ended one does not.
    const raised = await chair.post<ChallengeRow>(`${P}/challenges`, raisePayload(clock, 'Raised by the chair'));
    expect(raised.status).toBe(201);
    await vi.waitFor(() => expect(chairHeard.rows.some((r) => r.event.kind === 'challenge' && r.event.ids.includes(raised.body.id))).toBe(true));
    expect(heard.rows.filter((r) => r.at >= startedAt && r.event.kind === 'challenge')).toEqual([]);

    // An edit made after the close is not stored: the old session cannot open a document again.
    editor.doc.getText('effect').insert(0, 'After the end. ');
    expect(await upgradeStatus(`${server.url}${YJS_PATH_PREFIX}${docName('risk', RISK)}`, police.sessionCookie ?? undefined)).toBe(401);
    expect((await police.get('/api/auth/me')).status).toBe(401);
    const reader = openDoc(chair, docName('risk', RISK));
    await reader.synced();
    expect(reader.doc.getText('effect').toString()).toMatch(/^Before the end\. /);
    expect((await chair.get<RiskDetail>(`${P}/risks/${RISK}`)).body.effect).not.toContain('After the end');
  });

  it('a document being edited keeps its session alive: its use slides the idle window', async () => {
    const clock = new TestClock(Date.now());
    const server = await startTestServer({ clock: clock.now, sessionIdleMs: IDLE_MS, sessionAbsoluteMs: LIFETIME_MS });
    const police = await new ApiClient(server.url).login(DEMO.police);
    const editor = openDoc(police, docName('risk', RISK));
    await editor.synced();
    const tokenHash = hashToken(police.sessionCookie!.split('=')[1]!);
    const lastSeen = async () => (await server.ctx.db.select().from(sessions).where(eq(sessions.tokenHash, tokenHash)).get())?.lastSeenAt;

    clock.advance(20 * 60_000);
    editor.doc.getText('effect').insert(0, 'Still here. ');
    await vi.waitFor(async () => expect((await lastSeen())).toBe(clock.now()), { timeout: 3000, interval: 10 });
    // Forty minutes after signing in, twenty after the edit: still signed in.
    clock.advance(20 * 60_000);
    expect((await police.get('/api/auth/me')).status).toBe(200);
    expect(editor.closes).toEqual([]);
  });
});

describe('removing a membership takes the person out of the board room', () => {
  it('stops the board’s meeting state and presence reaching them, and refuses their board:join', async () => {
    const server = await startTestServer();
    const admin = await new ApiClient(server.url).login(DEMO.admin);
    const chair = await connectSocket(await new ApiClient(server.url).login(DEMO.chair));
    const chairHeard = listen(chair);
    const schoolsClient = await new ApiClient(server.url).login(DEMO.schools);
    const schools = await connectSocket(schoolsClient);
    const heard = listen(schools);
    const schoolsId = await personId(admin, DEMO.schools);
    const chairId = await personId(admin, DEMO.chair);
    const observerId = await personId(admin, DEMO.observer);

    ok(await send(chair, 'board:join', { boardId: IB }));
    const joined = ok(await send<{ presence: PresenceEntry[] }>(schools, 'board:join', { boardId: IB }));
    expect(joined.presence.map((p) => p.personId)).toContain(schoolsId);
    const meeting = ok(await send<MeetingSummary>(chair, 'meeting:create', { boardId: IB, startsAt: meetingToday() }));
    const first = ok(await send<MeetingState>(chair, 'agenda:add', { meetingId: meeting.id, title: 'Before the removal', links: [] }));
    await vi.waitFor(() => expect(heard.meetings.some((m) => m.state.agenda.length === first.agenda.length)).toBe(true));
    // The joins' presence broadcast has reached them: nothing of the board is still on its way.
    await vi.waitFor(() => expect(heard.presence.at(-1)?.presence.map((p) => p.personId)).toEqual(expect.arrayContaining([chairId, schoolsId])));

    const seat = (await admin.get<{ members: MembershipView[] }>(`${P}/boards/${IB}`)).body.members.find((m) => m.personId === schoolsId)!;
    const removedAt = Date.now();
    expect((await admin.delete(`${P}/boards/${IB}/memberships/${seat.id}`)).status).toBe(204);

    // The others see them leave "here now"; they are still signed in and connected.
    await vi.waitFor(() => {
      const latest = chairHeard.presence.filter((p) => p.boardId === IB && p.at >= removedAt).at(-1);
      expect(latest, 'a presence update after the removal').toBeDefined();
      expect(latest!.presence.map((p) => p.personId)).not.toContain(schoolsId);
    });
    expect(schools.connected).toBe(true);

    // The board's meeting moves on: the chair hears it, the removed member does not.
    const second = ok(await send<MeetingState>(chair, 'agenda:add', { meetingId: meeting.id, title: 'After the removal', links: [] }));
    await vi.waitFor(() => expect(chairHeard.meetings.some((m) => m.state.agenda.length === second.agenda.length)).toBe(true));
    // And someone arriving changes presence: the chair hears it, the removed member does not.
    const observer = await connectSocket(await new ApiClient(server.url).login(DEMO.observer));
    ok(await send(observer, 'board:join', { boardId: IB }));
    await vi.waitFor(() => expect(chairHeard.presence.some((p) => p.at >= removedAt && p.presence.some((e) => e.personId === observerId))).toBe(true));
    expect(heard.meetings.filter((m) => m.at >= removedAt)).toEqual([]);
    expect(heard.presence.filter((p) => p.at >= removedAt)).toEqual([]);

    expect(await send(schools, 'board:join', { boardId: IB })).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
  });
});
