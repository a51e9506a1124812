import { z } from 'zod';
import { DOC_LIMITS } from '../limits.js';
import { Id, IdListParam, IdParam, IsoDate, ONE_LINE, ONE_LINE_MESSAGE, Percent, RecordRef, RowId, Timestamp } from './common.js';

export const CHALLENGE_STATUSES = ['open', 'response_submitted', 'accepted', 'pressed', 'escalated', 'closed'] as const;
export type ChallengeStatus = (typeof CHALLENGE_STATUSES)[number];
export const CHALLENGE_STATUS_LABELS: Record<ChallengeStatus, string> = {
  open: 'Open – response due',
  response_submitted: 'Response submitted',
  accepted: 'Response accepted',
  pressed: 'Pressed – further response due',
  escalated: 'Escalated',
  closed: 'Closed',
};

export const CHALLENGE_SUBJECTS = ['risk', 'mitigation', 'action', 'meeting_item', 'none'] as const;
export type ChallengeSubjectKind = (typeof CHALLENGE_SUBJECTS)[number];
export const CHALLENGE_SUBJECT_LABELS: Record<ChallengeSubjectKind, string> = {
  risk: 'Risk',
  mitigation: 'Mitigation',
  action: 'Action',
  meeting_item: 'Meeting agenda item',
  none: 'No linked record',
};

export const CHALLENGE_COMMANDS = ['submit', 'accept', 'press', 'close', 'escalate'] as const;
export type ChallengeCommand = (typeof CHALLENGE_COMMANDS)[number];


export const RaiseChallengePayload = z.object({
  boardId: Id,
  title: z.string().trim().min(3, 'Say what the challenge is about').max(200).regex(ONE_LINE, ONE_LINE_MESSAGE),
  question: z.string().trim().max(DOC_LIMITS.textMax).default(''),
  directedAgencyId: Id,
  directedPersonId: Id.nullable().default(null),
  subjectKind: z.enum(CHALLENGE_SUBJECTS).default('none'),
  subjectRef: RecordRef.nullable().default(null),
  meetingId: Id.nullable().default(null),
  agendaItemId: Id.nullable().default(null),
  dueDate: IsoDate,
});
export type RaiseChallengePayload = z.infer<typeof RaiseChallengePayload>;

export const ChallengeRef = z.object({ challengeId: Id });
export const ChallengeReason = ChallengeRef.extend({ reason: z.string().trim().max(2000).default('') });
export const PressChallengePayload = ChallengeRef.extend({ reason: z.string().trim().min(3, 'Say what is still needed').max(2000), dueDate: IsoDate });

/** A query string: ids are text there, read with IdParam (never coerced). */
export const ChallengeListQuery = z.object({
  boardId: IdParam.optional(),
  agencyId: IdParam.optional(),
  status: z.enum(CHALLENGE_STATUSES).optional(),
  overdue: z.enum(['true', 'false']).transform((v) => v === 'true').optional(),
  subjectKind: z.enum(CHALLENGE_SUBJECTS).optional(),
  subjectRef: RecordRef.optional(),
  ids: IdListParam(200).optional(),
});

/**
 * The challenge log's filters as its page keeps them in the address, and as its export is asked for
 * (GET …/exports/challenges.xlsx): the list's, less `ids`, with two status groups ("active": not yet
 * accepted or closed; "done": accepted or closed) and the period raised in (the dashboard's drill-down).
 * shared/domain/challenge-log.ts splits them between the list endpoint and what the page applies.
 */
export const CHALLENGE_STATUS_CHOICES = [...CHALLENGE_STATUSES, 'active', 'done'] as const;
export const ChallengeLogQuery = ChallengeListQuery.omit({ ids: true }).extend({
  status: z.enum(CHALLENGE_STATUS_CHOICES).optional(),
  from: IsoDate.optional(),
  to: IsoDate.optional(),
});
export type ChallengeLogQuery = z.infer<typeof ChallengeLogQuery>;

export const DashboardQuery = z.object({
  from: IsoDate.optional(),
  to: IsoDate.optional(),
});

export const ChallengeSettingsBody = z.object({ raiserMayDecide: z.boolean() });
export const ChallengeSettingsPayload = ChallengeSettingsBody.extend({ boardId: Id });

/** Y.Doc layout: the question and its discussion in `challenge:<id>`, the answer in `challenge:<id>:response`. */
export const CHALLENGE_DOC = { question: 'question', discussion: 'discussion', response: 'response' } as const;
export const CHALLENGE_RESPONSE_PART = 'response';

/* Answers (strict: see common.ts). */

export const ChallengeRow = z.strictObject({
  id: RowId,
  reference: z.string(),
  title: z.string(),
  boardId: RowId,
  boardName: z.string(),
  escalatedToBoardId: RowId.nullable(),
  escalatedToBoardName: z.string().nullable(),
  raisedById: RowId,
  raisedByName: z.string(),
  raisedByAgencyName: z.string(),
  raisedAt: Timestamp,
  meetingId: RowId.nullable(),
  agendaItemId: RowId.nullable(),
  directedAgencyId: RowId,
  directedAgencyName: z.string(),
  directedPersonId: RowId.nullable(),
  directedPersonName: z.string().nullable(),
  subjectKind: z.enum(CHALLENGE_SUBJECTS),
  subjectRef: z.string().nullable(),
  dueDate: IsoDate,
  status: z.enum(CHALLENGE_STATUSES),
  overdue: z.boolean(),
  round: z.number().int().min(1),
  respondedAt: Timestamp.nullable(),
  closedAt: Timestamp.nullable(),
});
export type ChallengeRow = z.infer<typeof ChallengeRow>;

/** One step of a challenge's timeline: raised, then each command (`kind` is the status it moved to). */
export const ChallengeEvent = z.strictObject({
  id: RowId,
  at: Timestamp,
  kind: z.string(),
  actorName: z.string().nullable(),
  actorAgencyName: z.string().nullable(),
  reason: z.string().nullable(),
  dueDate: IsoDate.nullable(),
  response: z.string().nullable(),
});
export type ChallengeEvent = z.infer<typeof ChallengeEvent>;

const ReadOrEdit = z.enum(['read', 'edit']);

export const ChallengeDetail = ChallengeRow.extend({
  question: z.string(),
  response: z.string(),
  timeline: z.array(ChallengeEvent),
  access: z.strictObject({ question: ReadOrEdit, response: ReadOrEdit }),
  can: z.record(z.enum(CHALLENGE_COMMANDS), z.boolean()),
});
export type ChallengeDetail = z.infer<typeof ChallengeDetail>;

export const AgencyAccountability = z.strictObject({
  agencyId: RowId,
  agencyName: z.string(),
  challengesOpen: z.number().int().min(0),
  challengesOverdue: z.number().int().min(0),
  challengesClosed: z.number().int().min(0),
  medianDaysToRespond: z.number().nullable(),
  overdueMitigations: z.number().int().min(0),
  overdueActions: z.number().int().min(0),
  /** Open risks the agency leads, by the label of their current band ("Unscored" for none). */
  risksByBand: z.record(z.string(), z.number().int().min(0)),
  /** Whole percent of the seats the agency filled at meetings held in the period; null when none were held. */
  attendanceRate: Percent.nullable(),
});
export type AgencyAccountability = z.infer<typeof AgencyAccountability>;

export const NOTIFICATION_KINDS = ['challenge_directed', 'response_submitted', 'due_soon', 'overdue', 'pressed', 'accepted', 'action_assigned', 'action_due', 'action_overdue', 'mitigation_due', 'mitigation_overdue', 'review_due', 'review_overdue', 'rag_due', 'values_due', 'partnership_added', 'above_tolerance', 'risk_escalated', 'paper_requested', 'paper_due', 'paper_late', 'pack_published'] as const;

export const NotificationView = z.strictObject({
  id: RowId,
  kind: z.enum(NOTIFICATION_KINDS),
  text: z.string(),
  link: z.string(),
  createdAt: Timestamp,
  read: z.boolean(),
});
export type NotificationView = z.infer<typeof NotificationView>;

/** The signed-in person's latest notifications, and how many of all of theirs are unread. */
export const NotificationList = z.strictObject({
  items: z.array(NotificationView),
  unread: z.number().int().min(0),
});
export type NotificationList = z.infer<typeof NotificationList>;

/** notifications:read: the named notifications of the person's own, or all of them. */
export const MarkNotificationsReadPayload = z.object({ ids: z.union([z.array(Id).max(500), z.literal('all')]) });

/** The answer to PUT .../boards/:boardId/challenge-settings: the settings as saved. */
export const ChallengeSettings = z.strictObject({ raiserMayDecide: z.boolean() });
