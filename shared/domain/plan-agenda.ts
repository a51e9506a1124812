import type { Direction } from './plan-rag.js';

/**
 * Which improvement plan objectives a board's meeting should look at (issue 12 §5), and why: those
 * whose current RAG is red, those worsening, and those with overdue actions. Pure, so the rule and its
 * wording are tested by table.
 */

export interface ObjectiveAttentionFacts {
  rag: 'red' | 'amber' | 'green' | null;
  direction: Direction | null;
  actions: readonly { overdue: boolean }[];
}

export interface ObjectiveAttention {
  /** "RAG red, worsening; 2 of 5 actions overdue". */
  reason: string;
  /** Higher is worse: red counts most, then worsening, then each overdue action. */
  weight: number;
}

/** Why the board should look at this objective, or null when nothing calls for it. */
export function objectiveAttention(o: ObjectiveAttentionFacts): ObjectiveAttention | null {
  const red = o.rag === 'red';
  const worsening = o.direction === 'worsening';
  const overdue = o.actions.filter((a) => a.overdue).length;
  if (!red && !worsening && overdue === 0) return null;
  const clauses: string[] = [];
  // The RAG is named whenever it is part of the reason: "RAG amber, worsening" says where it now stands.
  if (red || worsening) clauses.push([`RAG ${o.rag}`, ...(worsening ? ['worsening'] : [])].join(', '));
  if (overdue > 0) clauses.push(`${overdue} of ${o.actions.length} ${o.actions.length === 1 ? 'action' : 'actions'} overdue`);
  return { reason: clauses.join('; '), weight: (red ? 1000 : 0) + (worsening ? 500 : 0) + overdue };
}

/** An outcome shortened for an agenda item's title: whole words, with an ellipsis when cut. */
export function shortenOutcome(outcome: string, max: number): string {
  const text = outcome.replace(/\s+/g, ' ').trim();
  if (text.length <= max) return text;
  const cut = text.slice(0, max - 1);
  const space = cut.lastIndexOf(' ');
  return `${(space > max / 2 ? cut.slice(0, space) : cut).replace(/[\s,;:.–-]+$/, '')}…`;
}
