import { and, asc, desc, eq, gte, inArray, lte } from 'drizzle-orm';
import { alias } from 'drizzle-orm/sqlite-core';
import {
  agencies,
  boards,
  inspectionRecommendations,
  meetings,
  objectiveRagProposals,
  objectiveRags,
  planActionLeads,
  planActionRecommendations,
  planActions,
  planObjectiveRecommendations,
  planObjectiveRisks,
  planObjectives,
  planThemes,
  plans,
  people,
} from '../../db/schema.js';
import { AppError } from '../../../shared/errors.js';
import { lastPeriods, periodOf } from '../../../shared/domain/plan-rag.js';
import { todayIn } from '../../../shared/domain/scoring.js';
import { PLAN_LIMITS } from '../../../shared/limits.js';
import { recommendationLabel, type RagProposalView, type RecommendationRef } from '../../../shared/schemas/plan.js';
import type { ServiceContext } from '../../core/context.js';
import type { EvidenceReader, LinkedRiskRow } from './evidence.js';

const leadPerson = alias(people, 'lead_person');
const decider = alias(people, 'decider');
const proposer = alias(people, 'proposer');

/** Everything a plan's page is built from, read in a handful of queries (detail.ts assembles it). */
export interface PlanTree {
  plan: { id: number; partnershipId: number; title: string; boardId: number; boardName: string; updatedAt: string };
  today: string;
  /** The last 12 periods, oldest first; the last is the current one. */
  periods: string[];
  themes: { id: number; planId: number; position: number; title: string }[];
  objectives: { id: number; planId: number; themeId: number; position: number; outcome: string; leadPersonId: number | null; leadPersonName: string | null; leadAgencyId: number | null; leadAgencyName: string | null; progress: string }[];
  actions: { id: number; objectiveId: number; position: number; description: string; milestones: string; dueDate: string | null; status: (typeof planActions.$inferSelect)['status']; completedDate: string | null; progress: string }[];
  leads: { actionId: number; id: number; name: string; agencyName: string }[];
  actionRecommendations: { actionId: number; ref: RecommendationRef }[];
  objectiveRecommendations: { objectiveId: number; ref: RecommendationRef }[];
  objectiveRisks: { objectiveId: number; riskId: number }[];
  risks: LinkedRiskRow[];
  /** Objective id → linked scorecard indicators out of tolerance. */
  indicatorsOut: Map<number, number>;
  decisions: { id: number; objectiveId: number; period: string; rag: 'red' | 'amber' | 'green'; suggestedRag: 'red' | 'amber' | 'green'; suggestedReasons: string[]; rationale: string | null; decidedById: number; decidedByName: string; decidedAt: string }[];
  /** RAGs proposed at meetings in the current period, newest first. */
  proposals: (RagProposalView & { objectiveId: number })[];
}

export type RecommendationRecordRow = typeof inspectionRecommendations.$inferSelect;

/**
 * Read side of the improvement plan, from its rows (and the register's projection for linked risks).
 * Asynchronous, so the storage behind it may be (on SQLite each call resolves at once).
 */
export class PlanQueries {
  constructor(
    private readonly ctx: ServiceContext,
    private readonly evidence: EvidenceReader,
  ) {}

  /** The partnership's plans' ids (or those one board owns), in the order they were made. */
  async planIds(partnershipId: number, boardId?: number): Promise<number[]> {
    const where = [eq(plans.partnershipId, partnershipId)];
    if (boardId !== undefined) where.push(eq(plans.boardId, boardId));
    return (await this.ctx.db.select({ id: plans.id }).from(plans).where(and(...where)).orderBy(asc(plans.id)).all()).map((p) => p.id);
  }

  async tree(partnershipId: number, planId: number): Promise<PlanTree> {
    const db = this.ctx.db;
    const plan = await db
      .select({ id: plans.id, partnershipId: plans.partnershipId, title: plans.title, boardId: plans.boardId, boardName: boards.name, updatedAt: plans.updatedAt })
      .from(plans)
      .innerJoin(boards, eq(boards.id, plans.boardId))
      .where(and(eq(plans.id, planId), eq(plans.partnershipId, partnershipId)))
      .get();
    if (!plan) throw new AppError('NOT_FOUND', 'Plan not found.');
    const today = todayIn(this.ctx.clock());
    const periods = lastPeriods(periodOf(today), PLAN_LIMITS.historyPeriods);
    const themes = await db.select({ id: planThemes.id, planId: planThemes.planId, position: planThemes.position, title: planThemes.title }).from(planThemes).where(eq(planThemes.planId, planId)).orderBy(asc(planThemes.position), asc(planThemes.id)).all();
    const objectives = await db
      .select({
        id: planObjectives.id,
        planId: planObjectives.planId,
        themeId: planObjectives.themeId,
        position: planObjectives.position,
        outcome: planObjectives.outcome,
        leadPersonId: planObjectives.leadPersonId,
        leadPersonName: leadPerson.name,
        leadAgencyId: planObjectives.leadAgencyId,
        leadAgencyName: agencies.name,
        progress: planObjectives.progress,
      })
      .from(planObjectives)
      .leftJoin(leadPerson, eq(leadPerson.id, planObjectives.leadPersonId))
      .leftJoin(agencies, eq(agencies.id, planObjectives.leadAgencyId))
      .where(eq(planObjectives.planId, planId))
      .orderBy(asc(planObjectives.position), asc(planObjectives.id))
      .all();
    const actions = await db
      .select({ id: planActions.id, objectiveId: planActions.objectiveId, position: planActions.position, description: planActions.description, milestones: planActions.milestones, dueDate: planActions.dueDate, status: planActions.status, completedDate: planActions.completedDate, progress: planActions.progress })
      .from(planActions)
      .where(eq(planActions.planId, planId))
      .orderBy(asc(planActions.position), asc(planActions.id))
      .all();
    const leads = await db
      .select({ actionId: planActionLeads.actionId, id: people.id, name: people.name, agencyName: agencies.name })
      .from(planActionLeads)
      .innerJoin(planActions, eq(planActions.id, planActionLeads.actionId))
      .innerJoin(people, eq(people.id, planActionLeads.personId))
      .innerJoin(agencies, eq(agencies.id, people.agencyId))
      .where(eq(planActions.planId, planId))
      .orderBy(asc(planActionLeads.position))
      .all();
    const actionRecommendations = (await db
      .select({ actionId: planActionRecommendations.actionId, r: inspectionRecommendations })
      .from(planActionRecommendations)
      .innerJoin(planActions, eq(planActions.id, planActionRecommendations.actionId))
      .innerJoin(inspectionRecommendations, eq(inspectionRecommendations.id, planActionRecommendations.recommendationId))
      .where(eq(planActions.planId, planId))
      .orderBy(asc(inspectionRecommendations.number), asc(inspectionRecommendations.id))
      .all())
      .map(({ actionId, r }) => ({ actionId, ref: refOf(r) }));
    const objectiveRecommendations = (await db
      .select({ objectiveId: planObjectiveRecommendations.objectiveId, r: inspectionRecommendations })
      .from(planObjectiveRecommendations)
      .innerJoin(planObjectives, eq(planObjectives.id, planObjectiveRecommendations.objectiveId))
      .innerJoin(inspectionRecommendations, eq(inspectionRecommendations.id, planObjectiveRecommendations.recommendationId))
      .where(eq(planObjectives.planId, planId))
      .orderBy(asc(inspectionRecommendations.number), asc(inspectionRecommendations.id))
      .all())
      .map(({ objectiveId, r }) => ({ objectiveId, ref: refOf(r) }));
    const objectiveRisks = await db
      .select({ objectiveId: planObjectiveRisks.objectiveId, riskId: planObjectiveRisks.riskId })
      .from(planObjectiveRisks)
      .innerJoin(planObjectives, eq(planObjectives.id, planObjectiveRisks.objectiveId))
      .where(eq(planObjectives.planId, planId))
      .all();
    const riskIds = [...new Set(objectiveRisks.map((r) => r.riskId))];
    const decisions = (await db
      .select({ d: objectiveRags, decidedByName: decider.name })
      .from(objectiveRags)
      .innerJoin(planObjectives, eq(planObjectives.id, objectiveRags.objectiveId))
      .innerJoin(decider, eq(decider.id, objectiveRags.decidedById))
      .where(and(eq(planObjectives.planId, planId), gte(objectiveRags.period, periods[0]!), lte(objectiveRags.period, periods.at(-1)!)))
      .orderBy(desc(objectiveRags.period), desc(objectiveRags.id))
      .all())
      .map(({ d, decidedByName }) => ({ id: d.id, objectiveId: d.objectiveId, period: d.period, rag: d.rag, suggestedRag: d.suggestedRag, suggestedReasons: d.suggestedReasons, rationale: d.rationale, decidedById: d.decidedById, decidedByName, decidedAt: d.decidedAt }));
    const proposals = (await db
      .select({ p: objectiveRagProposals, meetingTitle: meetings.title, proposedByName: proposer.name, proposedByAgencyName: agencies.name })
      .from(objectiveRagProposals)
      .innerJoin(planObjectives, eq(planObjectives.id, objectiveRagProposals.objectiveId))
      .innerJoin(meetings, eq(meetings.id, objectiveRagProposals.meetingId))
      .innerJoin(proposer, eq(proposer.id, objectiveRagProposals.proposedById))
      .innerJoin(agencies, eq(agencies.id, proposer.agencyId))
      .where(and(eq(planObjectives.planId, planId), eq(objectiveRagProposals.period, periods.at(-1)!)))
      .orderBy(desc(objectiveRagProposals.id))
      .all())
      .map(({ p, ...names }) => ({ id: p.id, objectiveId: p.objectiveId, meetingId: p.meetingId, period: p.period, rag: p.rag, rationale: p.rationale, proposedById: p.proposedById, proposedAt: p.proposedAt, ...names }));
    return { plan, today, periods, themes, objectives, actions, leads, actionRecommendations, objectiveRecommendations, objectiveRisks, risks: riskIds.length ? await this.evidence.risks(partnershipId, riskIds) : [], indicatorsOut: await this.evidence.indicatorsOut(partnershipId, objectives.map((o) => o.id)), decisions, proposals };
  }

  async recommendations(partnershipId: number, ids?: number[]): Promise<RecommendationRecordRow[]> {
    const where = [eq(inspectionRecommendations.partnershipId, partnershipId)];
    if (ids) where.push(inArray(inspectionRecommendations.id, ids));
    return this.ctx.db.select().from(inspectionRecommendations).where(and(...where)).orderBy(asc(inspectionRecommendations.source), asc(inspectionRecommendations.number), asc(inspectionRecommendations.id)).all();
  }

  /** The actions and objectives that answer each of the partnership's recommendations (ids, for counting and for the detail). */
  async answering(partnershipId: number): Promise<{ actions: { recommendationId: number; actionId: number; planId: number; objectiveId: number; status: string }[]; objectives: { recommendationId: number; objectiveId: number; planId: number }[] }> {
    const actions = await this.ctx.db
      .select({ recommendationId: planActionRecommendations.recommendationId, actionId: planActions.id, planId: planActions.planId, objectiveId: planActions.objectiveId, status: planActions.status })
      .from(planActionRecommendations)
      .innerJoin(planActions, eq(planActions.id, planActionRecommendations.actionId))
      .where(eq(planActions.partnershipId, partnershipId))
      .orderBy(asc(planActions.planId), asc(planActions.id))
      .all();
    const objectives = await this.ctx.db
      .select({ recommendationId: planObjectiveRecommendations.recommendationId, objectiveId: planObjectives.id, planId: planObjectives.planId })
      .from(planObjectiveRecommendations)
      .innerJoin(planObjectives, eq(planObjectives.id, planObjectiveRecommendations.objectiveId))
      .where(eq(planObjectives.partnershipId, partnershipId))
      .orderBy(asc(planObjectives.planId), asc(planObjectives.id))
      .all();
    return { actions, objectives };
  }
}

export function refOf(r: RecommendationRecordRow): RecommendationRef {
  return { id: r.id, number: r.number, source: r.source, label: recommendationLabel(r.number) };
}
