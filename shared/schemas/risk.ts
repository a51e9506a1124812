import { SCORE_KINDS } from '../domain/matrix.js';
import { z } from 'zod';
import { DOC_LIMITS } from '../limits.js';
import { Id, IdListParam, IdParam, IsoDate, Name, RowId, Timestamp } from './common.js';
import { TRENDS } from '../domain/scoring.js';

export const RISK_CATEGORIES = [
  'Capacity and workforce',
  'Quality of practice',
  'Partnership and governance',
  'Systems and information',
  'Finance and resources',
  'Engagement and voice',
  'Performance and oversight',
] as const;

export const MITIGATION_STATUSES = ['not_started', 'in_progress', 'complete'] as const;
export type MitigationStatus = (typeof MITIGATION_STATUSES)[number];
export const MITIGATION_STATUS_LABELS: Record<MitigationStatus, string> = {
  not_started: 'Not started',
  in_progress: 'In progress',
  complete: 'Complete',
};

export const RISK_STATUSES = ['open', 'closed'] as const;
export type RiskStatus = (typeof RISK_STATUSES)[number];

/** The layout's range: any matrix's levels. The partnership's own size is checked by the server. */
const Level = z.number().int().min(1).max(5);

/**
 * What the risk's Y.Doc may hold in its `fields` map. The server checks every accepted update
 * against this; an update that would break it is refused whole.
 */
export const RiskDocFields = z.object({
  category: z.enum(RISK_CATEGORIES).nullable(),
  inherentLikelihood: Level.nullable(),
  inherentImpact: Level.nullable(),
  currentLikelihood: Level.nullable(),
  currentImpact: Level.nullable(),
  targetLikelihood: Level.nullable(),
  targetImpact: Level.nullable(),
  tolerance: z.number().int().min(1).max(25).nullable(),
  reviewFrequencyDays: z.number().int().min(1).max(366).nullable(),
  nextReviewDate: IsoDate.nullable(),
});
export type RiskDocFields = z.infer<typeof RiskDocFields>;
export const RISK_DOC_FIELD_KEYS = Object.keys(RiskDocFields.shape) as (keyof RiskDocFields)[];

/** The risk's scalar fields in words, as people read them in notices and the history. */
export const RISK_FIELD_LABELS: Record<keyof RiskDocFields, string> = {
  category: 'Category',
  inherentLikelihood: 'Inherent likelihood',
  inherentImpact: 'Inherent impact',
  currentLikelihood: 'Current likelihood',
  currentImpact: 'Current impact',
  targetLikelihood: 'Target likelihood',
  targetImpact: 'Target impact',
  tolerance: 'Tolerance',
  reviewFrequencyDays: 'Review frequency (days)',
  nextReviewDate: 'Next review date',
};

/** The Y.Text fields of a risk doc; the title is text too, so two people can fix it at once. */
export const RISK_TEXT_FIELDS = ['title', 'cause', 'event', 'effect'] as const;
export type RiskTextField = (typeof RISK_TEXT_FIELDS)[number];

export const MitigationDocFields = z.object({
  ownerId: z.number().int().positive().nullable(),
  agencyId: z.number().int().positive().nullable(),
  dueDate: IsoDate.nullable(),
  status: z.enum(MITIGATION_STATUSES),
});
export type MitigationDocFields = z.infer<typeof MitigationDocFields>;

/** A progress note on a mitigation: exactly these four keys; the server checks its author and time. */
export const ProgressNote = z.strictObject({
  id: z.string().min(1).max(64),
  at: z.iso.datetime({ offset: true }),
  byId: z.number().int().positive(),
  text: z.string().max(DOC_LIMITS.noteMax).refine((s) => s.trim().length > 0, 'A note cannot be empty'),
});
export type ProgressNote = z.infer<typeof ProgressNote>;

/** Y.Doc layout names, shared by the server's projection and the client's editors. */
export const RISK_DOC = {
  fields: 'fields',
  mitigations: 'mitigations',
  mitigationAction: 'action',
  mitigationNotes: 'notes',
} as const;

// --- commands ---

export const CreateRiskPayload = z.object({
  boardId: Id,
  title: Name,
  leadAgencyId: Id,
  ownerId: Id,
  category: z.enum(RISK_CATEGORIES).nullable().default(null),
  // Scores may be given at once; each must be on the partnership's matrix (the server checks the size).
  inherentLikelihood: Level.nullable().optional(),
  inherentImpact: Level.nullable().optional(),
  currentLikelihood: Level.nullable().optional(),
  currentImpact: Level.nullable().optional(),
  targetLikelihood: Level.nullable().optional(),
  targetImpact: Level.nullable().optional(),
  tolerance: z.number().int().min(1).max(25).nullable().optional(),
});
export type CreateRiskPayload = z.infer<typeof CreateRiskPayload>;

export const RiskRef = z.object({ riskId: Id });
export const CloseRiskPayload = RiskRef.extend({ reason: z.string().trim().min(3, 'Give a reason').max(2000) });
export const ReopenRiskPayload = CloseRiskPayload;
/** Escalating is a decision the parent board is asked to take up: it needs a reason. */
export const EscalateRiskPayload = RiskRef.extend({ reason: z.string().trim().min(3, 'Give a reason for escalating').max(2000) });
export const DeescalateRiskPayload = RiskRef.extend({ reason: z.string().trim().max(2000).default('') });
export const ChangeOwnerPayload = RiskRef.extend({ ownerId: Id, leadAgencyId: Id.optional() });

// --- projections, as the REST API returns them (strict: see common.ts) ---

export const ScorePair = z.strictObject({
  likelihood: Level.nullable(),
  impact: Level.nullable(),
  score: z.number().int().min(1).max(25).nullable(),
});
export type ScorePair = z.infer<typeof ScorePair>;

export const RiskRow = z.strictObject({
  id: RowId,
  reference: z.string(),
  title: z.string(),
  category: z.string().nullable(),
  boardId: RowId,
  boardName: z.string(),
  escalatedToBoardId: RowId.nullable(),
  escalatedToBoardName: z.string().nullable(),
  leadAgencyId: RowId.nullable(),
  leadAgencyName: z.string().nullable(),
  ownerId: RowId.nullable(),
  ownerName: z.string().nullable(),
  inherent: ScorePair,
  current: ScorePair,
  target: ScorePair,
  tolerance: z.number().int().min(1).max(25).nullable(),
  aboveTolerance: z.boolean(),
  /** When the current score last rose above the tolerance; null while within it. */
  aboveToleranceSince: Timestamp.nullable(),
  trend: z.enum(TRENDS),
  reviewFrequencyDays: z.number().int().min(1).nullable(),
  nextReviewDate: IsoDate.nullable(),
  reviewOverdue: z.boolean(),
  status: z.enum(RISK_STATUSES),
  closedReason: z.string().nullable(),
  mitigationCount: z.number().int().min(0),
  overdueMitigationCount: z.number().int().min(0),
  updatedAt: Timestamp,
  updatedByName: z.string().nullable(),
});
export type RiskRow = z.infer<typeof RiskRow>;

export const MitigationRow = z.strictObject({
  /** `<riskId>:<key>`: unique across the register, made by the server (see mitigationRowId). */
  id: z.string(),
  /** The mitigation's key within its risk's doc. */
  key: z.string(),
  riskId: RowId,
  action: z.string(),
  ownerId: RowId.nullable(),
  ownerName: z.string().nullable(),
  agencyId: RowId.nullable(),
  agencyName: z.string().nullable(),
  dueDate: IsoDate.nullable(),
  status: z.enum(MITIGATION_STATUSES),
  overdue: z.boolean(),
  lastNoteAt: Timestamp.nullable(),
});
export type MitigationRow = z.infer<typeof MitigationRow>;

export const RiskDetail = RiskRow.extend({
  cause: z.string(),
  event: z.string(),
  effect: z.string(),
  mitigations: z.array(MitigationRow),
  /** What the signed-in person may do with this risk. */
  access: z.enum(['read', 'edit']),
  canCommand: z.strictObject({ close: z.boolean(), escalate: z.boolean(), changeOwner: z.boolean() }),
  /** The risk is above tolerance and this person may escalate it to the parent board now. */
  offerEscalation: z.boolean(),
});
export type RiskDetail = z.infer<typeof RiskDetail>;

/**
 * A change that did not hold: two people set the same field at the same moment (neither had seen the
 * other's), the merge kept the other value, and this one left the risk as it was.
 */
export const OvertakenChange = z.strictObject({
  /** The risk's field, e.g. "currentLikelihood". */
  field: RiskDocFields.keyof(),
  fieldLabel: z.string(),
  /** The value that did not hold, and who set it. */
  value: z.unknown(),
  byId: RowId,
  byName: z.string().nullable(),
  /** The value that holds, and who set it. */
  heldValue: z.unknown(),
  heldById: RowId,
  heldByName: z.string().nullable(),
  /** The whole entry in words, e.g. "Dr Aisha Rahman's change of Current likelihood to 3 was overtaken by DCI Tom Brennan's 1 at 10:42". */
  summary: z.string(),
});
export type OvertakenChange = z.infer<typeof OvertakenChange>;

export const FieldChange = z.strictObject({
  id: RowId,
  at: Timestamp,
  editorId: RowId.nullable(),
  editorName: z.string().nullable(),
  field: z.string(),
  /** The values before and after, as the document held them (JSON). */
  from: z.unknown(),
  to: z.unknown(),
  mitigationId: z.string().nullable(),
  /** Set when the entry records a change that did not hold (see OvertakenChange); `field` is then "overtaken.<field>". */
  overtaken: OvertakenChange.optional(),
});
export type FieldChange = z.infer<typeof FieldChange>;

export const ScorePoint = z.strictObject({
  at: Timestamp,
  kind: z.enum(SCORE_KINDS),
  score: z.number().int().min(1).max(25).nullable(),
  likelihood: Level.nullable(),
  impact: Level.nullable(),
  editorName: z.string().nullable(),
});
export type ScorePoint = z.infer<typeof ScorePoint>;

export const RiskHistory = z.strictObject({
  changes: z.array(FieldChange),
  scores: z.array(ScorePoint),
});
export type RiskHistory = z.infer<typeof RiskHistory>;

/** A query string: ids are text there, read with IdParam (never coerced). */
export const RiskListQuery = z.object({
  boardId: IdParam.optional(),
  status: z.enum(RISK_STATUSES).optional(),
  /** Comma-separated risk ids: how a list refreshes just the rows a "rows:changed" push named. */
  ids: IdListParam(200).optional(),
});

/** GET /mitigations: the partnership's mitigations, or only those of the named risks (as a challenge page needs). */
export const MitigationListQuery = z.object({
  riskIds: IdListParam(200).optional(),
});
