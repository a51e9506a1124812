import type { WebSocket } from 'ws';
import * as awarenessProtocol from 'y-protocols/awareness';
import * as Y from 'yjs';
import type { Access, Actor } from '../../../shared/domain/permissions.js';
import { AppError } from '../../../shared/errors.js';
import { DOC_LIMITS } from '../../../shared/limits.js';
import type { PresenceUser } from '../../../shared/protocol/awareness.js';
import { READ_ONLY_REASON, YJS_CLOSE, YJS_LIMITS } from '../../../shared/protocol/yjs.js';
import { gcStructsIn, writtenClients } from '../../../shared/docs/strict.js';
import { overtakenSets, type ContestedSet } from '../../../shared/docs/overtaken.js';
import type { ContestedValue, OvertakenNotice } from './doc-kind.js';
import { DocRejected } from './doc-kind.js';
import { yjsCloseFor } from '../../core/errors.js';
import { TokenBucket } from '../../core/token-bucket.js';
import { ownAwarenessUpdate } from './awareness.js';
import type { LiveDoc } from './live-doc.js';
import { awarenessMessage, decodeFrame, permissionDenied, syncStep2, type ClientFrame } from './protocol.js';

export interface ConnectionHooks {
  /** Called after an update is stored and applied; the realtime layer pushes "rows changed" and tells those whose change did not hold. */
  afterCommit(live: LiveDoc, changed: ReturnType<LiveDoc['handler']['commit']>['changed'], notices: OvertakenNotice[]): void;
  /** A read-only connection tried to write: put it on the record (once per connection). */
  refusedWrite(live: LiveDoc, actor: Actor): void;
  /** A client id is this person's in this document from now on (stored, so it outlives the loaded doc). */
  claimWriter(live: LiveDoc, clientId: number, personId: number): void;
  /** An editor's update was refused (it broke the layout, named someone else, or was too large): on the record. */
  refused(live: LiveDoc, actor: Actor, reason: 'breaks_rules' | 'too_large' | 'daily_limit', detail: Record<string, unknown>): void;
  /** Takes an update's invisible cost from the person's daily budget for this document; false when it would pass it. */
  spend(live: LiveDoc, personId: number, cost: { newWriters: number; tombstones: number }): boolean;
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
  private parked: Uint8Array | null = null;
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
              if (!this.live.writers.has(id) && this.hooks.spend(this.live, mine, { newWriters: 1, tombstones: 0 })) this.hooks.claimWriter(this.live, id, mine);
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
   * Try, store, then apply and broadcast. The update is tried on the shadow copy first so that one
   * breaking the record's rules changes nothing; it is committed to SQLite before anyone else sees it.
   */
  private receiveUpdate(update: Uint8Array): void {
    if (this.access !== 'edit') {
      if (!this.refusalAudited) {
        this.refusalAudited = true;
        this.hooks.refusedWrite(this.live, this.actor);
      }
      if (!this.toldReadOnly) this.makeReadOnly(READ_ONLY_REASON);
      return;
    }
    const live = this.live;
    const parked = this.parked;
    this.parked = null;
    let effective: Uint8Array | null = null;
    const capture = (u: Uint8Array) => {
      effective = effective ? Y.mergeUpdates([effective, u]) : u;
    };
    // Every item the update deletes (or brings already deleted) stays in the state for good: counted
    // against the person's daily budget, whether it was live a moment ago or never was.
    let deleted = 0;
    const countDeleted = (tr: Y.Transaction) => Y.iterateDeletedStructs(tr, tr.deleteSet, () => void deleted++);
    // Read while the transaction's deleted content is still there: Yjs collects it right after.
    const contested: ContestedSet[] = [];
    const watchContested = (tr: Y.Transaction) => {
      try {
        contested.push(...overtakenSets(tr));
      } catch (err) {
        // Telling someone their change did not hold must never cost anyone an edit.
        this.hooks.log('could not read contested values', { doc: live.docName, error: String(err) });
      }
    };
    let after: unknown;
    let stateBytes: number;
    let clients: number[];
    live.shadow.on('update', capture);
    live.shadow.on('afterTransaction', countDeleted);
    live.shadow.on('afterTransaction', watchContested);
    try {
      Y.applyUpdate(live.shadow, parked ? Y.mergeUpdates([parked, update]) : update);
      // What needs content this connection has not sent yet waits here, never in the shared shadow:
      // there another editor's update could complete it and carry it as theirs.
      const waiting = live.takePending();
      if (waiting && waiting.byteLength > YJS_LIMITS.parkedBytesMax) throw new DocRejected(['the update depends on content the server does not have']);
      this.parked = waiting;
      if (!effective) return;
      // A client id is one page's own sequence of edits: nobody adds to another editor's.
      clients = writtenClients(effective);
      if (clients.some((c) => (live.writers.get(c) ?? this.actor.personId) !== this.actor.personId)) throw new DocRejected(['the update writes as another editor’s page']);
      stateBytes = live.stateBytesAfter(effective);
      if (stateBytes > DOC_LIMITS.stateBytesMax && stateBytes > live.stateBytes) {
        live.resetShadow();
        this.hooks.refused(live, this.actor, 'too_large', { bytes: stateBytes });
        this.close(YJS_CLOSE.DOC_TOO_LARGE, 'the record is too large to take that change');
        return;
      }
      after = live.handler.read(live.shadow, live.name);
      live.handler.accept?.({ name: live.name, partnershipId: live.partnershipId, editorId: this.actor.personId, before: live.state, after });
      const cost = { newWriters: clients.filter((c) => !live.writers.has(c)).length, tombstones: deleted + gcStructsIn(effective) };
      if (!this.hooks.spend(live, this.actor.personId, cost)) {
        live.resetShadow();
        this.hooks.refused(live, this.actor, 'daily_limit', cost);
        this.close(YJS_CLOSE.DAILY_LIMIT, 'too much invisible content added to this record today');
        return;
      }
    } catch (err) {
      live.resetShadow();
      const rejected = err instanceof AppError;
      this.hooks.log(rejected ? 'yjs update refused' : 'malformed yjs update', { doc: live.docName, personId: this.actor.personId, error: rejected ? err.details : String(err) });
      if (rejected) this.hooks.refused(live, this.actor, 'breaks_rules', { issues: err.details });
      this.close(YJS_CLOSE.MALFORMED, rejected ? 'update breaks the record rules' : 'malformed update');
      return;
    } finally {
      live.shadow.off('update', capture);
      live.shadow.off('afterTransaction', countDeleted);
      live.shadow.off('afterTransaction', watchContested);
    }
    let result: ReturnType<LiveDoc['handler']['commit']>;
    try {
      result = live.handler.commit({ name: live.name, docName: live.docName, partnershipId: live.partnershipId, update: effective!, editorId: this.actor.personId, before: live.state, after, contested: this.betweenPeople(contested, clients) });
    } catch (err) {
      // Nothing was applied or broadcast; the client still holds the change and resends it on reconnect.
      live.resetShadow();
      this.hooks.log('yjs update could not be stored', { doc: live.docName, personId: this.actor.personId, error: String(err) });
      // One mapper for every channel: storage trouble is 4503 (reconnect and resend), a refusal is final.
      const { code, reason } = yjsCloseFor(err);
      this.close(code, reason);
      return;
    }
    live.lastUpdateId = result.updateId;
    live.pendingCount++;
    live.state = after;
    live.stateBytes = stateBytes;
    for (const c of clients) if (!live.writers.has(c)) live.writers.set(c, this.actor.personId);
    Y.applyUpdate(live.doc, effective!, this);
    this.hooks.afterCommit(live, result.changed, result.notices ?? []);
  }

  /**
   * Names the people behind contested values: each client id is its writer's (this update's ids are
   * this connection's person, checked above), never anything the update says. A value lost to the
   * same person's other page (two tabs) is left out: they made both changes and see the one that
   * holds on both pages, so a notice would only tell them what they did. So is a side whose writer
   * is not known (the server's own first write of a new risk).
   */
  private betweenPeople(contested: ContestedSet[], ownClients: number[]): ContestedValue[] {
    const writerOf = (client: number) => (ownClients.includes(client) ? this.actor.personId : this.live.writers.get(client));
    return contested.flatMap((c) => {
      const lost = writerOf(c.lost.client);
      const held = writerOf(c.held.client);
      if (lost === undefined || held === undefined || lost === held) return [];
      return [{ path: c.path, lost: { personId: lost, value: c.lost.value }, held: { personId: held, value: c.held.value } }];
    });
  }
}
