import { IndexeddbPersistence } from 'y-indexeddb';
import * as authProtocol from 'y-protocols/auth';
import { WebsocketProvider } from 'y-websocket';
import * as Y from 'yjs';
import { newMitigation } from '../../../shared/docs/risk-doc';
import { READ_ONLY_REASON, YJS_CLOSE, docName, isFinalClose } from '../../../shared/protocol/yjs';
import {
  MITIGATION_STATUSES,
  RISK_DOC,
  RISK_DOC_FIELD_KEYS,
  RiskDocFields,
  type MitigationStatus,
  type ProgressNote,
  type RiskTextField,
} from '../../../shared/schemas/risk';
import type { CursorState } from './text-binding';

export type ConnectionStatus = 'online' | 'offline' | 'syncing';

export interface PresenceUser {
  name: string;
  agency: string;
  color: string;
}

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

export interface MitigationView {
  id: string;
  action: Y.Text;
  ownerId: number | null;
  agencyId: number | null;
  dueDate: string | null;
  status: MitigationStatus;
  notes: ProgressNote[];
}

const EMPTY_FIELDS = Object.fromEntries(RISK_DOC_FIELD_KEYS.map((k) => [k, null])) as RiskDocFields;

/** A person's colour for carets and the presence list: dark enough for white text on it (AA). */
const PRESENCE_COLOURS = ['#1d4ed8', '#b91c1c', '#15803d', '#7e22ce', '#a16207', '#0e7490', '#be185d', '#4d7c0f'];
export function colourFor(personId: number): string {
  return PRESENCE_COLOURS[personId % PRESENCE_COLOURS.length]!;
}

const CLOSE_MESSAGES: Record<number, string> = {
  [YJS_CLOSE.MALFORMED]: 'The server refused a change from this page because it broke the risk’s rules. Reload the page to carry on.',
  [YJS_CLOSE.UNAUTHENTICATED]: 'Your session has ended. Sign in again to carry on editing.',
  [YJS_CLOSE.FORBIDDEN]: 'You no longer have access to this risk.',
};

/**
 * One risk's Y.Doc, live: stored in IndexedDB so the page works offline, synced over y-websocket, with
 * awareness for presence and carets. Its fields and mitigations are mirrored into runes for the page.
 */
export class RiskDocSession {
  readonly doc = new Y.Doc();
  readonly provider: WebsocketProvider;
  readonly persistence: IndexeddbPersistence;

  status = $state<ConnectionStatus>('syncing');
  /** The server said this connection may only read. */
  readOnly = $state(false);
  /** A final close (4400–4499): the provider stopped; why, in words. */
  closedReason = $state<string | null>(null);
  /** Local changes made since the server last had everything. */
  unsynced = $state(0);
  /** The stored copy has loaded (offline use can start). */
  loadedLocally = $state(false);
  fields = $state<RiskDocFields>({ ...EMPTY_FIELDS });
  mitigations = $state.raw<MitigationView[]>([]);
  peers = $state.raw<Peer[]>([]);
  /** The last change someone else made, for a polite live region. */
  announcement = $state('');

  private synced = false;
  private announceQueued = false;
  private refreshQueued = false;

  constructor(
    readonly riskId: number,
    private readonly describe: (key: keyof RiskDocFields, value: unknown) => string,
  ) {
    const name = docName('risk', riskId);
    this.persistence = new IndexeddbPersistence(name, this.doc);
    void this.persistence.whenSynced.then(() => {
      this.loadedLocally = true;
    });
    const scheme = location.protocol === 'https:' ? 'wss' : 'ws';
    this.provider = new WebsocketProvider(`${scheme}://${location.host}/yjs`, name, this.doc);

    // The server tells a read-only connection so with an auth "permission denied" message.
    this.provider.messageHandlers[2] = (_encoder, decoder) => {
      authProtocol.readAuthMessage(decoder, this.doc, (_doc, reason) => {
        if (reason === READ_ONLY_REASON) this.readOnly = true;
      });
    };
    this.provider.on('status', ({ status }) => {
      if (status === 'connected') {
        // A new connection: the server says again, straight away, if it is read-only.
        this.readOnly = false;
        this.status = this.synced ? 'online' : 'syncing';
      }
      else if (status === 'connecting') this.status = this.status === 'online' ? 'syncing' : this.status === 'offline' ? 'offline' : 'syncing';
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
      // The first sync from the server is loading, not somebody's edit: nothing to announce then.
      this.queueRefresh(remote && this.synced);
    });
    this.provider.awareness.on('change', () => this.readPeers());
    // A socket can stay half-open when the network goes: treat the browser's own signal as final,
    // keep changes locally, and sync them once the network is back.
    window.addEventListener('offline', this.onOffline);
    window.addEventListener('online', this.onOnline);
    this.refresh(false);
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

  text(field: RiskTextField): Y.Text {
    return this.doc.getText(field);
  }

  /** Writes one scalar field, only if the schema accepts it (the server closes the connection on one it refuses). */
  setFieldValue<K extends keyof RiskDocFields>(key: K, value: RiskDocFields[K]): boolean {
    const next = { ...this.fields, [key]: value };
    if (!RiskDocFields.safeParse(next).success) return false;
    this.doc.getMap(RISK_DOC.fields).set(key, value);
    return true;
  }

  addMitigation(init: { action: string; ownerId: number | null; agencyId: number | null; dueDate: string | null }): string {
    const id = `m-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 8)}`;
    newMitigation(this.doc, id, init);
    return id;
  }

  setMitigation(id: string, key: 'ownerId' | 'agencyId' | 'dueDate' | 'status', value: number | string | null): void {
    const m = this.doc.getMap<unknown>(RISK_DOC.mitigations).get(id);
    if (!(m instanceof Y.Map)) return;
    if (key === 'status' && !(MITIGATION_STATUSES as readonly unknown[]).includes(value)) return;
    if (key === 'dueDate' && value !== null && !(typeof value === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(value))) return;
    if ((key === 'ownerId' || key === 'agencyId') && value !== null && !(typeof value === 'number' && Number.isInteger(value) && value > 0)) return;
    m.set(key, value);
  }

  addNote(id: string, note: ProgressNote): void {
    const m = this.doc.getMap<unknown>(RISK_DOC.mitigations).get(id);
    if (!(m instanceof Y.Map)) return;
    this.doc.transact(() => {
      let notes = m.get(RISK_DOC.mitigationNotes);
      if (!(notes instanceof Y.Array)) {
        notes = new Y.Array<ProgressNote>();
        m.set(RISK_DOC.mitigationNotes, notes);
      }
      (notes as Y.Array<ProgressNote>).push([note]);
    });
  }

  private queueRefresh(announce: boolean): void {
    this.announceQueued ||= announce;
    if (this.refreshQueued) return;
    this.refreshQueued = true;
    queueMicrotask(() => {
      this.refreshQueued = false;
      const shouldAnnounce = this.announceQueued;
      this.announceQueued = false;
      this.refresh(shouldAnnounce);
    });
  }

  private refresh(remote: boolean): void {
    const raw = this.doc.getMap(RISK_DOC.fields).toJSON() as Record<string, unknown>;
    const next = { ...EMPTY_FIELDS };
    for (const key of RISK_DOC_FIELD_KEYS) if (key in raw) (next as Record<string, unknown>)[key] = raw[key] ?? null;
    if (remote) {
      const changed = RISK_DOC_FIELD_KEYS.filter((k) => next[k] !== this.fields[k]);
      if (changed.length > 0) this.announcement = changed.map((k) => this.describe(k, next[k])).join('. ');
    }
    this.fields = next;

    const list: MitigationView[] = [];
    for (const [id, value] of this.doc.getMap<unknown>(RISK_DOC.mitigations).entries()) {
      if (!(value instanceof Y.Map)) continue;
      const action = value.get(RISK_DOC.mitigationAction);
      if (!(action instanceof Y.Text)) continue;
      const notes = value.get(RISK_DOC.mitigationNotes);
      list.push({
        id,
        action,
        ownerId: (value.get('ownerId') as number | null | undefined) ?? null,
        agencyId: (value.get('agencyId') as number | null | undefined) ?? null,
        dueDate: (value.get('dueDate') as string | null | undefined) ?? null,
        status: ((value.get('status') as MitigationStatus | undefined) ?? 'not_started'),
        notes: notes instanceof Y.Array ? (notes.toArray() as ProgressNote[]) : [],
      });
    }
    list.sort((a, b) => a.id.localeCompare(b.id));
    this.mitigations = list;
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
    void this.persistence.destroy();
    this.doc.destroy();
  }
}

/**
 * Forgets every risk kept on this device (IndexedDB), for signing out: registers hold
 * OFFICIAL-SENSITIVE material and the next person at this browser must not find it.
 */
export async function forgetLocalDocs(): Promise<void> {
  if (typeof indexedDB === 'undefined' || typeof indexedDB.databases !== 'function') return;
  try {
    const dbs = await indexedDB.databases();
    await Promise.all(
      dbs
        .map((d) => d.name)
        .filter((name): name is string => !!name && /^(risk|meeting|challenge):/.test(name))
        .map(
          (name) =>
            new Promise<void>((resolve) => {
              const req = indexedDB.deleteDatabase(name);
              req.onsuccess = req.onerror = req.onblocked = () => resolve();
            }),
        ),
    );
  } catch {
    // Nothing stored, or storage is unavailable: nothing to forget.
  }
}
