import { describe, expect, it, vi } from 'vitest';
import type * as Y from 'yjs';
import { commandPath } from '../../shared/protocol/commands.js';
import type { MeetingState, MeetingSummary } from '../../shared/schemas/meeting.js';
import type { ChallengeRow } from '../../shared/schemas/challenge.js';
import type { RiskDetail, RiskRow } from '../../shared/schemas/risk.js';
import type { Me } from '../../shared/schemas/auth.js';
import type { RowsChangedEvent, SessionEndReason } from '../../shared/protocol/socket.js';
import { READ_ONLY_REASON, YJS_CLOSE, docName } from '../../shared/protocol/yjs.js';
import { addDays, todayIn } from '../../shared/domain/scoring.js';
import { ApiClient, DEMO } from '../helpers/http.js';
import { meetingToday } from '../helpers/meeting-time.js';
import { awarenessFrame, rawSocket, storedDoc, updateFor, updateFrame } from '../helpers/raw-yjs.js';
import { TestClock } from '../helpers/clock.js';
import { hashToken } from '../../server/features/auth/sessions.js';
import { addSecondPartnership, leakedNames } from '../helpers/second-partnership.js';
import { startTestServer, useTestServer } from '../helpers/server.js';
import { connectSocket, send, type BoardClient } from '../helpers/socket.js';
import { openDoc } from '../helpers/yjs.js';

/*
 * Attacks on what the command spine pushes (server/realtime/socket/pushes.ts) and on the document
 * rights it re-decides (server/realtime/yjs/subscriptions.ts). The REST side is spine-attacks.test.ts;
 * a person removed from a board is taken out of its room in session-end.test.ts.
 */

const P = '/api/partnerships/1';
/** Demo facts: the chair chairs board 1 (meeting 2 scheduled); the council chairs board 2; police is person 3; risk 3 is read-only to police, its mitigation "demo-3-1" the council's (person 6). */
const IB = 1;
const NEXT_MEETING = 2;
const POLICE = 3;
const COUNCIL = 6;

function hear(socket: BoardClient) {
  const rows: RowsChangedEvent[] = [];
  const meetings: MeetingState[] = [];
  const ended: SessionEndReason[] = [];
  socket.on('rows:changed', (e) => rows.push(e));
  socket.on('meeting:state', (s) => meetings.push(s));
  socket.on('session:ended', ({ reason }) => ended.push(reason));
  return { rows, meetings, ended, ids: (kind: string) => rows.filter((e) => e.kind === kind).flatMap((e) => e.ids) };
}

/** The latest row pushed for each id of a kind. */
function latestRows<T extends { id: number }>(events: RowsChangedEvent[], kind: string): Map<number, T> {
  const out = new Map<number, T>();
  for (const e of events) if (e.kind === kind) for (const row of (e.rows ?? []) as T[]) out.set(row.id, row);
  return out;
}

describe('rows:changed', () => {
  const server = useTestServer();

  it('carries a closed or escalated risk and a challenge as an observer’s list shows them, and reaches no other partnership', async () => {
    const farshire = await addSecondPartnership(server());
    const observerClient = await new ApiClient(server().url).login(DEMO.observer);
    const observer = hear(await connectSocket(observerClient));
    const outsiderClient = await new ApiClient(server().url).login(farshire.email, farshire.password);
    const outsider = hear(await connectSocket(outsiderClient));
    const chair = await new ApiClient(server().url).login(DEMO.chair);
    const council = await new ApiClient(server().url).login(DEMO.council);
    const police = await new ApiClient(server().url).login(DEMO.police);
    const list = await server().services.risks.queries.list(1);
    const onIB = list.find((r) => r.boardId === IB && r.status === 'open')!;
    const onOG = list.find((r) => r.boardId === 2 && r.status === 'open' && r.escalatedToBoardId === null)!;

    expect((await chair.post(commandPath('risk:close'), { riskId: onIB.id, reason: 'Mitigated in full' })).status).toBe(200);
    expect((await council.post(commandPath('risk:escalate'), { riskId: onOG.id, reason: 'Needs the Improvement Board' })).status).toBe(200);
    const raised = await police.post<ChallengeRow>(`${P}/challenges`, { boardId: IB, title: 'Pushed challenge', question: 'Why?', directedAgencyId: 1, dueDate: addDays(todayIn(Date.now()), 14) });
    expect(raised.status).toBe(201);
    const meeting = await chair.post<MeetingSummary>(commandPath('meeting:create'), { boardId: IB, startsAt: `${addDays(todayIn(Date.now()), 7)}T10:00:00.000Z` });

    await vi.waitFor(() => {
      expect(latestRows<RiskRow>(observer.rows, 'risk').get(onIB.id)?.status).toBe('closed');
      expect(latestRows<RiskRow>(observer.rows, 'risk').get(onOG.id)?.escalatedToBoardId).toBe(IB);
      expect(observer.ids('challenge')).toContain(raised.body.id);
      expect(observer.ids('meeting')).toContain(meeting.body.id);
    });
    // Each row is what the observer's own list answers: nobody learns more from a push than from a list.
    const risks = (await observerClient.get<RiskRow[]>(`${P}/risks?ids=${onIB.id},${onOG.id}`)).body;
    for (const row of risks) expect(latestRows<RiskRow>(observer.rows, 'risk').get(row.id)).toEqual(row);
    const challenges = (await observerClient.get<ChallengeRow[]>(`${P}/challenges`)).body;
    expect(latestRows<ChallengeRow>(observer.rows, 'challenge').get(raised.body.id)).toEqual(challenges.find((c) => c.id === raised.body.id));
    // A board's meetings are named, never shown, to the whole partnership.
    expect(observer.rows.filter((e) => e.kind === 'meeting').every((e) => e.rows === undefined)).toBe(true);

    // The other partnership's register moves; once its own push has arrived, nothing of Northbrook's came before it.
    const theirs = await outsiderClient.post<RiskRow>(commandPath('risk:create'), { boardId: farshire.boardId, title: 'Farshire sentinel', leadAgencyId: farshire.agencyId, ownerId: farshire.personId });
    await vi.waitFor(() => expect(outsider.ids('risk')).toContain(theirs.body.id));
    // Their own: the sentinel, and the risk their partnership was made with, if its push came after the socket did.
    expect(outsider.ids('risk').filter((id) => id !== farshire.riskId)).toEqual([theirs.body.id]);
    expect(outsider.ids('challenge')).toEqual([]);
    expect(JSON.stringify(outsider.rows)).not.toMatch(/Northbrook|Pushed challenge/);
    expect(observer.ids('risk')).not.toContain(theirs.body.id);
    expect(leakedNames(farshire, observer.rows)).toEqual([]);
  });

  it('a person of two partnerships: after a switch, nothing of the partnership left behind reaches any of their sockets', async () => {
    const server = await startTestServer();
    const chair = await new ApiClient(server.url).login(DEMO.chair);
    const east = (await chair.get<Me>('/api/auth/me')).body.partnerships.find((p) => p.id !== 1)!;
    const before = hear(await connectSocket(chair));
    expect((await chair.post('/api/auth/partnership', { partnershipId: east.id })).status).toBe(200);
    await vi.waitFor(() => expect(before.ended).toEqual(['partnership_switched']));
    const after = hear(await connectSocket(chair));

    const northbrookAdmin = await new ApiClient(server.url).login(DEMO.admin);
    const north = await northbrookAdmin.post<RiskRow>(commandPath('risk:create'), { boardId: IB, title: 'Northbrook after the switch', leadAgencyId: 1, ownerId: 2 });
    const eastAdmin = await new ApiClient(server.url).login('admin@eastbridge.demo.test');
    const eastBoard = east.memberships[0]!.boardId;
    const eastAgency = (await server.services.risks.queries.list(east.id))[0]!.leadAgencyId!;
    const sentinel = await eastAdmin.post<RiskRow>(commandPath('risk:create'), { boardId: eastBoard, title: 'Eastbridge sentinel', leadAgencyId: eastAgency, ownerId: east.personId });
    expect([north.status, sentinel.status]).toEqual([200, 200]);
    await vi.waitFor(() => expect(after.ids('risk')).toContain(sentinel.body.id));
    expect(after.ids('risk')).not.toContain(north.body.id);
    expect(before.ids('risk')).toEqual([]);
  });
});

describe('document rights follow a mitigation’s owner', () => {
  it('owning a mitigation opens its risk to edit at once, and losing it closes it at once', async () => {
    const server = await startTestServer();
    const RISK = docName('risk', 3);
    const police = await new ApiClient(server.url).login(DEMO.police);
    const council = await new ApiClient(server.url).login(DEMO.council);
    const access = async () => (await police.get<RiskDetail>(`${P}/risks/3`)).body.access;
    expect(await access()).toBe('read');
    const owner = openDoc(council, RISK);
    await owner.synced();
    const mitigation = owner.doc.getMap('mitigations').get('demo-3-1') as Y.Map<unknown>;
    const reader = openDoc(police, RISK);
    await reader.synced();
    await vi.waitFor(() => expect(reader.readOnlyReasons).toContain(READ_ONLY_REASON));

    // Given the mitigation: their open page is told to reconnect, as an editor now.
    mitigation.set('ownerId', POLICE);
    await vi.waitFor(async () => expect(await access()).toBe('edit'));
    await vi.waitFor(() => expect(reader.closes.map((c) => c.code)).toContain(YJS_CLOSE.ACCESS_CHANGED));

    // Taken away again: a connection opened while they owned it may write no more.
    const writer = await rawSocket(police, RISK);
    const deniedBefore = writer.received.filter((f) => f[0] === 2).length;
    mitigation.set('ownerId', COUNCIL);
    await vi.waitFor(async () => expect(await access()).toBe('read'));
    await vi.waitFor(() => expect(writer.received.filter((f) => f[0] === 2).length).toBeGreaterThan(deniedBefore));
    writer.send(updateFrame((await updateFor(server, RISK, (doc) => doc.getText('cause').insert(0, 'Written after losing the mitigation. ')))));
    const refusedWrites = async () => (await server.ctx.database.sql.get("select count(*) as n from audit_log where action = 'doc.write_refused' and actor_id = ? and entity_id = 3", [POLICE])) as { n: number };
    await vi.waitFor(async () => expect((await refusedWrites()).n).toBe(1));
    expect((await storedDoc(server, RISK)).getText('cause').toString()).not.toContain('Written after losing the mitigation.');
  });
});

describe('a command that changes nothing announces nothing', () => {
  it('lowering a hand that is not raised, or raising one already raised, pushes no meeting state to the board', async () => {
    const server = await startTestServer();
    const chairSocket = await connectSocket(await new ApiClient(server.url).login(DEMO.chair));
    const board = hear(chairSocket);
    expect((await send(chairSocket, 'board:join', { boardId: IB })).ok).toBe(true);
    const observer = await connectSocket(await new ApiClient(server.url).login(DEMO.observer));
    for (let i = 0; i < 5; i++) expect((await send(observer, 'hand:lower', { meetingId: NEXT_MEETING })).ok).toBe(true);
    const added = await send<MeetingState>(chairSocket, 'agenda:add', { meetingId: NEXT_MEETING, title: 'Sentinel item' });
    expect(added.ok).toBe(true);
    await vi.waitFor(() => expect(board.meetings.some((s) => s.agenda.some((i) => i.title === 'Sentinel item'))).toBe(true));
    expect(board.meetings.filter((s) => s.meeting.id === NEXT_MEETING)).toHaveLength(1);

    // In a running meeting: a hand raised twice is announced once.
    const made = await send<MeetingSummary>(chairSocket, 'meeting:create', { boardId: IB, startsAt: meetingToday() });
    const live = made.ok ? made.data.id : 0;
    expect((await send(chairSocket, 'meeting:start', { meetingId: live })).ok).toBe(true);
    const police = await connectSocket(await new ApiClient(server.url).login(DEMO.police));
    await vi.waitFor(() => expect(board.meetings.some((s) => s.meeting.id === live && s.meeting.status === 'in_progress')).toBe(true));
    const heardBefore = board.meetings.length;
    for (let i = 0; i < 3; i++) expect((await send(police, 'hand:raise', { meetingId: live })).ok).toBe(true);
    expect((await send(chairSocket, 'agenda:add', { meetingId: live, title: 'Second sentinel' })).ok).toBe(true);
    await vi.waitFor(() => expect(board.meetings.some((s) => s.agenda.some((i) => i.title === 'Second sentinel'))).toBe(true));
    const since = board.meetings.slice(heardBefore);
    expect(since.map((s) => [s.hands.length, s.agenda.length])).toEqual([
      [1, 0],
      [1, 1],
    ]);
  });
});

describe('an unattended page does not keep its session alive', () => {
  it('the awareness renewal an open document sends by itself does not slide the idle window; an edit does', async () => {
    const IDLE_MS = 60 * 60_000;
    const clock = new TestClock(Date.now());
    const server = await startTestServer({ clock: clock.now, sessionIdleMs: IDLE_MS });
    const RISK = docName('risk', 6);
    const police = await new ApiClient(server.url).login(DEMO.police);
    const council = await new ApiClient(server.url).login(DEMO.council);
    const lastSeen = async (client: ApiClient) =>
      ((await server.ctx.database.sql.get('select last_seen_at as t from sessions where token_hash = ?', [hashToken(client.sessionCookie!.split('=')[1]!)])) as { t: number } | undefined)?.t;
    const page = await rawSocket(police, RISK);
    const watcher = openDoc(council, RISK);
    await watcher.synced();
    const CLIENT = 4_242_001;
    const renew = async (clockValue: number) => {
      page.send(awarenessFrame([{ clientId: CLIENT, clock: clockValue, state: { field: 'cause' } }]));
      await vi.waitFor(() => expect(watcher.provider.awareness.meta.get(CLIENT)?.clock).toBe(clockValue));
    };
    /** Someone else's edit, sent after what came before it was handled: once their session has slid, a session check has run since. */
    const checked = async (i: number) => {
      watcher.doc.getText('effect').insert(0, `Edit ${i}. `);
      await vi.waitFor(async () => expect(await lastSeen(council)).toBe(clock.now()), { timeout: 3000, interval: 10 });
    };
    // Entering a field is the person's doing: it slides their session.
    clock.advance(2 * 60_000);
    await renew(1);
    await checked(1);
    // Polled: on PostgreSQL the two sessions' writes go through separate connections, in either order.
    await vi.waitFor(async () => expect(await lastSeen(police)).toBe(clock.now()));
    const lastActive = clock.now();
    // Then the page is left alone: y-protocols renews its awareness state every 15 s, unchanged but for its clock.
    for (let i = 2; i <= 3; i++) {
      clock.advance(25 * 60_000);
      await renew(i);
      await checked(i);
      expect(await lastSeen(police)).toBe(lastActive);
    }
    // The idle window runs from the last thing the person did: the page is closed as signed out.
    clock.advance(15 * 60_000);
    expect(await page.closed).toBe(YJS_CLOSE.UNAUTHENTICATED);
    expect((await police.get('/api/auth/me')).status).toBe(401);
  });
});
