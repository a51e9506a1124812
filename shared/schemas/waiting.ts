import { z } from 'zod';

/**
 * "Waiting for you" (issue 16 item 7): what the board expects of this person now, on their home page.
 * For a chair: responses to decide, escalations received, meetings to prepare, minutes to sign off; for
 * everyone: challenges to answer, actions, mitigations and reviews due, papers to write, the month's
 * RAG of their objectives, their indicators' values.
 */
export const WAITING_KINDS = [
  'response_to_decide',
  'challenge_escalated',
  'risk_escalated',
  'meeting_to_prepare',
  'minutes_to_sign_off',
  'challenge_to_answer',
  'action_due',
  'mitigation_due',
  'review_due',
  'paper_to_write',
  'rag_due',
  'values_due',
] as const;
export type WaitingKind = (typeof WAITING_KINDS)[number];

/** What each kind asks, as the page says it. */
export const WAITING_KIND_LABELS: Record<WaitingKind, string> = {
  response_to_decide: 'Response to decide',
  challenge_escalated: 'Challenge escalated to your board',
  risk_escalated: 'Risk escalated to your board',
  meeting_to_prepare: 'Meeting to prepare',
  minutes_to_sign_off: 'Minutes to sign off',
  challenge_to_answer: 'Challenge to answer',
  action_due: 'Action',
  mitigation_due: 'Mitigation',
  review_due: 'Risk review',
  paper_to_write: 'Paper to write',
  rag_due: 'RAG to set',
  values_due: 'Indicator value to enter',
};

/** Dated obligations are listed from this many days before they fall due (overdue ones always). */
export const WAITING_HORIZON_DAYS = 14;

export const WaitingItem = z.strictObject({
  kind: z.enum(WAITING_KINDS),
  /** The record's reference (R-006, C-004, A-012) where it has one. */
  reference: z.string().nullable(),
  title: z.string(),
  /** The board it belongs to, where that helps tell items apart. */
  boardName: z.string().nullable(),
  /** YYYY-MM-DD: by when (a meeting: its day); null when there is no date. */
  due: z.string().nullable(),
  overdue: z.boolean(),
  /** The page where it is done. */
  link: z.string(),
});
export type WaitingItem = z.infer<typeof WaitingItem>;

export const WaitingList = z.strictObject({ items: z.array(WaitingItem), today: z.string() });
export type WaitingList = z.infer<typeof WaitingList>;
