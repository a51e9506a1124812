import { IndexeddbPersistence } from 'y-indexeddb';
import { WebsocketProvider } from 'y-websocket';
import * as Y from 'yjs';
import { docName } from '../../../../shared/protocol/yjs';
import type { Me } from '../../../../shared/schemas/auth';
import { riskApi } from '../api/risks';

/** How many of a person's own risks are kept ready for use with no signal. */
const OWN_RISKS_KEPT = 25;
/** A document that does not sync in this long is left for next time. */
const SYNC_WAIT_MS = 15_000;

let keptFor: string | null = null;

/**
 * Keeps the open risks a person owns ready on this device (issue 16 item 3): a risk owner on a train
 * can open one they have not opened here before. Each risk's page reads (detail, history) go through
 * the service worker, which keeps them; its document is synced once into IndexedDB, as opening the
 * page would. Only with a service worker in control (else nothing would be kept for the page) and a
 * connection; quietly, in the background, after the home page has what it needs.
 */
export async function keepOwnRisksOffline(me: Me): Promise<void> {
  if (!navigator.onLine || !navigator.serviceWorker?.controller) return;
  // Once per page load and person: going back to the home page does not do it again.
  const who = `${me.partnership.id}:${me.person.id}`;
  if (keptFor === who) return;
  keptFor = who;
  const pid = me.partnership.id;
  let ids: number[];
  try {
    const page = await riskApi.registerPage(pid, { ownerId: me.person.id, status: 'open', limit: OWN_RISKS_KEPT }, undefined, { background: true });
    ids = page.rows.map((r) => r.id);
  } catch {
    return;
  }
  for (const riskId of ids) {
    try {
      await Promise.all([riskApi.detail(pid, riskId, { background: true }), riskApi.history(pid, riskId, { background: true })]);
      await syncOnce(docName('risk', riskId));
    } catch {
      // Kept next time: this is a convenience, never a failure the person sees.
    }
  }
}

/** One document synced into IndexedDB and let go: what a page opened and closed would leave. */
async function syncOnce(name: string): Promise<void> {
  const doc = new Y.Doc();
  const stored = new IndexeddbPersistence(name, doc);
  await stored.whenSynced;
  const scheme = location.protocol === 'https:' ? 'wss' : 'ws';
  const provider = new WebsocketProvider(`${scheme}://${location.host}/yjs`, name, doc, { connect: true });
  try {
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('not synced')), SYNC_WAIT_MS);
      provider.once('sync', (synced: boolean) => {
        clearTimeout(timer);
        if (synced) resolve();
        else reject(new Error('not synced'));
      });
    });
  } finally {
    provider.destroy();
    await stored.destroy();
    doc.destroy();
  }
}
