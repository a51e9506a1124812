import * as Y from 'yjs';
import * as awarenessProtocol from 'y-protocols/awareness';
import { DOC_LIMITS } from '../../../shared/limits.js';
import type { DocName } from '../../../shared/protocol/yjs.js';
import type { DocKindHandler } from './doc-kind.js';
import type { YjsConnection } from './connection.js';
import { awarenessMessage, updateMessage } from './protocol.js';

/** The origin of what another server process sent (see peer-sync.ts): its updates and presence. */
export const FROM_PEER = Symbol('another server process');

/**
 * One loaded document: its Y.Doc (always equal to what is stored: updates are applied only after they
 * are committed), the validated reading of it, awareness, and the connections on it. Updates tried
 * but not yet committed (the commit queue's current group) live only in the shadow and `staged`.
 */
export class LiveDoc {
  readonly doc = new Y.Doc({ gc: true });
  /**
   * A copy that every incoming update is tried on first: `doc` plus the staged updates. Kept in step,
   * so trying an update costs the update, not the document; rebuilt when a tried update is refused.
   */
  shadow = new Y.Doc({ gc: true });
  /** Updates tried on the shadow and waiting for their group's commit, in order. */
  staged: Uint8Array[] = [];
  readonly awareness = new awarenessProtocol.Awareness(this.doc);
  readonly connections = new Set<YjsConnection>();
  /** Awareness client id → the connection that introduced it (see ownAwarenessUpdate). */
  private readonly awarenessOwners = new Map<number, YjsConnection>();
  /** Awareness client ids another server process's connections introduced: nobody here may speak for them. */
  private readonly peerAwareness = new Set<number>();
  /** The validated reading of `doc` (what is stored). */
  state: unknown;
  /** The reading of the shadow: `state` with the staged updates; the `before` of the next update tried. */
  tipState: unknown;
  lastUpdateId = 0;
  /** Updates stored since the last snapshot. */
  pendingCount = 0;
  /**
   * Bytes of the shadow's encoded state, or a little more: exact after load and after a refusal, then
   * grown by each accepted update's size, so the size limit costs nothing until a doc nears it.
   */
  stateBytes = 0;
  /** Yjs client id → the person who writes with it (see docWriters). */
  writers = new Map<number, number>();
  /** Ids in `writers` whose claim is not stored yet: the next stored update writing with one claims it. */
  readonly unstoredClaims = new Set<number>();
  /**
   * Ids a page announced, whose claim waits for the daily budget's answer (from Redis, with several
   * processes) → whose they will be. Held from the announcement on, synchronously: nobody who saw the
   * id may write with it meanwhile (stage.ts), and its owner's own update does not pay for it twice.
   */
  readonly pendingClaims = new Map<number, number>();
  unloadTimer: NodeJS.Timeout | null = null;

  constructor(
    readonly docName: string,
    readonly name: DocName,
    readonly partnershipId: number,
    readonly handler: DocKindHandler<unknown>,
  ) {
    // The server holds no awareness state of its own.
    this.awareness.setLocalState(null);
    this.awareness.on('update', ({ added, updated, removed }: { added: number[]; updated: number[]; removed: number[] }, origin: unknown) => {
      const changed = [...added, ...updated, ...removed];
      if (origin && typeof origin === 'object' && 'controlledIds' in origin) {
        const conn = origin as YjsConnection;
        for (const id of [...added, ...updated]) {
          conn.controlledIds.add(id);
          this.awarenessOwners.set(id, conn);
        }
        for (const id of removed) conn.controlledIds.delete(id);
      }
      if (origin === FROM_PEER) for (const id of [...added, ...updated]) this.peerAwareness.add(id);
      for (const id of removed) {
        this.awarenessOwners.delete(id);
        this.peerAwareness.delete(id);
      }
      const message = awarenessMessage(this.awareness, changed);
      for (const conn of this.connections) conn.send(message);
    });
  }

  /**
   * Applies updates that have just been stored, as one Yjs transaction, and sends them as one message
   * (the bytes as stored when there is one) to every connection but `except`, their only author.
   */
  applyStored(updates: Uint8Array[], except: YjsConnection | null): void {
    // Several: Yjs encodes what the transaction added, cheaper than merging the updates' bytes.
    let sent: Uint8Array | null = updates.length === 1 ? updates[0]! : null;
    const take = (u: Uint8Array) => void (sent = u);
    if (!sent) this.doc.on('update', take);
    try {
      Y.transact(this.doc, () => updates.forEach((u) => Y.applyUpdate(this.doc, u)), except);
    } finally {
      this.doc.off('update', take);
    }
    if (!sent) return;
    const message = updateMessage(sent);
    for (const conn of this.connections) if (conn !== except) conn.send(message);
  }

  /**
   * Applies updates another server process has stored (and checked): to the document and to the
   * shadow, which equals it while nothing is staged (the commit queue runs this between its turns);
   * sends every connection here only what was new here, and reads the state again. Nothing is stored.
   * Returns whether anything was new.
   */
  applyFromPeer(updates: Uint8Array[]): boolean {
    let added: Uint8Array | null = null;
    const take = (u: Uint8Array) => void (added = u);
    this.doc.on('update', take);
    try {
      Y.transact(this.doc, () => updates.forEach((u) => Y.applyUpdate(this.doc, u)), FROM_PEER);
    } finally {
      this.doc.off('update', take);
    }
    if (!added) return false;
    Y.applyUpdate(this.shadow, added);
    this.stateBytes += (added as Uint8Array).byteLength;
    this.state = this.handler.read(this.doc, this.name);
    this.tipState = this.state;
    const message = updateMessage(added);
    for (const conn of this.connections) conn.send(message);
    return true;
  }

  /** The awareness client ids this process's own connections speak for (what it tells another process that asks). */
  ownAwarenessIds(): number[] {
    return [...this.awarenessOwners.keys()].filter((id) => this.awareness.getStates().has(id));
  }

  /** Rebuilds the shadow from what is stored and what is staged (after a tried update was refused). */
  resetShadow(): void {
    this.shadow.destroy();
    this.shadow = new Y.Doc({ gc: true });
    const stored = Y.encodeStateAsUpdate(this.doc);
    Y.applyUpdate(this.shadow, stored);
    if (this.staged.length === 0) {
      this.stateBytes = stored.byteLength;
      return;
    }
    Y.transact(this.shadow, () => this.staged.forEach((u) => Y.applyUpdate(this.shadow, u)));
    this.stateBytes = Y.encodeStateAsUpdate(this.shadow).byteLength;
  }

  /** Forgets what was staged (the group was stored and applied, or it failed): the shadow is `doc` again. */
  unstage(rebuild: boolean): void {
    this.staged = [];
    this.tipState = this.state;
    if (rebuild) this.resetShadow();
  }

  /**
   * The state's size once `update` (already applied to the shadow) is accepted: the running estimate
   * while it is comfortably under the limit, measured exactly on the shadow when it may not be.
   */
  stateBytesAfter(update: Uint8Array): number {
    const estimate = this.stateBytes + update.byteLength;
    return estimate <= DOC_LIMITS.stateBytesMax ? estimate : Y.encodeStateAsUpdate(this.shadow).byteLength;
  }

  /**
   * Takes out of the shadow what an update could not integrate (content it depends on has not arrived),
   * so that it cannot be completed later by someone else's update. Returns it as one update, or null.
   */
  takePending(): Uint8Array | null {
    const store = this.shadow.store;
    // Yjs keeps what it could not integrate in its V2 encoding; the rest of the server speaks V1.
    const parts = [store.pendingStructs?.update, store.pendingDs].filter((u): u is Uint8Array => !!u).map((u) => Y.convertUpdateFormatV2ToV1(u));
    store.pendingStructs = null;
    store.pendingDs = null;
    return parts.length === 0 ? null : parts.length === 1 ? parts[0]! : Y.mergeUpdates(parts);
  }

  /** Whether a connection other than `asker` introduced this awareness client id. */
  awarenessOwner(clientId: number, asker: YjsConnection): boolean {
    if (this.peerAwareness.has(clientId)) return true;
    const owner = this.awarenessOwners.get(clientId);
    return owner !== undefined && owner !== asker && this.connections.has(owner);
  }

  destroy(): void {
    this.shadow.destroy();
    if (this.unloadTimer) clearTimeout(this.unloadTimer);
    this.awareness.destroy();
    this.doc.destroy();
  }
}
