import type { AuditRecordKind } from './audit-actions.js';
import { recordKindOf } from './audit-actions.js';

/*
 * What an audit entry needs named to be read as words: the people, agencies and boards its detail
 * points at, and the records (a risk by its reference and title, a meeting by its title). The server
 * collects the ids of a page of entries with `wantedNames`, reads them in a few batched queries, and
 * hands them to the words (audit-words.ts) as an `AuditNames`.
 */

/** An entry as stored, less its id and time. */
export interface AuditFacts {
  action: string;
  actorId: number | null;
  actorName: string | null;
  entityType: string;
  entityId: number | null;
  detail: unknown;
}

/** A record as the log names it. */
export interface AuditRecordName {
  kind: AuditRecordKind;
  id: number;
  /** "R-006 Exploitation of children…": the record link's words. */
  label: string;
  /** "R-006": how a sentence names it (a reference where it has one, else the label). */
  short: string;
  /** The record's page in the app, or null where it has none. */
  link: string | null;
  /** A challenge's: the agency it is directed to. */
  agency?: string | null;
}

export interface AuditNames {
  people: ReadonlyMap<number, string>;
  agencies: ReadonlyMap<number, string>;
  boards: ReadonlyMap<number, string>;
  /** Agenda items, by id: their titles. */
  items: ReadonlyMap<number, string>;
  /** Keyed `${kind}:${id}`. */
  records: ReadonlyMap<string, AuditRecordName>;
}

export const NO_NAMES: AuditNames = { people: new Map(), agencies: new Map(), boards: new Map(), items: new Map(), records: new Map() };

export const recordKey = (kind: AuditRecordKind, id: number): string => `${kind}:${id}`;

/** Keys of a detail (or of its before/after) that hold ids, and what they name. */
export const PERSON_KEYS = new Set(['personId', 'ownerId', 'leadPersonId', 'deputyPersonId', 'authorPersonId', 'directedPersonId', 'leadOfficerIds', 'removedById']);
export const AGENCY_KEYS = new Set(['agencyId', 'leadAgencyId', 'directedAgencyId', 'newPeopleAgencyId', 'presenterAgencyId']);
export const BOARD_KEYS = new Set(['boardId', 'parentBoardId', 'escalatedToBoardId']);
export const ITEM_KEYS = new Set(['itemId', 'currentItemId']);
export const RECORD_KEYS: Record<string, AuditRecordKind> = {
  riskIds: 'risk',
  recommendationIds: 'inspection_recommendation',
  objectiveIds: 'plan_objective',
  planId: 'plan',
  themeId: 'plan_theme',
  meetingId: 'meeting',
  evidenceId: 'evidence',
  replaced: 'evidence',
};

export interface WantedNames {
  people: Set<number>;
  agencies: Set<number>;
  boards: Set<number>;
  items: Set<number>;
  records: Map<AuditRecordKind, Set<number>>;
}

const isId = (v: unknown): v is number => typeof v === 'number' && Number.isInteger(v) && v > 0 && v <= 2 ** 31 - 1;
const idsIn = (v: unknown): number[] => (Array.isArray(v) ? v.filter(isId) : isId(v) ? [v] : []);

/** Own, plain-object properties only: a stored detail is data, never a prototype to follow. */
export function plainObject(v: unknown): Record<string, unknown> | null {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) return null;
  return v as Record<string, unknown>;
}

/** The ids a page of entries names, to be read in one query per kind. */
export function wantedNames(entries: readonly AuditFacts[]): WantedNames {
  const w: WantedNames = { people: new Set(), agencies: new Set(), boards: new Set(), items: new Set(), records: new Map() };
  const record = (kind: AuditRecordKind, id: number) => {
    let set = w.records.get(kind);
    if (!set) w.records.set(kind, (set = new Set()));
    set.add(id);
  };
  const scan = (obj: Record<string, unknown> | null) => {
    if (!obj) return;
    for (const [key, value] of Object.entries(obj)) {
      const from = plainObject(value);
      // `{ field: { from, to } }`, as plans, recommendations and evidence record a change.
      if (from && ('from' in from || 'to' in from)) {
        scan({ [key]: from['from'] });
        scan({ [key]: from['to'] });
      }
      if (PERSON_KEYS.has(key)) idsIn(value).forEach((id) => w.people.add(id));
      else if (AGENCY_KEYS.has(key)) idsIn(value).forEach((id) => w.agencies.add(id));
      else if (BOARD_KEYS.has(key)) idsIn(value).forEach((id) => w.boards.add(id));
      else if (ITEM_KEYS.has(key)) idsIn(value).forEach((id) => w.items.add(id));
      else if (Object.hasOwn(RECORD_KEYS, key)) idsIn(value).forEach((id) => record(RECORD_KEYS[key]!, id));
    }
  };
  for (const e of entries) {
    const kind = recordKindOf(e.entityType);
    if (kind && isId(e.entityId)) record(kind, e.entityId);
    const d = plainObject(e.detail);
    if (!d) continue;
    scan(d);
    scan(plainObject(d['before']));
    scan(plainObject(d['after']));
    scan(plainObject(d['changes']));
    if (e.action === 'meeting.advance') idsIn(d['from']).concat(idsIn(d['to'])).forEach((id) => w.items.add(id));
    if (e.action === 'membership.chair_handover') idsIn(d['from']).forEach((id) => w.people.add(id));
  }
  return w;
}
