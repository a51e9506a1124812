import { AUDIT_GROUP_LABELS, isAuditAction, recordKindOf, type AuditAction } from './audit-actions.js';
import { auditChanges, cut, dateWords, valueWords, type AuditChange } from './audit-changes.js';
import { plainObject, recordKey, type AuditFacts, type AuditNames, type AuditRecordName } from './audit-names.js';
import { BOARD_ROLE_LABELS } from './roles.js';
import { ATTENDANCE_LABELS } from '../schemas/meeting.js';
import { RAG_LABELS } from '../schemas/plan.js';

/*
 * An audit entry as a sentence (issue 16, item 6): "Margaret Ellison accepted the response of
 * Northbrook ICB to C-004". One sentence for every action the server writes (a Record over
 * AUDIT_ACTIONS, so a new action without words does not compile); an action no longer written reads
 * as a change to its record. Pure: the names come in with the entry (audit-names.ts).
 */

export { AUDIT_GROUP_LABELS, auditChanges, type AuditChange };

/** The helpers a sentence is written with: the entry's actor, record and detail, named. */
class Words {
  readonly d: Record<string, unknown>;
  readonly record: AuditRecordName | null;

  constructor(
    readonly e: AuditFacts,
    readonly n: AuditNames,
  ) {
    this.d = plainObject(e.detail) ?? {};
    const kind = recordKindOf(e.entityType);
    this.record = kind && e.entityId !== null ? (n.records.get(recordKey(kind, e.entityId)) ?? null) : null;
  }

  /** Who did it: their name, "The system" for the product's own work, or a person since removed. */
  get who(): string {
    if (this.e.actorName) return this.e.actorName;
    return this.e.actorId === null ? 'The system' : 'A person no longer listed';
  }

  /** The entry's own record, as a sentence names it; `fallback` when it is gone. */
  rec(fallback: string): string {
    return this.record?.short ?? fallback;
  }

  text(key: string, fallback = ''): string {
    const v = this.d[key];
    return typeof v === 'string' && v.trim() !== '' ? cut(v, 120) : fallback;
  }

  /** Text in quotes, or the fallback unquoted. */
  quoted(key: string, fallback: string): string {
    const t = this.text(key);
    return t ? `“${t}”` : fallback;
  }

  num(key: string): number | null {
    const v = this.d[key];
    return typeof v === 'number' && Number.isFinite(v) ? v : null;
  }

  /** An id in the detail (or under `before`/`after`) named as words. */
  named(key: string, value: unknown = this.d[key]): string {
    return valueWords(key, value, this.n, this.e.entityType);
  }

  side(which: 'before' | 'after', key: string): unknown {
    return plainObject(this.d[which])?.[key];
  }

  /** ", giving the reason “…”" when one was given. */
  reason(key = 'reason'): string {
    const r = this.text(key);
    return r ? `, giving the reason “${r}”` : '';
  }

  date(key: string): string {
    const v = this.d[key];
    return typeof v === 'string' ? dateWords(v) : '';
  }

  /** The theme, plan or evidence the detail points at, by its record's label. */
  about(kind: 'plan' | 'evidence' | 'meeting', key: string, fallback: string): string {
    const id = this.num(key);
    return (id !== null ? this.n.records.get(recordKey(kind, id))?.short : undefined) ?? fallback;
  }

  item(key: string): string {
    const id = this.num(key);
    return id !== null && this.n.items.has(id) ? `“${this.n.items.get(id)}”` : 'an item';
  }
}

const REFUSAL_REASONS: Record<string, string> = {
  breaks_rules: 'it broke the record’s rules',
  too_large: 'it would have made the record too large',
  daily_limit: 'it went over the day’s limit for one person',
};

const SSO_REASONS: Record<string, string> = {
  provider: 'the organisation’s sign-in service refused or could not complete it',
  state: 'the sign-in link had expired or was already used',
  unverified: 'the organisation did not confirm the e-mail address',
  domain: 'the e-mail address is not of a domain the partnership accepts',
  mismatch: 'the organisation signed in a different e-mail address from the one typed',
  unknown: 'there is no active person with that e-mail address',
  unavailable: 'single sign-on was not available',
};

const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;
const roleWords = (role: unknown) => (typeof role === 'string' && Object.hasOwn(BOARD_ROLE_LABELS, role) ? BOARD_ROLE_LABELS[role as keyof typeof BOARD_ROLE_LABELS].toLowerCase() : 'a member');
const ragWords = (rag: unknown) => (typeof rag === 'string' && Object.hasOwn(RAG_LABELS, rag) ? RAG_LABELS[rag as keyof typeof RAG_LABELS] : 'a RAG');

const SENTENCES: Record<AuditAction, (w: Words) => string> = {
  'risk.create': (w) => `${w.who} added ${w.rec('a risk')} to the register`,
  'risk.close': (w) => `${w.who} closed ${w.rec('a risk')}${w.reason()}`,
  'risk.reopen': (w) => `${w.who} reopened ${w.rec('a risk')}${w.reason()}`,
  'risk.escalate': (w) => `${w.who} escalated ${w.rec('a risk')} to ${w.named('escalatedToBoardId', w.side('after', 'escalatedToBoardId'))}${w.reason()}`,
  'risk.deescalate': (w) => `${w.who} took ${w.rec('a risk')} back from ${w.named('escalatedToBoardId', w.side('before', 'escalatedToBoardId'))}${w.reason()}`,
  'risk.changeOwner': (w) => `${w.who} made ${w.named('ownerId')} the owner of ${w.rec('a risk')}`,

  'challenge.raise': (w) => `${w.who} raised ${w.rec('a challenge')} ${w.quoted('title', '')}${w.text('directedTo') ? ` with ${w.text('directedTo')}` : ''}`.replace(/\s+/g, ' '),
  'challenge.submit': (w) => `${w.who} submitted the response of ${w.record?.agency ?? 'the agency'} to ${w.rec('a challenge')}`,
  'challenge.accept': (w) => `${w.who} accepted the response of ${w.record?.agency ?? 'the agency'} to ${w.rec('a challenge')}${w.reason()}`,
  'challenge.press': (w) => `${w.who} asked ${w.record?.agency ?? 'the agency'} for a further response to ${w.rec('a challenge')}${w.date('dueDate') ? `, due ${w.date('dueDate')}` : ''}${w.reason()}`,
  'challenge.close': (w) => `${w.who} closed ${w.rec('a challenge')}${w.reason()}`,
  'challenge.escalate': (w) => `${w.who} escalated ${w.rec('a challenge')} to the board above${w.reason()}`,

  'meeting.create': (w) => `${w.who} scheduled ${w.rec('a meeting')}`,
  'meeting.update': (w) => `${w.who} changed the details of ${w.rec('a meeting')}`,
  'meeting.start': (w) => `${w.who} started ${w.rec('a meeting')}`,
  'meeting.advance': (w) => (w.num('to') === null ? `${w.who} moved ${w.rec('a meeting')} off its agenda items` : `${w.who} moved ${w.rec('a meeting')} on to ${w.item('to')}`),
  'meeting.close': (w) => `${w.who} closed ${w.rec('a meeting')}`,
  'meeting.sign_off': (w) => `${w.who} signed off the minutes of ${w.rec('a meeting')}`,
  'meeting.attendance': (w) => {
    const status = w.text('status');
    const as = status === 'represented' ? `represented by ${w.named('deputyPersonId')}` : Object.hasOwn(ATTENDANCE_LABELS, status) ? ATTENDANCE_LABELS[status as keyof typeof ATTENDANCE_LABELS].toLowerCase() : 'attending';
    return `${w.who} recorded ${w.named('personId')} as ${as} at ${w.rec('a meeting')}`;
  },
  'meeting.guest_add': (w) => `${w.who} added ${w.text('name', 'a guest')}${w.text('agency') ? ` (${w.text('agency')})` : ''} as a guest at ${w.rec('a meeting')}`,
  'meeting.guest_remove': (w) => `${w.who} removed the guest ${w.text('name', '')} from ${w.rec('a meeting')}`.replace(/\s+/g, ' '),
  'meeting.hand_raise': (w) => `${w.who} raised their hand at ${w.rec('a meeting')}`,
  'meeting.hand_lower': (w) => (w.num('personId') === null || w.num('personId') === w.e.actorId ? `${w.who} lowered their hand at ${w.rec('a meeting')}` : `${w.who} lowered the hand of ${w.named('personId')} at ${w.rec('a meeting')}`),
  'meeting.agenda_add': (w) => `${w.who} added ${w.quoted('title', 'an item')} to the agenda of ${w.rec('a meeting')}`,
  'meeting.agenda_build': (w) => {
    const added = Array.isArray(w.d['added']) ? w.d['added'].length : 0;
    return `${w.who} built the agenda of ${w.rec('a meeting')}, adding ${plural(added, 'item')}`;
  },
  'meeting.agenda_update': (w) => `${w.who} changed the agenda item ${w.item('itemId')} of ${w.rec('a meeting')}`,
  'meeting.agenda_remove': (w) => `${w.who} removed ${w.quoted('title', 'an item')} from the agenda of ${w.rec('a meeting')}`,
  'meeting.agenda_move': (w) => `${w.who} moved ${w.item('itemId')} on the agenda of ${w.rec('a meeting')}`,
  'meeting.agenda_restore': (w) => `${w.who} put ${w.quoted('title', 'an item')} back on the agenda of ${w.rec('a meeting')}`,
  'paper.add': (w) => `${w.who} asked for the paper ${w.quoted('title', '')} for ${w.rec('a meeting')}${w.num('authorPersonId') !== null ? ` from ${w.named('authorPersonId')}` : ''}`.replace(/\s+/g, ' '),
  'paper.attach': (w) => `${w.who} attached ${w.about('evidence', 'evidenceId', 'a paper')} as a paper for ${w.rec('a meeting')}`,
  'paper.remove': (w) => `${w.who} removed the paper ${w.quoted('title', '')} from ${w.rec('a meeting')}`.replace(/\s+/g, ' '),
  'pack.publish': (w) => `${w.who} published ${w.num('version') !== null && w.num('version')! > 1 ? `version ${w.num('version')} of ` : ''}the board pack for ${w.rec('a meeting')}`,
  'action.create': (w) => `${w.who} recorded the action ${w.rec('')}${w.num('meetingId') !== null ? ` at ${w.about('meeting', 'meetingId', 'a meeting')}` : ''}`.replace(/\s+/g, ' '),
  'action.update': (w) => `${w.who} marked ${w.rec('an action')} as ${w.named('status', w.d['to']).toLowerCase()}`,

  'plan.create': (w) => `${w.who} created the plan ${w.quoted('title', '')}${w.text('board') ? ` for ${w.text('board')}` : ''}`.replace(/\s+/g, ' '),
  'plan.update': (w) => `${w.who} changed the plan ${w.rec('')}`.trim(),
  'plan_theme.create': (w) => `${w.who} added the theme ${w.quoted('title', '')} to ${w.about('plan', 'planId', 'a plan')}`.replace(/\s+/g, ' '),
  'plan_theme.update': (w) => `${w.who} changed the theme ${w.rec('')}`.trim(),
  'plan_objective.create': (w) => `${w.who} added the objective ${w.rec('')} to ${w.about('plan', 'planId', 'a plan')}`.replace(/\s+/g, ' '),
  'plan_objective.update': (w) => `${w.who} changed the objective ${w.rec('')}`.trim(),
  'plan_objective.rag': (w) => `${w.who} set the RAG of ${w.rec('an objective')}${w.date('period') ? ` for ${w.date('period')}` : ''} to ${ragWords(w.d['rag'])}`,
  'plan_objective.propose_rag': (w) => `${w.who} proposed ${ragWords(w.d['rag'])} for ${w.rec('an objective')}${w.date('period') ? ` for ${w.date('period')}` : ''}${w.num('meetingId') !== null ? ` at ${w.about('meeting', 'meetingId', 'a meeting')}` : ''}`,
  'plan_action.create': (w) => `${w.who} added the action ${w.rec('')} to ${w.about('plan', 'planId', 'a plan')}`.replace(/\s+/g, ' '),
  'plan_action.update': (w) => `${w.who} updated the plan action ${w.rec('')}`.trim(),
  'inspection_recommendation.create': (w) => `${w.who} added ${w.rec('an inspection recommendation')}`,
  'inspection_recommendation.update': (w) => `${w.who} changed ${w.rec('an inspection recommendation')}`,

  'indicator.create': (w) => `${w.who} added the indicator ${w.rec(w.quoted('name', ''))}`.trim(),
  'indicator.update': (w) => `${w.who} changed the indicator ${w.rec('')}`.trim(),
  'indicator.comparators': (w) => `${w.who} set the comparators of ${w.rec('an indicator')}`,
  'indicator.value_recorded': (w) => `${w.who} recorded ${w.named('value')} for ${w.rec('an indicator')}${w.date('period') ? ` for ${w.date('period')}` : ''}`,
  'indicator.value_corrected': (w) => `${w.who} corrected ${w.rec('an indicator')}${w.date('period') ? ` for ${w.date('period')}` : ''} from ${w.named('was')} to ${w.named('value')}`,

  'evidence.upload': (w) => `${w.who} uploaded ${w.text('fileName', 'a file')} as the evidence ${w.rec(w.quoted('title', ''))}`.trim(),
  'evidence.add_link': (w) => `${w.who} added a link as the evidence ${w.rec('')}`.trim(),
  'evidence.add_note': (w) => `${w.who} added a note as the evidence ${w.rec('')}`.trim(),
  'evidence.update': (w) => `${w.who} changed the evidence ${w.rec('')}`.trim(),
  'evidence.remove': (w) => `${w.who} removed the evidence ${w.rec(w.quoted('title', ''))}`.trim(),
  'evidence.download': (w) => `${w.who} downloaded ${w.text('fileName', 'the file')} of the evidence ${w.rec('')}`.trim(),

  'person.create': (w) =>
    w.text('via') === 'sso' ? `${w.who} joined the partnership on first signing in through single sign-on` : `${w.who} added ${w.text('name', 'a person')}${w.text('agency') ? ` of ${w.text('agency')}` : ''} to the partnership`,
  'person.link_account': (w) => `${w.who} added ${w.text('name', 'a person')}${w.text('agency') ? ` of ${w.text('agency')}` : ''} to the partnership, with the account they already had`,
  'person.update': (w) => `${w.who} changed the details of ${w.rec(w.text('person', 'a person'))}`,
  'person.invite': (w) => `${w.who} issued an invitation link to ${w.rec(w.text('person', 'a person'))}`,
  'person.reset_link': (w) => `${w.who} issued a password reset link to ${w.rec(w.text('person', 'a person'))}`,
  'person.accept_invitation': (w) => `${w.who} accepted their invitation and set a password`,
  'agency.create': (w) => `${w.who} added the agency ${w.text('name', w.rec('an agency'))}`,
  'agency.update': (w) => `${w.who} changed the agency ${w.rec(w.text('agency', 'an agency'))}`,
  'board.create': (w) => `${w.who} added the board ${w.text('name', w.rec('a board'))}`,
  'board.update': (w) => `${w.who} changed the board ${w.rec(w.text('board', 'a board'))}`,
  'membership.add': (w) => `${w.who} gave ${w.text('person', w.named('personId'))} a seat on ${w.named('boardId')} as ${roleWords(w.d['role'])}`,
  'membership.update': (w) => `${w.who} changed the seat of ${w.text('person', w.named('personId'))} on ${w.named('boardId')}`,
  'membership.remove': (w) => `${w.who} removed ${w.named('personId')} (${roleWords(w.d['role'])}) from ${w.named('boardId')}`,
  'membership.chair_handover': (w) => `${w.named('personId', w.d['from'])} stopped chairing ${w.named('boardId')} and stayed on as a member, when ${w.who} gave the chair to someone else`,

  'partnership.create': (w) => `The partnership ${w.text('name', '')} was set up${w.text('admin') ? `, with ${w.text('admin')} as its administrator` : ''}`.replace(/\s+/g, ' '),
  'partnership.seed_demo': () => 'Demonstration data was loaded',
  'partnership.settings': (w) => `${w.who} changed the partnership’s settings`,
  'partnership.sso_settings': (w) => {
    const ended = w.num('sessionsEnded') ?? 0;
    return `${w.who} changed the single sign-on settings${ended > 0 ? `, which ended ${plural(ended, 'session')}` : ''}`;
  },
  'partnership.risk_matrix': (w) => {
    const moved = Array.isArray(w.d['changedBand']) ? w.d['changedBand'].length : 0;
    return `${w.who} changed the risk matrix${moved > 0 ? `; ${plural(moved, 'risk')} changed band` : ''}`;
  },
  'board.challenge_settings': (w) =>
    w.d['raiserMayDecide'] === true
      ? `${w.who} let those who raise challenges on ${w.rec(w.text('board', 'a board'))} decide on the responses`
      : `${w.who} stopped those who raise challenges on ${w.rec(w.text('board', 'a board'))} deciding on the responses`,
  'board.quorum_rule': (w) => `${w.who} changed the quorum of ${w.rec('a board')}`,

  'auth.sso_sign_in': (w) => `${w.who} signed in through single sign-on`,
  'auth.sso_refused': (w) => `A single sign-on${w.e.actorName ? ` by ${w.e.actorName}` : ''} was refused: ${SSO_REASONS[w.text('reason')] ?? 'the sign-in could not be completed'}`,
  'account.reset_requested': (w) => `A password reset link was sent to ${w.rec('a person')}`,
  'account.password_reset': (w) => `${w.who} set a new password with a reset link`,

  'command.refused': (w) => `${w.who} was refused${w.text('message') ? `: ${w.text('message').replace(/\.$/, '')}` : ''}`,
  'doc.update_refused': (w) => `A change ${w.who} made to ${w.rec('a record')} was refused: ${REFUSAL_REASONS[w.text('reason')] ?? 'it broke the record’s rules'}`,
  'doc.write_refused': (w) => `${w.who} tried to change ${w.rec('a record')}, which they may only read; the change was refused`,
  'meeting.edit_refused': (w) => `${w.who} tried to change ${w.rec('a meeting')}${w.text('attempted') ? ` (${w.text('attempted')})` : ''} after its minutes were signed off; it was refused`,

  'import.committed': (w) => {
    const added = w.num('create') ?? 0;
    const changed = w.num('update') ?? 0;
    return `${w.who} imported ${w.text('file', 'a spreadsheet')}: ${plural(added, 'record')} added, ${changed} changed`;
  },
};

/** The entry as a sentence, ending without a full stop (a table cell's words). */
export function auditSentence(e: AuditFacts, names: AuditNames): string {
  const w = new Words(e, names);
  if (isAuditAction(e.action)) return SENTENCES[e.action](w);
  return `${w.who} made a change${w.record ? ` to ${w.record.short}` : ''}`;
}

/** The changes as one line of words, for a spreadsheet cell: "Role: Member → Chair; Deputy: none → Tom Brennan". */
export function changesLine(changes: readonly AuditChange[]): string {
  return changes.map((c) => `${c.field}: ${c.before} → ${c.after}`).join('; ');
}
