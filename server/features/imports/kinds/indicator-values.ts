import type { Actor } from '../../../../shared/domain/permissions.js';
import { AppError } from '../../../../shared/errors.js';
import type { ImportRowView, RecordValuesPayload } from '../../../../shared/schemas/scorecard.js';
import { VALUE_FIELDS, type ScorecardService, type ValueCells } from '../../scorecard/index.js';
import { commitWhole, type Cells, type ImportKindHandler, type PlannedRow } from './kind.js';
import type { DocEditor } from '../../../core/doc-editor.js';
import type { ServiceContext } from '../../../core/context.js';

type ValueOp = RecordValuesPayload['values'][number];

interface Ctx {
  actor: Actor;
  rows: ValueCells[];
}

/**
 * Indicator values: the scorecard's own checks (its import preview, issue 13) decide each row, and the
 * values are recorded through `indicator:record-values`'s own checks and write, all of them in one
 * transaction (the command's limit of values is a request's; an import's are its rows).
 */
export function indicatorValuesImport(ctx: ServiceContext, scorecard: ScorecardService, docEditor: DocEditor): ImportKindHandler<Ctx, ValueOp> & { planAll(ctx: Ctx): Promise<PlannedRow<ValueOp>[]> } {
  return {
    async prepare(actor) {
      return { actor, rows: [] };
    },
    // Rows are gathered, then checked together by the scorecard (duplicates across rows are its rule).
    plan(cells: Cells, c: Ctx): PlannedRow<ValueOp> {
      c.rows.push(Object.fromEntries(VALUE_FIELDS.map((f) => [f, cells(f) ?? ''])) as ValueCells);
      return { label: '', action: null, changes: [], errors: [], op: null };
    },
    async planAll(c) {
      const preview = await scorecard.previewTable(c.actor, '', c.rows);
      // What a correction replaces, shown and compared at the commit: a colleague's value recorded after
      // the preview is not overwritten unseen. Newest first within a period: the first seen is its value.
      const now = new Map<string, StoredValue>();
      for (const v of (await scorecard.queries.records(c.actor.partnershipId)).values) {
        const key = `${v.indicatorId}|${v.period}`;
        if (!now.has(key)) now.set(key, { value: v.value, note: v.note, numerator: v.numerator, denominator: v.denominator });
      }
      return preview.rows.map((r) => planned(r, r.indicatorId === null || r.period === null ? undefined : now.get(`${r.indicatorId}|${r.period}`)));
    },
    async apply(actor, ops, progress, unchanged) {
      if (ops.length === 0) throw new AppError('CONFLICT', 'Nothing to record.');
      // Every value checked by the scorecard's own command, then all recorded in one transaction.
      const command = await scorecard.prepareRecordValues(actor, { values: ops });
      progress(ops.length);
      await commitWhole(ctx, docEditor, actor, { first: [command], unchanged });
    },
  };
}

type StoredValue = { value: number; note: string; numerator: number | null; denominator: number | null };

function planned(r: ImportRowView, now: StoredValue | undefined): PlannedRow<ValueOp> {
  const label = `${r.indicatorName} ${r.period ?? ''}`.trim();
  const errors = r.errors.map((e) => ({ field: e.column, message: e.message }));
  if (r.action === null || r.action === 'unchanged' || r.indicatorId === null || r.period === null || r.value === null) {
    return { label, action: r.action === 'unchanged' ? 'unchanged' : null, changes: [], errors, op: null };
  }
  const changes = [{ field: 'Value', from: now === undefined ? '' : String(now.value), to: String(r.value) }];
  const op = { indicatorId: r.indicatorId, period: r.period, value: r.value, numerator: r.numerator, denominator: r.denominator, note: r.note };
  return { label, action: r.action === 'new' ? 'create' : 'update', changes, errors, op, target: { op, now: now ?? null } };
}
