/**
 * What one server process tells the others about a document they both have loaded, when several run
 * behind a load balancer (REDIS_URL; realtime/cluster/doc-channels.ts carries these over Redis).
 * Declared here, by the Yjs server that speaks them, so that it depends on no transport.
 */
export type PeerMessage =
  /**
   * Updates the sender has stored (and applied, and broadcast to its own connections): ids after
   * `prevId` up to `lastId`, with nothing of anyone else's stored between them. Receivers apply and
   * broadcast them; they never store them again, nor run their projections (the sender did).
   */
  | { type: 'stored'; prevId: number; lastId: number; updates: Uint8Array[]; writers: [clientId: number, personId: number][] }
  /** Presence of the sender's own connections: a y-protocols awareness update, as the sender checked it. */
  | { type: 'awareness'; update: Uint8Array }
  /** The sender has just loaded the document: the others answer with their connections' presence. */
  | { type: 'hello' };

/** The channel per document between processes. Absent: one process, nothing to share. */
export interface DocPeers {
  /**
   * Listens to the document's channel; resolves once listening, so that whatever is published after
   * the caller then reads the stored document reaches it. `deliver` hears the other processes only.
   */
  join(docName: string, deliver: (message: PeerMessage) => void): Promise<void>;
  /** Stops listening (the document was unloaded here). */
  leave(docName: string): void;
  /** To every other process that has the document loaded; a failure is logged, never thrown. */
  publish(docName: string, message: PeerMessage): void;
}

/**
 * Thrown from an entry's admit, inside the group's transaction: another process stored an update to
 * this document that this process has not applied yet (or claimed one of its client ids), so what
 * the update was tried against is not what is stored. The entry is tried again once the document has
 * caught up (see CommitQueue); its sender is never refused for it.
 */
export class StaleDoc extends Error {
  constructor(readonly docName: string) {
    super(`${docName} changed in another process since the update was tried`);
  }
}
