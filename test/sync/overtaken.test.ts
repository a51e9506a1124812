import { describe, expect, it, vi } from 'vitest';
import * as Y from 'yjs';
import { YJS_CLOSE, docName } from '../../shared/protocol/yjs.js';
import type { RiskOvertakenEvent } from '../../shared/protocol/socket.js';
import type { RiskHistory, RiskRow } from '../../shared/schemas/risk.js';
import { TestClock } from '../helpers/clock.js';
import { ApiClient, DEMO } from '../helpers/http.js';
import { rawSocket, updateFor, updateFrame } from '../helpers/raw-yjs.js';
import { startTestServer, type TestServer } from '../helpers/server.js';
import { connectSocket, send, type BoardClient } from '../helpers/socket.js';
import { openDoc, type DocClient } from '../helpers/yjs.js';

const P = '/api/partnerships/1';
const L = 'currentLikelihood';
type Me = { person: { id: number }; agency: { id: number }; memberships: { boardId: number; boardName: string }[] };

/** Two people who may both edit: Dr Aisha Rahman (health) owns the risk, DCI Tom Brennan's agency leads it. */
async function setUp() {
  const clock = new TestClock(Date.parse('2026-11-23T10:42:00Z'));
  const server = await startTestServer({ clock: clock.now });
  const aisha = await new ApiClient(server.url).login(DEMO.health);
  const tom = await new ApiClient(server.url).login(DEMO.police);
  const observer = await new ApiClient(server.url).login(DEMO.observer);
  const me = (await aisha.get<Me>('/api/auth/me')).body;
  const police = (await tom.get<Me>('/api/auth/me')).body;
  const board = me.memberships.find((m) => m.boardName === 'Improvement Board')!;
  const res = await aisha.post<RiskRow>(`${P}/risks`, { boardId: board.boardId, title: 'Health visitor caseloads too high', leadAgencyId: police.agency.id, ownerId: me.person.id });
  expect(res.status).toBe(201);
  const name = docName('risk', res.body.id);
  return { server, aisha, tom, observer, riskId: res.body.id, name };
}

/** A page with a chosen Yjs client id: of two concurrent sets, the higher id's value holds. */
function pageOf(client: ApiClient, name: string, clientId: number): DocClient {
  const doc = new Y.Doc();
  doc.clientID = clientId;
  return openDoc(client, name, { doc });
}

function listen(socket: BoardClient): RiskOvertakenEvent[] {
  const heard: RiskOvertakenEvent[] = [];
  socket.on('risk:overtaken', (e) => heard.push(e));
  return heard;
}

/** A round trip on the socket: anything the server pushed to it before is in by then. */
async function flush(socket: BoardClient): Promise<void> {
  await send(socket, 'board:leave', { boardId: 1 });
}

async function overtakenEntries(as: ApiClient, riskId: number) {
  return (await as.get<RiskHistory>(`${P}/risks/${riskId}/history`)).body.changes.filter((c) => c.overtaken);
}

/** Sets the field on one page while it is offline and on the other online, then brings the first back. */
async function concurrently(offline: DocClient, offlineValue: number, online: DocClient, onlineValue: number, server: TestServer, name: string) {
  offline.provider.disconnect();
  offline.doc.getMap('fields').set(L, offlineValue);
  online.doc.getMap('fields').set(L, onlineValue);
  await vi.waitFor(async () => expect((await server.services.docs.load(name)).updates.length).toBeGreaterThan(1));
  offline.provider.connect();
  await vi.waitFor(() => expect(offline.doc.getMap('fields').get(L)).toBe(online.doc.getMap('fields').get(L)));
}

describe('a concurrent change that did not hold', () => {
  for (const order of ['the loser’s change arrives second', 'the loser’s change arrives first'] as const) {
    it(`is recorded once in words and told to the loser alone (${order})`, async () => {
      const { server, aisha, tom, observer, riskId, name } = await setUp();
      const [aishaSocket, tomSocket, observerSocket] = await Promise.all([connectSocket(aisha), connectSocket(tom), connectSocket(observer)]);
      const [toAisha, toTom, toObserver] = [listen(aishaSocket), listen(tomSocket), listen(observerSocket)];
      const watching = openDoc(observer, name);
      const a = pageOf(aisha, name, 1000);
      const t = pageOf(tom, name, 2000);
      await Promise.all([a.synced(), t.synced(), watching.synced()]);

      // Tom's client id is higher, so his 1 holds over Aisha's 3 whichever arrives first.
      if (order === 'the loser’s change arrives second') await concurrently(a, 3, t, 1, server, name);
      else await concurrently(t, 1, a, 3, server, name);
      expect(a.doc.getMap('fields').get(L)).toBe(1);

      await vi.waitFor(() => expect(toAisha).toHaveLength(1));
      await Promise.all([flush(tomSocket), flush(observerSocket), flush(aishaSocket)]);
      expect(toTom).toEqual([]);
      expect(toObserver).toEqual([]);
      expect(toAisha).toHaveLength(1);
      expect(toAisha[0]).toMatchObject({
        riskId,
        at: '2026-11-23T10:42:00.000Z',
        change: { field: L, fieldLabel: 'Current likelihood', value: 3, byId: 4, byName: 'Dr Aisha Rahman', heldValue: 1, heldById: 3, heldByName: 'DCI Tom Brennan' },
      });

      const entries = await overtakenEntries(tom, riskId);
      expect(entries).toHaveLength(1);
      expect(entries[0]!.overtaken!.summary).toBe("Dr Aisha Rahman's change of Current likelihood to 3 was overtaken by DCI Tom Brennan's 1 at 10:42am");
      expect(entries[0]).toMatchObject({ editorName: 'Dr Aisha Rahman', field: `overtaken.${L}`, at: '2026-11-23T10:42:00.000Z' });
      // The observer reads the same history.
      expect(await overtakenEntries(observer, riskId)).toEqual(entries);
    });
  }

  it('records nothing for sequential changes, nor for one person on two pages', async () => {
    const { server, aisha, tom, riskId, name } = await setUp();
    const [aishaSocket, tomSocket] = await Promise.all([connectSocket(aisha), connectSocket(tom)]);
    const [toAisha, toTom] = [listen(aishaSocket), listen(tomSocket)];
    const a = pageOf(aisha, name, 1000);
    const t = pageOf(tom, name, 2000);
    await Promise.all([a.synced(), t.synced()]);

    // Tom sets 1; Aisha sees it, then changes it knowingly (her lower client id does not matter).
    t.doc.getMap('fields').set(L, 1);
    await vi.waitFor(() => expect(a.doc.getMap('fields').get(L)).toBe(1));
    a.doc.getMap('fields').set(L, 3);
    await vi.waitFor(() => expect(t.doc.getMap('fields').get(L)).toBe(3));

    // Tom in two tabs at once: he made both changes and sees the one that holds on both.
    const t2 = pageOf(tom, name, 3000);
    await t2.synced();
    await concurrently(t, 4, t2, 5, server, name);

    await Promise.all([flush(aishaSocket), flush(tomSocket)]);
    expect(toAisha).toEqual([]);
    expect(toTom).toEqual([]);
    expect(await overtakenEntries(tom, riskId)).toEqual([]);
    const changes = (await tom.get<RiskHistory>(`${P}/risks/${riskId}/history`)).body.changes.filter((c) => c.field === L);
    expect(changes.map((c) => [c.editorName, c.to])).toEqual([
      ['DCI Tom Brennan', 5],
      ['Dr Aisha Rahman', 3],
      ['DCI Tom Brennan', 1],
    ]);
  });

  it('cannot be forged: the people are the writers of the client ids, and a value the risk cannot hold is not recorded', async () => {
    const { server, aisha, tom, riskId, name } = await setUp();
    const tomSocket = await connectSocket(tom);
    const toTom = listen(tomSocket);
    const t = pageOf(tom, name, 5000);
    await t.synced();
    t.doc.getMap('fields').set(L, 1);
    await vi.waitFor(async () => expect((await server.services.docs.writers(name)).get(5000)).toBe(3));

    // Aisha's hostile page writes with Tom's client id, a set "of his" that loses: refused whole.
    const forged = await rawSocket(aisha, name);
    const storedBefore = (await server.services.docs.load(name)).updates.length;
    forged.send(
      updateFrame(
        (await updateFor(server, name, (doc) => {
          doc.clientID = 5000;
          doc.getMap('fields').set(L, 2);
        })),
      ),
    );
    expect(await forged.closed).toBe(YJS_CLOSE.MALFORMED);
    expect((await server.services.docs.load(name)).updates.length).toBe(storedBefore);

    // Sets with her own ids, built on the risk as it was before Tom's 1 (so concurrent with it), with
    // ids below his (so they lose on arrival).
    const concurrentSet = async (clientId: number, value: unknown) => {
      const doc = new Y.Doc();
      doc.clientID = clientId;
      Y.applyUpdate(doc, (await server.services.docs.load(name)).updates[0]!);
      const sv = Y.encodeStateVector(doc);
      doc.getMap('fields').set(L, value);
      return updateFrame(Y.encodeStateAsUpdate(doc, sv));
    };
    const hostile = await rawSocket(aisha, name);
    // A value no risk may hold: the strict reader never reads a value that does not hold, so this is
    // stored (it changes nothing) but must not reach anyone's record.
    hostile.send((await concurrentSet(10, 99)));
    await vi.waitFor(async () => expect((await server.services.docs.load(name)).updates.length).toBe(storedBefore + 1));
    expect(await overtakenEntries(tom, riskId)).toEqual([]);
    // A real value: recorded, and the change is hers (the connection's person), whoever she says.
    hostile.send((await concurrentSet(11, 2)));
    await vi.waitFor(async () => expect(await overtakenEntries(tom, riskId)).toHaveLength(1));
    expect((await overtakenEntries(tom, riskId))[0]!.overtaken).toMatchObject({ value: 2, byId: 4, heldValue: 1, heldById: 3 });
    expect(t.doc.getMap('fields').get(L)).toBe(1);

    await flush(tomSocket);
    expect(toTom).toEqual([]);
  });
});
