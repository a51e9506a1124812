import * as Y from 'yjs';
import { addDecision, newDecisionId } from '../../../../shared/docs/meeting-doc';
import { docName } from '../../../../shared/protocol/yjs';
import { MEETING_DOC } from '../../../../shared/schemas/meeting';
import { DocSession } from '../../lib/sync/doc-session.svelte';

export interface DecisionDraft {
  id: string;
  text: Y.Text;
}

/**
 * The meeting's Y.Doc, live: each agenda item's notes and decisions, and the summary, typed together.
 * After the minutes are signed off the server answers read-only, and this session shows it.
 */
export class MeetingDocSession extends DocSession {
  /** The latest decision someone else added: item id and text. */
  lastRemoteDecision = $state<{ itemId: number; text: string; seq: number } | null>(null);
  private seq = 0;
  private initialised = false;
  // eslint-disable-next-line svelte/prefer-svelte-reactivity -- bookkeeping, not state
  private readonly known = new Set<string>();

  constructor(readonly meetingId: number) {
    // Meeting notes are typed in the room, online: no copy is kept on the device.
    super(docName('meeting', meetingId), { persist: false, noun: 'meeting' });
    this.doc.on('afterTransaction', (tr: Y.Transaction) => {
      const remote = tr.origin === this.provider;
      for (const d of this.allDecisions()) {
        if (this.known.has(d.id)) continue;
        this.known.add(d.id);
        if (remote && this.initialised) this.lastRemoteDecision = { itemId: d.itemId, text: d.text.toString() || 'A decision was added', seq: ++this.seq };
      }
    });
  }

  protected override onSynced(): void {
    if (this.initialised) return;
    this.initialised = true;
    for (const d of this.allDecisions()) this.known.add(d.id);
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
}
