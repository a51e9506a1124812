import { describe, expect, it, vi } from 'vitest';
import * as Y from 'yjs';
import { YJS_CLOSE, YJS_LIMITS, docName } from '../../shared/protocol/yjs.js';
import type { BoardDetail } from '../../shared/schemas/admin.js';
import type { RiskDetail } from '../../shared/schemas/risk.js';
import { ApiClient, DEMO } from '../helpers/http.js';
import { useTestServer } from '../helpers/server.js';
import { openDoc } from '../helpers/yjs.js';
import { rawSocket, updateFrame } from '../helpers/raw-yjs.js';

const P = '/api/partnerships/1';

describe('bad frames close their own connection only', () => {
  const server = useTestServer();

  it('closes a connection that sends garbage, while its neighbour keeps editing', async () => {
    const police = await new ApiClient(server().url).login(DEMO.police);
    const neighbour = openDoc(police, docName('risk', 6));
    await neighbour.synced();
    const bad = await rawSocket(police, docName('risk', 6));
    bad.ws.send(Buffer.from([0xff, 0xff, 0xff, 0xff, 0x0f, 0x01, 0x02]));
    expect(await bad.closed).toBe(YJS_CLOSE.MALFORMED);

    neighbour.doc.getText('effect').insert(0, 'still here ');
    await vi.waitFor(async () => expect((await police.get<RiskDetail>(`${P}/risks/6`)).body.effect).toMatch(/^still here /));
    expect((await police.get('/api/health')).status).toBe(200);
  });

  it('closes a connection that sends a text frame or a truncated sync message', async () => {
    const police = await new ApiClient(server().url).login(DEMO.police);
    const text = await rawSocket(police, docName('risk', 6));
    text.ws.send('hello');
    expect(await text.closed).toBe(YJS_CLOSE.MALFORMED);
    const truncated = await rawSocket(police, docName('risk', 6));
    truncated.ws.send(Buffer.from([0, 2, 50, 1]));
    expect(await truncated.closed).toBe(YJS_CLOSE.MALFORMED);
  });

  it('closes a connection that sends an oversized frame', async () => {
    const police = await new ApiClient(server().url).login(DEMO.police);
    const big = await rawSocket(police, docName('risk', 6));
    big.ws.send(Buffer.alloc(YJS_LIMITS.maxMessageBytes + 1024, 1));
    expect(await big.closed).toBe(YJS_CLOSE.TOO_LARGE);
    expect((await police.get('/api/health')).status).toBe(200);
  });

  it('refuses an update that breaks the risk’s rules, and stores nothing of it', async () => {
    const police = await new ApiClient(server().url).login(DEMO.police);
    const before = (await police.get<RiskDetail>(`${P}/risks/6`)).body;
    const state = (await server().services.docs.load(docName('risk', 6)));
    const doc = new Y.Doc();
    for (const u of [state.snapshot, ...state.updates]) if (u) Y.applyUpdate(doc, u);
    const sv = Y.encodeStateVector(doc);
    doc.getMap('fields').set('currentLikelihood', 9);
    doc.getText('title').insert(0, 'SMUGGLED ');
    const bad = await rawSocket(police, docName('risk', 6));
    bad.ws.send(updateFrame(Y.encodeStateAsUpdate(doc, sv)));
    expect(await bad.closed).toBe(YJS_CLOSE.MALFORMED);
    const after = (await police.get<RiskDetail>(`${P}/risks/6`)).body;
    expect(after.current).toEqual(before.current);
    expect(after.title).toBe(before.title);
  });

  it('closes a connection that floods the server with messages', async () => {
    const police = await new ApiClient(server().url).login(DEMO.police);
    const flood = await rawSocket(police, docName('risk', 6));
    const query = Buffer.from([3]);
    for (let i = 0; i < YJS_LIMITS.messageBurst + 50; i++) flood.ws.send(query);
    expect(await flood.closed).toBe(YJS_CLOSE.RATE_LIMITED);
  });
});

describe('rights follow membership while connected', () => {
  const server = useTestServer();

  it('demotes an open editor to read-only when their membership is removed', async () => {
    const admin = await new ApiClient(server().url).login(DEMO.admin);
    const chair = await new ApiClient(server().url).login(DEMO.chair);
    // R-002 is escalated to the Improvement Board; the chair's right to edit it comes only from chairing that board.
    const editor = openDoc(chair, docName('risk', 2));
    await editor.synced();
    expect(editor.readOnlyReasons).toEqual([]);

    const board = (await admin.get<BoardDetail>(`${P}/boards/1`)).body;
    const seat = board.members.find((m) => m.personName === 'Margaret Ellison')!;
    expect((await admin.delete(`${P}/boards/1/memberships/${seat.id}`)).status).toBe(204);
    await vi.waitFor(() => expect(editor.readOnlyReasons.length).toBeGreaterThan(0));

    editor.doc.getText('title').insert(0, 'AFTER REMOVAL ');
    const watcher = openDoc(await new ApiClient(server().url).login(DEMO.health), docName('risk', 2));
    await watcher.synced();
    expect(watcher.doc.getText('title').toString()).not.toContain('AFTER REMOVAL');
  });
});

describe('a risk document holds only what a risk has', () => {
  const server = useTestServer();

  it('refuses an update that adds anything else, and stores nothing of it', async () => {
    const police = await new ApiClient(server().url).login(DEMO.police);
    const before = (await server().services.docs.load(docName('risk', 6)));
    const doc = new Y.Doc();
    for (const u of [before.snapshot, ...before.updates]) if (u) Y.applyUpdate(doc, u);
    const sv = Y.encodeStateVector(doc);
    doc.getText('smuggled').insert(0, 'x'.repeat(1000));
    const bad = await rawSocket(police, docName('risk', 6));
    bad.ws.send(updateFrame(Y.encodeStateAsUpdate(doc, sv)));
    expect(await bad.closed).toBe(YJS_CLOSE.MALFORMED);
    const after = (await server().services.docs.load(docName('risk', 6)));
    expect(after.updates.length).toBe(before.updates.length);
  });
});
