import type * as Y from 'yjs';
import { DOC_LIMITS } from '../limits.js';
import { CHALLENGE_DOC } from '../schemas/challenge.js';
import { LayoutIssues, plainText, unknownRoots } from './strict.js';

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

/** Only the named texts may exist, each plain and within its limit. */
function readTexts<K extends string>(doc: Y.Doc, keys: readonly K[]): Record<K, string> {
  const issues = new LayoutIssues();
  unknownRoots(doc, (name) => (keys as readonly string[]).includes(name), issues, 'challenge');
  const out = Object.fromEntries(keys.map((k) => [k, plainText(doc.getText(k), k, DOC_LIMITS.textMax, issues)])) as Record<K, string>;
  if (issues.any) throw new ChallengeDocInvalid(issues.list);
  return out;
}

export function readChallengeQuestion(doc: Y.Doc): ChallengeQuestionState {
  return readTexts(doc, [CHALLENGE_DOC.question, CHALLENGE_DOC.discussion]);
}

export function readChallengeResponse(doc: Y.Doc): ChallengeResponseState {
  return readTexts(doc, [CHALLENGE_DOC.response]);
}
