import { and, asc, eq, inArray, max, sql } from 'drizzle-orm';
import {
  boards,
  inspectionRecommendations,
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
} from '../../db/schema.js';
import { AppError } from '../../../shared/errors.js';
import type { RagSuggestion } from '../../../shared/domain/plan-rag.js';
import { writeAudit, type AuditInput } from '../../core/audit.js';
import type { ServiceContext } from '../../core/context.js';
import { refused, referencedAgency, referencedPerson } from '../../core/references.js';
import type { EvidenceReader } from './evidence.js';

export type PlanRecord = typeof plans.$inferSelect;
export type ThemeRecord = typeof planThemes.$inferSelect;
export type ObjectiveRecord = typeof planObjectives.$inferSelect;
export type ActionRecord = typeof planActions.$inferSelect;
export type RecommendationRecord = typeof inspectionRecommendations.$inferSelect;
export type RagRecord = typeof objectiveRags.$inferSelect;
export type RagProposalRecord = typeof objectiveRagProposals.$inferSelect;

/** An objective with what decides who may touch it: its plan's board, and the versions the check read. */
export interface ObjectiveSeen extends ObjectiveRecord {
  boardId: number;
  planVersion: number;
}
/** An action with its objective's lead and its plan's board, and its lead officers. */
export interface ActionSeen extends ActionRecord {
  boardId: number;
  leadPersonId: number | null;
  leadOfficerIds: number[];
  planVersion: number;
  objectiveVersion: number;
}

/** The links an objective or action carries; absent: left as they are. */
export interface Links {
  recommendationIds?: number[] | undefined;
  riskIds?: number[] | undefined;
  leadOfficerIds?: number[] | undefined;
}

/** Ids in first-named order, each once. */
export const distinct = (ids: readonly number[]): number[] => [...new Set(ids)];

const changedMeanwhile = (what: string) => new AppError('CONFLICT', `The ${what} changed a moment ago. Look again and retry.`);

/**
 * Every write of the improvement plan, and the reads a command checks before it writes (the views are
 * PlanQueries'). Public methods are asynchronous, so the storage behind them may be. Each write is one
 * unit of work: the row, its links, its audit row, in one transaction.
 *
 * A service's checks and its write are separate steps, and two commands arriving together interleave
 * between them. So each write re-checks inside its transaction what the service's decision rested on:
 * the versions of the rows whose facts decided the right (the plan's board, the objective's lead, the
 * action's lead officers), refusing with CONFLICT when one moved; the records a payload links (people,
 * agencies, risks, recommendations) are checked against the partnership there too, and a RAG's
 * suggestion is worked out there from the evidence as it stands. A PostgreSQL repository must do the same.
 */
export class PlanRepository {
  constructor(
    private readonly ctx: ServiceContext,
    private readonly evidence: EvidenceReader,
  ) {}

  // --- what commands check ---

  async board(partnershipId: number, boardId: number) {
    return (await this.ctx.db.select().from(boards).where(and(eq(boards.id, boardId), eq(boards.partnershipId, partnershipId))).get()) ?? null;
  }

  async plan(partnershipId: number, planId: number): Promise<PlanRecord | null> {
    return (await this.ctx.db.select().from(plans).where(and(eq(plans.id, planId), eq(plans.partnershipId, partnershipId))).get()) ?? null;
  }

  async theme(partnershipId: number, themeId: number): Promise<(ThemeRecord & { boardId: number; planVersion: number }) | null> {
    const row = await this.ctx.db
      .select({ t: planThemes, boardId: plans.boardId, planVersion: plans.version })
      .from(planThemes)
      .innerJoin(plans, eq(plans.id, planThemes.planId))
      .where(and(eq(planThemes.id, themeId), eq(planThemes.partnershipId, partnershipId)))
      .get();
    return row ? { ...row.t, boardId: row.boardId, planVersion: row.planVersion } : null;
  }

  async objective(partnershipId: number, objectiveId: number): Promise<ObjectiveSeen | null> {
    return this.objectiveNow(partnershipId, objectiveId);
  }

  async action(partnershipId: number, actionId: number): Promise<ActionSeen | null> {
    const row = await this.ctx.db
      .select({ a: planActions, boardId: plans.boardId, planVersion: plans.version, leadPersonId: planObjectives.leadPersonId, objectiveVersion: planObjectives.version })
      .from(planActions)
      .innerJoin(planObjectives, eq(planObjectives.id, planActions.objectiveId))
      .innerJoin(plans, eq(plans.id, planActions.planId))
      .where(and(eq(planActions.id, actionId), eq(planActions.partnershipId, partnershipId)))
      .get();
    if (!row) return null;
    const leadOfficerIds = (await this.ctx.db.select({ id: planActionLeads.personId }).from(planActionLeads).where(eq(planActionLeads.actionId, actionId)).orderBy(asc(planActionLeads.position)).all()).map((l) => l.id);
    return { ...row.a, boardId: row.boardId, planVersion: row.planVersion, leadPersonId: row.leadPersonId, objectiveVersion: row.objectiveVersion, leadOfficerIds };
  }

  async recommendation(partnershipId: number, recommendationId: number): Promise<RecommendationRecord | null> {
    return (await this.ctx.db.select().from(inspectionRecommendations).where(and(eq(inspectionRecommendations.id, recommendationId), eq(inspectionRecommendations.partnershipId, partnershipId))).get()) ?? null;
  }

  /** The boards owning the partnership's plans: whose chairs shape its recommendations. */
  async planBoardIds(partnershipId: number): Promise<number[]> {
    return [...new Set((await this.ctx.db.select({ b: plans.boardId }).from(plans).where(eq(plans.partnershipId, partnershipId)).all()).map((r) => r.b))];
  }

  /** The plans whose objectives or actions answer a recommendation: what a change to it changes. */
  async plansAnswering(recommendationId: number): Promise<number[]> {
    const viaObjectives = await this.ctx.db.select({ p: planObjectives.planId }).from(planObjectiveRecommendations).innerJoin(planObjectives, eq(planObjectives.id, planObjectiveRecommendations.objectiveId)).where(eq(planObjectiveRecommendations.recommendationId, recommendationId)).all();
    const viaActions = await this.ctx.db.select({ p: planActions.planId }).from(planActionRecommendations).innerJoin(planActions, eq(planActions.id, planActionRecommendations.actionId)).where(eq(planActionRecommendations.recommendationId, recommendationId)).all();
    return [...new Set([...viaObjectives, ...viaActions].map((r) => r.p))].sort((a, b) => a - b);
  }

  // --- writes: one transaction each ---

  async createPlan(values: Omit<typeof plans.$inferInsert, 'id' | 'version'>, audit: Omit<AuditInput, 'entityId'>): Promise<PlanRecord> {
    return this.ctx.database.transaction(async () => {
      const row = await this.ctx.db.insert(plans).values(values).returning().get();
      await writeAudit(this.ctx, { ...audit, entityId: row.id });
      return row;
    });
  }

  async updatePlan(seen: PlanRecord, patch: Partial<Pick<PlanRecord, 'title' | 'boardId' | 'updatedAt'>>, audit: AuditInput): Promise<void> {
    await this.ctx.database.transaction(async () => {
      await this.bump(plans, seen.id, seen.version, patch, 'plan');
      await writeAudit(this.ctx, audit);
    });
  }

  /** A theme at `position` (the end when absent): the others move down to make room. */
  async createTheme(plan: PlanRecord, values: { title: string; position?: number | undefined }, audit: Omit<AuditInput, 'entityId'>): Promise<ThemeRecord> {
    return this.ctx.database.transaction(async () => {
      await this.unchanged(plans, plan.id, plan.version, 'plan');
      const row = await this.ctx.db.insert(planThemes).values({ partnershipId: plan.partnershipId, planId: plan.id, title: values.title, position: 1_000_000 }).returning().get();
      await this.place(plan.id, row.id, values.position);
      await writeAudit(this.ctx, { ...audit, entityId: row.id });
      return row;
    });
  }

  async updateTheme(seen: ThemeRecord & { planVersion: number }, patch: { title?: string | undefined; position?: number | undefined }, audit: AuditInput): Promise<void> {
    await this.ctx.database.transaction(async () => {
      await this.unchanged(plans, seen.planId, seen.planVersion, 'plan');
      await this.bump(planThemes, seen.id, seen.version, patch.title === undefined ? {} : { title: patch.title }, 'theme');
      if (patch.position !== undefined) await this.place(seen.planId, seen.id, patch.position);
      await writeAudit(this.ctx, audit);
    });
  }

  async createObjective(theme: ThemeRecord & { planVersion: number }, values: { outcome: string; leadPersonId: number | null; leadAgencyId: number | null }, links: Links, audit: Omit<AuditInput, 'entityId'>): Promise<ObjectiveRecord> {
    return this.ctx.database.transaction(async () => {
      await this.unchanged(plans, theme.planId, theme.planVersion, 'plan');
      await this.checkLead(theme.partnershipId, values);
      const position = await this.next(planObjectives, planObjectives.themeId, theme.id);
      const row = await this.ctx.db.insert(planObjectives).values({ ...values, partnershipId: theme.partnershipId, planId: theme.planId, themeId: theme.id, position }).returning().get();
      await this.linkObjective(row.partnershipId, row.id, links);
      await writeAudit(this.ctx, { ...audit, entityId: row.id });
      return row;
    });
  }

  async updateObjective(seen: ObjectiveSeen, patch: Partial<Pick<ObjectiveRecord, 'outcome' | 'leadPersonId' | 'leadAgencyId' | 'themeId'>>, links: Links, audit: AuditInput): Promise<void> {
    await this.ctx.database.transaction(async () => {
      await this.unchanged(plans, seen.planId, seen.planVersion, 'plan');
      await this.checkLead(seen.partnershipId, patch);
      const moved = patch.themeId !== undefined && patch.themeId !== seen.themeId;
      if (moved) {
        const theme = await this.ctx.db.select().from(planThemes).where(and(eq(planThemes.id, patch.themeId!), eq(planThemes.planId, seen.planId))).get();
        if (!theme) throw refused('themeId', 'Not a theme of this plan', 'An objective moves only between the themes of its own plan.');
      }
      await this.bump(planObjectives, seen.id, seen.version, moved ? { ...patch, position: (await this.next(planObjectives, planObjectives.themeId, patch.themeId!)) } : patch, 'objective');
      await this.linkObjective(seen.partnershipId, seen.id, links);
      await writeAudit(this.ctx, audit);
    });
  }

  async createAction(objective: ObjectiveSeen, values: Omit<typeof planActions.$inferInsert, 'id' | 'partnershipId' | 'planId' | 'objectiveId' | 'position' | 'version'>, links: Links, audit: Omit<AuditInput, 'entityId'>): Promise<ActionRecord> {
    return this.ctx.database.transaction(async () => {
      await this.unchanged(plans, objective.planId, objective.planVersion, 'plan');
      await this.unchanged(planObjectives, objective.id, objective.version, 'objective');
      const position = await this.next(planActions, planActions.objectiveId, objective.id);
      const row = await this.ctx.db.insert(planActions).values({ ...values, partnershipId: objective.partnershipId, planId: objective.planId, objectiveId: objective.id, position }).returning().get();
      await this.linkAction(row.partnershipId, row.id, links);
      await writeAudit(this.ctx, { ...audit, entityId: row.id });
      return row;
    });
  }

  async updateAction(seen: ActionSeen, patch: Partial<Pick<ActionRecord, 'description' | 'milestones' | 'dueDate' | 'status' | 'completedDate' | 'progress'>>, links: Links, audit: AuditInput): Promise<void> {
    await this.ctx.database.transaction(async () => {
      await this.unchanged(plans, seen.planId, seen.planVersion, 'plan');
      await this.unchanged(planObjectives, seen.objectiveId, seen.objectiveVersion, 'objective');
      await this.bump(planActions, seen.id, seen.version, patch, 'action');
      await this.linkAction(seen.partnershipId, seen.id, links);
      await writeAudit(this.ctx, audit);
    });
  }

  /**
   * A RAG decision: the suggestion worked out here, from the evidence as it stands in this transaction,
   * and handed to `decide`, which refuses (a differing RAG without a rationale) or answers the row to write.
   */
  async decideRag(seen: ObjectiveSeen, today: string, decide: (suggestion: RagSuggestion) => Omit<typeof objectiveRags.$inferInsert, 'id' | 'suggestedRag' | 'suggestedReasons'>, audit: (row: RagRecord) => AuditInput): Promise<RagRecord> {
    return this.ctx.database.transaction(async () => {
      await this.unchanged(plans, seen.planId, seen.planVersion, 'plan');
      await this.unchanged(planObjectives, seen.id, seen.version, 'objective');
      const suggestion = await this.evidence.suggestionFor(seen.partnershipId, seen.id, today);
      const row = await this.ctx.db
        .insert(objectiveRags)
        .values({ ...decide(suggestion), suggestedRag: suggestion.rag, suggestedReasons: suggestion.reasons })
        .returning()
        .get();
      await writeAudit(this.ctx, audit(row));
      return row;
    });
  }

  /**
   * A RAG proposed at a meeting. `recheck` decides again, inside the transaction, what the right rested
   * on (the meeting still in progress, the objective still on its agenda, the proposer still present),
   * throwing when it no longer holds.
   */
  async proposeRag(seen: ObjectiveSeen, recheck: () => Promise<void>, values: Omit<typeof objectiveRagProposals.$inferInsert, 'id'>, audit: (row: RagProposalRecord) => AuditInput): Promise<RagProposalRecord> {
    return this.ctx.database.transaction(async () => {
      await this.unchanged(plans, seen.planId, seen.planVersion, 'plan');
      await this.unchanged(planObjectives, seen.id, seen.version, 'objective');
      await recheck();
      const row = await this.ctx.db.insert(objectiveRagProposals).values(values).returning().get();
      await writeAudit(this.ctx, audit(row));
      return row;
    });
  }

  async createRecommendation(values: Omit<typeof inspectionRecommendations.$inferInsert, 'id' | 'version'>, audit: Omit<AuditInput, 'entityId'>): Promise<RecommendationRecord> {
    return this.ctx.database.transaction(async () => {
      await this.uniqueNumber(values.partnershipId, values.source, values.number, null);
      const row = await this.ctx.db.insert(inspectionRecommendations).values(values).returning().get();
      await writeAudit(this.ctx, { ...audit, entityId: row.id });
      return row;
    });
  }

  async updateRecommendation(seen: RecommendationRecord, patch: Partial<Pick<RecommendationRecord, 'source' | 'reportDate' | 'number' | 'text' | 'updatedAt'>>, audit: AuditInput): Promise<void> {
    await this.ctx.database.transaction(async () => {
      await this.uniqueNumber(seen.partnershipId, patch.source ?? seen.source, patch.number ?? seen.number, seen.id);
      await this.bump(inspectionRecommendations, seen.id, seen.version, patch, 'recommendation');
      await writeAudit(this.ctx, audit);
    });
  }

  // --- inside a transaction ---

  private async objectiveNow(partnershipId: number, objectiveId: number): Promise<ObjectiveSeen | null> {
    const row = await this.ctx.db
      .select({ o: planObjectives, boardId: plans.boardId, planVersion: plans.version })
      .from(planObjectives)
      .innerJoin(plans, eq(plans.id, planObjectives.planId))
      .where(and(eq(planObjectives.id, objectiveId), eq(planObjectives.partnershipId, partnershipId)))
      .get();
    return row ? { ...row.o, boardId: row.boardId, planVersion: row.planVersion } : null;
  }

  /** Patches a row only if it is still at the version read, and moves it on; CONFLICT otherwise. */
  private async bump(table: typeof plans | typeof planThemes | typeof planObjectives | typeof planActions | typeof inspectionRecommendations, id: number, version: number, patch: object, what: string): Promise<void> {
    const done = await this.ctx.db
      .update(table)
      .set({ ...patch, version: sql`${table.version} + 1` })
      .where(and(eq(table.id, id), eq(table.version, version)))
      .run();
    if (done.changes === 0) throw changedMeanwhile(what);
  }

  private async unchanged(table: typeof plans | typeof planObjectives, id: number, version: number, what: string): Promise<void> {
    const row = await this.ctx.db.select({ v: table.version }).from(table).where(eq(table.id, id)).get();
    if (row?.v !== version) throw changedMeanwhile(what);
  }

  private async next(table: typeof planObjectives | typeof planActions, parent: typeof planObjectives.themeId | typeof planActions.objectiveId, parentId: number): Promise<number> {
    const top = (await this.ctx.db.select({ p: max(table.position) }).from(table).where(eq(parent, parentId)).get())?.p;
    return top === null || top === undefined ? 0 : top + 1;
  }

  /** Puts a theme at `position` among its plan's (the end when absent or past it), numbering them 0.. again. */
  private async place(planId: number, themeId: number, position: number | undefined): Promise<void> {
    const ids = (await this.ctx.db.select({ id: planThemes.id }).from(planThemes).where(eq(planThemes.planId, planId)).orderBy(asc(planThemes.position), asc(planThemes.id)).all()).map((t) => t.id).filter((id) => id !== themeId);
    ids.splice(Math.min(position ?? ids.length, ids.length), 0, themeId);
    for (const [index, id] of ids.entries()) await this.ctx.db.update(planThemes).set({ position: index }).where(eq(planThemes.id, id)).run();
  }

  private async checkLead(partnershipId: number, values: { leadPersonId?: number | null | undefined; leadAgencyId?: number | null | undefined }): Promise<void> {
    if (values.leadPersonId) await referencedPerson(this.ctx, partnershipId, values.leadPersonId, 'leadPersonId');
    if (values.leadAgencyId) await referencedAgency(this.ctx, partnershipId, values.leadAgencyId, 'leadAgencyId');
  }

  private async checkRecommendations(partnershipId: number, ids: number[]): Promise<void> {
    if (ids.length === 0) return;
    const found = await this.ctx.db.select({ id: inspectionRecommendations.id }).from(inspectionRecommendations).where(and(inArray(inspectionRecommendations.id, ids), eq(inspectionRecommendations.partnershipId, partnershipId))).all();
    if (found.length !== ids.length) throw refused('recommendationIds', 'Unknown recommendation', 'A recommendation named is not one of this partnership’s.');
  }

  private async linkObjective(partnershipId: number, objectiveId: number, links: Links): Promise<void> {
    if (links.recommendationIds) {
      await this.checkRecommendations(partnershipId, links.recommendationIds);
      await this.ctx.db.delete(planObjectiveRecommendations).where(eq(planObjectiveRecommendations.objectiveId, objectiveId)).run();
      for (const recommendationId of links.recommendationIds) await this.ctx.db.insert(planObjectiveRecommendations).values({ objectiveId, recommendationId }).run();
    }
    if (links.riskIds) {
      if ((await this.evidence.risks(partnershipId, links.riskIds)).length !== links.riskIds.length) throw refused('riskIds', 'Unknown risk', 'A risk named is not on this partnership’s register.');
      await this.ctx.db.delete(planObjectiveRisks).where(eq(planObjectiveRisks.objectiveId, objectiveId)).run();
      for (const riskId of links.riskIds) await this.ctx.db.insert(planObjectiveRisks).values({ objectiveId, riskId }).run();
    }
  }

  private async linkAction(partnershipId: number, actionId: number, links: Links): Promise<void> {
    if (links.leadOfficerIds) {
      // Checked as sent, so a refusal names the index the sender wrote; a person named twice is one lead.
      for (const [i, personId] of links.leadOfficerIds.entries()) await referencedPerson(this.ctx, partnershipId, personId, `leadOfficerIds.${i}`);
      await this.ctx.db.delete(planActionLeads).where(eq(planActionLeads.actionId, actionId)).run();
      for (const [position, personId] of distinct(links.leadOfficerIds).entries()) await this.ctx.db.insert(planActionLeads).values({ actionId, personId, position }).run();
    }
    if (links.recommendationIds) {
      await this.checkRecommendations(partnershipId, links.recommendationIds);
      await this.ctx.db.delete(planActionRecommendations).where(eq(planActionRecommendations.actionId, actionId)).run();
      for (const recommendationId of links.recommendationIds) await this.ctx.db.insert(planActionRecommendations).values({ actionId, recommendationId }).run();
    }
  }

  private async uniqueNumber(partnershipId: number, source: string, number: number, except: number | null): Promise<void> {
    const clash = await this.ctx.db
      .select({ id: inspectionRecommendations.id })
      .from(inspectionRecommendations)
      .where(and(eq(inspectionRecommendations.partnershipId, partnershipId), eq(inspectionRecommendations.source, source), eq(inspectionRecommendations.number, number)))
      .get();
    if (clash && clash.id !== except) throw new AppError('CONFLICT', `Recommendation ${number} of that report is already recorded.`, { field: 'number' });
  }
}
