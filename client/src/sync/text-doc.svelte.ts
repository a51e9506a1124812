import { IndexeddbPersistence } from 'y-indexeddb';
import * as authProtocol from 'y-protocols/auth';
import { WebsocketProvider } from 'y-websocket';
import * as Y from 'yjs';
import { READ_ONLY_REASON, YJS_CLOSE, isFinalClose } from '../../../shared/protocol/yjs';
import type { AwarenessState, ConnectionStatus, Peer, PresenceUser } from './risk-doc.svelte';
import type { CursorState } from './text-binding';

const CLOSE_MESSAGES: Record<number, string> = {
  [YJS_CLOSE.MALFORMED]: 'The server refused a change from this page because it broke the record’s rules. Reload the page to carry on.',
  [YJS_CLOSE.UNAUTHENTICATED]: 'Your session has ended. Sign in again to carry on editing.',
  [YJS_CLOSE.FORBIDDEN]: 'You no longer have access to this record.',
};

/** The server's reasons for a read-only connection, in words. */
function readOnlyMessage(reason: string): string {
  if (reason === READ_ONLY_REASON) return 'The server lets this connection read, not write.';
  if (reason === 'access changed') return 'Your right to write here has changed: the server now lets you read only.';
  return `The server lets this connection read only (${reason}).`;
}

/**
 * A live Y.Doc of named shared texts on its own y-websocket connection, kept in IndexedDB so what is
 * typed offline is sent on reconnect. The generic part of a document session: connection status,
 * read-only as the server says it, final closes, unsynced changes, awareness (presence and carets).
 * Only the texts asked for through `text()` are ever created in the doc (the server refuses others).
 */
export class TextDocSession {
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
  /** Local changes made since the server last had everything. */
  unsynced = $state(0);
  peers = $state.raw<Peer[]>([]);
  /** Bumped on every change, so views re-read the texts. */
  version = $state(0);

  private synced = false;

  constructor(
    readonly name: string,
    options: { persist?: boolean } = {},
  ) {
    this.persistence = options.persist === false ? null : new IndexeddbPersistence(name, this.doc);
    const scheme = location.protocol === 'https:' ? 'wss' : 'ws';
    this.provider = new WebsocketProvider(`${scheme}://${location.host}/yjs`, name, this.doc);

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
      this.synced = isSynced;
      if (isSynced) {
        this.unsynced = 0;
        this.status = 'online';
      }
    });
    this.provider.on('closed', (event: { code: number; reason: string }) => {
      if (isFinalClose(event.code)) {
        this.closedReason = CLOSE_MESSAGES[event.code] ?? `The server closed the connection (${event.code}${event.reason ? `: ${event.reason}` : ''}).`;
        this.status = 'offline';
      }
    });
    this.doc.on('update', (_update: Uint8Array, origin: unknown) => {
      const remote = origin === this.provider;
      const stored = origin === this.persistence;
      if (!remote && !stored && !(this.synced && this.provider.wsconnected)) this.unsynced++;
      this.version++;
    });
    this.provider.awareness.on('change', () => this.readPeers());
    window.addEventListener('offline', this.onOffline);
    window.addEventListener('online', this.onOnline);
  }

  text(name: string): Y.Text {
    return this.doc.getText(name);
  }

  setUser(user: PresenceUser): void {
    this.provider.awareness.setLocalStateField('user', user);
  }

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
    this.provider.awareness.setLocalState(null);
    this.provider.destroy();
    void this.persistence?.destroy();
    this.doc.destroy();
  }
}
