import { eq, inArray } from 'drizzle-orm';
import type * as Y from 'yjs';
import { planActionLeads, planActions, planObjectives, plans } from '../../db/schema.js';
import { OBJECTIVE_DOC, ObjectiveDocInvalid, readObjectiveDoc, textsChanged, type ObjectiveDocState } from '../../../shared/docs/objective-doc.js';
import { canReadPlans, objectiveTextRights, type ObjectiveTextFacts } from '../../../shared/domain/plan-permissions.js';
import type { Actor } from '../../../shared/domain/permissions.js';
import type { DocName } from '../../../shared/protocol/yjs.js';
import { isoAt, type ServiceContext } from '../../core/context.js';
import { auditTextChange } from '../../core/text-audit.js';
import { DocRejected, type DocKindHandler } from '../../realtime/yjs/doc-kind.js';

/** How long "plan.changed" waits after typing in a progress text, so open plan pages re-read once per pause, not per keystroke. */
const PLAN_CHANGED_AFTER_TYPING_MS = 1_000;

/** An objective as its doc is decided, read synchronously (the Yjs commit path is). */
export interface ObjectiveDocFacts extends Omit<ObjectiveTextFacts, 'liveMeetingBoardIds'> {
  objectiveId: number;
  planId: number;
}

export async function objectiveDocFacts(ctx: ServiceContext, objectiveId: number): Promise<ObjectiveDocFacts | null> {
  const o = await ctx.db
    .select({ partnershipId: planObjectives.partnershipId, planId: planObjectives.planId, leadPersonId: planObjectives.leadPersonId, boardId: plans.boardId })
    .from(planObjectives)
    .innerJoin(plans, eq(plans.id, planObjectives.planId))
    .where(eq(planObjectives.id, objectiveId))
    .get();
  if (!o) return null;
  const actions = await ctx.db.select({ id: planActions.id }).from(planActions).where(eq(planActions.objectiveId, objectiveId)).all();
  const leads = actions.length === 0 ? [] : (await ctx.db.select({ actionId: planActionLeads.actionId, personId: planActionLeads.personId }).from(planActionLeads).where(inArray(planActionLeads.actionId, actions.map((a) => a.id))).all());
  return {
    ...o,
    objectiveId,
    actions: actions.map((a) => ({ id: a.id, leadOfficerIds: leads.filter((l) => l.actionId === a.id).map((l) => l.personId) })),
  };
}

/**
 * `objective:<id>`: an objective's progress narrative and its actions' progress updates, typed
 * together by their leads and, during a meeting of the plan's board with the objective on its agenda,
 * by the members present. The doc is opened for editing by anyone who may write one of its texts;
 * each update is then checked text by text (accept), so a lead officer writes only their own action's
 * progress. Accepted updates project into plan_objectives.progress and plan_actions.progress, audited
 * as text edits, and open plan pages are told once the typing pauses.
 */
export function objectiveDocHandler(ctx: ServiceContext, liveMeetingBoards: (objectiveId: number, personId: number) => Promise<number[]>): DocKindHandler<ObjectiveDocState> {
  const rights = async (actor: Actor, facts: ObjectiveDocFacts) => objectiveTextRights(actor, { ...facts, liveMeetingBoardIds: await liveMeetingBoards(facts.objectiveId, actor.personId) });
  const pending = new Map<number, ReturnType<typeof setTimeout>>();
  const announce = (partnershipId: number, planId: number) => {
    if (pending.has(planId)) return;
    const timer = setTimeout(() => {
      pending.delete(planId);
      ctx.bus.emit('plan.changed', { partnershipId, planId });
    }, PLAN_CHANGED_AFTER_TYPING_MS);
    timer.unref?.();
    pending.set(planId, timer);
  };
  const factsOf = async (name: DocName) => (name.part === null ? (objectiveDocFacts(ctx, name.id)) : null);

  return {
    partnershipOf: async (name) => (await factsOf(name))?.partnershipId ?? null,
    access: async (actor, name) => {
      const facts = await factsOf(name);
      if (!facts || !canReadPlans(actor, facts.partnershipId)) return 'none';
      const may = await rights(actor, facts);
      return may.narrative || may.actionIds.length > 0 ? 'edit' : 'read';
    },
    read: (doc: Y.Doc) => {
      try {
        return readObjectiveDoc(doc);
      } catch (err) {
        if (err instanceof ObjectiveDocInvalid) throw new DocRejected(err.issues);
        throw err;
      }
    },
    accept: async ({ name, actor, before, after }) => {
      const changed = textsChanged(before, after);
      if (!changed.narrative && changed.actionIds.length === 0) return;
      const facts = await factsOf(name);
      if (!facts) throw new DocRejected(['the objective no longer exists']);
      const own = new Set(facts.actions.map((a) => a.id));
      const foreign = changed.actionIds.filter((id) => !own.has(id));
      if (foreign.length > 0) throw new DocRejected(foreign.map((id) => `${OBJECTIVE_DOC.action(id)}: not an action of this objective`));
      const may = await rights(actor, facts);
      const issues: string[] = [];
      if (changed.narrative && !may.narrative) issues.push(`${OBJECTIVE_DOC.narrative}: only the objective’s lead, the board’s chair or an administrator writes the narrative`);
      for (const id of changed.actionIds) if (!may.actionIds.includes(id)) issues.push(`${OBJECTIVE_DOC.action(id)}: only the action’s lead officers, the objective’s lead or the chair write its progress`);
      if (issues.length > 0) throw new DocRejected(issues);
    },
    project: async ({ name, docName, editorId, before, after }) => {
      const facts = (await factsOf(name))!;
      const changed = textsChanged(before, after);
      const at = isoAt(ctx.clock);
      const audit = (field: string, from: string, to: string) => auditTextChange(ctx, { partnershipId: facts.partnershipId, docName, recordId: facts.objectiveId, field, from, to, editorId, at });
      if (changed.narrative) {
        await ctx.db.update(planObjectives).set({ progress: after.narrative }).where(eq(planObjectives.id, facts.objectiveId)).run();
        await audit(OBJECTIVE_DOC.narrative, before.narrative, after.narrative);
      }
      for (const id of changed.actionIds) {
        const to = after.actions[id] ?? '';
        await ctx.db.update(planActions).set({ progress: to }).where(eq(planActions.id, id)).run();
        await audit(OBJECTIVE_DOC.action(id), before.actions[id] ?? '', to);
      }
      const touched = changed.narrative || changed.actionIds.length > 0;
      return { changed: null, afterStored: touched ? () => announce(facts.partnershipId, facts.planId) : undefined };
    },
  };
}
