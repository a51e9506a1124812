import * as encoding from 'lib0/encoding';
import { describe, expect, it, vi } from 'vitest';
import type * as Y from 'yjs';
import { DOC_LIMITS, LIMITS, SOCKET_LIMITS } from '../../shared/limits.js';
import { YJS_CLOSE, YJS_LIMITS, docName } from '../../shared/protocol/yjs.js';
import { startTwoProcesses } from '../helpers/cluster.js';
import { ApiClient, DEMO } from '../helpers/http.js';
import { rawSocket, updateFrame } from '../helpers/raw-yjs.js';
import { tryConnect } from '../helpers/socket.js';
import { openDoc } from '../helpers/yjs.js';

/*
 * The caps on open connections and the daily budgets of invisible content, held by two processes
 * between them. Each test fails with CLUSTER_WITHOUT_REDIS=1: each process would count alone, and
 * allow its own full cap.
 */

/** Demo facts: police may edit risk 6. */
const RISK = docName('risk', 6);

/**
 * An update of `n` born-deleted one-character items from one new client id, each placed right after
 * the last character of the risk's cause (see test/security/budgets.test.ts): `n` tombstones.
 */
function invisible(doc: Y.Doc, n: number, client: number): Uint8Array {
  let last = doc.getText('cause')._start;
  while (last?.right) last = last.right;
  const e = encoding.createEncoder();
  encoding.writeVarUint(e, 1);
  encoding.writeVarUint(e, n);
  encoding.writeVarUint(e, client);
  encoding.writeVarUint(e, 0);
  for (let i = 0; i < n; i++) {
    encoding.writeUint8(e, 0x81); // an item with an origin, holding deleted content
    encoding.writeVarUint(e, last!.id.client);
    encoding.writeVarUint(e, last!.id.clock + last!.length - 1);
    encoding.writeVarUint(e, 1);
  }
  encoding.writeVarUint(e, 0); // no delete set
  return encoding.toUint8Array(e);
}

// Two server processes start for each test (each compiles the server with tsx): slow on a loaded machine.
describe('connection caps and daily budgets shared by two server processes', { timeout: 90_000 }, () => {
  it("a person's Socket.io connections at A and at B count against one cap; closing one at A frees a place at B", async () => {
    const { a, b } = await startTwoProcesses();
    const onA = await new ApiClient(a.url).login(DEMO.police);
    const onB = new ApiClient(b.url).adopt(onA.sessionCookie!);
    const half = SOCKET_LIMITS.connectionsPerPerson / 2;
    const opened = await Promise.all(Array.from({ length: SOCKET_LIMITS.connectionsPerPerson }, (_, i) => tryConnect(i % 2 === 0 ? onA : onB)));
    expect(opened.filter((o) => o.connected)).toHaveLength(2 * half);

    // The cap is reached in total: alone, each process would take as many again.
    expect(await tryConnect(onA)).toMatchObject({ connected: false, data: { code: 'RATE_LIMITED' } });
    expect(await tryConnect(onB)).toMatchObject({ connected: false, data: { code: 'RATE_LIMITED' } });

    const atA = opened.find((o, i) => i % 2 === 0 && o.connected);
    if (!atA?.connected) throw new Error('no socket opened at A');
    atA.socket.disconnect();
    await vi.waitFor(async () => expect(await tryConnect(onB)).toMatchObject({ connected: true }), { timeout: 10_000, interval: 100 });
    expect(await tryConnect(onA)).toMatchObject({ connected: false, data: { code: 'RATE_LIMITED' } });
  }, 90_000);

  it('a process killed outright (kill -9) holds its connections\' places only until they expire', async () => {
    const { a, b } = await startTwoProcesses();
    const onA = await new ApiClient(a.url).login(DEMO.police);
    const onB = new ApiClient(b.url).adopt(onA.sessionCookie!);
    const opened = await Promise.all(Array.from({ length: SOCKET_LIMITS.connectionsPerPerson }, () => tryConnect(onA)));
    expect(opened.filter((o) => o.connected)).toHaveLength(SOCKET_LIMITS.connectionsPerPerson);
    await a.kill9();
    // A's sockets are gone, but nobody released them: their places stay taken at B for now...
    expect(await tryConnect(onB)).toMatchObject({ connected: false, data: { code: 'RATE_LIMITED' } });
    // ...and come free once they are no longer renewed, not never.
    await vi.waitFor(async () => expect(await tryConnect(onB)).toMatchObject({ connected: true }), { timeout: LIMITS.openConnectionExpiryMs + 10_000, interval: 1000 });
  }, LIMITS.openConnectionExpiryMs + 60_000);

  it("a session's document connections at A and at B count against one cap; closing one at B frees a place at A", async () => {
    const { a, b } = await startTwoProcesses();
    const onA = await new ApiClient(a.url).login(DEMO.police);
    const onB = new ApiClient(b.url).adopt(onA.sessionCookie!);
    const max = YJS_LIMITS.maxConnectionsPerSession;
    const opened = await Promise.all(Array.from({ length: max }, (_, i) => rawSocket(i % 2 === 0 ? onA : onB, RISK)));
    // Refused before the upgrade (429): alone, each process would take as many again.
    await expect(rawSocket(onA, RISK)).rejects.toThrow(/429/);
    await expect(rawSocket(onB, RISK)).rejects.toThrow(/429/);

    opened[1]!.ws.close();
    await vi.waitFor(() => expect(rawSocket(onA, RISK)).resolves.toBeDefined(), { timeout: 10_000, interval: 100 });
    await expect(rawSocket(onB, RISK)).rejects.toThrow(/429/);
  }, 90_000);

  it("what a person spends of a document's daily budget at A is spent at B too", async () => {
    const { a, b } = await startTwoProcesses();
    const onA = await new ApiClient(a.url).login(DEMO.police);
    const onB = new ApiClient(b.url).adopt(onA.sessionCookie!);
    // Watchers at each process: they see an update once it is stored and broadcast there.
    const watchA = openDoc(onA, RISK);
    const watchB = openDoc(onB, RISK);
    await Promise.all([watchA.synced(), watchB.synced()]);

    const first = await rawSocket(onA, RISK);
    first.send(updateFrame(invisible(watchA.doc, DOC_LIMITS.tombstonesPerPersonPerDay - 10, 777_000_001)));
    await vi.waitFor(() => expect(watchA.doc.store.clients.has(777_000_001)).toBe(true), { timeout: 20_000, interval: 50 });

    // Eleven more at B passes the day's budget by one: refused, and never stored. Alone, B would take them.
    const second = await rawSocket(onB, RISK);
    // Placed after what B's watcher holds: content B has, whether or not it heard of A's update.
    second.send(updateFrame(invisible(watchB.doc, 11, 777_000_002)));
    const stored = vi.waitFor(() => expect(watchB.doc.store.clients.has(777_000_002)).toBe(true), { timeout: 20_000, interval: 50 }).then(() => 'stored');
    expect(await Promise.race([second.closed, stored.catch(() => 'not stored')])).toBe(YJS_CLOSE.DAILY_LIMIT);
  }, 90_000);
});
