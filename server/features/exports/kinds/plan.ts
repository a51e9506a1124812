import { periodLabel } from '../../../../shared/domain/indicator-periods.js';
import { matches, placedActions, type ActionFilters, type PlacedAction } from '../../../../shared/domain/plan-action-filters.js';
import { exportHeading, type ImportField } from '../../../../shared/exchange/columns.js';
import { DIRECTION_LABELS, PLAN_ACTION_STATUS_LABELS, PlanExportQuery, type ObjectiveView } from '../../../../shared/schemas/plan.js';
import type { SheetColumn } from '../../../core/spreadsheet/write.js';
import type { PlanService } from '../../plans/index.js';
import { ragCell, yesNo, type ExportKindHandler } from './kind.js';

const h = (field: ImportField<'plan-actions'>) => exportHeading('plan-actions', field);

type ActionRow = PlacedAction & { objective: ObjectiveView };
type ObjectiveRow = ObjectiveView & { themeTitle: string };

/**
 * The plan's actions ("Action | Milestones | Timescales | Lead Officers | Progress", as partnerships'
 * own plans head them): the columns an import reads under its headings, the objective by its outcome
 * as the plan words it and the action by its id; then read-only columns. The first sheet, so the one
 * an import reads and a CSV holds.
 */
const ACTIONS: SheetColumn<ActionRow>[] = [
  { header: h('objective'), width: 44, type: 'text', value: (a) => a.objectiveOutcome },
  { header: h('actionId'), width: 10, type: 'number', value: (a) => a.id },
  { header: h('description'), width: 50, type: 'text', value: (a) => a.description },
  { header: h('milestones'), width: 36, type: 'text', value: (a) => a.milestones },
  { header: h('dueDate'), width: 12, type: 'date', value: (a) => a.dueDate },
  { header: h('leads'), width: 30, type: 'text', value: (a) => a.leadOfficers.map((l) => l.name).join('; ') },
  { header: h('status'), width: 12, type: 'text', value: (a) => PLAN_ACTION_STATUS_LABELS[a.status] },
  { header: h('progress'), width: 50, type: 'text', value: (a) => a.progress },
  { header: 'Theme', width: 28, type: 'text', value: (a) => a.themeTitle },
  { header: 'Objective RAG', width: 12, type: 'rag', value: (a) => ragCell(a.objective.rag?.rag ?? null), none: 'Not rated' },
  { header: 'Completed date', width: 12, type: 'date', value: (a) => a.completedDate },
  { header: 'Overdue', width: 9, type: 'text', value: (a) => yesNo(a.overdue) },
  { header: 'Recommendations', width: 30, type: 'text', value: (a) => a.recommendations.map((r) => r.label).join('; ') },
];

/** Each objective with its latest RAG, the evidence's suggestion and why, in a second sheet. */
const OBJECTIVES: SheetColumn<ObjectiveRow>[] = [
  { header: 'Theme', width: 28, type: 'text', value: (o) => o.themeTitle },
  { header: 'Objective', width: 50, type: 'text', value: (o) => o.outcome },
  { header: 'Lead', width: 24, type: 'text', value: (o) => o.leadPersonName },
  { header: 'Lead agency', width: 28, type: 'text', value: (o) => o.leadAgencyName },
  { header: 'RAG', width: 11, type: 'rag', value: (o) => ragCell(o.rag?.rag ?? null), none: 'Not rated' },
  { header: 'Rated for', width: 14, type: 'text', value: (o) => (o.rag ? periodLabel('monthly', o.rag.period) : null) },
  { header: 'Rationale', width: 40, type: 'text', value: (o) => o.rag?.rationale ?? null },
  { header: 'Suggested RAG', width: 11, type: 'rag', value: (o) => ragCell(o.suggestion.rag), none: 'Not rated' },
  { header: 'Why suggested', width: 40, type: 'text', value: (o) => o.suggestion.reasons.join('; ') },
  { header: 'Direction', width: 12, type: 'text', value: (o) => (o.direction ? DIRECTION_LABELS[o.direction] : null) },
  { header: 'Actions', width: 9, type: 'number', value: (o) => o.actions.length },
  { header: 'Overdue actions', width: 9, type: 'number', value: (o) => o.actions.filter((a) => a.overdue).length },
  { header: 'Linked risks', width: 20, type: 'text', value: (o) => o.risks.map((r) => r.reference).join('; ') },
  { header: 'Progress', width: 60, type: 'text', value: (o) => o.progress },
];

/** The query as the actions page's filters read it (plan-action-filters.ts). */
function filtersOf(q: PlanExportQuery): ActionFilters {
  return { lead: q.lead ? String(q.lead) : '', agency: q.agency ?? '', status: q.status ?? '', overdue: q.overdue === 'true', recommendation: q.recommendation ? String(q.recommendation) : '' };
}

/**
 * An improvement plan as the person may read it (the plan's own detail, its rights): the actions its
 * actions page shows with the same filters, and the objectives they belong to (every objective when
 * nothing is filtered, as the plan's page shows them).
 */
export function planExport(plans: PlanService): ExportKindHandler<PlanExportQuery> {
  return {
    query: PlanExportQuery,
    async build(actor, query) {
      const plan = await plans.detail(actor, query.planId);
      const filters = filtersOf(query);
      const objectives = plan.themes.flatMap((t) => t.objectives.map((o) => ({ ...o, themeTitle: t.title })));
      const byId = new Map(objectives.map((o) => [o.id, o]));
      const actions = placedActions(plan)
        .filter((a) => matches(a, filters))
        .map((a) => ({ ...a, objective: byId.get(a.objectiveId)! }));
      const filtered = Object.values(filters).some((v) => v !== '' && v !== false);
      const shownObjectives = filtered ? objectives.filter((o) => actions.some((a) => a.objectiveId === o.id)) : objectives;
      return {
        name: `improvement-plan-${plan.id}`,
        sheets: [
          { name: 'Actions', columns: ACTIONS, rows: actions },
          { name: 'Objectives', columns: OBJECTIVES, rows: shownObjectives },
        ],
      };
    },
  };
}
