import { z } from 'zod';
import { NOTIFICATION_KINDS, type NotificationView } from './challenge.js';
import { RowId, Timestamp } from './common.js';

/*
 * Issue 15: what is mailed, and how each person wants it. Every in-app notification kind is a kind of
 * mail a person may take immediately, in the morning's digest, or not at all (the notification in the
 * product is always there). Invitations and password resets are always sent.
 */

export const MAIL_MODES = ['immediate', 'digest', 'off'] as const;
export type MailMode = (typeof MAIL_MODES)[number];

export const MAIL_MODE_LABELS: Record<MailMode, string> = {
  immediate: 'At once',
  digest: 'In the morning digest',
  off: 'Not by e-mail',
};

export type NotificationKind = NotificationView['kind'];

/** One set of words for each kind, in the product's notifications, in mails' subjects and on the preferences page. */
export const NOTIFICATION_KIND_LABELS: Record<NotificationKind, string> = {
  challenge_directed: 'Challenge to your agency',
  response_submitted: 'Response submitted',
  due_soon: 'Response due soon',
  overdue: 'Response overdue',
  pressed: 'Further response asked for',
  accepted: 'Response accepted',
  action_assigned: 'Action for you',
  action_due: 'Action due soon',
  action_overdue: 'Action overdue',
  mitigation_due: 'Mitigation due soon',
  mitigation_overdue: 'Mitigation overdue',
  review_due: 'Risk review due',
  review_overdue: 'Risk review overdue',
  rag_due: 'Objective RAG due',
  values_due: 'Indicator values due',
  paper_requested: 'Paper asked of you',
  paper_due: 'Paper due',
  paper_late: 'Paper late',
  pack_published: 'Board pack published',
  partnership_added: 'Added to a partnership',
  above_tolerance: 'Risk above tolerance',
  risk_escalated: 'Risk escalated to your board',
};

/** When the morning digest is made, in Europe/London time. */
export const DIGEST_TIME = { hour: 7, minute: 30 } as const;

export const MailPreference = z.strictObject({ kind: z.enum(NOTIFICATION_KINDS), mode: z.enum(MAIL_MODES) });
export type MailPreference = z.infer<typeof MailPreference>;

/** GET /api/me/mail-preferences: every kind with the person's choice; whether mail is sent at all here. */
export const MailPreferencesView = z.strictObject({
  email: z.string(),
  preferences: z.array(MailPreference),
  /** False when no SMTP server is configured: mails are kept for the administrators, not sent. */
  sending: z.boolean(),
});
export type MailPreferencesView = z.infer<typeof MailPreferencesView>;

/** PUT /api/me/mail-preferences: the kinds to change (the others keep theirs). */
export const SaveMailPreferencesPayload = z.strictObject({
  preferences: z
    .array(MailPreference)
    .min(1, 'Choose at least one kind')
    .max(NOTIFICATION_KINDS.length, 'Each kind once'),
});

export const MAIL_STATUSES = ['queued', 'sending', 'sent', 'failed', 'held'] as const;

export const OutboxItem = z.strictObject({
  id: RowId,
  to: z.string(),
  kind: z.string(),
  subject: z.string(),
  textBody: z.string(),
  status: z.enum(MAIL_STATUSES),
  attempts: z.number().int().min(0),
  lastError: z.string().nullable(),
  createdAt: Timestamp,
  sentAt: Timestamp.nullable(),
});
export type OutboxItem = z.infer<typeof OutboxItem>;

/** GET /api/partnerships/:pid/mail-outbox: the partnership's latest mails, for its administrators. */
export const OutboxList = z.strictObject({ items: z.array(OutboxItem), sending: z.boolean() });
export type OutboxList = z.infer<typeof OutboxList>;
