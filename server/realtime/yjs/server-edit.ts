import type { WebSocket } from 'ws';
import * as Y from 'yjs';
import type { LiveDoc } from './live-doc.js';

/**
 * The socket of a server-made edit (see DocEditor): nothing is sent on it, and the close the commit
 * queue gives a refused update is kept as the refusal's reason.
 */
export class EditSocket {
  readonly OPEN = 1;
  readyState = 3;
  closed: { code: number; reason: string } | null = null;
  send(): void {}
  close(code: number, reason: string): void {
    this.closed ??= { code, reason };
  }
  asWebSocket(): WebSocket {
    return this as unknown as WebSocket;
  }
}

/**
 * The update that makes `mutate`'s change to the document as it will stand when the update is tried
 * (what is stored plus what is staged: the shadow), written with a client id nobody has written with.
 * Null when the change changes nothing.
 */
export function updateFor(live: LiveDoc, mutate: (doc: Y.Doc) => void): Uint8Array | null {
  const copy = new Y.Doc();
  try {
    Y.applyUpdate(copy, Y.encodeStateAsUpdate(live.shadow));
    while (live.writers.has(copy.clientID) || live.shadow.store.clients.has(copy.clientID)) copy.clientID = Math.floor(Math.random() * 2 ** 31);
    const before = Y.encodeStateVector(copy);
    let changed = false;
    const onUpdate = () => (changed = true);
    copy.on('update', onUpdate);
    copy.transact(() => mutate(copy));
    copy.off('update', onUpdate);
    return changed ? Y.encodeStateAsUpdate(copy, before) : null;
  } finally {
    copy.destroy();
  }
}
