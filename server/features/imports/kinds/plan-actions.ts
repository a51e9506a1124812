import { readChoice, readDate } from '../../../../shared/exchange/cells.js';
import { exportHeading } from '../../../../shared/exchange/columns.js';
import { OBJECTIVE_DOC } from '../../../../shared/docs/objective-doc.js';
import { docName } from '../../../../shared/protocol/yjs.js';
import { AppError } from '../../../../shared/errors.js';
import { PLAN_LIMITS } from '../../../../shared/limits.js';
import { CreatePlanActionPayload, PLAN_ACTION_STATUS_LABELS, UpdatePlanActionPayload, type ObjectiveView, type PlanActionStatus, type PlanActionView } from '../../../../shared/schemas/plan.js';
import type { Actor } from '../../../../shared/domain/permissions.js';
import type { ImportChange } from '../../../../shared/schemas/imports.js';
import type { DocEdit, DocEditor } from '../../../core/doc-editor.js';
import type { ServiceContext } from '../../../core/context.js';
import type { Prepared } from '../../../core/prepared.js';
import type { PlanService } from '../../plans/index.js';
import { directoryOf, type Directory } from '../lookups.js';
import { checkedPayload, commitWhole, type Cells, type ImportKindHandler, type PlannedRow } from './kind.js';
import { setText } from './doc-writes.js';

export interface PlanActionOp {
  create: CreatePlanActionPayload | null;
  update: UpdatePlanActionPayload | null;
  /** The action changed (null for a new one). */
  actionId: number | null;
  objectiveId: number;
  /** The progress update, written into the objective's doc (for a new action, once it exists). */
  progress: string | null;
}

interface Ctx {
  dir: Directory;
  objectives: ObjectiveView[];
  actions: Map<number, { action: PlanActionView; objective: ObjectiveView }>;
  seen: Set<number>;
}

const heading = (f: string) => exportHeading('plan-actions', f as never);
/** The plan-action commands' keys as the import's fields. */
const FIELD_OF = { objectiveId: 'objective', actionId: 'actionId', leadOfficerIds: 'leads' };
const squash = (s: string) => s.trim().replace(/\s+/g, ' ').toLowerCase();

/**
 * An improvement plan's actions ("Action | Milestones | Timescales | Lead Officers | Progress"): a row
 * with a known Action ID changes that action, one without adds an action to the objective it names
 * (by its outcome as the plan words it, or its number). The plan's own commands write them, so their
 * rights hold (shaping the plan is the chair's, reporting the lead officers'); the progress update is
 * typed into the objective's co-edited doc as the person.
 */
export function planActionsImport(ctx: ServiceContext, plans: PlanService, docEditor: DocEditor): ImportKindHandler<Ctx, PlanActionOp> {
  return {
    async prepare(actor, { planId }) {
      if (planId === undefined) throw new AppError('VALIDATION_FAILED', 'Choose the plan the actions belong to.', [{ path: 'planId', message: 'Required' }]);
      const plan = await plans.detail(actor, planId);
      const objectives = plan.themes.flatMap((t) => t.objectives);
      const actions = new Map(objectives.flatMap((o) => o.actions.map((a) => [a.id, { action: a, objective: o }] as const)));
      return { dir: (await directoryOf(ctx, actor.partnershipId)), objectives, actions, seen: new Set() };
    },

    plan(cells: Cells, c: Ctx): PlannedRow<PlanActionOp> {
      const errors: { field: string; message: string }[] = [];
      const fail = (field: string, message: string) => void errors.push({ field, message });
      const idText = (cells('actionId') ?? '').trim();
      const found = idText ? c.actions.get(Number(idText)) ?? null : null;
      if (idText && !found) fail('actionId', `No action ${idText} in this plan: leave the Action ID empty to add one`);
      if (found && c.seen.has(found.action.id)) fail('actionId', 'This action is on an earlier row too');
      if (found) c.seen.add(found.action.id);

      const objectiveText = cells('objective') ?? '';
      const objective = objectiveText.trim() === '' ? found?.objective ?? null : c.objectives.find((o) => squash(o.outcome) === squash(objectiveText) || String(o.id) === objectiveText.trim()) ?? null;
      if (!objective) fail('objective', objectiveText.trim() ? 'No objective of this plan is worded so' : 'Name the objective');
      else if (found && found.objective.id !== objective.id) fail('objective', 'An action stays under its objective: add it again under the other one');

      const text = (field: string, max: number) => {
        const v = cells(field)?.trim();
        if (v !== undefined && v.length > max) fail(field, `Longer than ${max} characters`);
        return v;
      };
      const description = text('description', PLAN_LIMITS.textMax);
      if (description === '' || (!found && description === undefined)) fail('description', 'Say what the action is');
      const milestones = text('milestones', PLAN_LIMITS.notesMax);
      const progress = text('progress', PLAN_LIMITS.narrativeMax);
      const due = cells('dueDate') === undefined ? undefined : readDate(cells('dueDate')!);
      if (due && 'error' in due) fail('dueDate', due.error);
      const status = cells('status') === undefined ? undefined : readChoice(cells('status')!, PLAN_ACTION_STATUS_LABELS, 'status');
      if (status && 'error' in status) fail('status', status.error);
      let leads: { id: number; name: string }[] | undefined;
      const leadText = cells('leads');
      if (leadText !== undefined) {
        leads = [];
        for (const name of leadText.split(/[;\n]/).map((s) => s.trim()).filter(Boolean)) {
          const r = c.dir.people.find(name);
          if ('error' in r) fail('leads', r.error);
          else if (r.value) leads.push(r.value);
        }
        if (leads.length === 0 && !errors.some((e) => e.field === 'leads')) fail('leads', 'Name at least one lead officer');
        if (leads.length > PLAN_LIMITS.leadsMax) fail('leads', `At most ${PLAN_LIMITS.leadsMax} lead officers`);
      }
      const label = (description ?? found?.action.description ?? '').slice(0, 80) || '(no action)';
      if (errors.length > 0 || !objective) return { label, action: null, changes: [], errors, op: null };

      const dueDate = due && 'value' in due ? due.value : undefined;
      const statusValue = status && 'value' in status ? (status.value ?? 'not_started') : undefined;
      if (!found) {
        if (!objective.can.edit) return { label, action: null, changes: [], errors: [{ field: 'objective', message: 'Only the chair or a vice-chair of the plan’s board adds actions' }], op: null };
        if (!leads) return { label, action: null, changes: [], errors: [{ field: 'leads', message: 'Name at least one lead officer' }], op: null };
        const changes: ImportChange[] = [{ field: heading('description'), from: '', to: description! }];
        if (milestones) changes.push({ field: heading('milestones'), from: '', to: milestones });
        if (dueDate) changes.push({ field: heading('dueDate'), from: '', to: dueDate });
        changes.push({ field: heading('leads'), from: '', to: leads.map((l) => l.name).join('; ') });
        if (statusValue && statusValue !== 'not_started') changes.push({ field: heading('status'), from: '', to: PLAN_ACTION_STATUS_LABELS[statusValue] });
        if (progress) changes.push({ field: heading('progress'), from: '', to: progress });
        const create = checkedPayload(CreatePlanActionPayload, { objectiveId: objective.id, description: description!, milestones: milestones ?? '', dueDate: dueDate ?? null, leadOfficerIds: leads.map((l) => l.id), status: statusValue ?? 'not_started', recommendationIds: [] }, FIELD_OF, fail);
        if (!create) return { label, action: null, changes: [], errors, op: null };
        return { label, action: 'create', changes, errors, op: { create, update: null, actionId: null, objectiveId: objective.id, progress: progress || null } };
      }

      const a = found.action;
      const update: UpdatePlanActionPayload = { actionId: a.id };
      const changes: ImportChange[] = [];
      const set = <K extends keyof UpdatePlanActionPayload>(key: K, field: string, now: string, next: UpdatePlanActionPayload[K], words: string) => {
        update[key] = next;
        changes.push({ field: heading(field), from: now, to: words });
      };
      if (description !== undefined && description !== a.description) set('description', 'description', a.description, description, description);
      if (milestones !== undefined && milestones !== a.milestones) set('milestones', 'milestones', a.milestones, milestones, milestones);
      if (dueDate !== undefined && dueDate !== a.dueDate) set('dueDate', 'dueDate', a.dueDate ?? '', dueDate, dueDate ?? '');
      const leadIds = leads?.map((l) => l.id).sort((x, y) => x - y);
      if (leadIds && leadIds.join() !== a.leadOfficers.map((l) => l.id).sort((x, y) => x - y).join()) set('leadOfficerIds', 'leads', a.leadOfficers.map((l) => l.name).join('; '), leadIds, leads!.map((l) => l.name).join('; '));
      if (statusValue !== undefined && statusValue !== a.status) set('status', 'status', PLAN_ACTION_STATUS_LABELS[a.status], statusValue as PlanActionStatus, PLAN_ACTION_STATUS_LABELS[statusValue]);
      const progressChanged = progress !== undefined && progress !== a.progress;
      if (progressChanged) changes.push({ field: heading('progress'), from: a.progress, to: progress });
      const shaping = Object.keys(update).some((k) => k !== 'actionId' && k !== 'status');
      if (shaping && !a.can.edit) fail('actionId', 'Only the chair or a vice-chair of the plan’s board changes what an action is, when and who leads it');
      if (update.status !== undefined && !a.can.reportProgress) fail('status', 'Only the action’s lead officers, the objective’s lead or the chair report its status');
      if (progressChanged && !a.can.writeProgress) fail('progress', 'Only the action’s lead officers, the objective’s lead or the chair write its progress');
      const checked = Object.keys(update).length > 1 ? checkedPayload(UpdatePlanActionPayload, update, FIELD_OF, fail) : null;
      if (errors.length > 0) return { label, action: null, changes, errors, op: null };
      if (changes.length === 0) return { label, action: 'unchanged', changes, errors, op: null };
      return { label, action: 'update', changes, errors, op: { create: null, update: checked, actionId: a.id, objectiveId: objective.id, progress: progressChanged ? progress! : null } };
    },

    async apply(actor: Actor, ops, progress, unchanged) {
      // Every row's command decided first; then, as one, the actions written and every progress update
      // into its objective's doc (a new action's once its id is known).
      let done = 0;
      const prepared: { op: PlanActionOp; command: Prepared<unknown> | null; id: () => number | null }[] = [];
      for (const op of ops) {
        if (op.create) {
          const command = await plans.prepareCreateAction(actor, op.create);
          prepared.push({ op, command, id: () => command.created() });
        } else {
          // An action whose progress alone changed has no command, only its doc's edit.
          const actionId = op.update?.actionId ?? op.actionId;
          prepared.push({ op, command: op.update ? await plans.prepareUpdateAction(actor, op.update) : null, id: () => actionId });
        }
        progress(++done);
      }
      const progressed = [...new Set(ops.filter((op) => op.progress !== null).map((op) => op.objectiveId))];
      const edits = (): DocEdit[] => {
        // One edit per objective's doc, holding every action's progress of it.
        const texts = new Map<number, [string, string][]>();
        for (const { op, id } of prepared) {
          const actionId = id();
          if (op.progress !== null && actionId !== null) texts.set(op.objectiveId, [...(texts.get(op.objectiveId) ?? []), [OBJECTIVE_DOC.action(actionId), op.progress]]);
        }
        return [...texts].map(([objectiveId, list]) => ({ docName: docName('objective', objectiveId), mutate: (doc) => list.forEach(([key, text]) => setText(doc.getText(key), text)) }));
      };
      await commitWhole(ctx, docEditor, actor, { first: prepared.flatMap((p) => (p.command ? [p.command] : [])), docNames: progressed.map((id) => docName('objective', id)), edits: async () => edits(), unchanged });
    },
  };
}
