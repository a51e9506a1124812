import { RiskDocInvalid, noteChangeIssues, readRiskDoc, scoreRangeIssues, type RiskDocState } from '../../../shared/docs/risk-doc.js';
import { and, eq } from 'drizzle-orm';
import { agencies, people } from '../../db/schema.js';
import { isoAt, type ServiceContext } from '../../core/context.js';
import { DocRejected, type DocKindHandler } from '../../realtime/yjs/doc-kind.js';

export { DocRejected, type DocKindHandler, type RowsChanged } from '../../realtime/yjs/doc-kind.js';
import { projectRiskUpdate } from './projection.js';
import { recordOvertaken } from './overtaken.js';
import type { RiskService } from './service.js';
import type { RiskAlerts } from './tolerance.js';
import type { NotificationService } from '../notifications/index.js';

export function riskDocHandler(ctx: ServiceContext, riskService: RiskService, alerts: RiskAlerts, notifications: NotificationService): DocKindHandler<RiskDocState> {
  return {
    partnershipOf: async (name) => (await riskService.commitPath.facts(name.id))?.partnershipId ?? null,
    access: async (actor, name) => (name.part ? 'none' : riskService.commitPath.access(actor, name.id)),
    read: (doc) => {
      try {
        return readRiskDoc(doc);
      } catch (err) {
        if (err instanceof RiskDocInvalid) throw new DocRejected(err.issues);
        throw err;
      }
    },
    accept: async ({ partnershipId, editorId, before, after }) => {
      const issues = noteChangeIssues(before, after, editorId, ctx.clock());
      // A score the partnership's matrix cannot hold (a 5 on a 4×4) is refused like any broken rule.
      // Every matrix holds what a 4×4 does: only a value beyond that costs the look-up of this partnership's.
      if (scoreRangeIssues(before.fields, after.fields, () => 4).length > 0) {
        const size = (await riskService.queries.matrix(partnershipId)).size;
        issues.push(...scoreRangeIssues(before.fields, after.fields, () => size));
      }
      // Only values this update sets are looked up: a keystroke in a text costs no query.
      const old = new Map(before.mitigations.map((m) => [m.id, m]));
      for (const m of after.mitigations) {
        const was = old.get(m.id);
        if (m.ownerId !== null && m.ownerId !== was?.ownerId && !(await inPartnership(ctx, people, partnershipId, m.ownerId))) issues.push(`mitigations.${m.id}.ownerId: no such person in this partnership`);
        if (m.agencyId !== null && m.agencyId !== was?.agencyId && !(await inPartnership(ctx, agencies, partnershipId, m.agencyId))) issues.push(`mitigations.${m.id}.agencyId: no such agency in this partnership`);
      }
      if (issues.length > 0) throw new DocRejected(issues);
    },
    project: async ({ name, docName, partnershipId, editorId, before, after, contested }) => {
      const at = isoAt(ctx.clock);
      const projected = await projectRiskUpdate(ctx, { partnershipId, riskId: name.id, docName, editorId, at, before, after });
      const notices = contested.length > 0 ? (await recordOvertaken(ctx, { partnershipId, riskId: name.id, docName, at, contested })) : [];
      const told = projected.roseAboveTolerance ? (await alerts.roseAboveTolerance(name.id, projected.roseAboveTolerance)) : [];
      const changed = projected.listChanged || notices.length > 0 ? { partnershipId, kind: 'risk' as const, ids: [name.id] } : null;
      // A mitigation's owner may edit its risk: a new or a former owner has their open editors'
      // rights decided again once the update is stored, not when they next reconnect.
      const ownersChanged = ownersOf(before) !== ownersOf(after);
      // Pushed only once the update is stored: a refused or failed commit tells nobody.
      const afterStored =
        told.length > 0 || ownersChanged
          ? () => {
              notifications.deliver(told);
              if (ownersChanged) ctx.bus.emit('risk.changed', { partnershipId, riskId: name.id, command: 'mitigation owner' });
            }
          : undefined;
      return { changed, notices, afterStored };
    },
  };
}

/** The people owning the risk's mitigations, in one comparable spelling. */
function ownersOf(state: RiskDocState): string {
  return [...new Set(state.mitigations.flatMap((m) => (m.ownerId === null ? [] : [m.ownerId])))].sort((a, b) => a - b).join(',');
}

/** Whether a person or agency id belongs to the partnership (ids written into a doc are the client's word). */
export async function inPartnership(ctx: ServiceContext, table: typeof people | typeof agencies, partnershipId: number, id: number): Promise<boolean> {
  return (await ctx.db.select({ id: table.id }).from(table).where(and(eq(table.id, id), eq(table.partnershipId, partnershipId))).get()) !== undefined;
}
