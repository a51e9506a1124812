import type * as Y from 'yjs';
import { PLAN_LIMITS } from '../limits.js';
import { LayoutIssues, plainText, unknownRoots } from './strict.js';

/**
 * An objective's co-edited progress (issue 12 item 3): one doc per objective, `objective:<id>`, holding
 * its narrative and each of its actions' progress update as plain texts. Root types are named per
 * action, so two leads opening an action's progress at the same moment never create rival copies;
 * whether an action belongs to the objective, and who may write which text, is the server's check
 * (plans/doc.ts).
 */
export const OBJECTIVE_DOC = {
  narrative: 'narrative',
  action: (actionId: number) => `action:${actionId}`,
} as const;
const OBJECTIVE_DOC_KEY = /^(?:narrative|action:([1-9][0-9]{0,9}))$/;

export interface ObjectiveDocState {
  narrative: string;
  /** Action id → its progress update. */
  actions: Record<number, string>;
}

export class ObjectiveDocInvalid extends Error {
  constructor(readonly issues: string[]) {
    super(`Invalid objective document: ${issues.join('; ')}`);
  }
}

/** The strict reader, used by server and client: only the named texts, plain, within PLAN_LIMITS. Throws ObjectiveDocInvalid. */
export function readObjectiveDoc(doc: Y.Doc): ObjectiveDocState {
  const issues = new LayoutIssues();
  const state: ObjectiveDocState = { narrative: '', actions: {} };
  unknownRoots(doc, (name) => OBJECTIVE_DOC_KEY.test(name), issues, 'objective');
  for (const key of [...doc.share.keys()]) {
    const m = OBJECTIVE_DOC_KEY.exec(key);
    if (!m) continue;
    if (m[1]) state.actions[Number(m[1])] = plainText(doc.getText(key), key, PLAN_LIMITS.notesMax, issues);
    else state.narrative = plainText(doc.getText(key), key, PLAN_LIMITS.narrativeMax, issues);
  }
  if (issues.any) throw new ObjectiveDocInvalid(issues.list);
  return state;
}

/** The texts an update changed: `narrative` and the ids of the actions whose progress it changed. */
export function textsChanged(before: ObjectiveDocState, after: ObjectiveDocState): { narrative: boolean; actionIds: number[] } {
  const ids = new Set([...Object.keys(before.actions), ...Object.keys(after.actions)].map(Number));
  return {
    narrative: before.narrative !== after.narrative,
    actionIds: [...ids].filter((id) => (before.actions[id] ?? '') !== (after.actions[id] ?? '')).sort((a, b) => a - b),
  };
}
