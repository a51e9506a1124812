import * as Y from 'yjs';
import { DOC_LIMITS } from '../limits.js';
import { LayoutIssues, mapEntries, newDocKey, plainText, typeOf, unknownRoots } from './strict.js';
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

/**
 * The strict reader of a meeting's doc, used by server and client. Root types are named per agenda item
 * (see MEETING_DOC), so two people opening an item's notes at the same moment never create rival copies;
 * whether an item belongs to the meeting is the server's check (meetingDocHandler). Texts are plain,
 * decisions are plain texts keyed by decision id, within DOC_LIMITS. Throws MeetingDocInvalid.
 */
export function readMeetingDoc(doc: Y.Doc): MeetingDocState {
  const issues = new LayoutIssues();
  const state: MeetingDocState = { summary: '', notes: {}, decisions: {} };
  // A decision is one record of the minutes: its id may stand under one agenda item only.
  const decisionItems = new Map<string, number>();
  unknownRoots(doc, (name) => MEETING_DOC_KEY.test(name), issues, 'meeting');
  for (const key of [...doc.share.keys()]) {
    const m = MEETING_DOC_KEY.exec(key);
    if (!m) continue;
    if (m[1] === MEETING_DOC.summary) {
      state.summary = plainText(doc.getText(MEETING_DOC.summary), key, DOC_LIMITS.textMax, issues);
    } else if (m[2]) {
      state.notes[Number(m[2])] = plainText(doc.getText(key), key, DOC_LIMITS.textMax, issues);
    } else if (m[3]) {
      const entries = mapEntries(doc.getMap<unknown>(key), key, issues);
      if (entries.size > DOC_LIMITS.decisionsPerItem) issues.add(key, `more than ${DOC_LIMITS.decisionsPerItem}`);
      const out: Record<string, string> = {};
      for (const [id, item] of entries) {
        const text = typeOf(item, Y.Text);
        if (!DECISION_ID.test(id)) issues.add(`${key}.${id.slice(0, 64)}`, 'not a decision id');
        else if (!text) issues.add(`${key}.${id}`, 'not text');
        else if (decisionItems.has(id)) issues.add(`${key}.${id}`, 'the same decision is under another item too');
        else {
          decisionItems.set(id, Number(m[3]));
          out[id] = plainText(text, `${key}.${id}`, DOC_LIMITS.decisionMax, issues);
        }
      }
      state.decisions[Number(m[3])] = out;
    }
  }
  if (issues.any) throw new MeetingDocInvalid(issues.list);
  return state;
}

/** The agenda items a meeting doc writes to (notes or decisions). */
export function itemsWritten(state: MeetingDocState): number[] {
  return [...new Set([...Object.keys(state.notes), ...Object.keys(state.decisions)].map(Number))];
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
  return newDocKey('d');
}
