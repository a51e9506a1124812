import type * as Y from 'yjs';
import type { DocStore } from '../db/doc-store.js';
import { AppError } from '../../shared/errors.js';
import type { Access, Actor } from '../../shared/domain/permissions.js';
import { RiskDocInvalid, readRiskDoc, type RiskDocState } from '../../shared/docs/risk-doc.js';
import type { DocKind, DocName } from '../../shared/protocol/yjs.js';
import { isoAt, type ServiceContext } from './context.js';
import { projectRiskUpdate } from './risk-projection.js';
import type { RiskService } from './risks.js';

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
  /** Appends the update and writes its projection in one transaction. */
  commit(input: { name: DocName; docName: string; partnershipId: number; update: Uint8Array; editorId: number; before: S; after: S }): { updateId: number; changed: RowsChanged | null };
}

export class DocRejected extends AppError {
  constructor(issues: string[]) {
    super('VALIDATION_FAILED', 'The change breaks the record’s rules and was not saved.', issues);
  }
}

export function riskDocHandler(ctx: ServiceContext, docs: DocStore, riskService: RiskService): DocKindHandler<RiskDocState> {
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
    commit: ({ name, docName, partnershipId, update, editorId, before, after }) => {
      return ctx.database.transaction(() => {
        const updateId = docs.append(docName, update, editorId, ctx.clock());
        const changed = projectRiskUpdate(ctx, { partnershipId, riskId: name.id, docName, editorId, at: isoAt(ctx.clock), before, after });
        return { updateId, changed: changed ? { partnershipId, kind: 'risk' as const, ids: [name.id] } : null };
      });
    },
  };
}
