import { createClient } from 'redis';
import { describe, expect, it, onTestFinished, vi } from 'vitest';
import * as Y from 'yjs';
import { YJS_CLOSE, docName } from '../../shared/protocol/yjs.js';
import { ApiClient, DEMO } from '../helpers/http.js';
import { awarenessFrame, rawSocket, storedDoc, updateFrame } from '../helpers/raw-yjs.js';
import { startTestRedis } from '../helpers/redis.js';
import { startTestServer } from '../helpers/server.js';
import { openDoc } from '../helpers/yjs.js';

/*
 * What a document's saving asks of Redis (REDIS_URL), while Redis does not answer (CLIENT PAUSE WRITE).
 *
 * A page announces its Yjs client id in presence before it types, and from then on the id is its
 * person's. With Redis the claim waits for the daily budget's answer from Redis; the id must be held for
 * its owner meanwhile (found by a review): else another editor who saw the announcement could write with
 * it first, and the owner's own edits would then be refused as written "as another editor's page".
 */
const RISK = docName('risk', 6);

/** A server on a Redis of its own, which the test can make stop answering writes (and answer again). */
async function serverOnPausableRedis(prefix: string) {
  const redis = await startTestRedis();
  const server = await startTestServer({ redisUrl: redis.url, redisPrefix: prefix });
  const admin = createClient({ url: redis.url });
  await admin.connect();
  const unpause = async () => void (await admin.sendCommand(['CLIENT', 'UNPAUSE']));
  onTestFinished(async () => {
    await unpause().catch(() => undefined);
    await admin.close();
  });
  return { server, pause: async () => void (await admin.sendCommand(['CLIENT', 'PAUSE', '30000', 'WRITE'])), unpause };
}

describe('saving while Redis does not answer', () => {
  it('an id announced while its claim waits is its page’s already: another editor writing with it is refused, and the owner’s edits go through', { timeout: 60_000 }, async () => {
    const { server, pause, unpause } = await serverOnPausableRedis('claims-test');
    // Risk 6 is police-led; the administrator may edit it too.
    const administrator = await new ApiClient(server.url).login(DEMO.admin);
    const police = await new ApiClient(server.url).login(DEMO.police);

    // Both pages connected first; then Redis holds every write: a claim's budget answer does not come yet.
    const owner = await rawSocket(administrator, RISK);
    const attacker = await rawSocket(police, RISK);
    await vi.waitFor(() => expect(attacker.received.length).toBeGreaterThan(0));
    await pause();
    // The administrator's page announces an id; the server has heard it once it relays it to the other page.
    const id = 42_424_242;
    const heard = attacker.received.length;
    owner.send(awarenessFrame([{ clientId: id, clock: 1, state: { field: 'cause' } }]));
    await vi.waitFor(() => expect(attacker.received.length).toBeGreaterThan(heard), { timeout: 10_000, interval: 20 });

    const written = async (as: number, text: string) => {
      const doc = await storedDoc(server, RISK);
      doc.clientID = as;
      const before = Y.encodeStateVector(doc);
      doc.getText('cause').insert(0, text);
      return Y.encodeStateAsUpdate(doc, before);
    };
    // The police officer writes with the administrator's announced id while its claim waits.
    attacker.send(updateFrame(await written(id, 'Typed as the administrator’s page. ')));
    expect(await attacker.closed).toBe(YJS_CLOSE.MALFORMED);

    // Redis answers again: the administrator's claim lands, and their typing with that id is stored.
    await unpause();
    owner.send(updateFrame(await written(id, 'The administrator’s own words. ')));
    await vi.waitFor(async () => expect((await storedDoc(server, RISK)).getText('cause').toString()).toContain('The administrator’s own words.'), { timeout: 15_000, interval: 50 });
    expect((await storedDoc(server, RISK)).getText('cause').toString()).not.toContain('Typed as the administrator’s page.');
  });

  it('a Redis that stops answering does not hold saving: an edit with a cost is stored on this process\'s own budget', { timeout: 60_000 }, async () => {
    const { server, pause } = await serverOnPausableRedis('budget-wait-test');
    const police = await new ApiClient(server.url).login(DEMO.police);
    const page = openDoc(police, RISK);
    onTestFinished(() => page.destroy());
    await page.synced();
    const cause = page.doc.getText('cause');
    expect(cause.length).toBeGreaterThan(5);
    await pause();
    // A deletion: content that stays in the state for good, paid for from the daily budget.
    const kept = cause.toString().slice(5);
    cause.delete(0, 5);
    await vi.waitFor(async () => expect((await storedDoc(server, RISK)).getText('cause').toString()).toBe(kept), { timeout: 4000, interval: 50 });
  });
});

