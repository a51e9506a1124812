import * as Y from 'yjs';
import { newMitigation } from '../../../shared/docs/risk-doc';
import { docName } from '../../../shared/protocol/yjs';
import {
  MITIGATION_STATUSES,
  RISK_DOC,
  RISK_DOC_FIELD_KEYS,
  RiskDocFields,
  type MitigationStatus,
  type ProgressNote,
  type RiskTextField,
} from '../../../shared/schemas/risk';
import { DocSession } from './doc-session.svelte';

export { colourFor, type AwarenessState, type ConnectionStatus, type Peer, type PresenceUser } from './doc-session.svelte';

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

/**
 * One risk's Y.Doc, live: stored in IndexedDB so the page works offline, synced over y-websocket, with
 * awareness for presence and carets. Its fields and mitigations are mirrored into runes for the page.
 */
export class RiskDocSession extends DocSession {
  fields = $state<RiskDocFields>({ ...EMPTY_FIELDS });
  mitigations = $state.raw<MitigationView[]>([]);
  /** The last change someone else made, for a polite live region. */
  announcement = $state('');

  private announceQueued = false;
  private refreshQueued = false;

  constructor(
    readonly riskId: number,
    private readonly describe: (key: keyof RiskDocFields, value: unknown) => string,
  ) {
    super(docName('risk', riskId), { noun: 'risk' });
    this.refresh(false);
  }

  protected override onUpdate(_remote: boolean, live: boolean): void {
    this.queueRefresh(live);
  }

  override text(field: RiskTextField): Y.Text {
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
