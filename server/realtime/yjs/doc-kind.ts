import type * as Y from 'yjs';
import { AppError } from '../../../shared/errors.js';
import type { Access, Actor } from '../../../shared/domain/permissions.js';
import type { DocKind, DocName } from '../../../shared/protocol/yjs.js';
import type { Scalar } from '../../../shared/docs/overtaken.js';
import type { RiskOvertakenEvent } from '../../../shared/protocol/socket.js';

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


/** A value set at the same moment as another person's, that did not hold; the people are the server's word (doc writers). */
export interface ContestedValue {
  path: string[];
  lost: { personId: number; value: Scalar };
  held: { personId: number; value: Scalar };
}

/** Someone to tell, on their own screens, that their change did not hold. */
export interface OvertakenNotice {
  personId: number;
  event: RiskOvertakenEvent;
}


/** A document as stored: its snapshot and the updates since. */
export interface StoredDoc {
  snapshot: Uint8Array | null;
  updates: Uint8Array[];
  lastUpdateId: number;
  /** How many updates are stored beyond the snapshot; compaction folds them in. */
  pendingCount: number;
}

/** The update log the Yjs server reads and folds (db/doc-store.ts is SQLite's). */
export interface DocLog {
  load(docName: string): StoredDoc;
  writers(docName: string): Map<number, number>;
  claimWriter(docName: string, clientId: number, personId: number): void;
  compact(docName: string, state: Uint8Array, upToId: number, at: number): void;
}
