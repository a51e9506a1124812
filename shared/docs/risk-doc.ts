import * as Y from 'yjs';
import type { z } from 'zod';
import {
  MitigationDocFields,
  ProgressNote,
  RISK_DOC,
  RISK_DOC_FIELD_KEYS,
  RISK_TEXT_FIELDS,
  RiskDocFields,
  type MitigationStatus,
  type RiskTextField,
} from '../schemas/risk.js';
import { DOC_LIMITS } from '../limits.js';
import { SCORE_FIELDS, outOfRangeFields, outOfRangeMessage } from '../domain/matrix.js';
import type { MatrixSize } from '../domain/scoring.js';
import { DOC_KEY, LayoutIssues, mapEntries, plainRecords, plainText, scalarOf, typeOf, unknownRoots } from './strict.js';

/** A plain reading of a risk's Y.Doc: what the server projects and audits. */
export interface RiskDocState {
  texts: Record<RiskTextField, string>;
  fields: RiskDocFields;
  mitigations: MitigationState[];
}

export interface MitigationState {
  id: string;
  action: string;
  ownerId: number | null;
  agencyId: number | null;
  dueDate: string | null;
  status: MitigationStatus;
  notes: ProgressNote[];
}

export class RiskDocInvalid extends Error {
  constructor(readonly issues: string[]) {
    super(`Invalid risk document: ${issues.join('; ')}`);
  }
}

const EMPTY_FIELDS: RiskDocFields = Object.fromEntries(RISK_DOC_FIELD_KEYS.map((k) => [k, null])) as RiskDocFields;

const RISK_ROOTS: readonly string[] = [...RISK_TEXT_FIELDS, RISK_DOC.fields, RISK_DOC.mitigations];
const MITIGATION_SCALARS = ['ownerId', 'agencyId', 'dueDate', 'status'] as const;
const MITIGATION_KEYS: readonly string[] = [RISK_DOC.mitigationAction, RISK_DOC.mitigationNotes, ...MITIGATION_SCALARS];

/**
 * The strict reader of a risk's doc, used by the server (to refuse an update whose result breaks the
 * layout) and by the client (to show only what the server would accept). Throws RiskDocInvalid naming
 * every part that is not the layout: unknown roots or keys, formatting or embeds in texts, values of
 * the wrong type, too many mitigations or notes, texts too long.
 */
export function readRiskDoc(doc: Y.Doc): RiskDocState {
  const issues = new LayoutIssues();
  unknownRoots(doc, (name) => RISK_ROOTS.includes(name), issues, 'risk');
  const texts = Object.fromEntries(RISK_TEXT_FIELDS.map((f) => [f, plainText(doc.getText(f), f, DOC_LIMITS.textMax, issues)])) as Record<RiskTextField, string>;
  const fields = readFields(doc.getMap(RISK_DOC.fields), issues);

  const mitigations: MitigationState[] = [];
  const entries = mapEntries(doc.getMap<unknown>(RISK_DOC.mitigations), RISK_DOC.mitigations, issues);
  if (entries.size > DOC_LIMITS.mitigationsPerRisk) issues.add(RISK_DOC.mitigations, `more than ${DOC_LIMITS.mitigationsPerRisk}`);
  for (const [id, item] of entries) {
    const path = `mitigations.${id.slice(0, 64)}`;
    const value = typeOf<Y.Map<unknown>>(item, Y.Map);
    if (!DOC_KEY.test(id) || !value) {
      issues.add(path, 'not a mitigation');
      continue;
    }
    const m = readMitigation(id, value, path, issues);
    if (m) mitigations.push(m);
  }
  if (issues.any || !fields) throw new RiskDocInvalid(issues.list);
  mitigations.sort((a, b) => a.id.localeCompare(b.id));
  return { texts, fields, mitigations };
}

/**
 * A schema's verdict on the plain values read from one part of a doc (a Y.Map, a note's record), kept
 * while those values stay the same. The server reads the whole doc for every update it tries, and
 * most of it has not changed since the last one. The verdict is the schema's, on equal values: only
 * the work is saved. Copies are handed out, so nothing can change what is kept.
 */
const verdicts = new WeakMap<object, { raw: Record<string, unknown>; result: z.ZodSafeParseResult<unknown> }>();

function parseOnce<T>(part: object, raw: Record<string, unknown>, schema: z.ZodType<T>): z.ZodSafeParseResult<T> {
  const kept = verdicts.get(part);
  if (kept && sameValues(kept.raw, raw)) return kept.result as z.ZodSafeParseResult<T>;
  const result = schema.safeParse(raw);
  verdicts.set(part, { raw: { ...raw }, result });
  return result;
}

function sameValues(a: Record<string, unknown>, b: Record<string, unknown>): boolean {
  const keys = Object.keys(a);
  if (keys.length !== Object.keys(b).length) return false;
  return keys.every((k) => Object.hasOwn(b, k) && Object.is(a[k], b[k]));
}

function readFields(map: Y.Map<unknown>, issues: LayoutIssues): RiskDocFields | null {
  const raw: Record<string, unknown> = { ...EMPTY_FIELDS };
  for (const [key, item] of mapEntries(map, RISK_DOC.fields, issues)) {
    if (!(RISK_DOC_FIELD_KEYS as readonly string[]).includes(key)) {
      issues.add(`fields.${key.slice(0, 64)}`, 'unknown field');
      continue;
    }
    const value = scalarOf(item);
    if (value === undefined) issues.add(`fields.${key}`, 'not a plain value');
    else raw[key] = value;
  }
  const parsed = parseOnce(map, raw, RiskDocFields);
  if (!parsed.success) {
    for (const i of parsed.error.issues) issues.add(`fields.${i.path.join('.')}`, i.message);
    return null;
  }
  return { ...parsed.data };
}

function readMitigation(id: string, value: Y.Map<unknown>, path: string, issues: LayoutIssues): MitigationState | null {
  const entries = mapEntries(value, path, issues);
  for (const key of entries.keys()) if (!MITIGATION_KEYS.includes(key)) issues.add(`${path}.${key.slice(0, 64)}`, 'unknown field');
  const action = typeOf(entries.get(RISK_DOC.mitigationAction), Y.Text);
  if (!action) issues.add(`${path}.action`, 'not text');
  const raw: Record<string, unknown> = { ownerId: null, agencyId: null, dueDate: null, status: 'not_started' };
  for (const key of MITIGATION_SCALARS) {
    const item = entries.get(key);
    if (!item) continue;
    const v = scalarOf(item);
    if (v === undefined) issues.add(`${path}.${key}`, 'not a plain value');
    else raw[key] = v;
  }
  const scalars = parseOnce(value, raw, MitigationDocFields);
  if (!scalars.success) for (const i of scalars.error.issues) issues.add(`${path}.${i.path.join('.')}`, i.message);

  const notes: ProgressNote[] = [];
  const notesItem = entries.get(RISK_DOC.mitigationNotes);
  if (notesItem) {
    const list = typeOf<Y.Array<unknown>>(notesItem, Y.Array);
    if (!list) issues.add(`${path}.notes`, 'not a list');
    else {
      const records = plainRecords(list, `${path}.notes`, issues);
      if (records.length > DOC_LIMITS.notesPerMitigation) issues.add(`${path}.notes`, `more than ${DOC_LIMITS.notesPerMitigation}`);
      for (const record of records) {
        const n = parseOnce(record, record, ProgressNote);
        if (n.success) notes.push({ ...n.data });
        else issues.add(`${path}.notes`, n.error.issues[0]?.message ?? 'not a progress note');
      }
    }
  }
  if (!action || !scalars.success) return null;
  return { id, action: plainText(action, `${path}.action`, DOC_LIMITS.textMax, issues), ...scalars.data, notes };
}

/**
 * The levels and tolerance an update sets that the partnership's matrix cannot hold (a 5 on a 4×4).
 * The layout allows 1..5 (and tolerance 1..25) whatever the matrix; this needs the partnership's size,
 * which the server reads only when an update sets a value that some matrix could refuse.
 */
export function scoreRangeIssues(before: RiskDocFields, after: RiskDocFields, size: () => MatrixSize): string[] {
  const set = Object.fromEntries(SCORE_FIELDS.filter((f) => after[f] !== before[f] && after[f] !== null).map((f) => [f, after[f]]));
  // Every matrix holds 1..4 and scores up to 16: only a larger value costs the look-up.
  if (outOfRangeFields(set, 4).length === 0) return [];
  const n = size();
  return outOfRangeFields(set, n).map((f) => `fields.${f}: ${outOfRangeMessage(f, n)}`);
}

/** The first state of a new risk's doc, written by the server when the risk is created. */
export function initialRiskDoc(init: { title: string; category: string | null; texts?: Partial<Record<RiskTextField, string>>; fields?: Partial<RiskDocFields> }): Y.Doc {
  const doc = new Y.Doc();
  doc.transact(() => {
    doc.getText('title').insert(0, init.title);
    for (const [k, v] of Object.entries(init.texts ?? {})) if (k !== 'title' && v) doc.getText(k).insert(0, v);
    const fields = doc.getMap(RISK_DOC.fields);
    fields.set('category', init.category);
    for (const [k, v] of Object.entries(init.fields ?? {})) if (v !== undefined) fields.set(k, v);
  });
  return doc;
}

/**
 * A mitigation's id in the register: its risk and its key within that risk's doc. The server makes it
 * from the doc being written, so a key typed into one risk can never reach another risk's mitigation.
 */
export function mitigationRowId(riskId: number, key: string): string {
  return `${riskId}:${key}`;
}

export function newMitigation(
  doc: Y.Doc,
  id: string,
  init: { action: string; ownerId: number | null; agencyId: number | null; dueDate: string | null; status?: MitigationStatus },
): void {
  doc.transact(() => {
    const m = new Y.Map<unknown>();
    const action = new Y.Text();
    action.insert(0, init.action);
    m.set(RISK_DOC.mitigationAction, action);
    m.set('ownerId', init.ownerId);
    m.set('agencyId', init.agencyId);
    m.set('dueDate', init.dueDate);
    m.set('status', init.status ?? 'not_started');
    m.set(RISK_DOC.mitigationNotes, new Y.Array<ProgressNote>());
    doc.getMap(RISK_DOC.mitigations).set(id, m);
  });
}

/** Notes in `after` that `before` did not have (by id). */
export function newNotes(before: readonly ProgressNote[], after: readonly ProgressNote[]): ProgressNote[] {
  const seen = new Set(before.map((n) => n.id));
  return after.filter((n) => !seen.has(n.id));
}

/**
 * What an update may not do to progress notes, which record who said what and when: every note already
 * there stays exactly as it was (unless its mitigation is removed), and each new note names the person
 * writing it and a time near now (a little ahead for clock skew, up to DOC_LIMITS.noteBehindMs behind
 * for notes written offline). Returns the problems, empty when the update may stand.
 */
export function noteChangeIssues(before: RiskDocState, after: RiskDocState, writerId: number, now: number): string[] {
  const issues: string[] = [];
  const afterById = new Map(after.mitigations.map((m) => [m.id, m]));
  for (const old of before.mitigations) {
    const m = afterById.get(old.id);
    if (!m) continue;
    for (const note of old.notes) {
      const copies = m.notes.filter((n) => n.id === note.id);
      if (copies.length !== 1 || copies[0]!.at !== note.at || copies[0]!.byId !== note.byId || copies[0]!.text !== note.text) {
        issues.push(`mitigations.${m.id}.notes.${note.id}: a progress note cannot be changed or removed`);
      }
    }
  }
  const beforeById = new Map(before.mitigations.map((m) => [m.id, m]));
  for (const m of after.mitigations) {
    const added = newNotes(beforeById.get(m.id)?.notes ?? [], m.notes);
    if (new Set(added.map((n) => n.id)).size !== added.length) issues.push(`mitigations.${m.id}.notes: two new notes share an id`);
    for (const note of added) {
      if (note.byId !== writerId) issues.push(`mitigations.${m.id}.notes.${note.id}: a note must name the person writing it`);
      const at = Date.parse(note.at);
      if (!(at <= now + DOC_LIMITS.noteAheadMs && at >= now - DOC_LIMITS.noteBehindMs)) issues.push(`mitigations.${m.id}.notes.${note.id}: the note's time is too far from now`);
    }
  }
  return issues;
}
