import { SCORE_KINDS } from '../../../shared/domain/matrix.js';
import { and, eq, inArray } from 'drizzle-orm';
import { fieldChanges, mitigations, risks, scoreHistory } from '../../db/schema.js';
import { mitigationRowId, newNotes, type RiskDocState } from '../../../shared/docs/risk-doc.js';
import { scoreOf } from '../../../shared/domain/scoring.js';
import { shouldNotifyAboveTolerance, toleranceFlag } from '../../../shared/domain/tolerance.js';
import { RISK_DOC_FIELD_KEYS, RISK_TEXT_FIELDS } from '../../../shared/schemas/risk.js';
import type { ServiceContext } from '../../core/context.js';
import { auditTextChange } from '../../core/text-audit.js';

export interface ProjectionInput {
  partnershipId: number;
  riskId: number;
  docName: string;
  editorId: number | null;
  at: string;
  before: RiskDocState;
  after: RiskDocState;
}


export interface ProjectionResult {
  /** Whether anything a list shows has changed. */
  listChanged: boolean;
  /** When this update took the risk above its tolerance: the "since" of the crossing, to notify. */
  roseAboveTolerance: string | null;
}

/**
 * Writes what one accepted update changed: the risk and mitigation rows, one audit row per changed
 * field, a score point per changed score, and the "above tolerance since" flag. Runs inside the
 * update's transaction.
 */
export async function projectRiskUpdate(ctx: ServiceContext, input: ProjectionInput): Promise<ProjectionResult> {
  const { before, after, riskId, editorId, at } = input;
  const audit: (typeof fieldChanges.$inferInsert)[] = [];
  const change = (field: string, from: unknown, to: unknown, mitigationId: string | null = null) =>
    audit.push({ partnershipId: input.partnershipId, docName: input.docName, recordId: riskId, mitigationId, field, fromValue: from, toValue: to, editorId, at });

  for (const f of RISK_TEXT_FIELDS) {
    if (before.texts[f] !== after.texts[f]) {
      await auditTextChange(ctx, { partnershipId: input.partnershipId, docName: input.docName, recordId: riskId, field: f, from: before.texts[f], to: after.texts[f], editorId, at });
    }
  }
  for (const f of RISK_DOC_FIELD_KEYS) if (before.fields[f] !== after.fields[f]) change(f, before.fields[f], after.fields[f]);

  // Only what changed is written: a keystroke costs one short prepared update, not a whole row.
  const riskPatch: Partial<typeof risks.$inferInsert> = { updatedAt: at, updatedBy: editorId };
  for (const f of RISK_TEXT_FIELDS) if (before.texts[f] !== after.texts[f]) riskPatch[f] = after.texts[f];
  for (const f of RISK_DOC_FIELD_KEYS) if (before.fields[f] !== after.fields[f]) (riskPatch as Record<string, unknown>)[f] = after.fields[f];
  // Moving the next review date forward is a review: the trend is measured from here on.
  if (after.fields.nextReviewDate && (before.fields.nextReviewDate === null || after.fields.nextReviewDate > before.fields.nextReviewDate)) {
    riskPatch.lastReviewScore = scoreOf(before.fields.currentLikelihood, before.fields.currentImpact);
    riskPatch.lastReviewedAt = at;
  }
  // Tolerance: only an update that moves the current score or the tolerance reads the flag.
  let roseAboveTolerance: string | null = null;
  const was = { score: scoreOf(before.fields.currentLikelihood, before.fields.currentImpact), tolerance: before.fields.tolerance };
  const now = { score: scoreOf(after.fields.currentLikelihood, after.fields.currentImpact), tolerance: after.fields.tolerance };
  if (was.score !== now.score || was.tolerance !== now.tolerance) {
    const since = (await ctx.db.select({ since: risks.aboveToleranceSince }).from(risks).where(eq(risks.id, riskId)).get())?.since ?? null;
    const flag = toleranceFlag(since, now, at);
    if (flag !== since) riskPatch.aboveToleranceSince = flag;
    if (shouldNotifyAboveTolerance(was, now) && flag) roseAboveTolerance = flag;
  }
  await ctx.database.fast.updateById(risks, riskId, riskPatch);

  for (const kind of SCORE_KINDS) {
    const l = `${kind}Likelihood` as const;
    const i = `${kind}Impact` as const;
    if (before.fields[l] !== after.fields[l] || before.fields[i] !== after.fields[i]) {
      await ctx.database.fast.insert(scoreHistory, { riskId, kind, likelihood: after.fields[l], impact: after.fields[i], score: scoreOf(after.fields[l], after.fields[i]), editorId, at });
    }
  }

  // Every mitigation row this writes is addressed by (this risk, key): a key typed into this risk's doc
  // can never reach another risk's row, whatever the key.
  const beforeById = new Map(before.mitigations.map((m) => [m.id, m]));
  const afterIds = new Set(after.mitigations.map((m) => m.id));
  for (const m of after.mitigations) {
    const old = beforeById.get(m.id);
    const rowId = mitigationRowId(riskId, m.id);
    const row = {
      action: m.action,
      ownerId: m.ownerId,
      agencyId: m.agencyId,
      dueDate: m.dueDate,
      status: m.status,
      noteCount: m.notes.length,
      lastNoteAt: m.notes.at(-1)?.at ?? null,
      updatedAt: at,
    };
    if (!old) {
      await ctx.db.insert(mitigations).values({ id: rowId, riskId, key: m.id, ...row }).onConflictDoUpdate({ target: mitigations.id, set: row }).run();
      change('mitigation', null, m.action, m.id);
      continue;
    }
    if (old.action !== m.action) {
      await auditTextChange(ctx, { partnershipId: input.partnershipId, docName: input.docName, recordId: riskId, mitigationId: m.id, field: 'mitigation.action', from: old.action, to: m.action, editorId, at });
    }
    for (const key of ['ownerId', 'agencyId', 'dueDate', 'status'] as const) {
      if (old[key] !== m[key]) change(`mitigation.${key}`, old[key], m[key], m.id);
    }
    for (const note of newNotes(old.notes, m.notes)) change('mitigation.note', null, note.text, m.id);
    const changed = old.action !== m.action || old.ownerId !== m.ownerId || old.agencyId !== m.agencyId || old.dueDate !== m.dueDate || old.status !== m.status || old.notes.length !== m.notes.length;
    if (changed) await ctx.database.fast.updateById(mitigations, rowId, row);
  }
  const removed = before.mitigations.filter((m) => !afterIds.has(m.id));
  if (removed.length > 0) {
    await ctx.db.delete(mitigations).where(and(eq(mitigations.riskId, riskId), inArray(mitigations.key, removed.map((m) => m.id)))).run();
    for (const m of removed) change('mitigation', m.action, null, m.id);
  }

  for (const row of audit) await ctx.database.fast.insert(fieldChanges, row);
  return { listChanged: true, roseAboveTolerance };
}
