import type * as Y from 'yjs';
import type { Actor } from '../../shared/domain/permissions.js';

/**
 * A change the server writes into a co-edited document for a person (an import's rows): made on the
 * document as it stands, tried by the document kind's rules as that person's own update would be,
 * stored, then applied and broadcast, so anyone with the record open sees it change live and its
 * history names the person.
 */
export interface DocEdit {
  docName: string;
  /** Changes the document (called inside one Yjs transaction on a copy of it). */
  mutate(doc: Y.Doc): void;
}

/**
 * Edits stored together with other writes, all or nothing (an import's rows): the documents are
 * checked (the person may edit each) and loaded first; then, inside ONE transaction, `before` does the
 * unit's own writes (new records) and answers the edits, made on the documents as they then stand and
 * tried by their kinds' rules; then `after` does the writes that must follow them (a change of owner
 * that takes a record out of the person's hands).
 */
export interface WholeEdit {
  docNames: readonly string[];
  before(): Promise<readonly DocEdit[]>;
  after(): Promise<void>;
}

export interface DocEditor {
  /**
   * All of it stored, then broadcast, or none of it: rejects with why (CONFLICT naming the document
   * and what refused it, or the storage error).
   */
  editAll(actor: Actor, unit: WholeEdit): Promise<void>;
}
