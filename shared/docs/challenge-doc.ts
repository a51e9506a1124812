import type * as Y from 'yjs';
import { CHALLENGE_DOC } from '../schemas/challenge.js';

const MAX_TEXT = 20_000;

export class ChallengeDocInvalid extends Error {
  constructor(readonly issues: string[]) {
    super(`Invalid challenge document: ${issues.join('; ')}`);
  }
}

export interface ChallengeQuestionState {
  question: string;
  discussion: string;
}

export interface ChallengeResponseState {
  response: string;
}

/** Only the named texts may exist, each within its limit. */
function readTexts<K extends string>(doc: Y.Doc, keys: readonly K[]): Record<K, string> {
  const issues: string[] = [];
  for (const [name] of doc.share) if (!(keys as readonly string[]).includes(name)) issues.push(`${name}: unknown`);
  const out = Object.fromEntries(keys.map((k) => [k, doc.getText(k).toString()])) as Record<K, string>;
  for (const k of keys) if (out[k].length > MAX_TEXT) issues.push(`${k}: too long`);
  if (issues.length > 0) throw new ChallengeDocInvalid(issues);
  return out;
}

export function readChallengeQuestion(doc: Y.Doc): ChallengeQuestionState {
  return readTexts(doc, [CHALLENGE_DOC.question, CHALLENGE_DOC.discussion]);
}

export function readChallengeResponse(doc: Y.Doc): ChallengeResponseState {
  return readTexts(doc, [CHALLENGE_DOC.response]);
}
