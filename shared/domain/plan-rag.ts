import type { PlanActionStatus, Rag } from '../schemas/plan.js';

/**
 * The improvement plan's RAG rules (issue 12; seed 000 §4.2: "the standard Red, Amber, and Green
 * monitoring process against each objective"). Pure, so the plan page, the board's agenda and the
 * server's check that a differing RAG carries a rationale all read the same suggestion.
 */

/** A reporting period: a calendar month, 'YYYY-MM'. */
export type Period = string;

/** What the suggestion weighs about one action. */
export interface RagActionFact {
  status: PlanActionStatus;
  /** YYYY-MM-DD, or null for an action with no date (never overdue). */
  dueDate: string | null;
}

/** What the suggestion weighs about one linked risk (its register row's reference and tolerance flag). */
export interface RagRiskFact {
  reference: string;
  aboveTolerance: boolean;
  status: 'open' | 'closed';
}

export interface RagFacts {
  /** Today, YYYY-MM-DD in London: what decides an action is overdue. */
  today: string;
  actions: readonly RagActionFact[];
  risks: readonly RagRiskFact[];
  /** Linked scorecard indicators out of tolerance (the scorecard comes later; 0 until it does). */
  indicatorsOutOfTolerance?: number;
}

export interface RagSuggestion {
  rag: Rag;
  /** In words, worst first: what a board member reads beside the suggestion. */
  reasons: string[];
}

/** An action is overdue when its due date has passed and it is not completed. */
export function isActionOverdue(a: RagActionFact, today: string): boolean {
  return a.status !== 'completed' && a.dueDate !== null && a.dueDate < today;
}

const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

/**
 * The suggested RAG of an objective from its evidence. The thresholds:
 * - **red**: any open linked risk above its tolerance; or any action off track; or more than a third
 *   of the objective's actions overdue; or two or more linked indicators out of tolerance;
 * - **amber**: any action overdue or at risk; or one indicator out of tolerance; or no actions yet
 *   (an outcome with nothing planned towards it is not on track);
 * - **green** otherwise: every action on track, not started within its time, or completed.
 * A closed risk is no longer a threat and weighs nothing. Every reason found is given, red ones first.
 */
export function suggestRag(facts: RagFacts): RagSuggestion {
  const total = facts.actions.length;
  const overdue = facts.actions.filter((a) => isActionOverdue(a, facts.today)).length;
  const offTrack = facts.actions.filter((a) => a.status === 'off_track').length;
  const atRisk = facts.actions.filter((a) => a.status === 'at_risk').length;
  const risksAbove = facts.risks.filter((r) => r.status === 'open' && r.aboveTolerance).map((r) => r.reference);
  const indicators = facts.indicatorsOutOfTolerance ?? 0;

  const red: string[] = [];
  const amber: string[] = [];
  for (const reference of risksAbove) red.push(`risk ${reference} above tolerance`);
  if (offTrack > 0) red.push(`${offTrack} of ${plural(total, 'action')} off track`);
  if (overdue > 0) (overdue * 3 > total ? red : amber).push(`${overdue} of ${plural(total, 'action')} overdue`);
  if (atRisk > 0) amber.push(`${atRisk} of ${plural(total, 'action')} at risk`);
  if (indicators > 0) (indicators >= 2 ? red : amber).push(`${plural(indicators, 'indicator')} out of tolerance`);
  if (total === 0) amber.push('no actions yet');

  if (red.length > 0) return { rag: 'red', reasons: [...red, ...amber] };
  if (amber.length > 0) return { rag: 'amber', reasons: amber };
  const completed = facts.actions.filter((a) => a.status === 'completed').length;
  return { rag: 'green', reasons: [completed === total ? `all ${plural(total, 'action')} completed` : `${plural(total, 'action')} on track or completed, none overdue`] };
}

export type Direction = 'improving' | 'same' | 'worsening';

const RANK: Record<Rag, number> = { red: 0, amber: 1, green: 2 };

/** How the RAG moved from one decision to the next; null when either is unknown (nothing to compare). */
export function direction(previous: Rag | null, current: Rag | null): Direction | null {
  if (previous === null || current === null) return null;
  if (RANK[current] > RANK[previous]) return 'improving';
  if (RANK[current] < RANK[previous]) return 'worsening';
  return 'same';
}

export interface RagCounts {
  red: number;
  amber: number;
  green: number;
  /** Objectives with no RAG decided. */
  none: number;
}

/** How many objectives of a theme or plan are at each RAG (null: not decided). */
export function rollUp(rags: readonly (Rag | null)[]): RagCounts {
  const counts: RagCounts = { red: 0, amber: 0, green: 0, none: 0 };
  for (const rag of rags) counts[rag ?? 'none']++;
  return counts;
}

const PERIOD = /^(\d{4})-(0[1-9]|1[0-2])$/;

export function isPeriod(value: string): boolean {
  return PERIOD.test(value);
}

/** The period a date (YYYY-MM-DD) falls in. */
export function periodOf(isoDate: string): Period {
  return isoDate.slice(0, 7);
}

/** The period `months` after (negative: before) `period`. */
export function addPeriods(period: Period, months: number): Period {
  const m = PERIOD.exec(period);
  if (!m) throw new Error(`Not a period: ${period}`);
  const index = Number(m[1]) * 12 + (Number(m[2]) - 1) + months;
  return `${String(Math.floor(index / 12)).padStart(4, '0')}-${String((index % 12) + 1).padStart(2, '0')}`;
}

/** The `n` periods ending with `period`, oldest first: the columns of an objective's RAG history. */
export function lastPeriods(period: Period, n: number): Period[] {
  return Array.from({ length: n }, (_, i) => addPeriods(period, i - (n - 1)));
}

/**
 * A RAG may be decided for the current period, or for the one just ended (a board meeting early in
 * the month rates the month before); never ahead, and never further back: history is not rewritten.
 */
export function mayDecideFor(period: Period, current: Period): boolean {
  return period === current || period === addPeriods(current, -1);
}

/** A RAG that differs from the suggestion needs a rationale. */
export function needsRationale(decided: Rag, suggested: Rag): boolean {
  return decided !== suggested;
}

/** "September 2026": how a period is written for people. */
export function periodLabel(period: Period): string {
  const m = PERIOD.exec(period);
  if (!m) return period;
  const months = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];
  return `${months[Number(m[2]) - 1]} ${m[1]}`;
}
