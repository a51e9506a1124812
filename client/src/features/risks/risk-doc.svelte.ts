import * as Y from 'yjs';
import { newMitigation, readRiskDoc, type RiskDocState } from '../../../../shared/docs/risk-doc';
import { newDocKey } from '../../../../shared/docs/strict';
import { isCalendarDate } from '../../../../shared/domain/dates';
import { docName } from '../../../../shared/protocol/yjs';
import {
  MITIGATION_STATUSES,
  RISK_DOC,
  RISK_DOC_FIELD_KEYS,
  RiskDocFields,
  type MitigationStatus,
  type ProgressNote,
  type RiskTextField,
} from '../../../../shared/schemas/risk';
import { DocSession } from '../../lib/sync/doc-session.svelte';

export { colourFor, type AwarenessState, type ConnectionStatus, type Peer, type PresenceUser } from '../../lib/sync/doc-session.svelte';

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
    const id = newDocKey('m');
    newMitigation(this.doc, id, init);
    return id;
  }

  setMitigation(id: string, key: 'ownerId' | 'agencyId' | 'dueDate' | 'status', value: number | string | null): void {
    const m = this.doc.getMap<unknown>(RISK_DOC.mitigations).get(id);
    if (!(m instanceof Y.Map)) return;
    if (key === 'status' && !(MITIGATION_STATUSES as readonly unknown[]).includes(value)) return;
    if (key === 'dueDate' && value !== null && !(typeof value === 'string' && isCalendarDate(value))) return;
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

  /**
   * Mirrors the doc into runes through the same strict reader the server uses, so the page never shows
   * what the server would refuse (a forged `__proto__` field, a formatted text). A doc the reader
   * refuses (only possible before the server has answered) leaves the page as it was.
   */
  private refresh(remote: boolean): void {
    let state: RiskDocState;
    try {
      state = readRiskDoc(this.doc);
    } catch {
      return;
    }
    const next = state.fields;
    if (remote) {
      const changed = RISK_DOC_FIELD_KEYS.filter((k) => next[k] !== this.fields[k]);
      if (changed.length > 0) this.announcement = changed.map((k) => this.describe(k, next[k])).join('. ');
    }
    this.fields = next;
    const map = this.doc.getMap<unknown>(RISK_DOC.mitigations);
    this.mitigations = state.mitigations.map((m) => ({ ...m, action: (map.get(m.id) as Y.Map<unknown>).get(RISK_DOC.mitigationAction) as Y.Text }));
  }
}
