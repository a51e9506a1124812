import { shortDate, shortDateTime } from './date-words.js';
import { AGENCY_KIND_LABELS, BOARD_ROLE_LABELS } from './roles.js';
import { FREQUENCY_LABELS } from './indicator-periods.js';
import { POLARITY_LABELS } from './scorecard.js';
import { REPORTING_CYCLE_LABELS } from './reporting.js';
import { CHALLENGE_STATUS_LABELS } from '../schemas/challenge.js';
import { ACTION_STATUS_LABELS, ATTENDANCE_LABELS, MEETING_STATUS_LABELS } from '../schemas/meeting.js';
import { PLAN_ACTION_STATUS_LABELS, RAG_LABELS } from '../schemas/plan.js';
import { MITIGATION_STATUS_LABELS } from '../schemas/risk.js';
import { EVIDENCE_KIND_LABELS } from '../schemas/evidence.js';
import { COMPARATOR_KIND_LABELS, INDICATOR_AREA_LABELS, INDICATOR_UNIT_LABELS } from '../schemas/scorecard.js';
import { AGENCY_KEYS, BOARD_KEYS, ITEM_KEYS, PERSON_KEYS, RECORD_KEYS, plainObject, recordKey, type AuditFacts, type AuditNames } from './audit-names.js';

/*
 * An audit entry's before and after, as words (issue 16, item 6): each changed field by its label, its
 * value before and after as a person reads them (yes/no, a role's or status's label, a person's,
 * agency's or board's name, a date as a date). Never a code, an id or JSON.
 */

export interface AuditChange {
  field: string;
  before: string;
  after: string;
}

const FIELD_LABELS: Record<string, string> = {
  name: 'Name',
  kind: 'Kind',
  email: 'E-mail',
  jobTitle: 'Job title',
  isPartnershipAdmin: 'Administrator',
  disabled: 'Disabled',
  agencyId: 'Agency',
  role: 'Role',
  deputyPersonId: 'Deputy',
  parentBoardId: 'Reports to',
  description: 'Description',
  boardId: 'Board',
  personId: 'Person',
  status: 'Status',
  ownerId: 'Owner',
  leadAgencyId: 'Lead agency',
  leadPersonId: 'Lead',
  leadOfficerIds: 'Lead officers',
  escalatedToBoardId: 'Escalated to',
  closedReason: 'Reason for closing',
  title: 'Title',
  outcome: 'Outcome',
  milestones: 'Milestones',
  dueDate: 'Due date',
  completedDate: 'Completed',
  progress: 'Progress',
  themeId: 'Theme',
  position: 'Place',
  riskIds: 'Risks',
  recommendationIds: 'Recommendations',
  objectiveIds: 'Objectives',
  protectiveMarking: 'Protective marking',
  mailDetails: 'Mails carry details',
  reportingCycle: 'Reporting cycle',
  startsAt: 'Starts',
  location: 'Place',
  link: 'Online link',
  papersDeadline: 'Papers deadline',
  currentItemId: 'Current item',
  itemStartedAt: 'Item started',
  source: 'Report',
  reportDate: 'Report date',
  number: 'Number',
  text: 'Text',
  date: 'Date',
  area: 'Area',
  polarity: 'Polarity',
  frequency: 'Frequency',
  unit: 'Unit',
  target: 'Target',
  definition: 'Definition',
  label: 'Label',
  issuerUrl: 'Provider address',
  clientId: 'Client id',
  allowedDomains: 'Allowed e-mail domains',
  required: 'Required for everyone',
  createsPeople: 'Creates people on first sign-in',
  newPeopleAgencyId: 'Agency of people it creates',
  trustsProviderEmail: 'Trusts the provider’s e-mail',
  enabled: 'Turned on',
  secretChanged: 'Secret changed',
  percent: 'Share of members needed',
  chairRequired: 'Chair needed',
  raiserMayDecide: 'Raisers may decide',
};

/** "leadAgencyId" → "Lead agency": a key no table names is still read as words. */
export function fieldLabel(key: string): string {
  if (Object.hasOwn(FIELD_LABELS, key)) return FIELD_LABELS[key]!;
  const words = key
    .replace(/Ids?$/, '')
    .replace(/[_-]+/g, ' ')
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .trim()
    .toLowerCase();
  return words ? words[0]!.toUpperCase() + words.slice(1) : 'Detail';
}

/** Label tables by the key that holds the code, tried in order: the entry's own kind first. */
const STATUS_TABLES: Record<string, Record<string, string>> = {
  challenge: CHALLENGE_STATUS_LABELS,
  meeting: MEETING_STATUS_LABELS,
  action: ACTION_STATUS_LABELS,
  plan_action: PLAN_ACTION_STATUS_LABELS,
  risk: { open: 'Open', closed: 'Closed' },
  mitigation: MITIGATION_STATUS_LABELS,
  attendance: ATTENDANCE_LABELS,
};
const CODE_TABLES: Record<string, Record<string, string>[]> = {
  role: [BOARD_ROLE_LABELS],
  kind: [AGENCY_KIND_LABELS, EVIDENCE_KIND_LABELS, COMPARATOR_KIND_LABELS],
  rag: [RAG_LABELS],
  suggested: [RAG_LABELS],
  area: [INDICATOR_AREA_LABELS],
  unit: [INDICATOR_UNIT_LABELS],
  polarity: [POLARITY_LABELS],
  frequency: [FREQUENCY_LABELS],
  reportingCycle: [REPORTING_CYCLE_LABELS],
};

const DAY = /^\d{4}-\d{2}-\d{2}$/;
const INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/;
const MONTH = /^\d{4}-(0[1-9]|1[0-2])$/;
const monthWords = new Intl.DateTimeFormat('en-GB', { timeZone: 'UTC', month: 'long', year: 'numeric' });

/** "14 Jan 2027" for a calendar date; "14 Jan 2027, 10:42am" (London) for an instant; "March 2026" for a month. */
export function dateWords(s: string): string {
  if (DAY.test(s) && !Number.isNaN(Date.parse(`${s}T00:00:00Z`))) return shortDate(s);
  if (MONTH.test(s)) return monthWords.format(Date.parse(`${s}-01T00:00:00Z`));
  if (INSTANT.test(s) && !Number.isNaN(Date.parse(s))) return shortDateTime(s);
  return s;
}

/** A code no table names ("not_started") as words ("Not started"). */
export function codeWords(s: string): string {
  const w = s.replace(/[_-]+/g, ' ').trim();
  return w ? w[0]!.toUpperCase() + w.slice(1) : s;
}

/** Text cut to a length a table cell can hold, on a word where it can. */
export function cut(s: string, max = 160): string {
  const one = s.replace(/\s+/g, ' ').trim();
  if (one.length <= max) return one;
  const head = one.slice(0, max - 1);
  const space = head.lastIndexOf(' ');
  return `${(space > max / 2 ? head.slice(0, space) : head).trimEnd()}…`;
}

const CODE = /^[a-z][a-z0-9]*(_[a-z0-9]+)+$/;

/** A value as words; `kind` is the entry's record kind (its statuses are read from its own table first). */
export function valueWords(key: string, value: unknown, names: AuditNames, kind: string): string {
  if (value === null || value === undefined || value === '') return 'none';
  if (typeof value === 'boolean') return value ? 'yes' : 'no';
  if (Array.isArray(value)) return value.length === 0 ? 'none' : value.map((v) => valueWords(key, v, names, kind)).join(', ');
  if (typeof value === 'number') {
    if (PERSON_KEYS.has(key)) return names.people.get(value) ?? 'a person no longer listed';
    if (AGENCY_KEYS.has(key)) return names.agencies.get(value) ?? 'an agency no longer listed';
    if (BOARD_KEYS.has(key)) return names.boards.get(value) ?? 'a board no longer listed';
    if (ITEM_KEYS.has(key)) return names.items.has(value) ? `“${names.items.get(value)}”` : 'an agenda item';
    if (Object.hasOwn(RECORD_KEYS, key)) return names.records.get(recordKey(RECORD_KEYS[key]!, value))?.label ?? 'a record no longer listed';
    if (key === 'position' || key === 'from' || key === 'to') return String(value + (key === 'position' ? 1 : 0));
    return String(value);
  }
  if (typeof value === 'string') {
    if (key === 'status') {
      const own = STATUS_TABLES[kind];
      if (own && Object.hasOwn(own, value)) return own[value]!;
      for (const t of Object.values(STATUS_TABLES)) if (Object.hasOwn(t, value)) return t[value]!;
      return codeWords(value);
    }
    for (const t of CODE_TABLES[key] ?? []) if (Object.hasOwn(t, value)) return t[value]!;
    if (DAY.test(value) || MONTH.test(value) || INSTANT.test(value)) return dateWords(value);
    if (CODE.test(value)) return codeWords(value);
    return cut(value);
  }
  const obj = plainObject(value);
  if (obj) {
    // A nested setting (a matrix, a comparator): its parts by name, one level deep, never as JSON.
    const parts = Object.entries(obj)
      .filter(([, v]) => typeof v !== 'object' || v === null || Array.isArray(v))
      .slice(0, 6)
      .map(([k, v]) => `${fieldLabel(k).toLowerCase()} ${valueWords(k, v, names, kind)}`);
    return parts.length > 0 ? cut(parts.join('; ')) : 'set';
  }
  return 'set';
}

/** The status tables a transition's `from`/`to` are read from. */
function transitionKind(action: string): string | null {
  if (action.startsWith('challenge.')) return 'challenge';
  if (action === 'action.update') return 'action';
  if (action === 'meeting.start' || action === 'meeting.close') return 'meeting';
  return null;
}

/** What an entry changed, field by field, as words (empty when it records no before and after). */
export function auditChanges(e: AuditFacts, names: AuditNames): AuditChange[] {
  const d = plainObject(e.detail);
  if (!d) return [];
  const kind = e.entityType === 'objective' ? 'plan_objective' : e.entityType;
  const out: AuditChange[] = [];
  const push = (key: string, before: unknown, after: unknown, field = fieldLabel(key)) => {
    const b = valueWords(key, before, names, kind);
    const a = valueWords(key, after, names, kind);
    if (b !== a) out.push({ field, before: b, after: a });
  };

  if (e.action === 'partnership.risk_matrix') {
    const bands = Array.isArray(d['changedBand']) ? d['changedBand'] : [];
    for (const c of bands.slice(0, 50)) {
      const o = plainObject(c);
      if (o && typeof o['risk'] === 'string') push('band', o['from'], o['to'], `${o['risk']} band`);
    }
    return out;
  }
  if (e.action === 'meeting.advance') {
    push('currentItemId', d['from'] ?? null, d['to'] ?? null);
    return out;
  }
  if (e.action === 'meeting.agenda_move') {
    if (typeof d['from'] === 'number' && typeof d['to'] === 'number') push('position', d['from'], d['to'], 'Place on the agenda');
    return out;
  }
  if (e.action === 'indicator.value_corrected') {
    push('value', d['was'], d['value'], typeof d['period'] === 'string' ? `Value for ${dateWords(d['period'])}` : 'Value');
    return out;
  }
  const statusOf = transitionKind(e.action);
  if (statusOf && ('from' in d || 'to' in d)) {
    const b = valueWords('status', d['from'], names, statusOf);
    const a = valueWords('status', d['to'], names, statusOf);
    if (b !== a) out.push({ field: 'Status', before: b, after: a });
  }
  const before = plainObject(d['before']);
  const after = plainObject(d['after']);
  if (after) {
    const keys = [...new Set([...Object.keys(after), ...Object.keys(before ?? {})])];
    for (const key of keys) if (key !== 'updatedAt') push(key, before?.[key], after[key]);
  }
  // `{ field: { from, to } }`: a plan's, a recommendation's, an evidence item's or (under `changes`) an indicator's changes.
  for (const source of [d, plainObject(d['changes'])]) {
    if (!source) continue;
    for (const [key, value] of Object.entries(source)) {
      const c = plainObject(value);
      if (c && key !== 'before' && key !== 'after' && ('from' in c || 'to' in c)) push(key, c['from'], c['to']);
    }
  }
  return out;
}
