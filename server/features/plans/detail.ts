import { direction, isActionOverdue, rollUp } from '../../../shared/domain/plan-rag.js';
import { canReportProgress, canSetRag, canShapePlan, objectiveTextRights } from '../../../shared/domain/plan-permissions.js';
import type { Actor } from '../../../shared/domain/permissions.js';
import type { ObjectiveView, PlanActionView, PlanDetail, PlanSummary, RagDecisionView, ThemeView } from '../../../shared/schemas/plan.js';
import { suggestionOf } from './evidence.js';
import type { PlanTree } from './queries.js';

/** Groups rows by a key, keeping their order. */
function groupBy<T, K>(rows: readonly T[], key: (row: T) => K): Map<K, T[]> {
  const out = new Map<K, T[]>();
  for (const row of rows) {
    const k = key(row);
    const list = out.get(k);
    if (list) list.push(row);
    else out.set(k, [row]);
  }
  return out;
}

/**
 * A plan's page as one person sees it: themes → objectives (current RAG, the suggestion and its
 * reasons, direction, 12 periods of history, every decision) → actions (lead officers, overdue,
 * recommendations), with roll-ups per theme and for the plan and what this person may do. Pure: the
 * rows in, the answer out.
 */
/**
 * `lentBy`: the boards holding a live meeting with the objective on its agenda at which this person is
 * present (they lend the pen on its progress texts; see objectiveTextRights).
 */
export function buildPlanDetail(tree: PlanTree, actor: Actor, lentBy: (objectiveId: number) => readonly number[] = () => []): PlanDetail {
  const plan = { partnershipId: tree.plan.partnershipId, boardId: tree.plan.boardId };
  const mayShape = canShapePlan(actor, plan);
  const leads = groupBy(tree.leads, (l) => l.actionId);
  const actionRecs = groupBy(tree.actionRecommendations, (r) => r.actionId);
  const objectiveRecs = groupBy(tree.objectiveRecommendations, (r) => r.objectiveId);
  const risksById = new Map(tree.risks.map((r) => [r.id, r]));
  const objectiveRisks = groupBy(tree.objectiveRisks, (r) => r.objectiveId);
  const actionsOf = groupBy(tree.actions, (a) => a.objectiveId);
  // Newest first (the query's order): the first of a period is that period's RAG.
  const decisionsOf = groupBy(tree.decisions, (d) => d.objectiveId);
  const current = tree.periods.at(-1)!;

  const objectiveView = (o: PlanTree['objectives'][number]): ObjectiveView => {
    const actions = actionsOf.get(o.id) ?? [];
    const leadOfficerIdsOf = (actionId: number) => (leads.get(actionId) ?? []).map((l) => l.id);
    const writes = objectiveTextRights(actor, { ...plan, leadPersonId: o.leadPersonId, actions: actions.map((a) => ({ id: a.id, leadOfficerIds: leadOfficerIdsOf(a.id) })), liveMeetingBoardIds: lentBy(o.id) });
    const actionViews: PlanActionView[] = actions.map((a) => ({
      id: a.id,
      objectiveId: a.objectiveId,
      position: a.position,
      description: a.description,
      milestones: a.milestones,
      dueDate: a.dueDate,
      status: a.status,
      completedDate: a.completedDate,
      progress: a.progress,
      overdue: isActionOverdue(a, tree.today),
      leadOfficers: (leads.get(a.id) ?? []).map((l) => ({ id: l.id, name: l.name, agencyName: l.agencyName })),
      recommendations: (actionRecs.get(a.id) ?? []).map((r) => r.ref),
      can: { reportProgress: canReportProgress(actor, { ...plan, leadPersonId: o.leadPersonId, leadOfficerIds: leadOfficerIdsOf(a.id) }), writeProgress: writes.actionIds.includes(a.id), edit: mayShape },
    }));
    const risks = (objectiveRisks.get(o.id) ?? []).map((l) => risksById.get(l.riskId)).filter((r) => r !== undefined).sort((a, b) => a.reference.localeCompare(b.reference));
    const decisions = decisionsOf.get(o.id) ?? [];
    const latestOf = new Map<string, (typeof decisions)[number]>();
    for (const d of decisions) if (!latestOf.has(d.period)) latestOf.set(d.period, d);
    const views: RagDecisionView[] = decisions.map(({ objectiveId: _o, ...d }, i) => ({ ...d, superseded: latestOf.get(d.period) !== decisions[i] }));
    const rag = views.find((d) => !d.superseded) ?? null;
    const previous = rag ? views.find((d) => !d.superseded && d.period < rag.period) : undefined;
    return {
      id: o.id,
      planId: o.planId,
      themeId: o.themeId,
      position: o.position,
      outcome: o.outcome,
      leadPersonId: o.leadPersonId,
      leadPersonName: o.leadPersonName,
      leadAgencyId: o.leadAgencyId,
      leadAgencyName: o.leadAgencyName,
      progress: o.progress,
      recommendations: (objectiveRecs.get(o.id) ?? []).map((r) => r.ref),
      risks: risks.map((r) => ({ id: r.id, reference: r.reference, title: r.title, status: r.status, aboveTolerance: r.aboveTolerance })),
      rag,
      suggestion: suggestionOf(actions, risks, tree.today),
      direction: direction(previous?.rag ?? null, rag?.rag ?? null),
      history: tree.periods.map((period) => ({ period, rag: latestOf.get(period)?.rag ?? null })),
      decisions: views,
      actions: actionViews,
      can: { setRag: canSetRag(actor, { ...plan, leadPersonId: o.leadPersonId }), writeNarrative: writes.narrative, edit: mayShape },
    };
  };

  const objectivesOf = groupBy(tree.objectives.map(objectiveView), (o) => o.themeId);
  const themes: ThemeView[] = tree.themes.map((t) => {
    const objectives = objectivesOf.get(t.id) ?? [];
    return { ...t, objectives, rollUp: rollUp(objectives.map((o) => o.rag?.rag ?? null)), rollUpHistory: historyCounts(tree.periods, objectives) };
  });
  const all = themes.flatMap((t) => t.objectives);
  const actions = all.flatMap((o) => o.actions);
  const { id, title, boardId, boardName, updatedAt } = tree.plan;
  return {
    id,
    title,
    boardId,
    boardName,
    period: current,
    themeCount: themes.length,
    objectiveCount: all.length,
    actionCount: actions.length,
    overdueActionCount: actions.filter((a) => a.overdue).length,
    rollUp: rollUp(all.map((o) => o.rag?.rag ?? null)),
    updatedAt,
    can: { edit: mayShape },
    periods: tree.periods,
    themes,
    rollUpHistory: historyCounts(tree.periods, all),
  };
}

/** Per period, how many of these objectives were decided red, amber or green (or not at all). */
function historyCounts(periods: readonly string[], objectives: readonly ObjectiveView[]) {
  return periods.map((period, i) => ({ period, ...rollUp(objectives.map((o) => o.history[i]?.rag ?? null)) }));
}

/** The plan as the list shows it. */
export function summaryOf(detail: PlanDetail): PlanSummary {
  const { id, title, boardId, boardName, period, themeCount, objectiveCount, actionCount, overdueActionCount, rollUp: counts, updatedAt, can } = detail;
  return { id, title, boardId, boardName, period, themeCount, objectiveCount, actionCount, overdueActionCount, rollUp: counts, updatedAt, can };
}
