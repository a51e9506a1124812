import { writtenClients } from '../../shared/docs/strict.js';
import type { Database_ } from './client.js';

export interface StoredDoc {
  snapshot: Buffer | null;
  updates: Buffer[];
  lastUpdateId: number;
  /** How many updates are stored beyond the snapshot; compaction folds them in. */
  pendingCount: number;
}

/**
 * The append-only log of Yjs updates per document, and the snapshots compaction folds them into.
 * Hot path, so it keeps its prepared statements.
 */
export class DocStore {
  private readonly selectSnapshot;
  private readonly selectUpdates;
  private readonly insertUpdate;
  private readonly upsertSnapshot;
  private readonly deleteFolded;
  private readonly insertWriter;
  private readonly selectWriters;
  private readonly selectWriter;
  private readonly selectHead;

  constructor(private readonly database: Database_) {
    const raw = database.raw;
    this.selectSnapshot = raw.prepare<[string], { state: Buffer; up_to_update_id: number }>('select state, up_to_update_id from doc_snapshots where doc_name = ?');
    this.selectUpdates = raw.prepare<[string, number], { id: number; update: Buffer }>('select id, "update" from doc_updates where doc_name = ? and id > ? order by id');
    this.insertUpdate = raw.prepare<[string, Buffer, number | null, number]>('insert into doc_updates (doc_name, "update", editor_id, at) values (?, ?, ?, ?)');
    // Never back: with several processes, one may fold a document later than another folded more of it.
    this.upsertSnapshot = raw.prepare<[string, Buffer, number, number]>(
      'insert into doc_snapshots (doc_name, state, up_to_update_id, at) values (?, ?, ?, ?) on conflict(doc_name) do update set state = excluded.state, up_to_update_id = excluded.up_to_update_id, at = excluded.at where excluded.up_to_update_id > doc_snapshots.up_to_update_id',
    );
    this.deleteFolded = raw.prepare<[string, number]>('delete from doc_updates where doc_name = ? and id <= ?');
    this.insertWriter = raw.prepare<[string, number, number]>('insert or ignore into doc_writers (doc_name, client_id, person_id) values (?, ?, ?)');
    this.selectWriters = raw.prepare<[string], { client_id: number; person_id: number }>('select client_id, person_id from doc_writers where doc_name = ?');
    this.selectWriter = raw.prepare<[string, number], { person_id: number }>('select person_id from doc_writers where doc_name = ? and client_id = ?');
    this.selectHead = raw.prepare<[string, string], { head: number }>(
      'select max(coalesce((select max(id) from doc_updates where doc_name = ?), 0), coalesce((select up_to_update_id from doc_snapshots where doc_name = ?), 0)) as head',
    );
  }

  /** Claims a client id for a person in a document; the first claim stands. Answers whose it is now (another process may have claimed it first). */
  claimWriter(docName: string, clientId: number, personId: number): number {
    this.insertWriter.run(docName, clientId, personId);
    return this.selectWriter.get(docName, clientId)?.person_id ?? personId;
  }

  /** The id of the document's last stored update, in its log or folded into its snapshot; 0 for none. */
  head(docName: string): number {
    return this.selectHead.get(docName, docName)?.head ?? 0;
  }

  /** Yjs client id → the person who first wrote with it, in this document. */
  writers(docName: string): Map<number, number> {
    return new Map(this.selectWriters.all(docName).map((r) => [r.client_id, r.person_id]));
  }

  load(docName: string): StoredDoc {
    const snap = this.selectSnapshot.get(docName);
    const rows = this.selectUpdates.all(docName, snap?.up_to_update_id ?? 0);
    return {
      snapshot: snap?.state ?? null,
      updates: rows.map((r) => r.update),
      lastUpdateId: rows.at(-1)?.id ?? snap?.up_to_update_id ?? 0,
      pendingCount: rows.length,
    };
  }

  /**
   * Call inside the caller's transaction, with the projection writes of the same update. The client ids
   * the update writes with are claimed for its editor (the first claim stands): all of them, or only
   * `claims` when the caller knows which are not stored yet.
   */
  append(docName: string, update: Uint8Array, editorId: number | null, at: number, claims?: readonly number[]): number {
    if (editorId !== null) for (const clientId of claims ?? writtenClients(update)) this.insertWriter.run(docName, clientId, editorId);
    return Number(this.insertUpdate.run(docName, Buffer.from(update.buffer, update.byteOffset, update.byteLength), editorId, at).lastInsertRowid);
  }

  /**
   * Replaces every update up to upToId with one snapshot, atomically. A fold past what is stored is
   * refused: `state` could not hold updates that do not exist yet, so the caller's count is wrong, and
   * deleting by it could lose updates stored later under lower ids than it believes.
   */
  async compact(docName: string, state: Uint8Array, upToId: number, at: number): Promise<void> {
    await this.database.transaction(() => {
      const head = this.head(docName);
      if (upToId > head) throw new Error(`refusing to fold ${docName} up to update ${upToId}: the last stored is ${head}`);
      this.upsertSnapshot.run(docName, Buffer.from(state), upToId, at);
      this.deleteFolded.run(docName, upToId);
    });
  }
}
