import { z } from 'zod';
import { EVIDENCE_LIMITS } from '../limits.js';
import { Id, IdParam, IsoDate, NamedRef, PartnershipParams, RowId, Timestamp } from './common.js';

/**
 * The evidence store (issue 12 §4): what a partnership shows inspectors as the impact of its plan —
 * a file (stored in the database), a link or a note, each with a title, a date and a kind, linked to
 * the objectives, plan actions, recommendations, risks or challenges it bears on.
 */

export const EVIDENCE_KINDS = ['document', 'audit', 'data', 'views_of_children_and_families', 'staff_feedback', 'other'] as const;
export type EvidenceKind = (typeof EVIDENCE_KINDS)[number];
export const EVIDENCE_KIND_LABELS: Record<EvidenceKind, string> = {
  document: 'Document',
  audit: 'Audit',
  data: 'Data',
  views_of_children_and_families: 'Views of children and families',
  staff_feedback: 'Staff feedback',
  other: 'Other',
};

/** How an item holds its evidence. */
export const EVIDENCE_FORMS = ['file', 'link', 'note'] as const;
export type EvidenceForm = (typeof EVIDENCE_FORMS)[number];

/** The records an item may link to, each checked to be the partnership's. */
export const EVIDENCE_TARGETS = ['objective', 'plan_action', 'recommendation', 'risk', 'challenge'] as const;
export type EvidenceTarget = (typeof EVIDENCE_TARGETS)[number];
/** The payload field naming each kind of linked record (a refusal names it). */
export const EVIDENCE_LINK_FIELDS = {
  objective: 'objectiveIds',
  plan_action: 'actionIds',
  recommendation: 'recommendationIds',
  risk: 'riskIds',
  challenge: 'challengeIds',
} as const satisfies Record<EvidenceTarget, string>;

const Title = z.string().trim().min(3, 'At least 3 characters').max(EVIDENCE_LIMITS.titleMax);
/** Distinct ids: a link named twice is one link. */
const Ids = z.array(Id).max(EVIDENCE_LIMITS.linksMax).transform((ids) => [...new Set(ids)]);
/** Only https: a link shown to an inspector is never plain http, javascript: or data:. */
export const EvidenceUrl = z
  .string()
  .trim()
  .max(EVIDENCE_LIMITS.urlMax)
  .refine((s) => {
    try {
      const u = new URL(s);
      return u.protocol === 'https:' && u.hostname.length > 0 && u.username === '' && u.password === '';
    } catch {
      return false;
    }
  }, 'An https:// address');

const linkShape = {
  objectiveIds: Ids.default([]),
  actionIds: Ids.default([]),
  recommendationIds: Ids.default([]),
  riskIds: Ids.default([]),
  challengeIds: Ids.default([]),
};
const meta = { title: Title, date: IsoDate, kind: z.enum(EVIDENCE_KINDS), ...linkShape };

/** What a file upload carries beside the file (multipart fields; ids as comma-separated lists). */
export const EvidenceUploadFields = z.object(meta);
export type EvidenceUploadFields = z.infer<typeof EvidenceUploadFields>;
export type EvidenceLinkIds = Pick<EvidenceUploadFields, 'objectiveIds' | 'actionIds' | 'recommendationIds' | 'riskIds' | 'challengeIds'>;

export const AddEvidenceLinkPayload = z.object({ ...meta, url: EvidenceUrl });
export type AddEvidenceLinkPayload = z.infer<typeof AddEvidenceLinkPayload>;
export const AddEvidenceNotePayload = z.object({ ...meta, note: z.string().trim().min(3, 'At least 3 characters').max(EVIDENCE_LIMITS.noteMax) });
export type AddEvidenceNotePayload = z.infer<typeof AddEvidenceNotePayload>;
/** Links named replace the item's links of that kind; absent kinds stay as they are. */
export const UpdateEvidencePayload = z.object({
  evidenceId: Id,
  title: Title.optional(),
  date: IsoDate.optional(),
  kind: z.enum(EVIDENCE_KINDS).optional(),
  objectiveIds: Ids.optional(),
  actionIds: Ids.optional(),
  recommendationIds: Ids.optional(),
  riskIds: Ids.optional(),
  challengeIds: Ids.optional(),
});
export type UpdateEvidencePayload = z.infer<typeof UpdateEvidencePayload>;
export const EvidenceRef = z.object({ evidenceId: Id });
export type EvidenceRef = z.infer<typeof EvidenceRef>;

export const EvidenceParams = PartnershipParams.extend({ evidenceId: IdParam });
const QueryId = IdParam.optional();
export const EvidenceQuery = z.object({
  q: z.string().trim().max(EVIDENCE_LIMITS.searchMax).optional(),
  kind: z.enum(EVIDENCE_KINDS).optional(),
  objectiveId: QueryId,
  recommendationId: QueryId,
  riskId: QueryId,
  /** Items linked to any objective or action of this plan: a plan's page shows them on its objectives, in one read. */
  planId: QueryId,
});
export type EvidenceQuery = z.infer<typeof EvidenceQuery>;

/* Answers (strict: see common.ts). */

export const EvidenceLinkView = z.strictObject({ kind: z.enum(EVIDENCE_TARGETS), id: RowId, label: z.string() });
export type EvidenceLinkView = z.infer<typeof EvidenceLinkView>;

export const EvidenceView = z.strictObject({
  id: RowId,
  title: z.string(),
  date: IsoDate,
  kind: z.enum(EVIDENCE_KINDS),
  kindLabel: z.string(),
  form: z.enum(EVIDENCE_FORMS),
  /** A file's name, its content type as detected from its bytes, and its size; null for a link or a note. */
  file: z.strictObject({ name: z.string(), contentType: z.string(), size: z.number().int().min(0) }).nullable(),
  url: z.string().nullable(),
  note: z.string().nullable(),
  addedBy: NamedRef,
  addedAt: Timestamp,
  links: z.array(EvidenceLinkView),
  can: z.strictObject({ edit: z.boolean() }),
});
export type EvidenceView = z.infer<typeof EvidenceView>;

/** Where a file is downloaded from (always as an attachment). */
export function evidenceFilePath(partnershipId: number, evidenceId: number): string {
  return `/api/partnerships/${partnershipId}/evidence/${evidenceId}/file`;
}
