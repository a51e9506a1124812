import * as encoding from 'lib0/encoding';
import { describe, expect, it, vi } from 'vitest';
import * as Y from 'yjs';
import { DOC_LIMITS } from '../../shared/limits.js';
import { YJS_CLOSE, docName } from '../../shared/protocol/yjs.js';
import type { Minutes, MeetingState } from '../../shared/schemas/meeting.js';
import { ApiClient, DEMO } from '../helpers/http.js';
import { awarenessFrame, rawSocket, storedDoc, updateFor, updateFrame } from '../helpers/raw-yjs.js';
import { useTestServer, type TestServer } from '../helpers/server.js';
import { openDoc } from '../helpers/yjs.js';

const P = '/api/partnerships/1';
/** Demo facts: police and the council lead may both edit risk 6; police sits on board 1, whose meeting 2 is scheduled. */
const RISK = docName('risk', 6);
const MEETING = docName('meeting', 2);

/**
 * An update of `n` born-deleted one-character items, each placed right after the last character of the
 * risk's cause (so none chains onto another and Yjs cannot merge them): `clients` says whether they come
 * from one client id or each from a new one.
 */
async function invisible(server: TestServer, n: number, clients: 'one' | 'many', firstClient: number): Promise<Uint8Array> {
  let last = (await storedDoc(server, RISK)).getText('cause')._start;
  while (last?.right) last = last.right;
  const origin = { client: last!.id.client, clock: last!.id.clock + last!.length - 1 };
  const e = encoding.createEncoder();
  const groups = clients === 'one' ? [{ client: firstClient, count: n }] : Array.from({ length: n }, (_, i) => ({ client: firstClient + i, count: 1 }));
  encoding.writeVarUint(e, groups.length);
  for (const g of groups) {
    encoding.writeVarUint(e, g.count);
    encoding.writeVarUint(e, g.client);
    encoding.writeVarUint(e, 0);
    for (let i = 0; i < g.count; i++) {
      encoding.writeUint8(e, 0x81); // an item with an origin, holding deleted content
      encoding.writeVarUint(e, origin.client);
      encoding.writeVarUint(e, origin.clock);
      encoding.writeVarUint(e, 1);
    }
  }
  encoding.writeVarUint(e, 0); // no delete set
  return encoding.toUint8Array(e);
}

describe('nobody fills a record with what nobody can see', () => {
  const server = useTestServer();

  it('refuses born-deleted content past the daily budget, keeps the record editable by others', async () => {
    const police = await new ApiClient(server().url).login(DEMO.police);
    const before = (await server().services.docs.load(RISK)).lastUpdateId;
    const socket = await rawSocket(police, RISK);
    socket.send(updateFrame((await invisible(server(), DOC_LIMITS.tombstonesPerPersonPerDay + 1, 'one', 777_000_001))));
    expect(await socket.closed).toBe(YJS_CLOSE.DAILY_LIMIT);
    expect((await server().services.docs.load(RISK)).lastUpdateId).toBe(before);

    // Within the budget, a small amount is accepted; the rest of the day's allowance then runs out.
    const small = await rawSocket(police, RISK);
    small.send(updateFrame((await invisible(server(), 10, 'one', 777_000_002))));
    await vi.waitFor(async () => expect((await server().services.docs.load(RISK)).lastUpdateId).toBeGreaterThan(before));
    small.send(updateFrame((await invisible(server(), DOC_LIMITS.tombstonesPerPersonPerDay - 5, 'one', 777_000_003))));
    expect(await small.closed).toBe(YJS_CLOSE.DAILY_LIMIT);

    const council = await new ApiClient(server().url).login(DEMO.council);
    const editor = openDoc(council, RISK);
    await editor.synced();
    const cause = editor.doc.getText('cause');
    cause.insert(cause.length, ' still editable');
    await vi.waitFor(async () => expect((await storedDoc(server(), RISK)).getText('cause').toString()).toMatch(/ still editable$/));
    const audit = (await server().ctx.database.sql.get("select detail from audit_log where action = 'doc.update_refused' order by id desc limit 1")) as { detail: string };
    expect(audit.detail).toContain('daily_limit');
  });

  it('counts what an update deletes too: typing and deleting cannot fill a record unseen', async () => {
    const police = await new ApiClient(server().url).login(DEMO.police);
    const page = (await storedDoc(server(), RISK));
    page.clientID = 555_000_001;
    const socket = await rawSocket(police, RISK);
    const cause = async () => (await storedDoc(server(), RISK)).getText('cause').toString();
    const original = (await cause());
    // Typed backwards, every character is an item of its own that Yjs can never merge.
    const round = () => {
      const sv = Y.encodeStateVector(page);
      page.transact(() => {
        for (let i = 0; i < 12_000; i++) page.getText('cause').insert(0, 'x');
      });
      const typed = Y.encodeStateAsUpdate(page, sv);
      const sv2 = Y.encodeStateVector(page);
      page.getText('cause').delete(0, 12_000);
      return { typed, deleted: Y.encodeStateAsUpdate(page, sv2) };
    };
    const first = round();
    socket.send(updateFrame(first.typed));
    socket.send(updateFrame(first.deleted));
    await vi.waitFor(async () => expect((await server().services.docs.load(RISK)).updates.length).toBeGreaterThan(0));
    await vi.waitFor(async () => expect((await cause())).toBe(original));
    const second = round();
    socket.send(updateFrame(second.typed));
    socket.send(updateFrame(second.deleted));
    // 24,000 deletions in a day: the second is refused, and what was typed stays in plain sight.
    expect(await socket.closed).toBe(YJS_CLOSE.DAILY_LIMIT);
    // The refusal is decided before the typing's group commits: on PostgreSQL the commit may land just after.
    await vi.waitFor(async () => expect(await cause()).toBe('x'.repeat(12_000) + original));
    expect(Y.encodeStateAsUpdate((await storedDoc(server(), RISK))).byteLength).toBeLessThan(DOC_LIMITS.stateBytesMax / 8);
  });

  it('refuses more new client ids a day than a person could open pages', async () => {
    const admin = await new ApiClient(server().url).login(DEMO.admin);
    const socket = await rawSocket(admin, RISK);
    const before = (await server().services.docs.load(RISK)).lastUpdateId;
    socket.send(updateFrame((await invisible(server(), DOC_LIMITS.newWritersPerPersonPerDay + 1, 'many', 888_000_001))));
    expect(await socket.closed).toBe(YJS_CLOSE.DAILY_LIMIT);
    expect((await server().services.docs.load(RISK)).lastUpdateId).toBe(before);
    expect((await server().services.docs.writers(RISK)).has(888_000_001)).toBe(false);
  });

  it('a reader’s awareness claims nothing, and a connection cannot mint awareness ids by removing them', async () => {
    const observer = await new ApiClient(server().url).login(DEMO.observer);
    const socket = await rawSocket(observer, RISK);
    const frame = (entries: { id: number; clock: number; state: unknown }[]) => awarenessFrame(entries.map((e) => ({ clientId: e.id, clock: e.clock, state: e.state })));
    for (let i = 0; i < 20; i++) {
      socket.send(frame([{ id: 999_000 + i, clock: 1, state: { field: 'cause' } }]));
      socket.send(frame([{ id: 999_000 + i, clock: 2, state: null }]));
    }
    const health = await new ApiClient(server().url).login(DEMO.health);
    const watcher = openDoc(health, RISK);
    await watcher.synced();
    socket.send(frame([{ id: 999_000, clock: 3, state: { field: 'effect' } }]));
    await vi.waitFor(() => expect((watcher.provider.awareness.getStates().get(999_000) as { field?: string } | undefined)?.field).toBe('effect'));
    expect(watcher.provider.awareness.getStates().has(999_005)).toBe(false);
    const writers = (await server().services.docs.writers(RISK));
    expect([...writers.keys()].filter((id) => id >= 999_000 && id < 999_100)).toEqual([]);
  });
});

describe('a decision stands under one agenda item', () => {
  const server = useTestServer();

  it('refuses one decision id under two items, and a decision moved to another item moves in the minutes too', async () => {
    const police = await new ApiClient(server().url).login(DEMO.police);
    const agenda = (await police.get<MeetingState>(`${P}/meetings/2`)).body.agenda;
    const [first, second] = [agenda[0]!.id, agenda[1]!.id];
    const twice = await rawSocket(police, MEETING);
    twice.send(
      updateFrame(
        (await updateFor(server(), MEETING, (doc) => {
          doc.getMap(`decisions:${first}`).set('d-twice', new Y.Text('The board APPROVES'));
          doc.getMap(`decisions:${second}`).set('d-twice', new Y.Text('The board REJECTS'));
        })),
      ),
    );
    expect(await twice.closed).toBe(YJS_CLOSE.MALFORMED);

    const writer = openDoc(police, MEETING);
    await writer.synced();
    writer.doc.getMap(`decisions:${first}`).set('d-moving', new Y.Text('Refer to the Operational Group'));
    const decisionItem = async () => (await police.get<Minutes>(`${P}/meetings/2/minutes`)).body;
    await vi.waitFor(async () => expect(JSON.stringify(await decisionItem())).toContain('Refer to the Operational Group'));
    writer.doc.transact(() => {
      writer.doc.getMap(`decisions:${first}`).delete('d-moving');
      writer.doc.getMap(`decisions:${second}`).set('d-moving', new Y.Text('Refer to the Operational Group'));
    });
    await vi.waitFor(async () => {
      const row = (await server().ctx.database.sql.get(`select item_id as "itemId" from meeting_decisions where id = 'd-moving'`)) as { itemId: number };
      expect(row.itemId).toBe(second);
    });
  });
});
