import * as Y from 'yjs';
import * as awarenessProtocol from 'y-protocols/awareness';
import type { DocName } from '../../../shared/protocol/yjs.js';
import type { DocKindHandler } from '../../services/doc-handlers.js';
import type { YjsConnection } from './connection.js';
import { awarenessMessage, updateMessage } from './protocol.js';

/**
 * One loaded document: its Y.Doc (always equal to what is stored: updates are applied only after they
 * are committed), the validated reading of it, awareness, and the connections on it.
 */
export class LiveDoc {
  readonly doc = new Y.Doc({ gc: true });
  /**
   * A copy that every incoming update is tried on first. Kept in step with `doc`, so trying an update
   * costs the update, not the document; rebuilt from `doc` when a tried update is refused.
   */
  shadow = new Y.Doc({ gc: true });
  readonly awareness = new awarenessProtocol.Awareness(this.doc);
  readonly connections = new Set<YjsConnection>();
  state: unknown;
  lastUpdateId = 0;
  /** Updates stored since the last snapshot. */
  pendingCount = 0;
  unloadTimer: NodeJS.Timeout | null = null;

  constructor(
    readonly docName: string,
    readonly name: DocName,
    readonly partnershipId: number,
    readonly handler: DocKindHandler<unknown>,
  ) {
    // The server holds no awareness state of its own.
    this.awareness.setLocalState(null);
    this.doc.on('update', (update: Uint8Array, origin: unknown) => {
      const message = updateMessage(update);
      for (const conn of this.connections) if (conn !== origin) conn.send(message);
    });
    this.awareness.on('update', ({ added, updated, removed }: { added: number[]; updated: number[]; removed: number[] }, origin: unknown) => {
      const changed = [...added, ...updated, ...removed];
      if (origin && typeof origin === 'object' && 'controlledIds' in origin) {
        const conn = origin as YjsConnection;
        for (const id of [...added, ...updated]) conn.controlledIds.add(id);
        for (const id of removed) conn.controlledIds.delete(id);
      }
      const message = awarenessMessage(this.awareness, changed);
      for (const conn of this.connections) conn.send(message);
    });
  }

  resetShadow(): void {
    this.shadow.destroy();
    this.shadow = new Y.Doc({ gc: true });
    Y.applyUpdate(this.shadow, Y.encodeStateAsUpdate(this.doc));
  }

  destroy(): void {
    this.shadow.destroy();
    if (this.unloadTimer) clearTimeout(this.unloadTimer);
    this.awareness.destroy();
    this.doc.destroy();
  }
}
