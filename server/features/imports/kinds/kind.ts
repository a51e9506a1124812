import type { Actor } from '../../../../shared/domain/permissions.js';
import { AppError } from '../../../../shared/errors.js';
import { loadActor } from '../../../core/actors.js';
import type { DocEdit, DocEditor } from '../../../core/doc-editor.js';
import type { ServiceContext } from '../../../core/context.js';
import type { Prepared } from '../../../core/prepared.js';
import type { ImportAction, ImportChange } from '../../../../shared/schemas/imports.js';

/** One row of the file as its kind reads it: a field's cell text, or undefined where the file has no such column. */
export type Cells = (field: string) => string | undefined;

/** What one row will do, as the preview shows it, and what committing it runs (`op`, kept with the preview). */
export interface PlannedRow<Op> {
  label: string;
  action: ImportAction | null;
  changes: ImportChange[];
  /** Field → message; the service names the column as the file heads it. */
  errors: { field: string; message: string }[];
  op: Op | null;
  /**
   * What the commit compares besides the view, where `op` will not do: the records the row writes, by id
   * (`op` is compared when this is absent). A row found by a name (an indicator, an objective) may find
   * another record after a rename while its view stays the same.
   */
  target?: unknown;
}

/**
 * A kind of import: reads the partnership's records once (`prepare`), plans each row against them
 * (nothing stored), and commits the planned operations as the person, through the same paths their
 * own edits take, all or nothing (`commitWhole`). `apply` reports each row decided through `progress`.
 */
export interface ImportKindHandler<Ctx, Op> {
  prepare(actor: Actor, options: { planId?: number | undefined }): Promise<Ctx>;
  plan(cells: Cells, ctx: Ctx): PlannedRow<Op> | Promise<PlannedRow<Op>>;
  /** `unchanged` is the preview's re-check, to run inside the commit's transaction (commitWhole's `unchanged`). */
  apply(actor: Actor, ops: Op[], progress: (done: number) => void, unchanged: () => Promise<void>): Promise<void>;
}

/**
 * A command's payload checked by the command's own schema, as its REST and socket forms are: each
 * issue becomes a row error on the field it names (`fieldOf` maps payload keys to the kind's fields).
 */
export function checkedPayload<T>(
  schema: { safeParse(v: unknown): { success: true; data: T } | { success: false; error: { issues: { path: PropertyKey[]; message: string }[] } } },
  value: unknown,
  fieldOf: Record<string, string>,
  fail: (field: string, message: string) => void,
): T | null {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  for (const issue of result.error.issues) {
    const key = String(issue.path[0] ?? '');
    fail(fieldOf[key] ?? key, issue.message);
  }
  return null;
}

/** The parts of one import's commit: commands decided beforehand, and edits of co-edited documents. */
export interface WholeCommit {
  /** Written first (new records the edits may need). */
  first?: readonly Prepared<unknown>[];
  /** The documents `edits` may write, checked and loaded beforehand. */
  docNames?: readonly string[];
  /** The edits, made once `first` is written (a new action's id is known then). */
  edits?: () => Promise<readonly DocEdit[]>;
  /** Written last (a change of owner, which may take a record out of the person's hands). */
  last?: readonly Prepared<unknown>[];
  /**
   * Throws if the rows would now do something other than the preview showed. Run inside the commit's
   * transaction, before anything is written: another import committed a moment before is seen here,
   * however the two raced (each writer takes its turn), and never silently overwritten.
   */
  unchanged?: () => Promise<void>;
}

/**
 * Every part of an import in ONE transaction, all or nothing (DocEditor.editAll): should one command's
 * re-check or one document's rules refuse, or storage fail, nothing is written and this rejects with
 * why. Once committed, each command's effects (lists refreshed, people told) follow.
 */
export async function commitWhole(ctx: ServiceContext, editor: DocEditor, actor: Actor, parts: WholeCommit): Promise<void> {
  let effects: (() => unknown)[] = [];
  await editor.editAll(actor, {
    docNames: parts.docNames ?? [],
    before: async () => {
      // The commands below re-check the records as they are now, but with the person's rights as the request
      // found them; the unit is stored on a later turn, after whatever the server read meanwhile (a seat
      // removed, an admin right withdrawn). Rights that moved since refuse the whole import.
      if (!sameRights(actor, (await loadActor(ctx, actor.personId)))) throw new AppError('CONFLICT', 'Nothing was imported: your rights in this partnership changed a moment ago. Upload the file again to see what you may import now.');
      await parts.unchanged?.();
      effects = [];
      for (const p of parts.first ?? []) effects.push(await p.write());
      return (await parts.edits?.()) ?? [];
    },
    after: async () => {
      for (const p of parts.last ?? []) effects.push(await p.write());
    },
  });
  for (const done of effects) {
    try {
      await done();
    } catch (err) {
      // Stored already: a push that failed is the server's trouble, not the import's.
      ctx.config.log('after an import was committed', { error: String(err) });
    }
  }
}

/** Whether two readings of a person's rights agree (partnership, agency, administrator, every seat and its role). */
function sameRights(a: Actor, b: Actor | null): boolean {
  if (!b || a.partnershipId !== b.partnershipId || a.agencyId !== b.agencyId || a.isPartnershipAdmin !== b.isPartnershipAdmin || a.boardRoles.size !== b.boardRoles.size) return false;
  for (const [boardId, role] of a.boardRoles) if (b.boardRoles.get(boardId) !== role) return false;
  return true;
}
