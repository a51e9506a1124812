import { inArray } from 'drizzle-orm';
import * as Y from 'yjs';
import { planActions } from '../../db/schema.js';
import { DocStore } from '../../db/doc-store.js';
import { OBJECTIVE_DOC } from '../../../shared/docs/objective-doc.js';
import { docName } from '../../../shared/protocol/yjs.js';
import type { ServiceContext } from '../../core/context.js';

/** An objective doc's first update holding these texts, or null when there is nothing to hold. */
export function objectiveDocUpdate(narrative: string, actions: Record<number, string>): Uint8Array | null {
  const texts = Object.entries(actions).filter(([, text]) => text.length > 0);
  if (narrative.length === 0 && texts.length === 0) return null;
  const doc = new Y.Doc();
  doc.transact(() => {
    if (narrative) doc.getText(OBJECTIVE_DOC.narrative).insert(0, narrative);
    for (const [id, text] of texts) doc.getText(OBJECTIVE_DOC.action(Number(id))).insert(0, text);
  });
  const update = Y.encodeStateAsUpdate(doc);
  doc.destroy();
  return update;
}

/**
 * Progress written before it was co-edited (plain columns, set by the plan's commands) is carried into
 * each objective's doc once, at start-up, so the doc holds what the plan showed: an objective with no
 * stored doc and some progress gets a first update with it. Idempotent: a doc once stored is never
 * written here again.
 */
export async function backfillObjectiveDocs(ctx: ServiceContext): Promise<number> {
  const docs = new DocStore(ctx.database);
  const at = ctx.clock();
  // Read and written in one transaction: two processes starting together take it in turn, and the
  // second finds the docs the first wrote (two first updates would each hold the text: it would show twice).
  return ctx.database.transaction(async () => {
    const missing = await ctx.database.sql.all<{ id: number; progress: string; lead: number | null }>(
      `select o.id, o.progress, o.lead_person_id as lead from plan_objectives o
         where not exists (select 1 from doc_updates u where u.doc_name = 'objective:' || o.id)
           and not exists (select 1 from doc_snapshots s where s.doc_name = 'objective:' || o.id)
           and (o.progress <> '' or exists (select 1 from plan_actions a where a.objective_id = o.id and a.progress <> ''))`,
    );
    if (missing.length === 0) return 0;
    const actions = await ctx.db
      .select({ id: planActions.id, objectiveId: planActions.objectiveId, progress: planActions.progress })
      .from(planActions)
      .where(inArray(planActions.objectiveId, missing.map((o) => o.id)))
      .all();
    for (const o of missing) {
      const texts = Object.fromEntries(actions.filter((a) => a.objectiveId === o.id).map((a) => [a.id, a.progress]));
      const update = objectiveDocUpdate(o.progress, texts);
      if (update) await docs.append(docName('objective', o.id), update, o.lead, at);
    }
    return missing.length;
  });
}
