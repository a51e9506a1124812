import { AppError } from '../../../shared/errors.js';
import type { EvidenceView } from '../../../shared/schemas/evidence.js';
import type { Actor } from '../../../shared/domain/permissions.js';
import { canShapeRecommendations } from '../../../shared/domain/plan-permissions.js';
import {
  recommendationLabel,
  type CreateRecommendationPayload,
  type PlanDetail,
  type RecommendationDetail,
  type RecommendationView,
  type UpdateRecommendationPayload,
} from '../../../shared/schemas/plan.js';
import { isoAt, type ServiceContext } from '../../core/context.js';
import type { RecommendationRecordRow } from './queries.js';
import type { PlanRepository } from './repo.js';
import type { PlanService } from './service.js';

const SHAPERS = 'Only an administrator, or the chair or a vice-chair of a board that owns a plan, can record inspection recommendations.';

/**
 * Inspection recommendations: the partnership's records of what an inspection asked for (source
 * report, date, number, text), and what answers each one — the question an inspector asks first:
 * "show me what you did about recommendation 4". Read through the plans, so an action shows here
 * exactly as on its plan's page.
 */
export class RecommendationService {
  constructor(
    private readonly ctx: ServiceContext,
    private readonly repo: PlanRepository,
    private readonly plans: PlanService,
    /** The evidence store's items linked to a recommendation, as this person sees them. */
    private readonly evidenceOf: (actor: Actor, recommendationId: number) => Promise<EvidenceView[]> = async () => [],
  ) {}

  private async may(actor: Actor): Promise<boolean> {
    return canShapeRecommendations(actor, actor.partnershipId, await this.repo.planBoardIds(actor.partnershipId));
  }

  private async plansOf(actor: Actor): Promise<PlanDetail[]> {
    return Promise.all((await this.plans.queries.planIds(actor.partnershipId)).map((id) => this.plans.detail(actor, id)));
  }

  async list(actor: Actor, ids?: number[]): Promise<RecommendationView[]> {
    const rows = await this.plans.queries.recommendations(actor.partnershipId, ids);
    const { actions, objectives } = await this.plans.queries.answering(actor.partnershipId);
    const edit = await this.may(actor);
    return rows.map((r) => viewOf(r, edit, {
      actionCount: actions.filter((a) => a.recommendationId === r.id).length,
      completedActionCount: actions.filter((a) => a.recommendationId === r.id && a.status === 'completed').length,
      objectiveCount: objectives.filter((o) => o.recommendationId === r.id).length,
    }));
  }

  async detail(actor: Actor, recommendationId: number): Promise<RecommendationDetail> {
    const [view] = await this.list(actor, [recommendationId]);
    if (!view) throw new AppError('NOT_FOUND', 'Recommendation not found.');
    const answering: RecommendationDetail['actions'] = [];
    const objectives: RecommendationDetail['objectives'] = [];
    for (const plan of await this.plansOf(actor)) {
      for (const theme of plan.themes) {
        for (const o of theme.objectives) {
          if (o.recommendations.some((r) => r.id === recommendationId)) objectives.push({ id: o.id, planId: plan.id, planTitle: plan.title, themeTitle: theme.title, outcome: o.outcome, rag: o.rag?.rag ?? null });
          for (const a of o.actions) {
            if (!a.recommendations.some((r) => r.id === recommendationId)) continue;
            const { id, description, milestones, dueDate, status, completedDate, progress, overdue, leadOfficers } = a;
            answering.push({ id, planId: plan.id, planTitle: plan.title, objectiveId: o.id, objectiveOutcome: o.outcome, description, milestones, dueDate, status, completedDate, progress, overdue, leadOfficers });
          }
        }
      }
    }
    return { ...view, actions: answering, objectives, evidence: await this.evidenceOf(actor, recommendationId) };
  }

  async create(actor: Actor, p: CreateRecommendationPayload): Promise<RecommendationView> {
    if (!(await this.may(actor))) throw new AppError('FORBIDDEN', SHAPERS);
    const at = isoAt(this.ctx.clock);
    const row = await this.repo.createRecommendation(
      { partnershipId: actor.partnershipId, ...p, createdAt: at, updatedAt: at },
      { partnershipId: actor.partnershipId, actorId: actor.personId, action: 'inspection_recommendation.create', entityType: 'inspection_recommendation', detail: p },
    );
    return (await this.list(actor, [row.id]))[0]!;
  }

  async update(actor: Actor, p: UpdateRecommendationPayload): Promise<RecommendationView> {
    const row = await this.repo.recommendation(actor.partnershipId, p.recommendationId);
    if (!row) throw new AppError('NOT_FOUND', 'Recommendation not found.');
    if (!(await this.may(actor))) throw new AppError('FORBIDDEN', SHAPERS);
    const { recommendationId: _id, ...fields } = p;
    const patch = Object.fromEntries(Object.entries(fields).filter(([key, value]) => value !== undefined && value !== row[key as keyof typeof row]));
    if (Object.keys(patch).length === 0) throw new AppError('VALIDATION_FAILED', 'Nothing to change.', [{ path: '', message: 'Name at least one field to change' }]);
    await this.repo.updateRecommendation(row, { ...patch, updatedAt: isoAt(this.ctx.clock) }, {
      partnershipId: row.partnershipId,
      actorId: actor.personId,
      action: 'inspection_recommendation.update',
      entityType: 'inspection_recommendation',
      entityId: row.id,
      detail: Object.fromEntries(Object.entries(patch).map(([key, to]) => [key, { from: row[key as keyof typeof row], to }])),
    });
    // Its label and text show on every plan that answers it.
    for (const planId of await this.repo.plansAnswering(row.id)) this.ctx.bus.emit('plan.changed', { partnershipId: row.partnershipId, planId });
    return (await this.list(actor, [row.id]))[0]!;
  }
}

function viewOf(r: RecommendationRecordRow, edit: boolean, counts: { actionCount: number; completedActionCount: number; objectiveCount: number }): RecommendationView {
  return { id: r.id, source: r.source, reportDate: r.reportDate, number: r.number, label: recommendationLabel(r.number), text: r.text, ...counts, can: { edit } };
}
