import { IndexeddbPersistence } from 'y-indexeddb';
import * as authProtocol from 'y-protocols/auth';
import { WebsocketProvider } from 'y-websocket';
import * as Y from 'yjs';
import { READ_ONLY_REASON, YJS_CLOSE, isFinalClose } from '../../../../shared/protocol/yjs';
import { useJitteredReconnect } from '../../../../shared/sync/reconnect';
import type { PresenceUser } from '../../../../shared/protocol/awareness';
import { TextBinding, type CursorState } from './text-binding';

export { colourFor } from '../../../../shared/protocol/awareness';
export type { PresenceUser };

export type ConnectionStatus = 'online' | 'offline' | 'syncing';

/** What each person publishes through awareness. */
export interface AwarenessState {
  user?: PresenceUser;
  field?: string | null;
  cursor?: CursorState | null;
}

export interface Peer extends PresenceUser {
  clientId: number;
  field: string | null;
  cursor: CursorState | null;
  isMe: boolean;
}

function closeMessage(code: number, reason: string, noun: string): string {
  if (code === YJS_CLOSE.DAILY_LIMIT) return `The server refused a change from this page: today’s allowance for this ${noun} was used up by changes nobody can see. Tell your partnership administrator; you can carry on tomorrow.`;
  if (code === YJS_CLOSE.DOC_TOO_LARGE) return `This ${noun} is too large to take that change. Shorten or remove something, then reload the page.`;
  if (code === YJS_CLOSE.MALFORMED) return `The server refused a change from this page because it broke the ${noun}’s rules. Reload the page to carry on.`;
  if (code === YJS_CLOSE.UNAUTHENTICATED) return 'Your session has ended. Sign in again to carry on editing.';
  if (code === YJS_CLOSE.PARTNERSHIP_SWITCHED) return `You switched to another partnership, so this ${noun} has closed. Switch back to carry on with it.`;
  if (code === YJS_CLOSE.FORBIDDEN) return `You no longer have access to this ${noun}.`;
  return `The server closed the connection (${code}${reason ? `: ${reason}` : ''}).`;
}

/** The server's reasons for a read-only connection, in words. */
function readOnlyMessage(reason: string): string {
  if (reason === READ_ONLY_REASON) return 'The server lets this connection read, not write.';
  return `The server lets this connection read only (${reason}).`;
}

/**
 * One record's Y.Doc on its own y-websocket connection: connection status, read-only as the server
 * says it, final closes, changes not yet synced, awareness (presence and carets), reconnects with
 * jittered backoff, and (unless asked not to) a copy in IndexedDB so what is typed offline is sent
 * on reconnect. Each kind of record extends it with its own reading of the doc.
 */
export class DocSession {
  readonly doc = new Y.Doc();
  readonly provider: WebsocketProvider;
  readonly persistence: IndexeddbPersistence | null;

  status = $state<ConnectionStatus>('syncing');
  /** The server said this connection may only read. */
  readOnly = $state(false);
  /** What the server said when it made this connection read-only, in words. */
  readOnlyReason = $state<string | null>(null);
  /** A final close (4400–4499): the provider stopped; why, in words. */
  closedReason = $state<string | null>(null);
  /** Fields (texts, values) changed here since the server last had everything: fields, not keystrokes. */
  unsynced = $state(0);
  /** This person's own changes can be undone / redone (never another person's). */
  canUndo = $state(false);
  canRedo = $state(false);
  /** The stored copy has loaded (offline use can start). */
  loadedLocally = $state(false);
  peers = $state.raw<Peer[]>([]);
  /** Bumped on every change, so views re-read. */
  version = $state(0);

  protected synced = false;
  private readonly stopJitter: () => void;
  /**
   * Undo and redo of this person's own changes: only transactions made on this page (no origin, or a
   * text binding's) are tracked, never the server's or the stored copy's, so undoing never takes away
   * what someone else typed. Keystrokes within half a second are one step.
   */
  private readonly undoManager: Y.UndoManager;
  /** The fields changed and not yet synced, by the shared type and key each change touched. */
  // eslint-disable-next-line @typescript-eslint/no-explicit-any, svelte/prefer-svelte-reactivity -- keyed by the shared type as Y.Transaction.changed holds it; plain bookkeeping, `unsynced` is the state
  private readonly pending = new Map<Y.AbstractType<Y.YEvent<any>>, Set<string | null>>();

  constructor(
    readonly name: string,
    options: { persist?: boolean; noun?: string } = {},
  ) {
    this.persistence = options.persist === false ? null : new IndexeddbPersistence(name, this.doc);
    void this.persistence?.whenSynced.then(() => {
      this.loadedLocally = true;
    });
    const scheme = location.protocol === 'https:' ? 'wss' : 'ws';
    this.provider = new WebsocketProvider(`${scheme}://${location.host}/yjs`, name, this.doc);
    this.stopJitter = useJitteredReconnect(this.provider);

    // The server tells a read-only connection so with an auth "permission denied" message.
    this.provider.messageHandlers[2] = (_encoder, decoder) => {
      authProtocol.readAuthMessage(decoder, this.doc, (_doc, reason) => {
        this.readOnly = true;
        this.readOnlyReason = readOnlyMessage(reason);
      });
    };
    this.provider.on('status', ({ status }) => {
      if (status === 'connected') {
        // A new connection: the server says again, straight away, if it is read-only.
        this.readOnly = false;
        this.readOnlyReason = null;
        this.status = this.synced ? 'online' : 'syncing';
      } else if (status === 'connecting') this.status = this.status === 'offline' ? 'offline' : 'syncing';
      else this.status = 'offline';
      if (status !== 'connected') this.synced = false;
    });
    this.provider.on('connection-close', () => {
      this.synced = false;
      this.status = 'offline';
    });
    this.provider.on('sync', (isSynced: boolean) => {
      const first = isSynced && !this.synced;
      this.synced = isSynced;
      if (isSynced) {
        this.pending.clear();
        this.unsynced = 0;
        this.status = 'online';
      }
      if (first) this.onSynced();
    });
    this.provider.on('closed', (event: { code: number; reason: string }) => {
      if (isFinalClose(event.code)) {
        this.closedReason = closeMessage(event.code, event.reason, options.noun ?? 'record');
        this.status = 'offline';
      }
    });
    // eslint-disable-next-line svelte/prefer-svelte-reactivity -- Yjs's own option, not state
    this.undoManager = new Y.UndoManager(this.doc, { trackedOrigins: new Set<unknown>([null, TextBinding]), captureTimeout: 500 });
    const stacks = () => {
      this.canUndo = this.undoManager.canUndo();
      this.canRedo = this.undoManager.canRedo();
    };
    for (const event of ['stack-item-added', 'stack-item-popped', 'stack-cleared'] as const) this.undoManager.on(event, stacks);
    this.doc.on('afterTransaction', (tr: Y.Transaction) => {
      const remote = tr.origin === this.provider;
      const stored = tr.origin === this.persistence;
      if (remote || stored || (this.synced && this.provider.wsconnected) || tr.changed.size === 0) return;
      for (const [type, keys] of tr.changed) {
        // eslint-disable-next-line svelte/prefer-svelte-reactivity -- bookkeeping, as above
        const seen = this.pending.get(type) ?? new Set<string | null>();
        for (const key of keys) seen.add(key);
        this.pending.set(type, seen);
      }
      this.unsynced = [...this.pending.values()].reduce((n, keys) => n + Math.max(1, keys.size), 0);
    });
    this.doc.on('update', (_update: Uint8Array, origin: unknown) => {
      const remote = origin === this.provider;
      this.version++;
      // The first sync from the server is loading, not somebody's edit.
      this.onUpdate(remote, remote && this.synced);
    });
    this.provider.awareness.on('change', () => this.readPeers());
    // A socket can stay half-open when the network goes: treat the browser's own signal as final,
    // keep changes locally, and sync them once the network is back.
    window.addEventListener('offline', this.onOffline);
    window.addEventListener('online', this.onOnline);
  }

  /** For subclasses: the doc changed (`remote` from the server; `live` once it had synced). */
  protected onUpdate(_remote: boolean, _live: boolean): void {}

  /** For subclasses: the connection has just synced with the server. */
  protected onSynced(): void {}

  text(name: string): Y.Text {
    return this.doc.getText(name);
  }

  /** Takes back this person's last change here (theirs only); false when there is none. */
  undo(): boolean {
    return this.undoManager.undo() !== null;
  }

  redo(): boolean {
    return this.undoManager.redo() !== null;
  }

  /** Ends the current undo step: a change in another field is a step of its own. */
  stopCapturing(): void {
    this.undoManager.stopCapturing();
  }

  setUser(user: PresenceUser): void {
    this.provider.awareness.setLocalStateField('user', user);
  }

  /** The field the person is in: awareness for carets and the list. */
  setField(field: string | null): void {
    this.provider.awareness.setLocalStateField('field', field);
    if (field === null) this.provider.awareness.setLocalStateField('cursor', null);
  }

  setCursor(cursor: CursorState | null): void {
    this.provider.awareness.setLocalStateField('cursor', cursor);
  }

  private readPeers(): void {
    const me = this.provider.awareness.clientID;
    const out: Peer[] = [];
    for (const [clientId, raw] of this.provider.awareness.getStates()) {
      const state = raw as AwarenessState;
      if (!state.user || typeof state.user.name !== 'string') continue;
      out.push({
        clientId,
        name: state.user.name,
        agency: typeof state.user.agency === 'string' ? state.user.agency : '',
        color: typeof state.user.color === 'string' && /^#[0-9a-f]{6}$/i.test(state.user.color) ? state.user.color : '#3f4447',
        field: typeof state.field === 'string' ? state.field : null,
        cursor: state.cursor && typeof state.cursor.field === 'string' ? state.cursor : null,
        isMe: clientId === me,
      });
    }
    out.sort((a, b) => (a.isMe === b.isMe ? a.name.localeCompare(b.name) : a.isMe ? -1 : 1));
    this.peers = out;
  }

  private readonly onOffline = (): void => {
    this.synced = false;
    this.status = 'offline';
    this.provider.disconnect();
  };

  private readonly onOnline = (): void => {
    if (this.closedReason === null) this.provider.connect();
  };

  destroy(): void {
    window.removeEventListener('offline', this.onOffline);
    window.removeEventListener('online', this.onOnline);
    this.stopJitter();
    this.provider.awareness.setLocalState(null);
    this.provider.destroy();
    this.undoManager.destroy();
    void this.persistence?.destroy();
    this.doc.destroy();
  }
}
