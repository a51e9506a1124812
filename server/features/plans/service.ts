import { AppError } from '../../../shared/errors.js';
import type { Actor } from '../../../shared/domain/permissions.js';
import { canReportProgress, canSetRag, canShapePlan, ragProposalRefusal, type ProposalMeetingFacts } from '../../../shared/domain/plan-permissions.js';
import { mayDecideFor, needsRationale, periodOf } from '../../../shared/domain/plan-rag.js';
import { todayIn } from '../../../shared/domain/scoring.js';
import {
  ACTION_PROGRESS_FIELDS,
  RAG_LABELS,
  type CreateObjectivePayload,
  type CreatePlanActionPayload,
  type ObjectiveDetail,
  type ObjectiveView,
  type PlanActionView,
  type PlanDetail,
  type PlanSummary,
  type ProposeRagPayload,
  type SetRagPayload,
  type ThemeView,
  type UpdateObjectivePayload,
  type UpdatePlanActionPayload,
} from '../../../shared/schemas/plan.js';
import { isoAt, type ServiceContext } from '../../core/context.js';
import { refused } from '../../core/references.js';
import { runPrepared, type Prepared } from '../../core/prepared.js';
import { buildPlanDetail, summaryOf } from './detail.js';
import type { PlanQueries } from './queries.js';
import { distinct, type ActionSeen, type ObjectiveSeen, type PlanRepository } from './repo.js';

/**
 * One meeting as a RAG proposal weighs it, for this objective and this person (the meetings feature's
 * synchronous read, set by the composition root: a proposal re-decides inside its transaction). Null:
 * no such meeting.
 */
export type ProposalMeetingReader = (meetingId: number, objectiveId: number, personId: number) => Promise<ProposalMeetingFacts | null>;
const noMeetings: ProposalMeetingReader = async () => null;

const SHAPERS = 'Only the chair or a vice-chair of the board that owns the plan, or an administrator, can change its structure.';
const nothingToChange = () => new AppError('VALIDATION_FAILED', 'Nothing to change.', [{ path: '', message: 'Name at least one field to change' }]);
/** The fields of a patch that differ from the row, as from → to for the audit record. */
function changes(before: object, patch: Record<string, unknown>): Record<string, { from: unknown; to: unknown }> {
  const out: Record<string, { from: unknown; to: unknown }> = {};
  for (const [key, to] of Object.entries(patch)) if (to !== undefined && JSON.stringify((before as Record<string, unknown>)[key]) !== JSON.stringify(to)) out[key] = { from: (before as Record<string, unknown>)[key] ?? null, to };
  return out;
}

/**
 * The improvement plan's commands (issue 12): shaping a plan (plans, themes, objectives, actions),
 * reporting on it (an action's status and progress) and deciding each objective's monthly RAG. Each is
 * authorised by shared/domain/plan-permissions.ts, written by the repository in one transaction with
 * its audit row, then announced on the bus ("plan.changed"), and answered with the record as the plan's
 * page shows it to the sender.
 */
export class PlanService {
  constructor(
    private readonly ctx: ServiceContext,
    private readonly repo: PlanRepository,
    readonly queries: PlanQueries,
    /** Boards whose live meeting, with the objective on its agenda, this person is present at (the meetings feature's). */
    private readonly liveMeetingBoards: (objectiveId: number, personId: number) => Promise<number[]> = async () => [],
    private readonly meetingOf: ProposalMeetingReader = noMeetings,
  ) {}

  private today(): string {
    return todayIn(this.ctx.clock());
  }

  async list(actor: Actor): Promise<PlanSummary[]> {
    const ids = await this.queries.planIds(actor.partnershipId);
    return Promise.all(ids.map(async (id) => summaryOf(await this.detail(actor, id))));
  }

  async detail(actor: Actor, planId: number): Promise<PlanDetail> {
    const tree = await this.queries.tree(actor.partnershipId, planId);
    const lent = new Map<number, number[]>();
    for (const o of tree.objectives) lent.set(o.id, await this.liveMeetingBoards(o.id, actor.personId));
    return buildPlanDetail(tree, actor, (objectiveId) => lent.get(objectiveId) ?? []);
  }

  /** One objective with its plan around it (a meeting's agenda item on it shows this), and whether the reader may propose its RAG at `meetingId`. */
  async objectiveDetail(actor: Actor, objectiveId: number, meetingId?: number): Promise<ObjectiveDetail> {
    const objective = await this.repo.objective(actor.partnershipId, objectiveId);
    if (!objective) throw new AppError('NOT_FOUND', 'Objective not found.');
    const plan = await this.detail(actor, objective.planId);
    const theme = plan.themes.find((t) => t.objectives.some((o) => o.id === objectiveId))!;
    return {
      plan: { id: plan.id, title: plan.title, boardId: plan.boardId, boardName: plan.boardName },
      themeTitle: theme.title,
      period: plan.period,
      objective: theme.objectives.find((o) => o.id === objectiveId)!,
      canProposeRag: meetingId !== undefined && (await this.mayPropose(actor, objective, meetingId)),
    };
  }

  private async mayPropose(actor: Actor, objective: ObjectiveSeen, meetingId: number): Promise<boolean> {
    const meeting = await this.meetingOf(meetingId, objective.id, actor.personId);
    return meeting !== null && ragProposalRefusal(actor, objective, meeting) === null;
  }

  /**
   * The objectives of the plans a board owns, as its meetings weigh them (figures only: the rights in
   * each view are those of nobody in particular, and no one is shown them).
   */
  async objectivesOfBoard(partnershipId: number, boardId: number): Promise<ObjectiveView[]> {
    const nobody: Actor = { personId: 0, partnershipId, agencyId: 0, isPartnershipAdmin: false, boardRoles: new Map() };
    const out: ObjectiveView[] = [];
    for (const id of await this.queries.planIds(partnershipId, boardId)) out.push(...(await this.detail(nobody, id)).themes.flatMap((t) => t.objectives));
    return out;
  }

  private async themeView(actor: Actor, planId: number, themeId: number): Promise<ThemeView> {
    return (await this.detail(actor, planId)).themes.find((t) => t.id === themeId)!;
  }

  private async objectiveView(actor: Actor, planId: number, objectiveId: number): Promise<ObjectiveView> {
    return (await this.detail(actor, planId)).themes.flatMap((t) => t.objectives).find((o) => o.id === objectiveId)!;
  }

  private async actionView(actor: Actor, planId: number, actionId: number): Promise<PlanActionView> {
    return (await this.detail(actor, planId)).themes.flatMap((t) => t.objectives.flatMap((o) => o.actions)).find((a) => a.id === actionId)!;
  }

  private changed(partnershipId: number, planId: number): void {
    this.ctx.bus.emit('plan.changed', { partnershipId, planId });
  }

  async createPlan(actor: Actor, p: { boardId: number; title: string }): Promise<PlanSummary> {
    const board = await this.repo.board(actor.partnershipId, p.boardId);
    if (!board) throw new AppError('NOT_FOUND', 'Board not found.');
    if (!canShapePlan(actor, { partnershipId: actor.partnershipId, boardId: board.id })) throw new AppError('FORBIDDEN', 'Only the board’s chair or a vice-chair, or an administrator, can make a plan for it.');
    const at = isoAt(this.ctx.clock);
    const row = await this.repo.createPlan(
      { partnershipId: actor.partnershipId, boardId: board.id, title: p.title, createdAt: at, createdBy: actor.personId, updatedAt: at },
      { partnershipId: actor.partnershipId, actorId: actor.personId, action: 'plan.create', entityType: 'plan', detail: { title: p.title, board: board.name } },
    );
    this.changed(actor.partnershipId, row.id);
    return summaryOf(await this.detail(actor, row.id));
  }

  async updatePlan(actor: Actor, p: { planId: number; title?: string | undefined; boardId?: number | undefined }): Promise<PlanSummary> {
    const plan = await this.repo.plan(actor.partnershipId, p.planId);
    if (!plan) throw new AppError('NOT_FOUND', 'Plan not found.');
    if (!canShapePlan(actor, plan)) throw new AppError('FORBIDDEN', SHAPERS);
    const patch = changes(plan, { title: p.title, boardId: p.boardId });
    if (Object.keys(patch).length === 0) throw nothingToChange();
    if (p.boardId !== undefined && p.boardId !== plan.boardId) {
      const board = await this.repo.board(actor.partnershipId, p.boardId);
      if (!board) throw refused('boardId', 'Unknown board', 'The board named is not in this partnership.');
      // Handing a plan to another board is for someone who may shape plans there too.
      if (!canShapePlan(actor, { partnershipId: actor.partnershipId, boardId: board.id })) throw new AppError('FORBIDDEN', 'Only the receiving board’s chair or a vice-chair, or an administrator, can give it a plan.');
    }
    await this.repo.updatePlan(plan, { title: p.title, boardId: p.boardId, updatedAt: isoAt(this.ctx.clock) }, { partnershipId: plan.partnershipId, actorId: actor.personId, action: 'plan.update', entityType: 'plan', entityId: plan.id, detail: patch });
    this.changed(plan.partnershipId, plan.id);
    return summaryOf(await this.detail(actor, plan.id));
  }

  async createTheme(actor: Actor, p: { planId: number; title: string; position?: number | undefined }): Promise<ThemeView> {
    const plan = await this.repo.plan(actor.partnershipId, p.planId);
    if (!plan) throw new AppError('NOT_FOUND', 'Plan not found.');
    if (!canShapePlan(actor, plan)) throw new AppError('FORBIDDEN', SHAPERS);
    const row = await this.repo.createTheme(plan, p, { partnershipId: plan.partnershipId, actorId: actor.personId, action: 'plan_theme.create', entityType: 'plan_theme', detail: { planId: plan.id, title: p.title } });
    this.changed(plan.partnershipId, plan.id);
    return this.themeView(actor, plan.id, row.id);
  }

  async updateTheme(actor: Actor, p: { themeId: number; title?: string | undefined; position?: number | undefined }): Promise<ThemeView> {
    const theme = await this.repo.theme(actor.partnershipId, p.themeId);
    if (!theme) throw new AppError('NOT_FOUND', 'Theme not found.');
    if (!canShapePlan(actor, theme)) throw new AppError('FORBIDDEN', SHAPERS);
    const patch = changes(theme, { title: p.title, position: p.position });
    if (Object.keys(patch).length === 0) throw nothingToChange();
    await this.repo.updateTheme(theme, p, { partnershipId: theme.partnershipId, actorId: actor.personId, action: 'plan_theme.update', entityType: 'plan_theme', entityId: theme.id, detail: patch });
    this.changed(theme.partnershipId, theme.planId);
    return this.themeView(actor, theme.planId, theme.id);
  }

  async createObjective(actor: Actor, p: CreateObjectivePayload): Promise<ObjectiveView> {
    const theme = await this.repo.theme(actor.partnershipId, p.themeId);
    if (!theme) throw new AppError('NOT_FOUND', 'Theme not found.');
    if (!canShapePlan(actor, theme)) throw new AppError('FORBIDDEN', SHAPERS);
    const row = await this.repo.createObjective(
      theme,
      { outcome: p.outcome, leadPersonId: p.leadPersonId, leadAgencyId: p.leadAgencyId },
      { recommendationIds: p.recommendationIds, riskIds: p.riskIds },
      { partnershipId: theme.partnershipId, actorId: actor.personId, action: 'plan_objective.create', entityType: 'plan_objective', detail: { planId: theme.planId, ...p } },
    );
    this.changed(theme.partnershipId, theme.planId);
    return this.objectiveView(actor, theme.planId, row.id);
  }

  async updateObjective(actor: Actor, p: UpdateObjectivePayload): Promise<ObjectiveView> {
    const objective = await this.repo.objective(actor.partnershipId, p.objectiveId);
    if (!objective) throw new AppError('NOT_FOUND', 'Objective not found.');
    if (!canShapePlan(actor, objective)) throw new AppError('FORBIDDEN', SHAPERS);
    const { objectiveId: _id, recommendationIds, riskIds, ...fields } = p;
    const patch = changes(objective, fields);
    if (Object.keys(patch).length === 0 && recommendationIds === undefined && riskIds === undefined) throw nothingToChange();
    await this.repo.updateObjective(objective, fields, { recommendationIds, riskIds }, {
      partnershipId: objective.partnershipId,
      actorId: actor.personId,
      action: 'plan_objective.update',
      entityType: 'plan_objective',
      entityId: objective.id,
      detail: { ...patch, ...(recommendationIds ? { recommendationIds } : {}), ...(riskIds ? { riskIds } : {}) },
    });
    this.changed(objective.partnershipId, objective.planId);
    return this.objectiveView(actor, objective.planId, objective.id);
  }

  /**
   * An objective's RAG for a period (the current one by default). The suggestion is worked out again
   * inside the write's transaction; a RAG that differs from it is refused without a rationale. An
   * earlier decision for the same period stays on the record, superseded.
   */
  async setRag(actor: Actor, p: SetRagPayload): Promise<ObjectiveView> {
    const objective = await this.repo.objective(actor.partnershipId, p.objectiveId);
    if (!objective) throw new AppError('NOT_FOUND', 'Objective not found.');
    if (!canSetRag(actor, objective)) throw new AppError('FORBIDDEN', 'Only the objective’s lead, the chair of the board that owns the plan, or an administrator, can set its RAG.');
    const today = this.today();
    const current = periodOf(today);
    const period = p.period ?? current;
    if (!mayDecideFor(period, current)) throw new AppError('VALIDATION_FAILED', 'A RAG is decided for this month or the month just ended.', [{ path: 'period', message: 'This month or last month only' }]);
    const at = isoAt(this.ctx.clock);
    await this.repo.decideRag(
      objective,
      today,
      (suggestion) => {
        if (needsRationale(p.rag, suggestion.rag) && p.rationale === '') {
          throw new AppError('VALIDATION_FAILED', `Say why ${RAG_LABELS[p.rag]} rather than the suggested ${RAG_LABELS[suggestion.rag]} (${suggestion.reasons.join('; ')}).`, [
            { path: 'rationale', message: `Required: the suggestion is ${RAG_LABELS[suggestion.rag]}` },
          ]);
        }
        return { partnershipId: objective.partnershipId, objectiveId: objective.id, period, rag: p.rag, rationale: p.rationale || null, decidedById: actor.personId, decidedAt: at };
      },
      (row) => ({
        partnershipId: objective.partnershipId,
        actorId: actor.personId,
        action: 'plan_objective.rag',
        entityType: 'plan_objective',
        entityId: objective.id,
        detail: { period, rag: row.rag, suggested: row.suggestedRag, reasons: row.suggestedReasons, rationale: row.rationale },
      }),
    );
    this.changed(objective.partnershipId, objective.planId);
    return this.objectiveView(actor, objective.planId, objective.id);
  }

  /**
   * A RAG proposed during a meeting of the plan's board (shared/domain/plan-permissions.ts says who), for
   * the current period: on the record for the lead or the chair to decide with, audited and announced.
   */
  async proposeRag(actor: Actor, p: ProposeRagPayload): Promise<ObjectiveView> {
    const objective = await this.repo.objective(actor.partnershipId, p.objectiveId);
    if (!objective) throw new AppError('NOT_FOUND', 'Objective not found.');
    const check = async () => {
      const meeting = await this.meetingOf(p.meetingId, objective.id, actor.personId);
      if (!meeting) throw new AppError('NOT_FOUND', 'Meeting not found.');
      const refusal = ragProposalRefusal(actor, objective, meeting);
      if (refusal) throw new AppError(refusal.code, refusal.message);
    };
    await check();
    const period = periodOf(this.today());
    await this.repo.proposeRag(
      objective,
      check,
      { partnershipId: objective.partnershipId, objectiveId: objective.id, meetingId: p.meetingId, period, rag: p.rag, rationale: p.rationale, proposedById: actor.personId, proposedAt: isoAt(this.ctx.clock) },
      (row) => ({ partnershipId: objective.partnershipId, actorId: actor.personId, action: 'plan_objective.propose_rag', entityType: 'plan_objective', entityId: objective.id, detail: { meetingId: row.meetingId, period, rag: row.rag, rationale: row.rationale } }),
    );
    this.changed(objective.partnershipId, objective.planId);
    return this.objectiveView(actor, objective.planId, objective.id);
  }

  async createAction(actor: Actor, p: CreatePlanActionPayload): Promise<PlanActionView> {
    return runPrepared(this.ctx, await this.prepareCreateAction(actor, p));
  }

  /** The create command decided now, written when the caller's transaction runs it; its result says the new action's id. */
  async prepareCreateAction(actor: Actor, p: CreatePlanActionPayload): Promise<Prepared<Promise<PlanActionView>> & { created(): number }> {
    const objective = await this.repo.objective(actor.partnershipId, p.objectiveId);
    if (!objective) throw new AppError('NOT_FOUND', 'Objective not found.');
    if (!canShapePlan(actor, objective)) throw new AppError('FORBIDDEN', SHAPERS);
    const { objectiveId: _id, leadOfficerIds, recommendationIds, ...fields } = p;
    const completedDate = fields.status === 'completed' ? this.today() : null;
    let id: number | null = null;
    return {
      write: async () => {
        id = (await this.repo.createAction(objective, { ...fields, completedDate }, { leadOfficerIds, recommendationIds }, {
          partnershipId: objective.partnershipId,
          actorId: actor.personId,
          action: 'plan_action.create',
          entityType: 'plan_action',
          detail: { planId: objective.planId, ...p, leadOfficerIds: distinct(leadOfficerIds), completedDate },
        })).id;
        const actionId = id;
        return () => {
          this.changed(objective.partnershipId, objective.planId);
          return this.actionView(actor, objective.planId, actionId);
        };
      },
      created: () => {
        if (id === null) throw new Error('the action is not written yet');
        return id;
      },
    };
  }

  /**
   * Reporting (status, completed date, progress) is for the action's lead officers, the objective's
   * lead, the chair or an administrator; anything else (what, when, who, which recommendations) shapes
   * the plan. A payload mixing both needs both rights.
   */
  async updateAction(actor: Actor, p: UpdatePlanActionPayload): Promise<PlanActionView> {
    return runPrepared(this.ctx, await this.prepareUpdateAction(actor, p));
  }

  async prepareUpdateAction(actor: Actor, p: UpdatePlanActionPayload): Promise<Prepared<Promise<PlanActionView>>> {
    const action = await this.repo.action(actor.partnershipId, p.actionId);
    if (!action) throw new AppError('NOT_FOUND', 'Action not found.');
    const { actionId: _id, leadOfficerIds, recommendationIds, ...fields } = p;
    const named = Object.entries(p).filter(([key, value]) => key !== 'actionId' && value !== undefined).map(([key]) => key);
    if (named.length === 0) throw nothingToChange();
    const reporting = named.filter((k) => (ACTION_PROGRESS_FIELDS as readonly string[]).includes(k));
    if (reporting.length > 0 && !canReportProgress(actor, action)) throw new AppError('FORBIDDEN', 'Only the action’s lead officers, the objective’s lead, the chair of the board that owns the plan, or an administrator, can report its progress.');
    if (reporting.length < named.length && !canShapePlan(actor, action)) throw new AppError('FORBIDDEN', SHAPERS);
    const patch = { ...fields, completedDate: this.completedDate(action, p) };
    const changed = changes({ ...action }, { ...patch, leadOfficerIds: leadOfficerIds && distinct(leadOfficerIds), ...(recommendationIds ? { recommendationIds } : {}) });
    return {
      write: async () => {
        await this.repo.updateAction(action, patch, { leadOfficerIds, recommendationIds }, { partnershipId: action.partnershipId, actorId: actor.personId, action: 'plan_action.update', entityType: 'plan_action', entityId: action.id, detail: changed });
        return () => {
          this.changed(action.partnershipId, action.planId);
          return this.actionView(actor, action.planId, action.id);
        };
      },
    };
  }

  /** A completed action has the day it was completed (today unless given, never ahead); any other has none. */
  private completedDate(action: ActionSeen, p: UpdatePlanActionPayload): string | null {
    const status = p.status ?? action.status;
    if (status !== 'completed') {
      if (p.completedDate) throw new AppError('VALIDATION_FAILED', 'Only a completed action has a completed date.', [{ path: 'completedDate', message: 'The action is not completed' }]);
      return null;
    }
    const date = p.completedDate ?? (action.status === 'completed' ? action.completedDate : null) ?? this.today();
    if (date > this.today()) throw new AppError('VALIDATION_FAILED', 'An action cannot be completed on a day still to come.', [{ path: 'completedDate', message: 'In the future' }]);
    return date;
  }
}
