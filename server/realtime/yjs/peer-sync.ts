import * as awarenessProtocol from 'y-protocols/awareness';
import type { CommitQueue, CommitQueueHooks } from './commit-queue.js';
import type { DocRepository } from './doc-kind.js';
import { FROM_PEER, type LiveDoc } from './live-doc.js';
import { StaleDoc, type DocPeers, type PeerMessage } from './peers.js';

/** How long a document's load waits to hear its channel before it reads the store anyway (Redis may be down). */
const JOIN_WAIT_MS = 2000;

interface PeerSyncDeps {
  peers: DocPeers;
  docs: DocRepository;
  /** Whether `live` is still the loaded document of its name (not unloaded meanwhile). */
  loaded(live: LiveDoc): boolean;
  log(message: string, extra?: Record<string, unknown>): void;
}

/**
 * Keeps a document loaded in several server processes the same everywhere (REDIS_URL). Each process
 * stores what its own connections send, then publishes it; the others apply it and send it to their
 * connections, never storing it or projecting it again.
 *
 * The one rule that makes this safe: a process's copy holds every stored update up to its
 * `lastUpdateId`, nothing missing. Published batches carry the id before them, so a receiver applies
 * one only if it follows on from its copy, and otherwise reads the store (a message lost or
 * overtaken, a load in between). Before an update of its own is stored, each process checks, in the
 * same transaction, that nobody stored to the document since its copy (`fresh`): the update was
 * tried against exactly what is stored, so rules, projections and contested values hold across
 * processes as within one, and a fold (compaction) never drops an update its copy lacks.
 */
export class PeerSync {
  /** The queue, set once built (the queue is given this object's hooks). */
  private queue: CommitQueue | null = null;

  constructor(private readonly deps: PeerSyncDeps) {}

  /** The commit queue's part: freshness inside the transaction, publishing after it, catching up. */
  hooks(): Pick<CommitQueueHooks, 'fresh' | 'committed' | 'catchUp'> {
    return {
      fresh: (live, first, claims, editorId) => this.fresh(live, first, claims, editorId),
      committed: (live, batch) => this.deps.peers.publish(live.docName, { type: 'stored', ...batch }),
      catchUp: (live) => this.catchUp(live),
    };
  }

  use(queue: CommitQueue): void {
    this.queue = queue;
  }

  /**
   * Listens to the document's channel BEFORE its stored state is read: whatever another process
   * publishes after that read is heard (and what it published before is in the read; applying an
   * update twice changes nothing in Yjs). Answers the function to call once the document is built.
   */
  async join(docName: string): Promise<(live: LiveDoc) => void> {
    const inbox: PeerMessage[] = [];
    let target: LiveDoc | null = null;
    const listening = this.deps.peers.join(docName, (message) => (target ? this.receive(target, message) : inbox.push(message)));
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<'late'>((resolve) => (timer = setTimeout(() => resolve('late'), JOIN_WAIT_MS)));
    // Loading anyway is safe: the first update stored here, or the next one heard, brings the copy up to date.
    if ((await Promise.race([listening, late])) === 'late') this.deps.log('document channel not joined in time; loading without it for now', { doc: docName });
    clearTimeout(timer);
    return (live) => {
      target = live;
      live.awareness.on('update', ({ added, updated, removed }: Record<'added' | 'updated' | 'removed', number[]>, origin: unknown) => {
        // Each process times out what it heard by itself; what came from another is not sent back.
        if (origin === FROM_PEER || origin === 'timeout') return;
        const changed = [...added, ...updated, ...removed];
        if (changed.length > 0) this.deps.peers.publish(docName, { type: 'awareness', update: awarenessProtocol.encodeAwarenessUpdate(live.awareness, changed) });
      });
      for (const message of inbox.splice(0)) this.receive(live, message);
      // Whoever has it open too tells who is here now, rather than at their next renewal (15 s).
      this.deps.peers.publish(docName, { type: 'hello' });
    };
  }

  leave(docName: string): void {
    this.deps.peers.leave(docName);
  }

  private receive(live: LiveDoc, message: PeerMessage): void {
    if (!this.deps.loaded(live)) return;
    try {
      switch (message.type) {
        case 'stored':
          // Never while an update of this process is being tried on the shadow.
          this.queue!.between(() => this.applyStored(live, message));
          return;
        case 'awareness':
          awarenessProtocol.applyAwarenessUpdate(live.awareness, message.update, FROM_PEER);
          return;
        case 'hello': {
          const ids = live.ownAwarenessIds();
          if (ids.length > 0) this.deps.peers.publish(live.docName, { type: 'awareness', update: awarenessProtocol.encodeAwarenessUpdate(live.awareness, ids) });
          return;
        }
      }
    } catch (err) {
      this.deps.log('could not apply what another process sent', { doc: live.docName, type: message.type, error: String(err) });
    }
  }

  private async applyStored(live: LiveDoc, message: Extract<PeerMessage, { type: 'stored' }>): Promise<void> {
    if (!this.deps.loaded(live) || message.lastId <= live.lastUpdateId) return;
    // Something between what this copy holds and this batch is missing here: read the store instead.
    if (message.prevId !== live.lastUpdateId) return this.catchUp(live);
    try {
      for (const [clientId, personId] of message.writers) live.writers.set(clientId, personId);
      live.applyFromPeer(message.updates);
      live.lastUpdateId = message.lastId;
    } catch (err) {
      this.deps.log('could not apply updates another process stored; reading the store', { doc: live.docName, error: String(err) });
      await this.catchUp(live);
    }
  }

  /** Reads the document as stored (snapshot and log) into this copy: only what is new here changes anything. */
  private async catchUp(live: LiveDoc): Promise<void> {
    const [stored, writers] = await Promise.all([this.deps.docs.load(live.docName), this.deps.docs.writers(live.docName)]);
    if (!this.deps.loaded(live)) return;
    for (const [clientId, personId] of writers) live.writers.set(clientId, personId);
    live.applyFromPeer([...(stored.snapshot ? [stored.snapshot] : []), ...stored.updates]);
    // Exact again (a snapshot's bytes are not an increment of the state's size).
    live.resetShadow();
    live.lastUpdateId = Math.max(live.lastUpdateId, stored.lastUpdateId);
  }

  private async fresh(live: LiveDoc, first: boolean, claims: readonly number[], editorId: number): Promise<void> {
    if (first && (await this.deps.docs.head(live.docName)) !== live.lastUpdateId) throw new StaleDoc(live.docName);
    if (claims.length === 0) return;
    const stored = await this.deps.docs.writers(live.docName);
    if (claims.some((c) => (stored.get(c) ?? editorId) !== editorId)) throw new StaleDoc(live.docName);
  }
}
