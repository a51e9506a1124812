import { PLAN_ACTION_STATUSES, type PlanActionView } from '../../../../shared/schemas/plan';
import { sortRows, type SortState } from '../../lib/sort';

/** The plan's actions list sorts by a column, or (the default, with no header of its own) in the plan's order. */
export const PLAN_ACTION_SORTS = ['plan', 'action', 'lead', 'due', 'status'] as const;
export type PlanActionSort = (typeof PLAN_ACTION_SORTS)[number];
export const DEFAULT_PLAN_ACTION_SORT: SortState<PlanActionSort> = { key: 'plan', dir: 'asc' };

export function sortPlanActions<T extends PlanActionView>(actions: readonly T[], sort: SortState<PlanActionSort>): T[] {
  const order = new Map(actions.map((a, i) => [a.id, i]));
  return sortRows(actions, sort, (a, key) => {
    if (key === 'action') return a.description;
    if (key === 'lead') return a.leadOfficers[0]?.name ?? null;
    if (key === 'due') return a.dueDate;
    if (key === 'status') return PLAN_ACTION_STATUSES.indexOf(a.status);
    return order.get(a.id)!;
  });
}
