import { z } from 'zod';
import { DOC_LIMITS } from '../limits.js';
import { Id, IdListParam, IdParam, IsoDate, RecordRef } from './common.js';

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

export const CHALLENGE_COMMANDS = ['submit', 'accept', 'press', 'close', 'escalate'] as const;
export type ChallengeCommand = (typeof CHALLENGE_COMMANDS)[number];


export const RaiseChallengePayload = z.object({
  boardId: Id,
  title: z.string().trim().min(3, 'Say what the challenge is about').max(200),
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

export const DashboardQuery = z.object({
  from: IsoDate.optional(),
  to: IsoDate.optional(),
});

export const ChallengeSettingsBody = z.object({ raiserMayDecide: z.boolean() });

/** Y.Doc layout: the question and its discussion in `challenge:<id>`, the answer in `challenge:<id>:response`. */
export const CHALLENGE_DOC = { question: 'question', discussion: 'discussion', response: 'response' } as const;
export const CHALLENGE_RESPONSE_PART = 'response';

export interface ChallengeRow {
  id: number;
  reference: string;
  title: string;
  boardId: number;
  boardName: string;
  escalatedToBoardId: number | null;
  escalatedToBoardName: string | null;
  raisedById: number;
  raisedByName: string;
  raisedByAgencyName: string;
  raisedAt: string;
  meetingId: number | null;
  agendaItemId: number | null;
  directedAgencyId: number;
  directedAgencyName: string;
  directedPersonId: number | null;
  directedPersonName: string | null;
  subjectKind: ChallengeSubjectKind;
  subjectRef: string | null;
  dueDate: string;
  status: ChallengeStatus;
  overdue: boolean;
  round: number;
  respondedAt: string | null;
  closedAt: string | null;
}

export interface ChallengeEvent {
  id: number;
  at: string;
  kind: string;
  actorName: string | null;
  actorAgencyName: string | null;
  reason: string | null;
  dueDate: string | null;
  response: string | null;
}

export interface ChallengeDetail extends ChallengeRow {
  question: string;
  response: string;
  timeline: ChallengeEvent[];
  access: { question: 'read' | 'edit'; response: 'read' | 'edit' };
  can: Record<ChallengeCommand, boolean>;
}

export interface AgencyAccountability {
  agencyId: number;
  agencyName: string;
  challengesOpen: number;
  challengesOverdue: number;
  challengesClosed: number;
  medianDaysToRespond: number | null;
  overdueMitigations: number;
  overdueActions: number;
  risksByBand: Record<string, number>;
  attendanceRate: number | null;
}

export interface NotificationView {
  id: number;
  kind: 'challenge_directed' | 'response_submitted' | 'due_soon' | 'overdue' | 'pressed' | 'accepted' | 'action_assigned' | 'partnership_added' | 'above_tolerance' | 'risk_escalated';
  text: string;
  link: string;
  createdAt: string;
  read: boolean;
}
