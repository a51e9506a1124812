import type { PlanActionStatus, PlanActionView, PlanDetail } from '../schemas/plan.js';
import { PLAN_ACTION_STATUSES } from '../schemas/plan.js';

/**
 * The plan's action list, filtered as a lead officer or the chair asks: by lead officer, agency,
 * status, overdue, recommendation. Pure and shared, so the page, its tests and the plan's export
 * (GET …/exports/plan.xlsx?planId=…, the same query) share one reading of the address.
 */
export interface ActionFilters {
  /** A lead officer's person id, as text ('' for anyone). */
  lead: string;
  /** A lead officer's agency name ('' for any). */
  agency: string;
  status: PlanActionStatus | '';
  overdue: boolean;
  /** A recommendation's id, as text. */
  recommendation: string;
}

export const NO_FILTERS: ActionFilters = { lead: '', agency: '', status: '', overdue: false, recommendation: '' };

/** An action with where it sits in the plan. */
export interface PlacedAction extends PlanActionView {
  themeTitle: string;
  objectiveOutcome: string;
}

export function placedActions(plan: PlanDetail): PlacedAction[] {
  return plan.themes.flatMap((t) => t.objectives.flatMap((o) => o.actions.map((a) => ({ ...a, themeTitle: t.title, objectiveOutcome: o.outcome }))));
}

export function matches(a: PlanActionView, f: ActionFilters): boolean {
  if (f.lead && !a.leadOfficers.some((l) => String(l.id) === f.lead)) return false;
  if (f.agency && !a.leadOfficers.some((l) => l.agencyName === f.agency)) return false;
  if (f.status && a.status !== f.status) return false;
  if (f.overdue && !a.overdue) return false;
  if (f.recommendation && !a.recommendations.some((r) => String(r.id) === f.recommendation)) return false;
  return true;
}

const ID = /^[1-9][0-9]{0,9}$/;

/** The filters an address holds; anything unreadable is left out rather than guessed. */
export function filtersFromQuery(search: string): ActionFilters {
  const q = new URLSearchParams(search);
  const status = q.get('status') ?? '';
  return {
    lead: ID.test(q.get('lead') ?? '') ? q.get('lead')! : '',
    agency: (q.get('agency') ?? '').slice(0, 200),
    status: (PLAN_ACTION_STATUSES as readonly string[]).includes(status) ? (status as PlanActionStatus) : '',
    overdue: q.get('overdue') === 'true',
    recommendation: ID.test(q.get('recommendation') ?? '') ? q.get('recommendation')! : '',
  };
}

/** The address for these filters: only what is set is written. */
export function queryFromFilters(f: ActionFilters): string {
  const q = new URLSearchParams();
  if (f.lead) q.set('lead', f.lead);
  if (f.agency) q.set('agency', f.agency);
  if (f.status) q.set('status', f.status);
  if (f.overdue) q.set('overdue', 'true');
  if (f.recommendation) q.set('recommendation', f.recommendation);
  const s = q.toString();
  return s ? `?${s}` : '';
}
