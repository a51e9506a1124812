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

export type DocEditOutcome =
  | { docName: string; status: 'stored' | 'unchanged' }
  /** Not written: the person may not edit it, or the kind's rules refused the change, or storage failed. */
  | { docName: string; status: 'refused' | 'failed'; reason: string };

export interface DocEditor {
  /** Edits handed in together are stored together (one group, one transaction, unless one is refused). */
  edit(actor: Actor, edits: readonly DocEdit[]): Promise<DocEditOutcome[]>;
}
