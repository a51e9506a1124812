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
  partnershipOf(name: DocName): Promise<number | null>;
  access(actor: Actor, name: DocName): Promise<Access>;
  /** Reads and validates a doc state; throws DocRejected when it breaks the kind's schema. */
  read(doc: Y.Doc, name: DocName): S;
  /**
   * What the layout alone cannot tell, checked before anything is stored: that authored items name
   * their writer, that ids written into the doc belong to its partnership, and (for a kind whose
   * texts are written by different people) that the editor may write each text the update changed.
   * `actor` is the connection's, as last re-checked. Throws DocRejected.
   */
  accept?(input: { name: DocName; partnershipId: number; editorId: number; actor: Actor; before: S; after: S }): Promise<void>;
  /**
   * The last word at store time, inside the group's transaction and before the update's own savepoint:
   * what may have changed since the update was tried (the minutes were signed off meanwhile). May put
   * the refusal on the record (that write is kept) and throw to refuse the update alone.
   */
  admit?(input: { name: DocName; partnershipId: number; editorId: number }): Promise<void>;
  /**
   * Writes the projection of an update whose log row (`updateId`) was just appended, in the same
   * savepoint of the group's transaction: a throw refuses this update alone (both are rolled back).
   * `contested` lists the values set at the same moment as another person's that did not hold (see
   * overtakenSets); the kind records those it knows and returns whom to tell. Nothing may be pushed
   * to anyone from here: what is to be told once the update is stored goes in `afterStored`.
   */
  project(input: { name: DocName; docName: string; partnershipId: number; updateId: number; editorId: number; before: S; after: S; contested: ContestedValue[] }): Promise<Projected>;
}

/** What an update's projection changed, and what to do once the transaction holding it has committed. */
export interface Projected {
  changed: RowsChanged | null;
  notices?: OvertakenNotice[];
  /** Run after the commit (never when the group is rolled back): pushes such as tolerance alerts. */
  afterStored?: () => void;
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

/** One update of a group to store: its log row, then (in the same savepoint) its projection. */
export interface GroupEntry<R> {
  docName: string;
  update: Uint8Array;
  editorId: number;
  at: number;
  /** The client ids the update writes with that are not yet stored as its editor's (claimed with it). */
  claims: readonly number[];
  /** See DocKindHandler.admit: runs before the savepoint, may record a refusal and throw. */
  admit(): Promise<void>;
  /** Writes the projection once the row is appended; a throw refuses this entry alone. */
  project(updateId: number): Promise<R>;
}

export type StoredOutcome<R> = { status: 'stored'; updateId: number; value: R };

export type GroupOutcome<R> =
  | StoredOutcome<R>
  /** admit or project threw something other than storage trouble: this entry alone was rolled back. */
  | { status: 'refused'; error: unknown }
  /** An earlier entry of the same document was refused: this one was not tried (it may depend on it). */
  | { status: 'skipped' };

/**
 * The update log the Yjs server stores through (db/doc-repository.ts is SQLite's). Asynchronous, so
 * a store that answers over the network (PostgreSQL) can sit behind the same commit queue; SQLite
 * does its work synchronously and answers with a settled promise.
 */
export interface DocRepository {
  /** The snapshot and the updates after it, read consistently (one transaction). */
  load(docName: string): Promise<StoredDoc>;
  writers(docName: string): Promise<Map<number, number>>;
  /** Claims a client id for a person (the first claim stands); answers the person whose it is. */
  claimWriter(docName: string, clientId: number, personId: number): Promise<number>;
  /**
   * The id of the document's last stored update (in the log or folded into its snapshot), 0 for none.
   * Inside an entry's admit it is read in the group's transaction: with several processes storing one
   * document, it tells whether another stored an update this process has not applied yet.
   */
  head(docName: string): Promise<number>;
  /**
   * Appends a group of updates, across documents, in ONE transaction, in order. An entry refused by
   * its admit or projection is rolled back alone and the later entries of its document are skipped;
   * storage trouble (the lock, the disk) rolls the whole group back and rejects.
   */
  append<R>(entries: GroupEntry<R>[]): Promise<GroupOutcome<R>[]>;
  /**
   * One unit, all or nothing (an import's rows): inside ONE transaction `build` does the unit's own
   * writes and answers the entries, each entry is stored, then `after` does the writes that must
   * follow them. Any refusal (an entry's admit or projection, a write's re-check) or storage trouble
   * rolls all of it back and rejects with that error.
   */
  appendAll<R>(build: () => Promise<GroupEntry<R>[]>, after: () => Promise<void>): Promise<StoredOutcome<R>[]>;
  /** Replaces every update up to upToId with one snapshot, atomically. */
  compact(docName: string, state: Uint8Array, upToId: number, at: number): Promise<void>;
}
