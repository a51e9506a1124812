import * as authProtocol from 'y-protocols/auth';
import { WebsocketProvider } from 'y-websocket';
import * as Y from 'yjs';
import { addDecision, newDecisionId } from '../../../shared/docs/meeting-doc';
import { READ_ONLY_REASON, docName, isFinalClose } from '../../../shared/protocol/yjs';
import { MEETING_DOC } from '../../../shared/schemas/meeting';
import type { AwarenessState, ConnectionStatus, Peer, PresenceUser } from './risk-doc.svelte';
import type { CursorState } from './text-binding';

export interface DecisionDraft {
  id: string;
  text: Y.Text;
}

/**
 * The meeting's Y.Doc, live: each agenda item's notes and decisions, and the summary, typed together.
 * After the minutes are signed off the server answers read-only, and this session shows it.
 */
export class MeetingDocSession {
  readonly doc = new Y.Doc();
  readonly provider: WebsocketProvider;
  status = $state<ConnectionStatus>('syncing');
  readOnly = $state(false);
  closedReason = $state<string | null>(null);
  peers = $state.raw<Peer[]>([]);
  /** Bumped on any change, so views of decisions re-read. */
  version = $state(0);
  /** The latest decision someone else added: item id and text. */
  lastRemoteDecision = $state<{ itemId: number; text: string; seq: number } | null>(null);
  private seq = 0;
  private initialised = false;
  // eslint-disable-next-line svelte/prefer-svelte-reactivity -- bookkeeping, not state
  private readonly known = new Set<string>();

  constructor(readonly meetingId: number) {
    const scheme = location.protocol === 'https:' ? 'wss' : 'ws';
    this.provider = new WebsocketProvider(`${scheme}://${location.host}/yjs`, docName('meeting', meetingId), this.doc);
    this.provider.messageHandlers[2] = (_encoder, decoder) => {
      authProtocol.readAuthMessage(decoder, this.doc, (_doc, reason) => {
        if (reason === READ_ONLY_REASON || reason === 'access changed') this.readOnly = true;
      });
    };
    this.provider.on('status', ({ status }) => {
      if (status === 'connected') this.readOnly = false;
      this.status = status === 'connected' ? 'online' : status === 'connecting' ? 'syncing' : 'offline';
    });
    this.provider.on('closed', (event: { code: number; reason: string }) => {
      if (isFinalClose(event.code)) this.closedReason = `The server closed the meeting notes (${event.reason || event.code}).`;
    });
    this.provider.on('sync', (synced: boolean) => {
      if (synced && !this.initialised) {
        this.initialised = true;
        for (const d of this.allDecisions()) this.known.add(d.id);
      }
    });
    this.doc.on('afterTransaction', (tr: Y.Transaction) => {
      this.version++;
      const remote = tr.origin === this.provider;
      for (const d of this.allDecisions()) {
        if (this.known.has(d.id)) continue;
        this.known.add(d.id);
        if (remote && this.initialised) this.lastRemoteDecision = { itemId: d.itemId, text: d.text.toString() || 'A decision was added', seq: ++this.seq };
      }
    });
    this.provider.awareness.on('change', () => this.readPeers());
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

  notes(itemId: number): Y.Text {
    return this.doc.getText(MEETING_DOC.notes(itemId));
  }

  summary(): Y.Text {
    return this.doc.getText(MEETING_DOC.summary);
  }

  decisions(itemId: number): DecisionDraft[] {
    void this.version;
    const out: DecisionDraft[] = [];
    for (const [id, value] of this.doc.getMap<unknown>(MEETING_DOC.decisions(itemId)).entries()) {
      if (value instanceof Y.Text) out.push({ id, text: value });
    }
    return out.sort((a, b) => a.id.localeCompare(b.id));
  }

  addDecision(itemId: number, text: string): string {
    const id = newDecisionId();
    addDecision(this.doc, itemId, id, text);
    return id;
  }

  removeDecision(itemId: number, id: string): void {
    this.doc.getMap(MEETING_DOC.decisions(itemId)).delete(id);
  }

  private allDecisions(): { itemId: number; id: string; text: Y.Text }[] {
    const out: { itemId: number; id: string; text: Y.Text }[] = [];
    for (const key of [...this.doc.share.keys()]) {
      const m = /^decisions:(\d+)$/.exec(key);
      if (!m) continue;
      for (const [id, value] of this.doc.getMap<unknown>(key).entries()) if (value instanceof Y.Text) out.push({ itemId: Number(m[1]), id, text: value });
    }
    return out;
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
    this.peers = out;
  }

  destroy(): void {
    this.provider.awareness.setLocalState(null);
    this.provider.destroy();
    this.doc.destroy();
  }
}
