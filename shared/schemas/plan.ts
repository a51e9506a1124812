import { z } from 'zod';
import { PLAN_LIMITS } from '../limits.js';
import { isPeriod } from '../domain/plan-rag.js';
import { EvidenceView } from './evidence.js';
import { Id, IdParam, IsoDate, PartnershipParams, RowId, Timestamp } from './common.js';

/** The improvement plan (issue 12): plans → themes → objectives → actions, RAG per objective per month, inspection recommendations. */

export const RAGS = ['red', 'amber', 'green'] as const;
export type Rag = (typeof RAGS)[number];
export const RAG_LABELS: Record<Rag, string> = { red: 'Red', amber: 'Amber', green: 'Green' };
/**
 * The colours a RAG is drawn in (#rrggbb), on the page and in exported spreadsheets; the text colour
 * meets WCAG AA on each (white on the red and green, near-black on the amber). The word is always
 * written beside or on it: colour is never the only signal.
 */
export const RAG_COLOURS: Record<Rag | 'none', { background: string; text: string }> = {
  red: { background: '#b91c1c', text: '#ffffff' },
  amber: { background: '#f59e0b', text: '#111827' },
  green: { background: '#15803d', text: '#ffffff' },
  none: { background: '#e5e7eb', text: '#111827' },
};

/** seed 002 Appendix One's progress column, as statuses: "ACTION COMPLETED" is `completed`. */
export const PLAN_ACTION_STATUSES = ['not_started', 'on_track', 'at_risk', 'off_track', 'completed'] as const;
export type PlanActionStatus = (typeof PLAN_ACTION_STATUSES)[number];
export const PLAN_ACTION_STATUS_LABELS: Record<PlanActionStatus, string> = {
  not_started: 'Not started',
  on_track: 'On track',
  at_risk: 'At risk',
  off_track: 'Off track',
  completed: 'Completed',
};

export const DIRECTIONS = ['improving', 'same', 'worsening'] as const;
export const DIRECTION_LABELS: Record<(typeof DIRECTIONS)[number], string> = { improving: 'Improving', same: 'No change', worsening: 'Worsening' };

/** A reporting period, a calendar month: 'YYYY-MM'. */
export const Period = z.string().refine(isPeriod, 'A month as YYYY-MM');

const Title = z.string().trim().min(3, 'At least 3 characters').max(PLAN_LIMITS.titleMax);
const Text = z.string().trim().min(3, 'At least 3 characters').max(PLAN_LIMITS.textMax);
const Notes = z.string().trim().max(PLAN_LIMITS.notesMax);
/** Distinct ids: a link named twice is one link. */
const Ids = (max: number) => z.array(Id).max(max).transform((ids) => [...new Set(ids)]);
const Position = z.number().int().min(0).max(1000);
/**
 * An action's lead officers as sent, duplicates and all: each is checked against the partnership at its
 * own index (`leadOfficerIds.2` names the third id the sender wrote), and a person named twice is then
 * one lead (server/features/plans/repo.ts). Deduplicating here would shift the index a refusal names.
 */
const LeadOfficerIds = z.array(Id).min(1, 'Name at least one lead officer').max(PLAN_LIMITS.leadsMax);

/* Commands' payloads (z.object: unknown keys are dropped, never trusted). */

export const CreatePlanPayload = z.object({ boardId: Id, title: Title });
export const UpdatePlanPayload = z.object({ planId: Id, title: Title.optional(), boardId: Id.optional() });

export const CreateThemePayload = z.object({ planId: Id, title: Title, position: Position.optional() });
export const UpdateThemePayload = z.object({ themeId: Id, title: Title.optional(), position: Position.optional() });

export const CreateObjectivePayload = z.object({
  themeId: Id,
  outcome: Text,
  leadPersonId: Id.nullable().default(null),
  leadAgencyId: Id.nullable().default(null),
  recommendationIds: Ids(PLAN_LIMITS.linksMax).default([]),
  riskIds: Ids(PLAN_LIMITS.linksMax).default([]),
});
export type CreateObjectivePayload = z.infer<typeof CreateObjectivePayload>;
export const UpdateObjectivePayload = z.object({
  objectiveId: Id,
  /** Another theme of the same plan. */
  themeId: Id.optional(),
  outcome: Text.optional(),
  leadPersonId: Id.nullable().optional(),
  leadAgencyId: Id.nullable().optional(),
  recommendationIds: Ids(PLAN_LIMITS.linksMax).optional(),
  riskIds: Ids(PLAN_LIMITS.linksMax).optional(),
});
export type UpdateObjectivePayload = z.infer<typeof UpdateObjectivePayload>;

export const SetRagPayload = z.object({
  objectiveId: Id,
  rag: z.enum(RAGS),
  /** The period decided; the current one when absent (the one just ended is allowed too). */
  period: Period.optional(),
  /** Required when the RAG differs from the suggestion. */
  rationale: z.string().trim().max(PLAN_LIMITS.rationaleMax).default(''),
});
export type SetRagPayload = z.infer<typeof SetRagPayload>;

/**
 * A RAG proposed during a board meeting by someone present: on the record for the objective's lead or
 * the chair to decide with (objective:set-rag). The rationale says why; it is always required.
 */
export const ProposeRagPayload = z.object({
  meetingId: Id,
  objectiveId: Id,
  rag: z.enum(RAGS),
  rationale: z.string().trim().min(3, 'Say why, in at least 3 characters').max(PLAN_LIMITS.rationaleMax),
});
export type ProposeRagPayload = z.infer<typeof ProposeRagPayload>;

export const CreatePlanActionPayload = z.object({
  objectiveId: Id,
  description: Text,
  milestones: Notes.default(''),
  dueDate: IsoDate.nullable().default(null),
  leadOfficerIds: LeadOfficerIds,
  status: z.enum(PLAN_ACTION_STATUSES).default('not_started'),
  recommendationIds: Ids(PLAN_LIMITS.linksMax).default([]),
});
export type CreatePlanActionPayload = z.infer<typeof CreatePlanActionPayload>;
export const UpdatePlanActionPayload = z.object({
  actionId: Id,
  description: Text.optional(),
  milestones: Notes.optional(),
  dueDate: IsoDate.nullable().optional(),
  leadOfficerIds: LeadOfficerIds.optional(),
  recommendationIds: Ids(PLAN_LIMITS.linksMax).optional(),
  status: z.enum(PLAN_ACTION_STATUSES).optional(),
  /** When it was completed; today when it becomes completed without one. */
  completedDate: IsoDate.nullable().optional(),
});
export type UpdatePlanActionPayload = z.infer<typeof UpdatePlanActionPayload>;
/**
 * The fields of an action that report on it (its lead officers may set them); the rest shape the plan.
 * Its progress update is typed in the objective's doc (shared/docs/objective-doc.ts), not sent here.
 */
export const ACTION_PROGRESS_FIELDS = ['status', 'completedDate'] as const;

export const CreateRecommendationPayload = z.object({
  source: z.string().trim().min(3).max(PLAN_LIMITS.sourceMax),
  reportDate: IsoDate,
  number: z.number().int().min(1).max(PLAN_LIMITS.recommendationNumberMax),
  text: Text,
});
export type CreateRecommendationPayload = z.infer<typeof CreateRecommendationPayload>;
export const UpdateRecommendationPayload = CreateRecommendationPayload.partial().extend({ recommendationId: Id });
export type UpdateRecommendationPayload = z.infer<typeof UpdateRecommendationPayload>;

export const PlanParams = PartnershipParams.extend({ planId: IdParam });
export const ObjectiveParams = PartnershipParams.extend({ objectiveId: IdParam });
/** `?meetingId=`: the meeting the objective is shown at, for whether the reader may propose its RAG there. */
export const ObjectiveQuery = z.object({ meetingId: IdParam.optional() });
export const RecommendationParams = PartnershipParams.extend({ recommendationId: IdParam });
/**
 * GET …/exports/plan.xlsx (or .csv): the plan, and its actions page's filters as its address keeps
 * them (shared/domain/plan-action-filters.ts): lead officer, agency, status, overdue, recommendation.
 */
export const PlanExportQuery = z.object({
  planId: IdParam,
  lead: IdParam.optional(),
  agency: z.string().max(200, 'At most 200 characters').optional(),
  status: z.enum(PLAN_ACTION_STATUSES).optional(),
  overdue: z.enum(['true', 'false'], 'true or false').optional(),
  recommendation: IdParam.optional(),
});
export type PlanExportQuery = z.infer<typeof PlanExportQuery>;

/* Answers (strict: see common.ts). */

export const RagCounts = z.strictObject({ red: z.number().int().min(0), amber: z.number().int().min(0), green: z.number().int().min(0), none: z.number().int().min(0) });
export const PeriodCounts = RagCounts.extend({ period: Period });

/** "Recommendation 4 (Ofsted inspection, 2017)": how an action or objective names what it answers. */
export const RecommendationRef = z.strictObject({ id: RowId, number: z.number().int().min(1), source: z.string(), label: z.string() });
export type RecommendationRef = z.infer<typeof RecommendationRef>;

export const PersonRef = z.strictObject({ id: RowId, name: z.string(), agencyName: z.string() });

export const RagDecisionView = z.strictObject({
  id: RowId,
  period: Period,
  rag: z.enum(RAGS),
  suggestedRag: z.enum(RAGS),
  suggestedReasons: z.array(z.string()),
  rationale: z.string().nullable(),
  decidedById: RowId,
  decidedByName: z.string(),
  decidedAt: Timestamp,
  /** A later decision in the same period took its place; both stay on the record. */
  superseded: z.boolean(),
});
export type RagDecisionView = z.infer<typeof RagDecisionView>;

/** A RAG proposed at a meeting in the current period, newest first. */
export const RagProposalView = z.strictObject({
  id: RowId,
  meetingId: RowId,
  meetingTitle: z.string(),
  period: Period,
  rag: z.enum(RAGS),
  rationale: z.string(),
  proposedById: RowId,
  proposedByName: z.string(),
  proposedByAgencyName: z.string(),
  proposedAt: Timestamp,
});
export type RagProposalView = z.infer<typeof RagProposalView>;

export const PlanActionView = z.strictObject({
  id: RowId,
  objectiveId: RowId,
  position: z.number().int().min(0),
  description: z.string(),
  milestones: z.string(),
  dueDate: IsoDate.nullable(),
  status: z.enum(PLAN_ACTION_STATUSES),
  completedDate: IsoDate.nullable(),
  progress: z.string(),
  overdue: z.boolean(),
  leadOfficers: z.array(PersonRef),
  recommendations: z.array(RecommendationRef),
  /** `reportProgress`: its status; `writeProgress`: its progress text in the objective's doc (lent by a live meeting too). */
  can: z.strictObject({ reportProgress: z.boolean(), writeProgress: z.boolean(), edit: z.boolean() }),
});
export type PlanActionView = z.infer<typeof PlanActionView>;

export const LinkedRisk = z.strictObject({ id: RowId, reference: z.string(), title: z.string(), status: z.enum(['open', 'closed']), aboveTolerance: z.boolean() });

export const ObjectiveView = z.strictObject({
  id: RowId,
  planId: RowId,
  themeId: RowId,
  position: z.number().int().min(0),
  outcome: z.string(),
  leadPersonId: RowId.nullable(),
  leadPersonName: z.string().nullable(),
  leadAgencyId: RowId.nullable(),
  leadAgencyName: z.string().nullable(),
  /** The progress narrative, as its doc (`objective:<id>`) last stored it. */
  progress: z.string(),
  recommendations: z.array(RecommendationRef),
  risks: z.array(LinkedRisk),
  /** The latest decision of the latest period decided, or null. */
  rag: RagDecisionView.nullable(),
  suggestion: z.strictObject({ rag: z.enum(RAGS), reasons: z.array(z.string()) }),
  /** From the latest decided period before the current decision's to it; null with nothing to compare. */
  direction: z.enum(DIRECTIONS).nullable(),
  /** The last 12 periods, oldest first: each one's decided RAG (its latest decision), or null. */
  history: z.array(z.strictObject({ period: Period, rag: z.enum(RAGS).nullable() })),
  /** Every decision in those periods, newest first, superseded ones included. */
  decisions: z.array(RagDecisionView),
  actions: z.array(PlanActionView),
  /** RAGs proposed at board meetings this period, newest first: what the lead or chair decides with. */
  proposals: z.array(RagProposalView),
  /** `writeNarrative`: its progress narrative (lent by a live meeting of the plan's board too). */
  can: z.strictObject({ setRag: z.boolean(), writeNarrative: z.boolean(), edit: z.boolean() }),
});
export type ObjectiveView = z.infer<typeof ObjectiveView>;

export const ThemeView = z.strictObject({
  id: RowId,
  planId: RowId,
  position: z.number().int().min(0),
  title: z.string(),
  objectives: z.array(ObjectiveView),
  /** Objectives by current RAG, and by each of the last 12 periods (for a stacked bar). */
  rollUp: RagCounts,
  rollUpHistory: z.array(PeriodCounts),
});
export type ThemeView = z.infer<typeof ThemeView>;

export const PlanSummary = z.strictObject({
  id: RowId,
  title: z.string(),
  boardId: RowId,
  boardName: z.string(),
  /** The current reporting period. */
  period: Period,
  themeCount: z.number().int().min(0),
  objectiveCount: z.number().int().min(0),
  actionCount: z.number().int().min(0),
  overdueActionCount: z.number().int().min(0),
  rollUp: RagCounts,
  updatedAt: Timestamp,
  can: z.strictObject({ edit: z.boolean() }),
});
export type PlanSummary = z.infer<typeof PlanSummary>;

export const PlanDetail = PlanSummary.extend({
  /** The last 12 periods, oldest first: the columns of every history here. */
  periods: z.array(Period),
  themes: z.array(ThemeView),
  rollUpHistory: z.array(PeriodCounts),
});
export type PlanDetail = z.infer<typeof PlanDetail>;

/** One objective with its plan around it: what a meeting's agenda item on it shows. */
export const ObjectiveDetail = z.strictObject({
  plan: z.strictObject({ id: RowId, title: z.string(), boardId: RowId, boardName: z.string() }),
  themeTitle: z.string(),
  /** The current reporting period. */
  period: Period,
  objective: ObjectiveView,
  /** The reader may propose its RAG at the meeting named by `?meetingId=` (false without one). */
  canProposeRag: z.boolean(),
});
export type ObjectiveDetail = z.infer<typeof ObjectiveDetail>;

export const RecommendationView = z.strictObject({
  id: RowId,
  source: z.string(),
  reportDate: IsoDate,
  number: z.number().int().min(1),
  label: z.string(),
  text: z.string(),
  actionCount: z.number().int().min(0),
  completedActionCount: z.number().int().min(0),
  objectiveCount: z.number().int().min(0),
  can: z.strictObject({ edit: z.boolean() }),
});
export type RecommendationView = z.infer<typeof RecommendationView>;

/** What a recommendation is answered by: "show me what you did about recommendation 4". */
export const RecommendationDetail = RecommendationView.extend({
  actions: z.array(
    z.strictObject({
      id: RowId,
      planId: RowId,
      planTitle: z.string(),
      objectiveId: RowId,
      objectiveOutcome: z.string(),
      description: z.string(),
      milestones: z.string(),
      dueDate: IsoDate.nullable(),
      status: z.enum(PLAN_ACTION_STATUSES),
      completedDate: IsoDate.nullable(),
      progress: z.string(),
      overdue: z.boolean(),
      leadOfficers: z.array(PersonRef),
    }),
  ),
  objectives: z.array(z.strictObject({ id: RowId, planId: RowId, planTitle: z.string(), themeTitle: z.string(), outcome: z.string(), rag: z.enum(RAGS).nullable() })),
  /** The evidence of its impact: items linked to it, newest first (what an inspector asks to see). */
  evidence: z.array(EvidenceView),
});
export type RecommendationDetail = z.infer<typeof RecommendationDetail>;

/** "Recommendation 4": the label an action's reference reads as. */
export function recommendationLabel(number: number): string {
  return `Recommendation ${number}`;
}
