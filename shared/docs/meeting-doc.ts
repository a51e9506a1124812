import * as Y from 'yjs';
import { LIMITS } from '../limits.js';
import { DECISION_ID, MEETING_DOC, MEETING_DOC_KEY } from '../schemas/meeting.js';

/** A plain reading of a meeting's Y.Doc: what the server projects into SQLite. */
export interface MeetingDocState {
  summary: string;
  /** Item id → its shared notes. */
  notes: Record<number, string>;
  /** Item id → decision id → decision text. */
  decisions: Record<number, Record<string, string>>;
}

export class MeetingDocInvalid extends Error {
  constructor(readonly issues: string[]) {
    super(`Invalid meeting document: ${issues.join('; ')}`);
  }
}

const MAX_DECISIONS_PER_ITEM = 200;
const MAX_DECISION_CHARS = 4000;

/**
 * Reads and checks the doc. Root types are named per agenda item (see MEETING_DOC), so two people
 * opening an item's notes at the same moment never create rival copies. Throws MeetingDocInvalid.
 */
export function readMeetingDoc(doc: Y.Doc): MeetingDocState {
  const issues: string[] = [];
  const state: MeetingDocState = { summary: '', notes: {}, decisions: {} };
  for (const key of [...doc.share.keys()]) {
    const m = MEETING_DOC_KEY.exec(key);
    if (!m) {
      issues.push(`${key}: unknown part of a meeting`);
      continue;
    }
    if (m[1] === MEETING_DOC.summary) {
      state.summary = doc.getText(MEETING_DOC.summary).toString();
      if (state.summary.length > LIMITS.textMax) issues.push('summary: too long');
    } else if (m[2]) {
      const text = doc.getText(key).toString();
      if (text.length > LIMITS.textMax) issues.push(`${key}: too long`);
      state.notes[Number(m[2])] = text;
    } else if (m[3]) {
      const map = doc.getMap<unknown>(key);
      if (map.size > MAX_DECISIONS_PER_ITEM) issues.push(`${key}: more than ${MAX_DECISIONS_PER_ITEM}`);
      const out: Record<string, string> = {};
      for (const [id, value] of map.entries()) {
        if (!DECISION_ID.test(id)) issues.push(`${key}.${id}: not a decision id`);
        else if (!(value instanceof Y.Text)) issues.push(`${key}.${id}: not text`);
        else if (value.length > MAX_DECISION_CHARS) issues.push(`${key}.${id}: too long`);
        else out[id] = value.toString();
      }
      state.decisions[Number(m[3])] = out;
    }
  }
  if (issues.length > 0) throw new MeetingDocInvalid(issues);
  return state;
}

/** Adds a decision to an item; the id is made by the client and never collides with another's. */
export function addDecision(doc: Y.Doc, itemId: number, id: string, text: string): void {
  doc.transact(() => {
    const t = new Y.Text();
    t.insert(0, text);
    doc.getMap<Y.Text>(MEETING_DOC.decisions(itemId)).set(id, t);
  });
}

export function newDecisionId(): string {
  return `d-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 10)}`;
}
