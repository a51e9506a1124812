import { canCommandRisk, riskAccess } from '../../../../shared/domain/permissions.js';
import { riskReference, type MatrixSize } from '../../../../shared/domain/scoring.js';
import { readChoice, readLevel } from '../../../../shared/exchange/cells.js';
import { exportHeading } from '../../../../shared/exchange/columns.js';
import { CreateRiskPayload, RISK_CATEGORIES, type RiskDocFields, type RiskTextField } from '../../../../shared/schemas/risk.js';
import type { Actor } from '../../../../shared/domain/permissions.js';
import type { ImportChange } from '../../../../shared/schemas/imports.js';
import type { DocEdit, DocEditor } from '../../../core/doc-editor.js';
import type { ServiceContext } from '../../../core/context.js';
import { DOC_LIMITS, LIMITS } from '../../../../shared/limits.js';
import type { RiskService } from '../../risks/index.js';
import { directoryOf, type Directory } from '../lookups.js';
import { checkedPayload, commitWhole, type Cells, type ImportKindHandler, type PlannedRow } from './kind.js';
import type { Prepared } from '../../../core/prepared.js';
import { setText } from './doc-writes.js';
import { docName } from '../../../../shared/protocol/yjs.js';

const TEXTS = ['title', 'event', 'cause', 'effect'] as const satisfies readonly RiskTextField[];
const SCORES = ['inherentLikelihood', 'inherentImpact', 'currentLikelihood', 'currentImpact', 'targetLikelihood', 'targetImpact'] as const;
const CATEGORY_WORDS = Object.fromEntries(RISK_CATEGORIES.map((c) => [c, c])) as Record<(typeof RISK_CATEGORIES)[number], string>;

type Existing = Awaited<ReturnType<RiskService['queries']['importState']>>[number];
type Fields = Pick<RiskDocFields, 'category' | (typeof SCORES)[number] | 'tolerance'>;

export interface RiskOp {
  /** Null: a new risk, created with `create`. */
  riskId: number | null;
  create: CreateRiskPayload | null;
  owner: { ownerId: number; leadAgencyId: number } | null;
  texts: Partial<Record<(typeof TEXTS)[number], string>>;
  fields: Partial<Fields>;
}

interface Ctx {
  actor: Actor;
  size: MatrixSize;
  dir: Directory;
  byReference: Map<string, Existing>;
  seen: Set<string>;
}

const heading = (f: string) => exportHeading('risks', f as never);

/**
 * Risks: a row with a known reference changes that risk (only what differs from the register); a row
 * without one adds a risk to the board it names. Scores must fit the partnership's matrix, people and
 * agencies must be the partnership's, a reference may appear once. A risk's texts and scores are
 * written into its co-edited document as the person (open editors see them change); its owner through
 * the change-owner command; a new risk through the create command.
 */
export function risksImport(ctx: ServiceContext, risks: RiskService, docEditor: DocEditor): ImportKindHandler<Ctx, RiskOp> {
  return {
    async prepare(actor) {
      const state = await risks.queries.importState(actor.partnershipId);
      return {
        actor,
        size: (await risks.queries.matrix(actor.partnershipId)).size,
        dir: (await directoryOf(ctx, actor.partnershipId)),
        byReference: new Map(state.map((r) => [riskReference(r.number), r])),
        seen: new Set(),
      };
    },

    async plan(cells: Cells, c: Ctx): Promise<PlannedRow<RiskOp>> {
      const errors: { field: string; message: string }[] = [];
      const fail = (field: string, message: string) => void errors.push({ field, message });
      const ref = (cells('reference') ?? '').trim().toUpperCase();
      const existing = ref ? c.byReference.get(ref) ?? null : null;
      if (ref && !existing) fail('reference', `No risk ${ref} in this partnership: leave the reference empty to add a new risk`);
      if (ref && c.seen.has(ref)) fail('reference', `${ref} is on an earlier row too`);
      if (ref) c.seen.add(ref);

      const texts: RiskOp['texts'] = {};
      for (const f of TEXTS) {
        const v = cells(f);
        if (v !== undefined) texts[f] = v.trim();
      }
      if (texts.title !== undefined && texts.title === '') fail('title', 'A risk needs a title');
      if (texts.title !== undefined && texts.title.length > LIMITS.nameMax) fail('title', `Longer than ${LIMITS.nameMax} characters`);
      for (const f of ['event', 'cause', 'effect'] as const) if ((texts[f]?.length ?? 0) > DOC_LIMITS.textMax) fail(f, `Longer than ${DOC_LIMITS.textMax.toLocaleString('en-GB')} characters`);
      if (!existing && texts.title === undefined) fail('title', 'A new risk needs a title');

      const fields: Partial<Fields> = {};
      const category = cells('category');
      if (category !== undefined) {
        const r = readChoice(category, CATEGORY_WORDS, 'category');
        if ('error' in r) fail('category', r.error);
        else fields.category = r.value;
      }
      for (const f of SCORES) {
        const v = cells(f);
        if (v === undefined) continue;
        const r = readLevel(v, c.size);
        if ('error' in r) fail(f, r.error);
        else fields[f] = r.value;
      }
      const tolerance = cells('tolerance');
      if (tolerance !== undefined) {
        const r = readLevel(tolerance, c.size * c.size);
        if ('error' in r) fail('tolerance', r.error);
        else fields.tolerance = r.value;
      }

      const find = <T>(field: string, r: { value: T } | { error: string }): T | null => ('error' in r ? (fail(field, r.error), null) : r.value);
      const board = find('board', c.dir.boards.find(cells('board') ?? ''));
      const agency = find('leadAgency', c.dir.agencies.find(cells('leadAgency') ?? ''));
      const owner = find('owner', c.dir.people.find(cells('owner') ?? ''));

      const label = `${existing ? `${ref} ` : ''}${texts.title ?? existing?.title ?? ''}`.trim() || '(no title)';
      if (!existing) {
        if (ref) return { label, action: null, changes: [], errors, op: null };
        if (!board) fail('board', cells('board') === undefined || cells('board') === '' ? 'Name the board whose register the risk goes on' : 'Not a board of this partnership');
        else if (!canCommandRisk(c.actor, 'create', { partnershipId: c.actor.partnershipId, boardId: board.id, escalatedToBoardId: null, ownerId: null, leadAgencyId: null, mitigationOwnerIds: [] }))
          fail('board', `Only members of ${board.name} add risks to its register`);
        if (!agency && !errors.some((e) => e.field === 'leadAgency')) fail('leadAgency', 'Name the lead agency');
        if (!owner && !errors.some((e) => e.field === 'owner')) fail('owner', 'Name the risk owner');
        if (errors.length > 0) return { label, action: null, changes: [], errors, op: null };
        const changes: ImportChange[] = [{ field: heading('title'), from: '', to: texts.title! }];
        for (const [f, v] of Object.entries({ ...texts, ...fields })) if (f !== 'title' && v !== null && v !== '') changes.push({ field: heading(f), from: '', to: String(v) });
        const create = checkedPayload(CreateRiskPayload, { boardId: board!.id, title: texts.title!, leadAgencyId: agency!.id, ownerId: owner!.id, category: fields.category ?? null, ...withoutCategory(fields) }, { boardId: 'board', leadAgencyId: 'leadAgency', ownerId: 'owner' }, fail);
        if (!create) return { label, action: null, changes: [], errors, op: null };
        const { title: _title, ...rest } = texts;
        // The texts are typed into the new risk's doc after it is made, as the person: one who may add a
        // risk but not edit it (a member naming another agency's owner) would leave it made without them
        // and the import failed half done. Refused on the row instead, so the commit stays all or nothing.
        const facts = { partnershipId: c.actor.partnershipId, boardId: board!.id, escalatedToBoardId: null, ownerId: owner!.id, leadAgencyId: agency!.id, mitigationOwnerIds: [], status: 'open' as const };
        const typed = Object.entries(rest).filter(([, v]) => v !== '').map(([f]) => f);
        if (typed.length > 0 && riskAccess(c.actor, facts) !== 'edit') {
          for (const f of typed) fail(f, `Only the risk’s owner, its lead agency or the chair of ${board!.name} writes this: leave it empty, or name yourself or your agency`);
          return { label, action: null, changes: [], errors, op: null };
        }
        return { label, action: 'create', changes, errors, op: { riskId: null, create, owner: null, texts: rest, fields: {} } };
      }

      if (board && board.id !== existing.boardId) fail('board', 'A risk moves to another board by escalation, not by import');
      const changes: ImportChange[] = [];
      const changedTexts: RiskOp['texts'] = {};
      for (const [f, v] of Object.entries(texts) as [(typeof TEXTS)[number], string][]) {
        if (v === existing[f]) continue;
        changedTexts[f] = v;
        changes.push({ field: heading(f), from: existing[f], to: v });
      }
      const changedFields: Partial<Fields> = {};
      for (const [f, v] of Object.entries(fields) as [keyof Fields, Fields[keyof Fields]][]) {
        if (v === existing[f]) continue;
        (changedFields as Record<string, unknown>)[f] = v;
        changes.push({ field: heading(f), from: String(existing[f] ?? ''), to: String(v ?? '') });
      }
      let ownerChange: RiskOp['owner'] = null;
      const newOwner = owner && owner.id !== existing.ownerId ? owner : null;
      const newAgency = agency && agency.id !== existing.leadAgencyId ? agency : null;
      if (newOwner || newAgency) {
        const ownerId = newOwner?.id ?? existing.ownerId;
        const leadAgencyId = newAgency?.id ?? existing.leadAgencyId;
        if (ownerId === null || leadAgencyId === null) fail(newOwner ? 'leadAgency' : 'owner', 'Name both the owner and the lead agency');
        else {
          ownerChange = { ownerId, leadAgencyId };
          if (newOwner) changes.push({ field: heading('owner'), from: name(c.dir.people.byId, existing.ownerId), to: newOwner.name });
          if (newAgency) changes.push({ field: heading('leadAgency'), from: name(c.dir.agencies.byId, existing.leadAgencyId), to: newAgency.name });
        }
      }
      // A closed risk exported and brought back unchanged is no error; a change to one is.
      if (existing.status === 'closed' && changes.length > 0) fail('reference', `${ref} is closed: reopen it before changing it`);
      const facts = await risks.commitPath.facts(existing.id, c.actor.personId);
      const writes = Object.keys(changedTexts).length + Object.keys(changedFields).length > 0;
      if (writes && existing.status !== 'closed' && (!facts || (await risks.commitPath.access(c.actor, existing.id)) !== 'edit')) fail('reference', `You may not edit ${ref}`);
      if (ownerChange && (!facts || !canCommandRisk(c.actor, 'changeOwner', facts))) fail('owner', `Only ${ref}'s owner, its board's chair or an administrator changes its owner`);
      if (errors.length > 0) return { label, action: null, changes, errors, op: null };
      if (changes.length === 0) return { label, action: 'unchanged', changes, errors, op: null };
      return { label, action: 'update', changes, errors, op: { riskId: existing.id, create: null, owner: ownerChange, texts: changedTexts, fields: changedFields } };
    },

    async apply(actor, ops, progress, unchanged) {
      // Every row's command decided on the records as they stand, then all of it written as one: new
      // risks (with their texts), every text and score of the others (their documents' edits), and
      // last the changes of owner, which may take a risk out of the importer's hands.
      const creates: Prepared<unknown>[] = [];
      const owners: Prepared<unknown>[] = [];
      let done = 0;
      for (const op of ops) {
        if (op.create) creates.push(await risks.prepareCreate(actor, op.create, op.texts));
        else if (op.owner) owners.push(await risks.prepareChangeOwner(actor, op.riskId!, op.owner.ownerId, op.owner.leadAgencyId));
        progress(++done);
      }
      const edited = ops.filter((op) => op.riskId !== null && Object.keys(op.texts).length + Object.keys(op.fields).length > 0);
      const edits = edited.map((op) => riskEdit(op.riskId!, op));
      await commitWhole(ctx, docEditor, actor, { first: creates, docNames: edits.map((e) => e.docName), edits: async () => edits, last: owners, unchanged });
    },
  };
}

function withoutCategory(fields: Partial<Fields>): Omit<Partial<Fields>, 'category'> {
  const { category: _c, ...rest } = fields;
  return rest;
}

function name(records: Map<number, { name: string }>, id: number | null): string {
  return id === null ? '' : records.get(id)?.name ?? '';
}

/** The risk's texts and fields written into its document, as the person would type them. */
function riskEdit(riskId: number, op: RiskOp): DocEdit {
  return {
    docName: docName('risk', riskId),
    mutate(doc) {
      for (const [f, v] of Object.entries(op.texts)) setText(doc.getText(f), v);
      const map = doc.getMap('fields');
      for (const [f, v] of Object.entries(op.fields)) map.set(f, v);
    },
  };
}
