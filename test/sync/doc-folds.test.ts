import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { docName } from '../../shared/protocol/yjs.js';
import { startTestServer } from '../helpers/server.js';

/*
 * Folding a document's updates into a snapshot, when several processes may each fold it (REDIS_URL):
 * a fold never goes back to an older state, and never past what is stored.
 */
describe('folding a document’s updates', () => {
  it('never replaces a newer snapshot with an older one, and refuses to fold past the last stored update', async () => {
    const server = await startTestServer();
    const docs = server.services.docs;
    const name = docName('risk', 6);
    const stored = await docs.load(name);
    const head = await docs.head(name);
    expect(head).toBe(stored.lastUpdateId);
    expect(head).toBeGreaterThan(1);
    const whole = new Y.Doc();
    for (const u of [stored.snapshot, ...stored.updates]) if (u) Y.applyUpdate(whole, u);
    const state = Y.encodeStateAsUpdate(whole);

    await expect(docs.compact(name, state, head + 1, Date.now())).rejects.toThrow(/refusing to fold/);
    expect((await docs.load(name)).updates.length).toBe(stored.updates.length);

    await docs.compact(name, state, head, Date.now());
    expect(await docs.load(name)).toMatchObject({ updates: [], lastUpdateId: head });
    // Another process folding later what it held earlier (less): the newer snapshot stands.
    await docs.compact(name, Y.encodeStateAsUpdate(new Y.Doc()), head - 1, Date.now());
    const after = await docs.load(name);
    expect(after.lastUpdateId).toBe(head);
    expect(Buffer.from(after.snapshot!).equals(Buffer.from(state))).toBe(true);
  });
});
