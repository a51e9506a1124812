import type { WebSocket } from 'ws';
import * as awarenessProtocol from 'y-protocols/awareness';
import type { Access, Actor } from '../../../shared/domain/permissions.js';
import type { PresenceUser } from '../../../shared/protocol/awareness.js';
import { READ_ONLY_REASON, YJS_CLOSE, YJS_LIMITS } from '../../../shared/protocol/yjs.js';
import { TokenBucket } from '../../core/token-bucket.js';
import { ownAwarenessUpdate } from './awareness.js';
import type { CommitResult } from './commit-queue.js';
import type { LiveDoc } from './live-doc.js';
import { awarenessMessage, decodeFrame, permissionDenied, syncStep2, type ClientFrame } from './protocol.js';

export interface ConnectionHooks {
  /** Hands an update to the commit queue (see commit-queue.ts), which answers the connection itself. */
  enqueue(live: LiveDoc, conn: YjsConnection, update: Uint8Array): Promise<CommitResult>;
  /** A read-only connection tried to write: put it on the record (once per connection). */
  refusedWrite(live: LiveDoc, actor: Actor): void;
  /** A client id is this person's in this document from now on (stored, so it outlives the loaded doc). */
  claimWriter(live: LiveDoc, clientId: number, personId: number): void;
  /** Takes an update's invisible cost from the person's daily budget for this document; false when it would pass it. */
  spend(live: LiveDoc, personId: number, cost: { newWriters: number; tombstones: number }): Promise<boolean>;
  log(message: string, extra?: Record<string, unknown>): void;
}

/** One WebSocket on one document, with its rights, its rate budget and the awareness ids it owns. */
export class YjsConnection {
  readonly controlledIds = new Set<number>();
  /** Every awareness client id this connection has introduced (see ownAwarenessUpdate). */
  private readonly introducedIds = new Set<number>();
  /**
   * Set when the person did something here since the last session check: an edit, or a change of
   * their presence (a field entered, a caret moved). Not by what an open page sends by itself (its
   * unchanged awareness renewed every 15 s, a resync): that would keep an unattended page signed in.
   */
  used = false;
  /** An update of this connection's still waiting for content it depends on (see YJS_LIMITS.parkedBytesMax). */
  parked: Uint8Array | null = null;
  /** Set once an update of this connection was refused or failed to store: its later ones are dropped. */
  refused = false;
  private readonly budget = new TokenBucket(YJS_LIMITS.messagesPerSecond, YJS_LIMITS.messageBurst);
  private toldReadOnly = false;
  private refusalAudited = false;
  private closed = false;

  constructor(
    readonly ws: WebSocket,
    readonly live: LiveDoc,
    public actor: Actor,
    public access: Access,
    readonly sessionHash: string,
    /** The person as others see them in presence: set by the server from the session, never by the client. */
    readonly user: PresenceUser,
    private readonly hooks: ConnectionHooks,
  ) {}

  send(message: Uint8Array): void {
    if (this.closed || this.ws.readyState !== this.ws.OPEN) return;
    this.ws.send(message, (err) => {
      if (err) this.close(1011, 'send failed');
    });
  }

  close(code: number, reason: string): void {
    if (this.closed) return;
    this.closed = true;
    this.ws.close(code, reason);
  }

  get isClosed(): boolean {
    return this.closed;
  }

  /** Demotes to read-only: its updates are dropped from now on, and it is told why. */
  makeReadOnly(reason: string): void {
    this.access = 'read';
    this.toldReadOnly = true;
    this.send(permissionDenied(reason));
  }

  handle(data: Uint8Array): void {
    // ws still delivers frames that were in flight when close() began: nothing after that counts.
    if (this.closed) return;
    if (!this.budget.take()) {
      this.hooks.log('yjs connection rate limited', { doc: this.live.docName, personId: this.actor.personId });
      this.close(YJS_CLOSE.RATE_LIMITED, 'too many messages');
      return;
    }
    let frame: ClientFrame;
    try {
      frame = decodeFrame(data);
    } catch (err) {
      this.hooks.log('malformed yjs frame', { doc: this.live.docName, personId: this.actor.personId, error: String(err) });
      this.close(YJS_CLOSE.MALFORMED, 'malformed message');
      return;
    }
    switch (frame.type) {
      case 'syncStep1':
        this.send(syncStep2(this.live.doc, frame.stateVector));
        return;
      case 'update':
        this.used = true;
        this.receiveUpdate(frame.update);
        return;
      case 'awareness':
        try {
          // Presence is the server's word: the person is the one signed in, and only ids this connection introduced.
          const mine = this.actor.personId;
          const ownedByAnother = (id: number) => this.live.awarenessOwner(id, this) || (this.live.writers.get(id) ?? mine) !== mine;
          const own = ownAwarenessUpdate(frame.update, { introduced: this.introducedIds, ownedByAnother }, this.user);
          if (own) {
            const before = this.ownPresence();
            awarenessProtocol.applyAwarenessUpdate(this.live.awareness, own, this);
            if (this.ownPresence() !== before) this.used = true;
          }
          // A page announces its client id in awareness before it types: from then on the id is this
          // person's, so nobody who saw it can write with it first and have this person's edits refused.
          // Only pages that may write claim ids (a reader has nothing to protect).
          if (this.access === 'edit') {
            for (const id of this.controlledIds) {
              if (this.live.writers.has(id) || this.live.pendingClaims.has(id)) continue;
              // Held for this person at once (LiveDoc.pendingClaims), spent once while the budget answers
              // (several processes: from Redis), then claimed.
              const live = this.live;
              live.pendingClaims.set(id, mine);
              this.hooks.spend(live, mine, { newWriters: 1, tombstones: 0 }).then(
                (within) => {
                  live.pendingClaims.delete(id);
                  if (within && !live.writers.has(id)) this.hooks.claimWriter(live, id, mine);
                },
                (err: unknown) => {
                  live.pendingClaims.delete(id);
                  this.hooks.log('could not take a writer claim from the daily budget', { doc: this.live.docName, error: String(err) });
                },
              );
            }
          }
        } catch (err) {
          this.hooks.log('malformed awareness update', { doc: this.live.docName, error: String(err) });
          this.close(YJS_CLOSE.MALFORMED, 'malformed awareness');
        }
        return;
      case 'queryAwareness':
        this.send(awarenessMessage(this.live.awareness, [...this.live.awareness.getStates().keys()]));
        return;
    }
  }

  /** The presence states this connection speaks for, in one comparable spelling. */
  private ownPresence(): string {
    const states = this.live.awareness.getStates();
    return JSON.stringify([...this.introducedIds].map((id) => states.get(id) ?? null));
  }

  /**
   * Try, store, then apply and broadcast: the commit queue tries the update on the shadow copy, stores
   * it with the others that arrived together in one transaction, and only then applies and broadcasts
   * it. A read-only connection's update is refused here at once.
   */
  private receiveUpdate(update: Uint8Array): void {
    if (this.access !== 'edit') {
      this.refuseWrite();
      return;
    }
    void this.hooks.enqueue(this.live, this, update);
  }

  /** A write on a read-only connection: on the record (once per connection), and the page is told. */
  refuseWrite(): void {
    if (!this.refusalAudited) {
      this.refusalAudited = true;
      this.hooks.refusedWrite(this.live, this.actor);
    }
    if (!this.toldReadOnly) this.makeReadOnly(READ_ONLY_REASON);
  }

  /** An update of this connection was refused or could not be stored: closed, and nothing it sent after counts. */
  refuse(code: number, reason: string): void {
    this.refused = true;
    this.close(code, reason);
  }
}
