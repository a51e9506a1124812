import { index, integer, pgTable, primaryKey, text, uniqueIndex } from 'drizzle-orm/pg-core';
import { jsonb } from './columns.js';
import type { PlanActionStatus, Rag } from '../../../shared/schemas/plan.js';
import { agencies, boards, partnerships, people, risks } from './schema.js';
import { meetings } from './schema-meetings.js';

/* The PostgreSQL mirror of ../schema-plans.ts (documented there); see ./schema.ts for how the types map. */

const partnershipId = () =>
  integer('partnership_id')
    .notNull()
    .references(() => partnerships.id);
const version = () => integer('version').notNull().default(1);
export const plans = pgTable(
  'plans',
  {
    id: integer('id').primaryKey().generatedByDefaultAsIdentity(),
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

export const planThemes = pgTable(
  'plan_themes',
  {
    id: integer('id').primaryKey().generatedByDefaultAsIdentity(),
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

export const planObjectives = pgTable(
  'plan_objectives',
  {
    id: integer('id').primaryKey().generatedByDefaultAsIdentity(),
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
    progress: text('progress').notNull().default(''),
    version: version(),
  },
  (t) => [index('plan_objectives_plan').on(t.planId), index('plan_objectives_theme').on(t.themeId, t.position)],
);

export const planActions = pgTable(
  'plan_actions',
  {
    id: integer('id').primaryKey().generatedByDefaultAsIdentity(),
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
    progress: text('progress').notNull().default(''),
    version: version(),
  },
  (t) => [index('plan_actions_objective').on(t.objectiveId, t.position), index('plan_actions_plan').on(t.planId)],
);

export const planActionLeads = pgTable(
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

export const inspectionRecommendations = pgTable(
  'inspection_recommendations',
  {
    id: integer('id').primaryKey().generatedByDefaultAsIdentity(),
    partnershipId: partnershipId(),
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

export const planObjectiveRecommendations = pgTable(
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

export const planActionRecommendations = pgTable(
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

export const planObjectiveRisks = pgTable(
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

export const objectiveRags = pgTable(
  'objective_rags',
  {
    id: integer('id').primaryKey().generatedByDefaultAsIdentity(),
    partnershipId: partnershipId(),
    objectiveId: integer('objective_id')
      .notNull()
      .references(() => planObjectives.id),
    period: text('period').notNull(),
    rag: text('rag').$type<Rag>().notNull(),
    suggestedRag: text('suggested_rag').$type<Rag>().notNull(),
    suggestedReasons: jsonb('suggested_reasons').$type<string[]>().notNull(),
    rationale: text('rationale'),
    decidedById: integer('decided_by_id')
      .notNull()
      .references(() => people.id),
    decidedAt: text('decided_at').notNull(),
  },
  (t) => [index('objective_rags_objective').on(t.objectiveId, t.period, t.id)],
);

export const objectiveRagProposals = pgTable(
  'objective_rag_proposals',
  {
    id: integer('id').primaryKey().generatedByDefaultAsIdentity(),
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
