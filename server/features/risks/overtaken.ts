import { inArray } from 'drizzle-orm';
import { fieldChanges, people } from '../../db/schema.js';
import { overtakenSummary } from '../../../shared/domain/overtaken.js';
import { RISK_DOC, RISK_DOC_FIELD_KEYS, RISK_FIELD_LABELS, RiskDocFields, type OvertakenChange } from '../../../shared/schemas/risk.js';
import type { ServiceContext } from '../../core/context.js';
import type { ContestedValue, OvertakenNotice } from '../../realtime/yjs/doc-kind.js';

export type { ContestedValue, OvertakenNotice };

/** How an overtaken change is kept in the field-level trail: field "overtaken.<field>", from/to hold value and person. */
const PREFIX = 'overtaken.';
interface Side {
  value: unknown;
  personId: number;
}

/**
 * Records each change to one of the risk's fields that did not hold in the risk's history, and says
 * whom to tell. Runs inside the update's transaction. A value the update sets and loses at once was
 * never read by the strict reader, so it is checked here against the field's rule: a value the risk
 * could not hold is not put on anyone's record.
 */
export async function recordOvertaken(ctx: ServiceContext, input: { partnershipId: number; riskId: number; docName: string; at: string; contested: ContestedValue[] }): Promise<OvertakenNotice[]> {
  const entries = input.contested.flatMap((c) => {
    const [root, key, ...rest] = c.path;
    if (root !== RISK_DOC.fields || rest.length > 0 || !(RISK_DOC_FIELD_KEYS as readonly string[]).includes(key!)) return [];
    const field = key as keyof RiskDocFields;
    if (!RiskDocFields.shape[field].safeParse(c.lost.value).success) return [];
    return [{ field, c }];
  });
  if (entries.length === 0) return [];
  const names = await namesOf(ctx, entries.flatMap(({ c }) => [c.lost.personId, c.held.personId]));
  const notices: OvertakenNotice[] = [];
  for (const { field, c } of entries) {
    const lost: Side = { value: c.lost.value, personId: c.lost.personId };
    const held: Side = { value: c.held.value, personId: c.held.personId };
    const id = await ctx.database.fast.insert(fieldChanges, { partnershipId: input.partnershipId, docName: input.docName, recordId: input.riskId, mitigationId: null, field: `${PREFIX}${field}`, fromValue: lost, toValue: held, editorId: lost.personId, at: input.at });
    notices.push({ personId: lost.personId, event: { id, riskId: input.riskId, at: input.at, change: describe(field, lost, held, input.at, names) } });
  }
  return notices;
}

/** The overtaken change a history row records, or undefined for any other row. */
export function overtakenOf(row: { field: string; fromValue: unknown; toValue: unknown; at: string }, names: Map<number, string>): OvertakenChange | undefined {
  if (!row.field.startsWith(PREFIX)) return undefined;
  const field = row.field.slice(PREFIX.length);
  if (!(RISK_DOC_FIELD_KEYS as readonly string[]).includes(field) || !isSide(row.fromValue) || !isSide(row.toValue)) return undefined;
  return describe(field as keyof RiskDocFields, row.fromValue, row.toValue, row.at, names);
}

/** The people an overtaken row names, so a history can look their names up at once. */
export function peopleIn(row: { field: string; fromValue: unknown; toValue: unknown }): number[] {
  if (!row.field.startsWith(PREFIX)) return [];
  return [row.fromValue, row.toValue].flatMap((s) => (isSide(s) ? [s.personId] : []));
}

export async function namesOf(ctx: ServiceContext, ids: number[]): Promise<Map<number, string>> {
  const unique = [...new Set(ids)];
  if (unique.length === 0) return new Map();
  return new Map((await ctx.db.select({ id: people.id, name: people.name }).from(people).where(inArray(people.id, unique)).all()).map((p) => [p.id, p.name]));
}

function describe(field: keyof RiskDocFields, lost: Side, held: Side, at: string, names: Map<number, string>): OvertakenChange {
  const byName = names.get(lost.personId) ?? null;
  const heldByName = names.get(held.personId) ?? null;
  return {
    field,
    fieldLabel: RISK_FIELD_LABELS[field],
    value: lost.value,
    byId: lost.personId,
    byName,
    heldValue: held.value,
    heldById: held.personId,
    heldByName,
    summary: overtakenSummary({ field, value: lost.value, byName, heldValue: held.value, heldByName, at }),
  };
}

function isSide(v: unknown): v is Side {
  return typeof v === 'object' && v !== null && 'personId' in v && typeof (v as Side).personId === 'number' && 'value' in v;
}
