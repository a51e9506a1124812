import type * as Y from 'yjs';
import type { DocStore } from '../../db/doc-store.js';
import { AppError } from '../../../shared/errors.js';
import type { Access, Actor } from '../../../shared/domain/permissions.js';
import { RiskDocInvalid, noteChangeIssues, readRiskDoc, scoreRangeIssues, type RiskDocState } from '../../../shared/docs/risk-doc.js';
import { and, eq } from 'drizzle-orm';
import { agencies, people } from '../../db/schema.js';
import type { DocKind, DocName } from '../../../shared/protocol/yjs.js';
import { isoAt, type ServiceContext } from '../../core/context.js';
import { projectRiskUpdate } from './projection.js';
import { recordOvertaken, type ContestedValue, type OvertakenNotice } from './overtaken.js';
import type { RiskService } from './service.js';
import type { RiskAlerts } from './tolerance.js';
import type { NotificationService } from '../notifications/service.js';

/** What the realtime layer is told after an update is stored, so lists can refresh. */
export interface RowsChanged {
  partnershipId: number;
  kind: DocKind;
  ids: number[];
}

/**
 * Everything the Yjs server needs to know about one kind of document: who may open it, what a
 * valid state is, and how an accepted update is stored with its projection.
 */
export interface DocKindHandler<S = unknown> {
  partnershipOf(name: DocName): number | null;
  access(actor: Actor, name: DocName): Access;
  /** Reads and validates a doc state; throws DocRejected when it breaks the kind's schema. */
  read(doc: Y.Doc, name: DocName): S;
  /**
   * What the layout alone cannot tell, checked before anything is stored: that authored items name
   * their writer, and that ids written into the doc belong to its partnership. Throws DocRejected.
   */
  accept?(input: { name: DocName; partnershipId: number; editorId: number; before: S; after: S }): void;
  /**
   * Appends the update and writes its projection in one transaction. `contested` lists the values set
   * at the same moment as another person's that did not hold (see overtakenSets); the kind records
   * those it knows and returns whom to tell.
   */
  commit(input: { name: DocName; docName: string; partnershipId: number; update: Uint8Array; editorId: number; before: S; after: S; contested: ContestedValue[] }): {
    updateId: number;
    changed: RowsChanged | null;
    notices?: OvertakenNotice[];
  };
}

export class DocRejected extends AppError {
  constructor(issues: string[]) {
    super('VALIDATION_FAILED', 'The change breaks the record’s rules and was not saved.', issues);
  }
}

export function riskDocHandler(ctx: ServiceContext, docs: DocStore, riskService: RiskService, alerts: RiskAlerts, notifications: NotificationService): DocKindHandler<RiskDocState> {
  return {
    partnershipOf: (name) => riskService.facts(name.id)?.partnershipId ?? null,
    access: (actor, name) => (name.part ? 'none' : riskService.access(actor, name.id)),
    read: (doc) => {
      try {
        return readRiskDoc(doc);
      } catch (err) {
        if (err instanceof RiskDocInvalid) throw new DocRejected(err.issues);
        throw err;
      }
    },
    accept: ({ partnershipId, editorId, before, after }) => {
      const issues = noteChangeIssues(before, after, editorId, ctx.clock());
      // A score the partnership's matrix cannot hold (a 5 on a 4×4) is refused like any broken rule.
      issues.push(...scoreRangeIssues(before.fields, after.fields, () => riskService.queries.matrix(partnershipId).size));
      // Only values this update sets are looked up: a keystroke in a text costs no query.
      const old = new Map(before.mitigations.map((m) => [m.id, m]));
      for (const m of after.mitigations) {
        const was = old.get(m.id);
        if (m.ownerId !== null && m.ownerId !== was?.ownerId && !inPartnership(ctx, people, partnershipId, m.ownerId)) issues.push(`mitigations.${m.id}.ownerId: no such person in this partnership`);
        if (m.agencyId !== null && m.agencyId !== was?.agencyId && !inPartnership(ctx, agencies, partnershipId, m.agencyId)) issues.push(`mitigations.${m.id}.agencyId: no such agency in this partnership`);
      }
      if (issues.length > 0) throw new DocRejected(issues);
    },
    commit: ({ name, docName, partnershipId, update, editorId, before, after, contested }) => {
      const { result, told } = ctx.database.transaction(() => {
        const updateId = docs.append(docName, update, editorId, ctx.clock());
        const at = isoAt(ctx.clock);
        const projected = projectRiskUpdate(ctx, { partnershipId, riskId: name.id, docName, editorId, at, before, after });
        const notices = contested.length > 0 ? recordOvertaken(ctx, { partnershipId, riskId: name.id, docName, at, contested }) : [];
        const told = projected.roseAboveTolerance ? alerts.roseAboveTolerance(name.id, projected.roseAboveTolerance) : [];
        const changed = projected.listChanged || notices.length > 0 ? { partnershipId, kind: 'risk' as const, ids: [name.id] } : null;
        return { result: { updateId, changed, notices }, told };
      });
      // Pushed only once the update is stored: a refused commit tells nobody.
      notifications.deliver(told);
      return result;
    },
  };
}

/** Whether a person or agency id belongs to the partnership (ids written into a doc are the client's word). */
export function inPartnership(ctx: ServiceContext, table: typeof people | typeof agencies, partnershipId: number, id: number): boolean {
  return ctx.db.select({ id: table.id }).from(table).where(and(eq(table.id, id), eq(table.partnershipId, partnershipId))).get() !== undefined;
}
