import { isDeepStrictEqual } from 'node:util';
import { createHash, randomBytes } from 'node:crypto';
import { and, eq, lt } from 'drizzle-orm';
import { importMappings, imports } from '../../db/schema.js';
import { canImport, type Actor } from '../../../shared/domain/permissions.js';
import { AppError } from '../../../shared/errors.js';
import { IMPORT_LIMITS } from '../../../shared/limits.js';
import { EXCHANGE_COLUMNS, type ExchangeColumn, type ImportKind } from '../../../shared/exchange/columns.js';
import { mapColumns } from '../../../shared/exchange/mapping.js';
import type { ImportForm, ImportPreviewView, ImportRow } from '../../../shared/schemas/imports.js';
import { writeAudit } from '../../core/audit.js';
import { isoAt, type ServiceContext } from '../../core/context.js';
import { readTable } from '../../core/spreadsheet/read-table.js';
import type { ImportKindHandler, PlannedRow } from './kinds/kind.js';

type AnyHandler = ImportKindHandler<unknown, unknown> & { planAll?(ctx: unknown): Promise<PlannedRow<unknown>[]> };

/** What is kept of a preview: what the person saw, and what the file said, to plan again at the commit. */
interface Stored {
  view: Omit<ImportPreviewView, 'id' | 'status' | 'progress' | 'failure'>;
  /** Field → the file's cells, row by row (the rows under the headings). */
  cells: Record<string, string[]>;
  rowNumbers: number[];
  mapping: Record<string, string>;
  planId: number | null;
  /**
   * Row by row, a digest of the records it writes (by id) and what it writes to them, as the preview found
   * them: the view names records by their names, which may have moved to other records meanwhile.
   * Absent from previews stored before it was kept.
   */
  records?: (string | null)[];
}

/**
 * One import service for every kind (issue 14): a file is read, its headings found and mapped (the
 * person's choice, else the partnership's remembered mapping, else the recognised headings), and each
 * row planned against the records as they stand, nothing stored: the preview. The commit is the
 * previewing person's, at most once: the rows are planned again, and if any has an error, or the
 * records have moved since the preview, nothing is written; otherwise each row goes through the path
 * an edit of it would take (commands, or the co-edited documents), the progress readable meanwhile.
 */
export class ImportService {
  private readonly progress = new Map<string, number>();

  constructor(
    private readonly ctx: ServiceContext,
    private readonly kinds: Partial<Record<ImportKind, AnyHandler>>,
  ) {}

  async preview(actor: Actor, form: ImportForm, fileName: string, bytes: Buffer): Promise<ImportPreviewView> {
    if (!canImport(actor)) throw new AppError('FORBIDDEN', 'Only administrators and people who sit on a board import records.');
    const handler = this.handler(form.kind);
    const table = await readTable(bytes, { rowsMax: IMPORT_LIMITS.rowsMax, unpackedBytesMax: IMPORT_LIMITS.unpackedBytesMax, headingRows: IMPORT_LIMITS.headingSearchRows });
    const remembered = await this.remembered(actor.partnershipId, form.kind);
    const map = mapColumns(form.kind, table, form.mapping, remembered, IMPORT_LIMITS.headingSearchRows);
    const headings = (table[map.headingRow] ?? []).map((h) => h.trim());
    const body = table.slice(map.headingRow + 1);
    if (body.length > IMPORT_LIMITS.rowsMax) throw new AppError('VALIDATION_FAILED', `The file has more than ${IMPORT_LIMITS.rowsMax} rows; an import takes at most ${IMPORT_LIMITS.rowsMax}. Split it.`, [{ path: 'file', message: 'Too many rows' }]);
    const rowNumbers = body.map((_, i) => map.headingRow + i + 2);
    // Blank rows (a spacer between sections) are no rows.
    const kept = body.map((cells, i) => ({ cells, row: rowNumbers[i]! })).filter((r) => r.cells.some((c) => c.trim() !== ''));
    if (kept.length === 0) throw new AppError('VALIDATION_FAILED', 'The file has no rows under its headings.', [{ path: 'file', message: 'No rows' }]);
    const cells: Record<string, string[]> = {};
    for (const [field, i] of Object.entries(map.fields)) cells[field] = kept.map((r) => r.cells[i] ?? '');
    const mapping = Object.fromEntries(Object.entries(map.fields).map(([f, i]) => [f, headings[i]!]));
    const columns = Object.entries(EXCHANGE_COLUMNS[form.kind] as Record<string, ExchangeColumn>).map(([field, c]) => ({ field, label: c.headings[0], heading: mapping[field] ?? null, required: c.required === true }));
    // A column new records need may be missing: rows that would add one say so (changes to records go ahead).
    const rows = await this.plan(actor, handler, form.kind, cells, kept.map((r) => r.row), mapping, form.planId ?? null);
    const stored: Stored = {
      view: {
        kind: form.kind,
        fileName,
        headingRow: map.headingRow + 1,
        columns,
        ignored: map.ignored,
        headings: headings.filter((h) => h !== ''),
        rows: rows.map((r) => r.view),
        counts: countsOf(rows.map((r) => r.view)),
      },
      cells,
      rowNumbers: kept.map((r) => r.row),
      mapping,
      planId: form.planId ?? null,
      records: rows.map((r) => r.record),
    };
    // Previews never committed are of no use after their hour: their rows (a file's worth) are let go.
    const stale = new Date(this.ctx.clock() - IMPORT_LIMITS.previewTtlMs).toISOString();
    await this.ctx.db.delete(imports).where(and(eq(imports.status, 'previewed'), lt(imports.createdAt, stale))).run();
    const id = randomBytes(18).toString('base64url');
    await this.ctx.db.insert(imports).values({ id, partnershipId: actor.partnershipId, kind: form.kind, personId: actor.personId, fileName, plan: stored, createdAt: isoAt(this.ctx.clock) }).run();
    return this.view(actor, id);
  }

  /** An import as its person sees it, with the commit's progress; nobody else's (404). */
  async view(actor: Actor, id: string): Promise<ImportPreviewView> {
    const row = await this.ctx.db.select().from(imports).where(and(eq(imports.id, id), eq(imports.partnershipId, actor.partnershipId), eq(imports.personId, actor.personId))).get();
    if (!row) throw new AppError('NOT_FOUND', 'Import not found.');
    const stored = row.plan as Stored;
    const total = stored.view.counts.create + stored.view.counts.update;
    const done = row.status === 'committed' ? total : (this.progress.get(id) ?? 0);
    const failure = row.status === 'failed' ? ((stored as Stored & { failure?: string }).failure ?? 'The import failed.') : null;
    return { id, status: row.status, progress: { done, total }, failure, ...stored.view };
  }

  async commit(actor: Actor, id: string): Promise<ImportPreviewView> {
    const current = await this.view(actor, id);
    if (current.status !== 'previewed') throw new AppError('CONFLICT', current.status === 'committed' ? 'This import was committed already.' : 'This import is being committed or has failed; upload the file again.');
    const row = (await this.ctx.db.select().from(imports).where(eq(imports.id, id)).get())!;
    if (this.ctx.clock() - Date.parse(row.createdAt) > IMPORT_LIMITS.previewTtlMs) throw new AppError('CONFLICT', 'The preview is more than an hour old: upload the file again to see the records as they are now.');
    if (current.counts.withErrors > 0) throw new AppError('VALIDATION_FAILED', `Nothing was imported: ${current.counts.withErrors} row${current.counts.withErrors === 1 ? ' has' : 's have'} errors. Correct the file and upload it again.`, errorDetails(current.rows));
    // Claimed once: a second commit of the same preview (a double click, two tabs) is refused.
    const claimed = await this.ctx.db.update(imports).set({ status: 'committing' }).where(and(eq(imports.id, id), eq(imports.status, 'previewed'))).run();
    if (claimed.changes !== 1) throw new AppError('CONFLICT', 'This import is being committed already.');
    const stored = row.plan as Stored;
    const handler = this.handler(current.kind);
    try {
      const replan = () => this.plan(actor, handler, current.kind, stored.cells, stored.rowNumbers, stored.mapping, stored.planId);
      const again = await replan();
      refuseMoved(again, stored);
      const ops = again.map((r) => r.op).filter((op) => op !== null);
      this.progress.set(id, 0);
      // Checked again inside the commit's transaction: another import may have been written since.
      await handler.apply(actor, ops, (done) => this.progress.set(id, done), async () => refuseMoved(await replan(), stored));
    } catch (err) {
      const failure = err instanceof AppError ? err.message : 'The import failed on the server.';
      await this.ctx.db.update(imports).set({ status: 'failed', plan: { ...stored, failure } }).where(eq(imports.id, id)).run();
      this.progress.delete(id);
      throw err;
    }
    const at = isoAt(this.ctx.clock);
    await this.ctx.database.transaction(async () => {
      await this.ctx.db.update(imports).set({ status: 'committed', committedAt: at }).where(eq(imports.id, id)).run();
      await this.ctx.db
        .insert(importMappings)
        .values({ partnershipId: actor.partnershipId, kind: current.kind, mapping: stored.mapping, updatedAt: at, updatedBy: actor.personId })
        .onConflictDoUpdate({ target: [importMappings.partnershipId, importMappings.kind], set: { mapping: stored.mapping, updatedAt: at, updatedBy: actor.personId } })
        .run();
      await writeAudit(this.ctx, { partnershipId: actor.partnershipId, actorId: actor.personId, action: 'import.committed', entityType: 'import', entityId: null, detail: { kind: current.kind, file: current.fileName, ...current.counts } });
    });
    this.progress.delete(id);
    return this.view(actor, id);
  }

  private handler(kind: ImportKind): AnyHandler {
    const handler = this.kinds[kind];
    if (!handler) throw new AppError('VALIDATION_FAILED', 'That kind of import is not available.', [{ path: 'kind', message: 'Not available' }]);
    return handler;
  }

  private async remembered(partnershipId: number, kind: ImportKind): Promise<Record<string, string>> {
    return (await this.ctx.db.select().from(importMappings).where(and(eq(importMappings.partnershipId, partnershipId), eq(importMappings.kind, kind))).get())?.mapping ?? {};
  }

  private async plan(actor: Actor, handler: AnyHandler, kind: ImportKind, cells: Record<string, string[]>, rowNumbers: number[], mapping: Record<string, string>, planId: number | null) {
    const ctx = await handler.prepare(actor, { planId: planId ?? undefined });
    const headingOf = (field: string) => mapping[field] ?? (EXCHANGE_COLUMNS[kind] as Record<string, ExchangeColumn>)[field]?.headings[0] ?? field;
    // Row by row, in order: a row's plan may weigh what the rows before it decided.
    let planned = [];
    for (const i of rowNumbers.keys()) planned.push(await handler.plan((field) => (Object.hasOwn(cells, field) ? cells[field]![i] : undefined), ctx));
    if (handler.planAll) planned = await handler.planAll(ctx);
    return planned.map((p, i) => {
      // A cell longer than any field holds is refused on its row, never cut short.
      const long = Object.keys(cells).filter((f) => cells[f]![i]!.length > IMPORT_LIMITS.cellMax).map((field) => ({ field, message: `Longer than ${IMPORT_LIMITS.cellMax.toLocaleString('en-GB')} characters` }));
      const errors = [...long, ...p.errors.filter((e) => !long.some((l) => l.field === e.field))];
      const op = errors.length > 0 ? null : p.op;
      return {
        op,
        record: op === null ? null : createHash('sha256').update(JSON.stringify(p.target ?? op)).digest('base64url'),
        view: { row: rowNumbers[i]!, label: p.label.slice(0, 200), action: errors.length > 0 ? null : p.action, changes: errors.length > 0 ? [] : p.changes, errors: errors.map((e) => ({ column: headingOf(e.field), message: e.message })) } satisfies ImportRow,
      };
    });
  }
}


function countsOf(rows: readonly ImportRow[]): ImportPreviewView['counts'] {
  const n = (a: ImportRow['action']) => rows.filter((r) => r.action === a).length;
  return { rows: rows.length, create: n('create'), update: n('update'), unchanged: n('unchanged'), withErrors: rows.filter((r) => r.errors.length > 0).length };
}

/**
 * Refuses the commit if any row would now do something other than the preview showed: its action, its
 * changes (each from and to) or its errors. The row's label is not weighed: it names the record (a risk's
 * reference and title as they stood), so a colleague correcting a title during the meeting does not void an
 * import that never touches it; a change the import would make to that title shows in its changes. Nor
 * may the row now write to another record than at the preview (a name it was found by now another's): the
 * records it writes, by id, are compared too.
 */
function refuseMoved(again: readonly { view: ImportRow; record: string | null }[], stored: Stored): void {
  const whatItDoes = ({ label: _label, ...rest }: ImportRow) => rest;
  // Compared as values, not as text: PostgreSQL keeps the stored plan as jsonb, which does not keep key order.
  const moved = again.filter((r, i) => {
    const before = stored.view.rows[i];
    if (stored.records !== undefined && stored.records[i] !== r.record) return true;
    return before === undefined || !isDeepStrictEqual(JSON.parse(JSON.stringify(whatItDoes(r.view))) as unknown, whatItDoes(before));
  });
  if (moved.length > 0) {
    throw new AppError('CONFLICT', `Nothing was imported: ${moved.length} row${moved.length === 1 ? '' : 's'} would now do something other than the preview showed (someone changed the records meanwhile). Upload the file again to see them as they are now.`, errorDetails(moved.map((r) => r.view)));
  }
}

/** The first rows' errors, each named by row and column, as a validation error's details. */
function errorDetails(rows: readonly ImportRow[]): { path: string; message: string }[] {
  return rows
    .flatMap((r) => (r.errors.length > 0 ? r.errors.map((e) => ({ path: `row ${r.row}, ${e.column}`, message: e.message })) : [{ path: `row ${r.row}`, message: 'Would change differently now' }]))
    .slice(0, 50);
}
