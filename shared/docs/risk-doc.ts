import * as Y from 'yjs';
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

/** Reads and checks the doc. Throws RiskDocInvalid naming every field that breaks the schema. */
const RISK_ROOTS: readonly string[] = [...RISK_TEXT_FIELDS, RISK_DOC.fields, RISK_DOC.mitigations];

export function readRiskDoc(doc: Y.Doc): RiskDocState {
  const issues: string[] = [];
  for (const [name] of doc.share) if (!RISK_ROOTS.includes(name)) issues.push(`${name}: not part of a risk`);
  const texts = Object.fromEntries(RISK_TEXT_FIELDS.map((f) => [f, doc.getText(f).toString()])) as Record<RiskTextField, string>;
  for (const f of RISK_TEXT_FIELDS) if (texts[f].length > 20_000) issues.push(`${f}: too long`);

  const rawFields = doc.getMap(RISK_DOC.fields).toJSON();
  for (const key of Object.keys(rawFields)) if (!(RISK_DOC_FIELD_KEYS as string[]).includes(key)) issues.push(`fields.${key}: unknown field`);
  const parsedFields = RiskDocFields.safeParse({ ...EMPTY_FIELDS, ...rawFields });
  if (!parsedFields.success) issues.push(...parsedFields.error.issues.map((i) => `fields.${i.path.join('.')}: ${i.message}`));

  const mitigations: MitigationState[] = [];
  const mitigationMap = doc.getMap<unknown>(RISK_DOC.mitigations);
  if (mitigationMap.size > 500) issues.push('mitigations: more than 500');
  for (const [id, value] of mitigationMap.entries()) {
    if (!(value instanceof Y.Map) || id.length > 64) {
      issues.push(`mitigations.${id}: not a mitigation`);
      continue;
    }
    const action = value.get(RISK_DOC.mitigationAction);
    const notes = value.get(RISK_DOC.mitigationNotes);
    const scalars = MitigationDocFields.safeParse({
      ownerId: value.get('ownerId') ?? null,
      agencyId: value.get('agencyId') ?? null,
      dueDate: value.get('dueDate') ?? null,
      status: value.get('status') ?? 'not_started',
    });
    if (!(action instanceof Y.Text)) issues.push(`mitigations.${id}.action: not text`);
    if (notes !== undefined && !(notes instanceof Y.Array)) issues.push(`mitigations.${id}.notes: not a list`);
    if (!scalars.success) issues.push(...scalars.error.issues.map((i) => `mitigations.${id}.${i.path.join('.')}: ${i.message}`));
    const parsedNotes: ProgressNote[] = [];
    if (notes instanceof Y.Array) {
      for (const note of notes.toArray()) {
        const n = ProgressNote.safeParse(note);
        if (n.success) parsedNotes.push(n.data);
        else issues.push(`mitigations.${id}.notes: ${n.error.issues[0]?.message ?? 'invalid'}`);
      }
    }
    if (action instanceof Y.Text && scalars.success) {
      mitigations.push({ id, action: action.toString(), ...scalars.data, notes: parsedNotes });
    }
  }
  if (issues.length > 0 || !parsedFields.success) throw new RiskDocInvalid(issues);
  mitigations.sort((a, b) => a.id.localeCompare(b.id));
  return { texts, fields: parsedFields.data, mitigations };
}

/** The first state of a new risk's doc, written by the server when the risk is created. */
export function initialRiskDoc(init: { title: string; category: string | null; fields?: Partial<RiskDocFields> }): Y.Doc {
  const doc = new Y.Doc();
  doc.transact(() => {
    doc.getText('title').insert(0, init.title);
    const fields = doc.getMap(RISK_DOC.fields);
    fields.set('category', init.category);
    for (const [k, v] of Object.entries(init.fields ?? {})) if (v !== undefined) fields.set(k, v);
  });
  return doc;
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
