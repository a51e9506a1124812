import { index, integer, primaryKey, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';
import type { PlanActionStatus, Rag } from '../../shared/schemas/plan.js';
import { agencies, boards, partnerships, people, risks } from './schema.js';
import { meetings } from './schema-meetings.js';

/*
 * The improvement plan (issue 12). Every row carries its partnership, so that a record named by id is
 * checked against the actor's partnership in one look-up. Rows that commands change carry a `version`,
 * bumped by each change: a repository write re-checks it inside its transaction (see plans/repo.ts).
 */

const partnershipId = () =>
  integer('partnership_id')
    .notNull()
    .references(() => partnerships.id);
const version = () => integer('version').notNull().default(1);

/** A plan, owned by the board that runs it (e.g. the Improvement Board); reported on monthly. */
export const plans = sqliteTable(
  'plans',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    partnershipId: partnershipId(),
    boardId: integer('board_id')
      .notNull()
      .references(() => boards.id),
    title: text('title').notNull(),
    createdAt: text('created_at').notNull(),
    createdBy: integer('created_by').references(() => people.id),
    updatedAt: text('updated_at').notNull(),
    version: version(),
  },
  (t) => [index('plans_partnership').on(t.partnershipId)],
);

export const planThemes = sqliteTable(
  'plan_themes',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    partnershipId: partnershipId(),
    planId: integer('plan_id')
      .notNull()
      .references(() => plans.id),
    position: integer('position').notNull(),
    title: text('title').notNull(),
    version: version(),
  },
  (t) => [index('plan_themes_plan').on(t.planId, t.position)],
);

/** An outcome to be achieved (the Improvement Notice's required outcome), rated RAG each month. */
export const planObjectives = sqliteTable(
  'plan_objectives',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    partnershipId: partnershipId(),
    planId: integer('plan_id')
      .notNull()
      .references(() => plans.id),
    themeId: integer('theme_id')
      .notNull()
      .references(() => planThemes.id),
    position: integer('position').notNull(),
    outcome: text('outcome').notNull(),
    leadPersonId: integer('lead_person_id').references(() => people.id),
    leadAgencyId: integer('lead_agency_id').references(() => agencies.id),
    /** The progress narrative, projected from the objective's co-edited doc (`objective:<id>`). */
    progress: text('progress').notNull().default(''),
    version: version(),
  },
  (t) => [index('plan_objectives_plan').on(t.planId), index('plan_objectives_theme').on(t.themeId, t.position)],
);

/** "Action | Milestones | Timescales | Lead Officers | Progress" (seed 002 Appendix One). */
export const planActions = sqliteTable(
  'plan_actions',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    partnershipId: partnershipId(),
    planId: integer('plan_id')
      .notNull()
      .references(() => plans.id),
    objectiveId: integer('objective_id')
      .notNull()
      .references(() => planObjectives.id),
    position: integer('position').notNull(),
    description: text('description').notNull(),
    milestones: text('milestones').notNull().default(''),
    dueDate: text('due_date'),
    status: text('status').$type<PlanActionStatus>().notNull().default('not_started'),
    completedDate: text('completed_date'),
    /** The latest progress update, projected from the objective's co-edited doc (its `action:<id>` text). */
    progress: text('progress').notNull().default(''),
    version: version(),
  },
  (t) => [index('plan_actions_objective').on(t.objectiveId, t.position), index('plan_actions_plan').on(t.planId)],
);

export const planActionLeads = sqliteTable(
  'plan_action_leads',
  {
    actionId: integer('action_id')
      .notNull()
      .references(() => planActions.id),
    personId: integer('person_id')
      .notNull()
      .references(() => people.id),
    position: integer('position').notNull(),
  },
  (t) => [primaryKey({ columns: [t.actionId, t.personId] }), index('plan_action_leads_person').on(t.personId)],
);

/** An inspection's numbered recommendation: a record of its own, which actions and objectives answer. */
export const inspectionRecommendations = sqliteTable(
  'inspection_recommendations',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    partnershipId: partnershipId(),
    /** The report it comes from, e.g. "Ofsted inspection of services for children in need of help and protection". */
    source: text('source').notNull(),
    reportDate: text('report_date').notNull(),
    number: integer('number').notNull(),
    text: text('text').notNull(),
    createdAt: text('created_at').notNull(),
    updatedAt: text('updated_at').notNull(),
    version: version(),
  },
  (t) => [uniqueIndex('inspection_recommendations_number').on(t.partnershipId, t.source, t.number)],
);

export const planObjectiveRecommendations = sqliteTable(
  'plan_objective_recommendations',
  {
    objectiveId: integer('objective_id')
      .notNull()
      .references(() => planObjectives.id),
    recommendationId: integer('recommendation_id')
      .notNull()
      .references(() => inspectionRecommendations.id),
  },
  (t) => [primaryKey({ columns: [t.objectiveId, t.recommendationId] }), index('plan_objective_recommendations_rec').on(t.recommendationId)],
);

export const planActionRecommendations = sqliteTable(
  'plan_action_recommendations',
  {
    actionId: integer('action_id')
      .notNull()
      .references(() => planActions.id),
    recommendationId: integer('recommendation_id')
      .notNull()
      .references(() => inspectionRecommendations.id),
  },
  (t) => [primaryKey({ columns: [t.actionId, t.recommendationId] }), index('plan_action_recommendations_rec').on(t.recommendationId)],
);

/** The register's risks an objective depends on: one above tolerance makes its suggestion red. */
export const planObjectiveRisks = sqliteTable(
  'plan_objective_risks',
  {
    objectiveId: integer('objective_id')
      .notNull()
      .references(() => planObjectives.id),
    riskId: integer('risk_id')
      .notNull()
      .references(() => risks.id),
  },
  (t) => [primaryKey({ columns: [t.objectiveId, t.riskId] }), index('plan_objective_risks_risk').on(t.riskId)],
);

/**
 * RAG decisions, append-only: per objective per period; the latest of a period is that period's RAG,
 * the earlier ones stay on the record (superseded). Each keeps the suggestion and its reasons as they
 * stood when it was made, and the rationale when it differs.
 */
export const objectiveRags = sqliteTable(
  'objective_rags',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    partnershipId: partnershipId(),
    objectiveId: integer('objective_id')
      .notNull()
      .references(() => planObjectives.id),
    period: text('period').notNull(),
    rag: text('rag').$type<Rag>().notNull(),
    suggestedRag: text('suggested_rag').$type<Rag>().notNull(),
    suggestedReasons: text('suggested_reasons', { mode: 'json' }).$type<string[]>().notNull(),
    rationale: text('rationale'),
    decidedById: integer('decided_by_id')
      .notNull()
      .references(() => people.id),
    decidedAt: text('decided_at').notNull(),
  },
  (t) => [index('objective_rags_objective').on(t.objectiveId, t.period, t.id)],
);

/**
 * A RAG proposed for an objective by a member present at a live meeting of the plan's board (issue 12
 * item 5): on the record for the lead or the chair, who decide the RAG itself (objective_rags).
 */
export const objectiveRagProposals = sqliteTable(
  'objective_rag_proposals',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    partnershipId: partnershipId(),
    objectiveId: integer('objective_id')
      .notNull()
      .references(() => planObjectives.id),
    meetingId: integer('meeting_id')
      .notNull()
      .references(() => meetings.id),
    period: text('period').notNull(),
    rag: text('rag').$type<Rag>().notNull(),
    rationale: text('rationale').notNull().default(''),
    proposedById: integer('proposed_by_id')
      .notNull()
      .references(() => people.id),
    proposedAt: text('proposed_at').notNull(),
  },
  (t) => [index('objective_rag_proposals_objective').on(t.objectiveId, t.period, t.id), index('objective_rag_proposals_meeting').on(t.meetingId)],
);
