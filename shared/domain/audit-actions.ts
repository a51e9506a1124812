/*
 * Every action the server writes to the audit log, declared once (issue 16, item 6). `writeAudit`'s
 * `action` is typed by this list, so a new action cannot be written until it is named here, and the
 * words for it (audit-words.ts) are a Record over it: a new action without a sentence does not compile.
 */

/** The kinds of entry the log is filtered by, in the order the page offers them. */
export const AUDIT_GROUPS = ['risks', 'challenges', 'meetings', 'plan', 'scorecard', 'evidence', 'people', 'settings', 'sign_in', 'refusals', 'imports', 'other'] as const;
export type AuditGroup = (typeof AUDIT_GROUPS)[number];

export const AUDIT_GROUP_LABELS: Record<AuditGroup, string> = {
  risks: 'Risks',
  challenges: 'Challenges',
  meetings: 'Meetings and actions',
  plan: 'Improvement plan',
  scorecard: 'Scorecard',
  evidence: 'Evidence',
  people: 'People and access',
  settings: 'Settings',
  sign_in: 'Sign-in',
  refusals: 'Refused attempts',
  imports: 'Imports',
  other: 'Other',
};

export const AUDIT_ACTIONS = {
  'risk.create': 'risks',
  'risk.close': 'risks',
  'risk.reopen': 'risks',
  'risk.escalate': 'risks',
  'risk.deescalate': 'risks',
  'risk.changeOwner': 'risks',

  'challenge.raise': 'challenges',
  'challenge.submit': 'challenges',
  'challenge.accept': 'challenges',
  'challenge.press': 'challenges',
  'challenge.close': 'challenges',
  'challenge.escalate': 'challenges',

  'meeting.create': 'meetings',
  'meeting.update': 'meetings',
  'meeting.start': 'meetings',
  'meeting.advance': 'meetings',
  'meeting.close': 'meetings',
  'meeting.sign_off': 'meetings',
  'meeting.attendance': 'meetings',
  'meeting.guest_add': 'meetings',
  'meeting.guest_remove': 'meetings',
  'meeting.hand_raise': 'meetings',
  'meeting.hand_lower': 'meetings',
  'meeting.agenda_add': 'meetings',
  'meeting.agenda_build': 'meetings',
  'meeting.agenda_update': 'meetings',
  'meeting.agenda_remove': 'meetings',
  'meeting.agenda_move': 'meetings',
  'meeting.agenda_restore': 'meetings',
  'paper.add': 'meetings',
  'paper.attach': 'meetings',
  'paper.remove': 'meetings',
  'pack.publish': 'meetings',
  'action.create': 'meetings',
  'action.update': 'meetings',

  'plan.create': 'plan',
  'plan.update': 'plan',
  'plan_theme.create': 'plan',
  'plan_theme.update': 'plan',
  'plan_objective.create': 'plan',
  'plan_objective.update': 'plan',
  'plan_objective.rag': 'plan',
  'plan_objective.propose_rag': 'plan',
  'plan_action.create': 'plan',
  'plan_action.update': 'plan',
  'inspection_recommendation.create': 'plan',
  'inspection_recommendation.update': 'plan',

  'indicator.create': 'scorecard',
  'indicator.update': 'scorecard',
  'indicator.comparators': 'scorecard',
  'indicator.value_recorded': 'scorecard',
  'indicator.value_corrected': 'scorecard',

  'evidence.upload': 'evidence',
  'evidence.add_link': 'evidence',
  'evidence.add_note': 'evidence',
  'evidence.update': 'evidence',
  'evidence.remove': 'evidence',
  'evidence.download': 'evidence',

  'person.create': 'people',
  'person.link_account': 'people',
  'person.update': 'people',
  'person.invite': 'people',
  'person.reset_link': 'people',
  'person.accept_invitation': 'people',
  'agency.create': 'people',
  'agency.update': 'people',
  'board.create': 'people',
  'board.update': 'people',
  'membership.add': 'people',
  'membership.update': 'people',
  'membership.remove': 'people',
  'membership.chair_handover': 'people',

  'partnership.create': 'settings',
  'partnership.seed_demo': 'settings',
  'partnership.settings': 'settings',
  'partnership.sso_settings': 'settings',
  'partnership.risk_matrix': 'settings',
  'board.challenge_settings': 'settings',
  'board.quorum_rule': 'settings',

  'auth.sso_sign_in': 'sign_in',
  'auth.sso_refused': 'sign_in',
  'account.reset_requested': 'sign_in',
  'account.password_reset': 'sign_in',

  'command.refused': 'refusals',
  'doc.update_refused': 'refusals',
  'doc.write_refused': 'refusals',
  'meeting.edit_refused': 'refusals',

  'import.committed': 'imports',
} as const satisfies Record<string, Exclude<AuditGroup, 'other'>>;

export type AuditAction = keyof typeof AUDIT_ACTIONS;

export function isAuditAction(action: string): action is AuditAction {
  return Object.hasOwn(AUDIT_ACTIONS, action);
}

/** The kind an action is filtered under; an action no longer written (an old row) is "other". */
export function auditGroupOf(action: string): AuditGroup {
  return isAuditAction(action) ? AUDIT_ACTIONS[action] : 'other';
}

/** The actions of a kind, for a query that keeps only that kind ("other": none of these). */
export function auditActionsOf(group: AuditGroup): AuditAction[] {
  return (Object.keys(AUDIT_ACTIONS) as AuditAction[]).filter((a) => AUDIT_ACTIONS[a] === group);
}

/**
 * The records the log can be narrowed to (`record=risk:6`), as the entries name them (their entity
 * type). An objective's co-edited document names it `objective`: the same record as `plan_objective`.
 */
export const AUDIT_RECORD_KINDS = [
  'risk',
  'challenge',
  'meeting',
  'action',
  'plan',
  'plan_theme',
  'plan_objective',
  'plan_action',
  'inspection_recommendation',
  'indicator',
  'evidence',
  'person',
  'agency',
  'board',
  'membership',
  'partnership',
] as const;
export type AuditRecordKind = (typeof AUDIT_RECORD_KINDS)[number];

/** The entity types an entry about a record of this kind may carry. */
export function entityTypesOf(kind: AuditRecordKind): string[] {
  return kind === 'plan_objective' ? ['plan_objective', 'objective'] : [kind];
}

/** The record kind an entry's entity type names, or null for none (an import, a command). */
export function recordKindOf(entityType: string): AuditRecordKind | null {
  if (entityType === 'objective') return 'plan_objective';
  return (AUDIT_RECORD_KINDS as readonly string[]).includes(entityType) ? (entityType as AuditRecordKind) : null;
}

export const AUDIT_RECORD_KIND_LABELS: Record<AuditRecordKind, string> = {
  risk: 'Risk',
  challenge: 'Challenge',
  meeting: 'Meeting',
  action: 'Action',
  plan: 'Plan',
  plan_theme: 'Plan theme',
  plan_objective: 'Objective',
  plan_action: 'Plan action',
  inspection_recommendation: 'Recommendation',
  indicator: 'Indicator',
  evidence: 'Evidence',
  person: 'Person',
  agency: 'Agency',
  board: 'Board',
  membership: 'Board seat',
  partnership: 'Partnership',
};

/** A meeting's own steps, as its repository writes them (`meeting.${step}`). */
export type MeetingAuditStep = { [A in AuditAction]: A extends `meeting.${infer S}` ? S : never }[AuditAction];
