import { describe, expect, it, vi } from 'vitest';
import { READ_ONLY_REASON, YJS_CLOSE, docName } from '../../shared/protocol/yjs.js';
import type { RowsChangedEvent } from '../../shared/protocol/socket.js';
import type { MeetingState } from '../../shared/schemas/meeting.js';
import type { RiskDetail, RiskHistory, RiskRow } from '../../shared/schemas/risk.js';
import type { BoardDetail } from '../../shared/schemas/admin.js';
import { busChannel } from '../../server/realtime/cluster/bus-bridge.js';
import { REDIS_PREFIX, startTwoProcesses, type TwoProcesses } from '../helpers/cluster.js';
import { ApiClient, DEMO } from '../helpers/http.js';
import { meetingToday } from '../helpers/meeting-time.js';
import { connectSocket, send } from '../helpers/socket.js';
import { awarenessFrame, rawSocket } from '../helpers/raw-yjs.js';
import { openDoc, type DocClient } from '../helpers/yjs.js';

/*
 * Issue 17, part 2: two server processes behind a load balancer, one database, one Redis. Every test
 * here fails when the processes run without REDIS_URL (CLUSTER_WITHOUT_REDIS=1, see helpers/cluster.ts).
 */

const P = '/api/partnerships/1';
const IB = 1;

function ok<T>(reply: { ok: true; data: T } | { ok: false }): T {
  if (!reply.ok) throw new Error(`refused: ${JSON.stringify(reply)}`);
  return reply.data;
}

/** A new risk at the Improvement Board, owned by `as`: the chair and its owner may both write it. */
async function newRisk(as: ApiClient): Promise<RiskRow> {
  const me = (await as.get<{ person: { id: number }; agency: { id: number }; memberships: { boardId: number; boardName: string }[] }>('/api/auth/me')).body;
  const board = me.memberships.find((m) => m.boardName === 'Improvement Board')!;
  const res = await as.post<RiskRow>(`${P}/risks`, { boardId: board.boardId, title: 'Key posts in the MASH are vacant', leadAgencyId: me.agency.id, ownerId: me.person.id });
  expect(res.status).toBe(201);
  return res.body;
}

/** The presence states a page sees, other than its own. */
function others(watcher: DocClient): Map<number, { field?: string; user?: { name?: string } }> {
  const me = watcher.provider.awareness.clientID;
  return new Map([...watcher.provider.awareness.getStates()].filter(([id]) => id !== me) as [number, { field?: string; user?: { name?: string } }][]);
}

/** How often `text` appears, as bytes, across a document's stored updates and snapshot. */
async function storedTimes(cluster: TwoProcesses, name: string, text: string): Promise<number> {
  const needle = Buffer.from(text);
  const blobs = [
    ...(await cluster.read<{ b: Buffer }>('select "update" as b from doc_updates where doc_name = ?', name)),
    ...(await cluster.read<{ b: Buffer }>('select state as b from doc_snapshots where doc_name = ?', name)),
  ];
  let n = 0;
  for (const { b } of blobs) for (let at = b.indexOf(needle); at >= 0; at = b.indexOf(needle, at + 1)) n++;
  return n;
}

/** Two processes, a new risk, the police on A and the chair on B with its document open and synced, both listening. */
async function coEditing(env: Record<string, string> = {}) {
  const cluster = await startTwoProcesses(env);
  const policeOnA = await new ApiClient(cluster.a.url).login(DEMO.police);
  const chairOnB = await new ApiClient(cluster.b.url).login(DEMO.chair);
  const risk = await newRisk(policeOnA);
  const name = docName('risk', risk.id);
  const onA = openDoc(policeOnA, name);
  const onB = openDoc(chairOnB, name);
  await Promise.all([onA.synced(), onB.synced()]);
  await expect.poll(() => cluster.listeners(name)).toBe(2);
  return { cluster, policeOnA, chairOnB, risk, name, onA, onB };
}

// Two server processes start for each test (each compiles the server with tsx): slow on a loaded machine.
describe('two server processes sharing Redis', { timeout: 90_000 }, () => {
  it('a meeting change and a row change made over REST on A are pushed to a page connected to B', async () => {
    const { a, b } = await startTwoProcesses();
    const chairOnA = await new ApiClient(a.url).login(DEMO.chair);
    const onB = await connectSocket(await new ApiClient(b.url).login(DEMO.police));
    ok(await send(onB, 'board:join', { boardId: IB }));
    const states: MeetingState[] = [];
    const rows: RowsChangedEvent[] = [];
    onB.on('meeting:state', (s) => states.push(s));
    onB.on('rows:changed', (e) => rows.push(e));

    const created = await chairOnA.post<{ id: number }>('/api/commands/meeting:create', { boardId: IB, startsAt: meetingToday() });
    expect(created.status).toBeLessThan(300);
    expect((await chairOnA.post('/api/commands/agenda:add', { meetingId: created.body.id, title: 'Welcome' })).status).toBeLessThan(300);
    await vi.waitFor(() => expect(states.some((s) => s.meeting.id === created.body.id && s.agenda.length === 1)).toBe(true), { timeout: 5000 });

    expect((await chairOnA.post('/api/commands/risk:change-owner', { riskId: 2, ownerId: 6 })).status).toBeLessThan(300);
    await vi.waitFor(() => expect(rows.some((r) => r.kind === 'risk' && r.ids.includes(2))).toBe(true), { timeout: 5000 });
  });

  it('pages on A and on B co-edit one risk and converge; each change is stored, and projected, once', async () => {
    const { cluster, policeOnA, chairOnB, risk, name, onA, onB } = await coEditing();

    onA.doc.getText('cause').insert(0, 'Police on A: two DS posts vacant. ');
    onB.doc.getText('cause').insert(0, 'Chair on B: agency sickness high. ');
    onA.doc.getMap('fields').set('currentLikelihood', 4);
    onB.doc.getMap('fields').set('currentImpact', 5);
    // Then both at once, keystroke by keystroke: each process stores while the other does.
    for (let i = 0; i < 20; i++) {
      onA.doc.getText('event').insert(onA.doc.getText('event').length, `a${i} `);
      onB.doc.getText('event').insert(0, `b${i} `);
    }

    const converged = () => {
      expect(onA.doc.getText('cause').toString()).toBe(onB.doc.getText('cause').toString());
      expect(onA.doc.getText('event').toString()).toBe(onB.doc.getText('event').toString());
      expect(onA.doc.getText('event').toString()).toContain('a19 ');
      expect(onA.doc.getText('event').toString()).toContain('b19 ');
      expect(onB.doc.getMap('fields').get('currentLikelihood')).toBe(4);
      expect(onA.doc.getMap('fields').get('currentImpact')).toBe(5);
    };
    await vi.waitFor(converged, { timeout: 10_000 });
    const cause = onA.doc.getText('cause').toString();
    const event = onA.doc.getText('event').toString();
    expect(cause).toContain('Police on A: two DS posts vacant. ');
    expect(cause).toContain('Chair on B: agency sickness high. ');

    // Stored once: by the process whose page typed it, never again by the one that relayed it.
    expect((await storedTimes(cluster, name, 'Police on A: two DS posts vacant. '))).toBe(1);
    expect((await storedTimes(cluster, name, 'Chair on B: agency sickness high. '))).toBe(1);
    for (const piece of ['a0 ', 'b0 ', 'a19 ', 'b19 ']) expect((await storedTimes(cluster, name, piece))).toBe(1);

    // Projected once, and from the whole document: the row says what both pages show, and the audit names each writer once.
    await vi.waitFor(async () => {
      const row = (await chairOnB.get<RiskDetail>(`${P}/risks/${risk.id}`)).body;
      expect(row.cause).toBe(cause);
      expect(row.event).toBe(event);
      expect(row.current).toEqual({ likelihood: 4, impact: 5, score: 20 });
    });
    const history = (await policeOnA.get<RiskHistory>(`${P}/risks/${risk.id}/history`)).body;
    const byField = (f: string) => history.changes.filter((c) => c.field === f).map((c) => [c.editorName, c.to]);
    expect(byField('currentLikelihood')).toEqual([['DCI Tom Brennan', 4]]);
    expect(byField('currentImpact')).toEqual([['Margaret Ellison', 5]]);

    // A page opened later, on either process, reads the same from the store.
    const late = openDoc(await new ApiClient(cluster.a.url).login(DEMO.health), name);
    await late.synced();
    expect(late.doc.getText('event').toString()).toBe(event);
  });

  it('a document unloaded on A, still open on B, keeps working on B; A loads it afresh and they share edits again', async () => {
    const { cluster, policeOnA, chairOnB, risk, name, onA, onB } = await coEditing({ DOC_UNLOAD_MS: '200' });
    onA.doc.getText('cause').insert(0, 'one. ');
    await vi.waitFor(() => expect(onB.doc.getText('cause').toString()).toBe('one. '));

    // The last page on A leaves: A unloads the document (and folds what it stored), B keeps it.
    onA.destroy();
    await expect.poll(() => cluster.listeners(name), { timeout: 10_000 }).toBe(1);

    onB.doc.getText('cause').insert(5, 'two. ');
    const second = openDoc(await new ApiClient(cluster.b.url).login(DEMO.council), name);
    await second.synced();
    await vi.waitFor(() => expect(second.doc.getText('cause').toString()).toBe('one. two. '));
    await vi.waitFor(async () => expect((await storedTimes(cluster, name, 'two. '))).toBe(1));

    // Back on A: loaded from the store, then edits flow both ways again.
    const again = openDoc(policeOnA, name);
    await again.synced();
    expect(again.doc.getText('cause').toString()).toBe('one. two. ');
    await expect.poll(() => cluster.listeners(name)).toBe(2);
    again.doc.getText('cause').insert(10, 'three. ');
    await vi.waitFor(() => expect(onB.doc.getText('cause').toString()).toBe('one. two. three. '));
    onB.doc.getText('cause').insert(0, 'zero. ');
    await vi.waitFor(() => expect(again.doc.getText('cause').toString()).toBe('zero. one. two. three. '));
    await vi.waitFor(async () => expect((await chairOnB.get<RiskDetail>(`${P}/risks/${risk.id}`)).body.cause).toBe('zero. one. two. three. '));
  });

  it('an update B has not heard of yet: B reads the store before storing its own, and its page sees both', async () => {
    const { cluster, chairOnB, risk, name, onA, onB } = await coEditing();
    // Both pages' client ids claimed first (a page claims its id when it says where it is): a new id
    // is paid for from the daily budget, a write to Redis, which holding every write there would hold
    // too; only the messages are meant to be held here.
    onA.provider.awareness.setLocalStateField('field', 'cause');
    onB.provider.awareness.setLocalStateField('field', 'effect');
    await vi.waitFor(async () => {
      const claimed = (await cluster.read<{ client_id: number }>('select client_id from doc_writers where doc_name = ?', name)).map((r) => Number(r.client_id));
      expect(claimed).toEqual(expect.arrayContaining([onA.doc.clientID, onB.doc.clientID]));
    });

    const held = await cluster.holdMessages();
    onA.doc.getText('cause').insert(0, 'From A. ');
    await vi.waitFor(async () => expect((await storedTimes(cluster, name, 'From A. '))).toBe(1));
    // B's page has not seen A's words, and B has not heard of them: B's update was tried on an old copy.
    expect(onB.doc.getText('cause').toString()).toBe('');
    onB.doc.getMap('fields').set('currentImpact', 2);
    // Before storing it, B finds A's update in the store, reads it, tries its own again, and sends its page A's words.
    await vi.waitFor(() => expect(onB.doc.getText('cause').toString()).toBe('From A. '));
    await vi.waitFor(async () => expect((await chairOnB.get<RiskDetail>(`${P}/risks/${risk.id}`)).body).toMatchObject({ cause: 'From A. ', current: { impact: 2 } }));

    await held.release();
    await vi.waitFor(() => expect(onA.doc.getMap('fields').get('currentImpact')).toBe(2));
    expect((await storedTimes(cluster, name, 'From A. '))).toBe(1);
    await cluster.b.stop();
    expect(cluster.b.output()).toMatch(/"message":"yjs commit queue".*"stale":[1-9]/);
  });

  it('presence crosses processes as the server said it: a page loaded later hears it at once, nobody on B speaks for a page on A, and a page that leaves is gone', async () => {
    const cluster = await startTwoProcesses();
    const chairOnA = openDoc(await new ApiClient(cluster.a.url).login(DEMO.chair), docName('risk', 6));
    const watcherOnA = openDoc(await new ApiClient(cluster.a.url).login(DEMO.council), docName('risk', 6));
    await Promise.all([chairOnA.synced(), watcherOnA.synced()]);
    chairOnA.provider.awareness.setLocalStateField('field', 'cause');
    await vi.waitFor(() => expect(others(watcherOnA).get(chairOnA.doc.clientID)).toMatchObject({ field: 'cause' }));

    // Loaded on B after the chair's state was set on A: it arrives in answer to B's hello, not at the next renewal (15 s).
    const onB = openDoc(await new ApiClient(cluster.b.url).login(DEMO.health), docName('risk', 6));
    await onB.synced();
    const chairId = chairOnA.doc.clientID;
    await vi.waitFor(() => expect(others(onB).get(chairId)).toMatchObject({ field: 'cause', user: { name: 'Margaret Ellison' } }), { timeout: 5000 });

    // A page on B writing presence for the chair's page (on A) is dropped there: B knows the id is spoken for elsewhere.
    const attacker = await rawSocket(await new ApiClient(cluster.b.url).login(DEMO.police), docName('risk', 6));
    attacker.send(awarenessFrame([{ clientId: chairId, clock: 10_000, state: { field: 'effect' } }]));
    chairOnA.provider.awareness.setLocalStateField('field', 'event');
    await vi.waitFor(() => expect(others(onB).get(chairId)).toMatchObject({ field: 'event', user: { name: 'Margaret Ellison' } }));

    chairOnA.destroy();
    await vi.waitFor(() => expect(others(onB).has(chairId)).toBe(false));
  });

  it('a seat removed on A demotes the person’s open document on B within a second; signing out on A closes it', async () => {
    const cluster = await startTwoProcesses();
    const adminOnA = await new ApiClient(cluster.a.url).login(DEMO.admin);
    const policeOnA = await new ApiClient(cluster.a.url).login(DEMO.police);
    const chairOnB = await new ApiClient(cluster.b.url).login(DEMO.chair);
    const risk = await newRisk(policeOnA);
    const name = docName('risk', risk.id);
    const onB = openDoc(chairOnB, name);
    await onB.synced();
    expect(onB.readOnlyReasons).toEqual([]);
    // The chair's and a member's board pages, on B.
    const chairSocket = await connectSocket(chairOnB);
    const policeSocket = await connectSocket(await new ApiClient(cluster.b.url).login(DEMO.police));
    const heard = { chair: [] as MeetingState[], police: [] as MeetingState[] };
    for (const [who, socket] of [['chair', chairSocket], ['police', policeSocket]] as const) {
      ok(await send(socket, 'board:join', { boardId: IB }));
      socket.on('meeting:state', (s) => heard[who].push(s));
    }

    // The chair writes the Improvement Board's risks as its chair; the seat goes, on A.
    const seat = (await adminOnA.get<BoardDetail>(`${P}/boards/${IB}`)).body.members.find((m) => m.personId === 2)!;
    const removedAt = Date.now();
    expect((await adminOnA.delete(`${P}/boards/${IB}/memberships/${seat.id}`)).status).toBe(204);
    await vi.waitFor(() => expect(onB.readOnlyReasons).toContain(READ_ONLY_REASON), { timeout: 1000, interval: 10 });
    expect(Date.now() - removedAt).toBeLessThan(1000);
    // B took the chair's page out of the board's room: the board's next push reaches the member, not them.
    const meeting = await adminOnA.post<{ id: number }>('/api/commands/meeting:create', { boardId: IB, startsAt: meetingToday() });
    expect(meeting.status).toBeLessThan(300);
    await adminOnA.post('/api/commands/agenda:add', { meetingId: meeting.body.id, title: 'Welcome' });
    await vi.waitFor(() => expect(heard.police.some((s) => s.meeting.id === meeting.body.id && s.agenda.length === 1)).toBe(true), { timeout: 5000 });
    expect(heard.chair).toEqual([]);

    // A session ended on A: its documents on B close at once, with the code that says so.
    const chairSessionOnA = new ApiClient(cluster.a.url).adopt(chairOnB.sessionCookie!);
    expect((await chairSessionOnA.post('/api/auth/logout')).status).toBeLessThan(300);
    await vi.waitFor(() => expect(onB.closes.map((c) => c.code)).toContain(YJS_CLOSE.UNAUTHENTICATED), { timeout: 1000, interval: 10 });
  });

  it('garbage on a document channel is logged and dropped; the document and the process carry on', async () => {
    const { cluster, name, onA, onB } = await coEditing();

    await cluster.publishRaw(name, Buffer.from('not a message at all'));
    // Version 1, a process id, "stored", then a length running far past the end.
    await cluster.publishRaw(name, Buffer.from([1, 1, 0x78, 0, 3, 5, 0xff, 0xff, 0xff, 0x0f]));
    await cluster.publishRaw(busChannel(REDIS_PREFIX), Buffer.from('{"from":"elsewhere","name":"membership.changed","event":{"personId":"everyone"}}'));
    await vi.waitFor(() => {
      for (const p of [cluster.a, cluster.b]) {
        expect(p.output()).toContain('unreadable message on a document channel, dropped');
        expect(p.output()).toContain('unreadable message on the domain event channel, dropped');
      }
    });

    onA.doc.getText('cause').insert(0, 'after the garbage. ');
    await vi.waitFor(() => expect(onB.doc.getText('cause').toString()).toBe('after the garbage. '));
    expect(cluster.a.child.exitCode).toBeNull();
    expect(cluster.b.child.exitCode).toBeNull();
  });
});
