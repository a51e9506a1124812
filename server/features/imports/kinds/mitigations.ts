import * as Y from 'yjs';
import { riskReference } from '../../../../shared/domain/scoring.js';
import { readChoice, readDate } from '../../../../shared/exchange/cells.js';
import { exportHeading } from '../../../../shared/exchange/columns.js';
import { newMitigation, } from '../../../../shared/docs/risk-doc.js';
import { newDocKey } from '../../../../shared/docs/strict.js';
import { docName } from '../../../../shared/protocol/yjs.js';
import { DOC_LIMITS } from '../../../../shared/limits.js';
import { MITIGATION_STATUS_LABELS, RISK_DOC, type MitigationRow, type MitigationStatus } from '../../../../shared/schemas/risk.js';
import type { Actor } from '../../../../shared/domain/permissions.js';
import type { ImportChange } from '../../../../shared/schemas/imports.js';
import type { DocEdit, DocEditor } from '../../../core/doc-editor.js';
import type { ServiceContext } from '../../../core/context.js';
import type { RiskService } from '../../risks/index.js';
import { directoryOf, type Directory } from '../lookups.js';
import { commitWhole, type Cells, type ImportKindHandler, type PlannedRow } from './kind.js';
import { setText } from './doc-writes.js';

export interface MitigationOp {
  riskId: number;
  /** The mitigation's key in its risk's doc; made now for a new one. */
  key: string;
  isNew: boolean;
  action?: string;
  ownerId?: number | null;
  agencyId?: number | null;
  dueDate?: string | null;
  status?: MitigationStatus;
}

interface Ctx {
  actor: Actor;
  dir: Directory;
  risks: Map<string, { id: number; status: string; editable: boolean | null }>;
  /** `<riskId>:<key>` → the mitigation now. */
  current: Map<string, MitigationRow>;
  seen: Set<string>;
  /** New mitigations per risk so far (a risk holds at most DOC_LIMITS.mitigationsPerRisk). */
  count: Map<number, number>;
}

const heading = (f: string) => exportHeading('mitigations', f as never);

/**
 * Mitigations: each row names its risk; a row with a known Mitigation ID changes that mitigation, one
 * without adds a mitigation to the risk. Written into the risk's co-edited document as the person,
 * one edit per risk, so whoever has the risk open sees them arrive.
 */
export function mitigationsImport(ctx: ServiceContext, risks: RiskService, docEditor: DocEditor): ImportKindHandler<Ctx, MitigationOp> {
  return {
    async prepare(actor) {
      const state = await risks.queries.importState(actor.partnershipId);
      const current = await risks.queries.partnershipMitigations(actor.partnershipId);
      const count = new Map<number, number>();
      for (const m of current) count.set(m.riskId, (count.get(m.riskId) ?? 0) + 1);
      return {
        actor,
        dir: (await directoryOf(ctx, actor.partnershipId)),
        risks: new Map(state.map((r) => [riskReference(r.number), { id: r.id, status: r.status, editable: null }])),
        current: new Map(current.map((m) => [m.id, m])),
        seen: new Set(),
        count,
      };
    },

    async plan(cells: Cells, c: Ctx): Promise<PlannedRow<MitigationOp>> {
      const errors: { field: string; message: string }[] = [];
      const fail = (field: string, message: string) => void errors.push({ field, message });
      const ref = (cells('riskReference') ?? '').trim().toUpperCase();
      const risk = c.risks.get(ref) ?? null;
      if (!ref) fail('riskReference', 'Name the risk (its reference, as R-004)');
      else if (!risk) fail('riskReference', `No risk ${ref} in this partnership`);
      else {
        if (risk.editable === null) risk.editable = (await risks.commitPath.access(c.actor, risk.id)) === 'edit';
      }
      const key = (cells('mitigationId') ?? '').trim();
      const existing = risk && key ? c.current.get(`${risk.id}:${key}`) ?? null : null;
      if (risk && key && !existing) fail('mitigationId', `${ref} has no mitigation ${key}: leave the Mitigation ID empty to add one`);
      if (risk && key) {
        if (c.seen.has(`${risk.id}:${key}`)) fail('mitigationId', 'This mitigation is on an earlier row too');
        c.seen.add(`${risk.id}:${key}`);
      }
      const action = cells('action')?.trim();
      if (action !== undefined && action === '') fail('action', 'Say what the mitigation does');
      if (!existing && action === undefined) fail('action', 'A new mitigation needs its action');
      if (action !== undefined && action.length > DOC_LIMITS.textMax) fail('action', 'Too long');

      const read = <T>(field: string, r: { value: T } | { error: string }): T | undefined => ('error' in r ? (fail(field, r.error), undefined) : r.value);
      const owner = cells('owner') === undefined ? undefined : read('owner', c.dir.people.find(cells('owner')!));
      const agency = cells('agency') === undefined ? undefined : read('agency', c.dir.agencies.find(cells('agency')!));
      const dueDate = cells('dueDate') === undefined ? undefined : read('dueDate', readDate(cells('dueDate')!));
      const status = cells('status') === undefined ? undefined : read('status', readChoice(cells('status')!, MITIGATION_STATUS_LABELS, 'status'));

      const label = `${ref || '?'}: ${(action ?? existing?.action ?? '').slice(0, 80)}`;
      if (errors.length > 0 || !risk) return { label, action: null, changes: [], errors, op: null };

      const want = {
        action,
        ownerId: owner === undefined ? undefined : owner?.id ?? null,
        agencyId: agency === undefined ? undefined : agency?.id ?? null,
        dueDate,
        status: status === undefined ? undefined : status ?? 'not_started',
      };
      const changes: ImportChange[] = [];
      const words = {
        action: (v: unknown) => String(v ?? ''),
        ownerId: (v: unknown) => (v == null ? '' : c.dir.people.byId.get(v as number)?.name ?? ''),
        agencyId: (v: unknown) => (v == null ? '' : c.dir.agencies.byId.get(v as number)?.name ?? ''),
        dueDate: (v: unknown) => String(v ?? ''),
        status: (v: unknown) => (v ? MITIGATION_STATUS_LABELS[v as MitigationStatus] : ''),
      };
      const fieldOf = { action: 'action', ownerId: 'owner', agencyId: 'agency', dueDate: 'dueDate', status: 'status' } as const;
      const op: MitigationOp = { riskId: risk.id, key: existing?.key ?? newDocKey('m'), isNew: !existing };
      for (const [k, v] of Object.entries(want) as [keyof typeof want, unknown][]) {
        if (v === undefined) continue;
        const now = existing ? (existing as unknown as Record<string, unknown>)[k] ?? null : null;
        if (existing && now === v) continue;
        if (!existing && (v === null || v === '')) continue;
        (op as unknown as Record<string, unknown>)[k] = v;
        changes.push({ field: heading(fieldOf[k]), from: existing ? words[k](now) : '', to: words[k](v) });
      }
      // Decided once the row's changes are known: a closed risk's mitigations brought back unchanged are no error.
      const refusal = risk.status === 'closed' ? `${ref} is closed` : !risk.editable ? `You may not edit ${ref}’s mitigations` : null;
      if (refusal && (changes.length > 0 || !existing)) return { label, action: null, changes: [], errors: [{ field: 'riskReference', message: refusal }], op: null };
      if (!existing) {
        const n = (c.count.get(risk.id) ?? 0) + 1;
        if (n > DOC_LIMITS.mitigationsPerRisk) return { label, action: null, changes: [], errors: [{ field: 'riskReference', message: `${ref} would have more than ${DOC_LIMITS.mitigationsPerRisk} mitigations` }], op: null };
        c.count.set(risk.id, n);
        // A new mitigation's key is made afresh at each planning: the commit compares the rest.
        return { label, action: 'create', changes, errors, op, target: { ...op, key: null } };
      }
      if (changes.length === 0) return { label, action: 'unchanged', changes, errors, op: null };
      return { label, action: 'update', changes, errors, op };
    },

    async apply(actor, ops, progress, unchanged) {
      const perRisk = new Map<number, MitigationOp[]>();
      for (const op of ops) perRisk.set(op.riskId, [...(perRisk.get(op.riskId) ?? []), op]);
      const edits: DocEdit[] = [...perRisk].map(([riskId, list]) => ({ docName: docName('risk', riskId), mutate: (doc) => list.forEach((op) => writeMitigation(doc, op)) }));
      await commitWhole(ctx, docEditor, actor, { docNames: edits.map((e) => e.docName), edits: async () => edits, unchanged });
      progress(ops.length);
    },
  };
}

function writeMitigation(doc: Y.Doc, op: MitigationOp): void {
  if (op.isNew) {
    newMitigation(doc, op.key, { action: op.action ?? '', ownerId: op.ownerId ?? null, agencyId: op.agencyId ?? null, dueDate: op.dueDate ?? null, status: op.status ?? 'not_started' });
    return;
  }
  const m = doc.getMap<unknown>(RISK_DOC.mitigations).get(op.key);
  if (!(m instanceof Y.Map)) throw new Error(`the mitigation ${op.key} is no longer there`);
  if (op.action !== undefined) {
    const text = m.get(RISK_DOC.mitigationAction);
    if (text instanceof Y.Text) setText(text, op.action);
  }
  for (const k of ['ownerId', 'agencyId', 'dueDate', 'status'] as const) if (op[k] !== undefined) m.set(k, op[k]);
}
