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
 * Hot path, so it writes raw SQL that stays prepared (../db/raw-sql.ts), in the same text for both engines.
 */
export class DocStore {
  constructor(private readonly database: Database_) {}

  private get sql() {
    return this.database.sql;
  }

  /** Claims a client id for a person in a document; the first claim stands. Answers whose it is now (another process may have claimed it first). */
  async claimWriter(docName: string, clientId: number, personId: number): Promise<number> {
    await this.sql.run(INSERT_WRITER, [docName, clientId, personId]);
    return (await this.sql.get<{ person_id: number }>('select person_id from doc_writers where doc_name = ? and client_id = ?', [docName, clientId]))?.person_id ?? personId;
  }

  /** The id of the document's last stored update, in its log or folded into its snapshot; 0 for none. */
  async head(docName: string): Promise<number> {
    const row = await this.sql.get<{ logged: number; folded: number }>(
      'select coalesce((select max(id) from doc_updates where doc_name = ?), 0) as logged, coalesce((select up_to_update_id from doc_snapshots where doc_name = ?), 0) as folded',
      [docName, docName],
    );
    return Math.max(Number(row?.logged ?? 0), Number(row?.folded ?? 0));
  }

  /** Yjs client id → the person who first wrote with it, in this document. */
  async writers(docName: string): Promise<Map<number, number>> {
    const rows = await this.sql.all<{ client_id: number; person_id: number }>('select client_id, person_id from doc_writers where doc_name = ?', [docName]);
    return new Map(rows.map((r) => [Number(r.client_id), r.person_id]));
  }

  /** Call inside a transaction: the snapshot and the updates after it must come from one moment. */
  async load(docName: string): Promise<StoredDoc> {
    const snap = await this.sql.get<{ state: Buffer; up_to_update_id: number }>('select state, up_to_update_id from doc_snapshots where doc_name = ?', [docName]);
    const rows = await this.sql.all<{ id: number; update: Buffer }>('select id, "update" from doc_updates where doc_name = ? and id > ? order by id', [docName, snap?.up_to_update_id ?? 0]);
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
  async append(docName: string, update: Uint8Array, editorId: number | null, at: number, claims?: readonly number[]): Promise<number> {
    if (editorId !== null) for (const clientId of claims ?? writtenClients(update)) await this.sql.run(INSERT_WRITER, [docName, clientId, editorId]);
    const row = await this.sql.get<{ id: number }>('insert into doc_updates (doc_name, "update", editor_id, at) values (?, ?, ?, ?) returning id', [docName, Buffer.from(update.buffer, update.byteOffset, update.byteLength), editorId, at]);
    return Number(row!.id);
  }

  /**
   * Replaces every update up to upToId with one snapshot, atomically. A fold past what is stored is
   * refused: `state` could not hold updates that do not exist yet, so the caller's count is wrong, and
   * deleting by it could lose updates stored later under lower ids than it believes.
   */
  async compact(docName: string, state: Uint8Array, upToId: number, at: number): Promise<void> {
    await this.database.transaction(async () => {
      const head = await this.head(docName);
      if (upToId > head) throw new Error(`refusing to fold ${docName} up to update ${upToId}: the last stored is ${head}`);
      // Never back: with several processes, one may fold a document later than another folded more of it.
      await this.sql.run(
        'insert into doc_snapshots (doc_name, state, up_to_update_id, at) values (?, ?, ?, ?) on conflict (doc_name) do update set state = excluded.state, up_to_update_id = excluded.up_to_update_id, at = excluded.at where excluded.up_to_update_id > doc_snapshots.up_to_update_id',
        [docName, Buffer.from(state), upToId, at],
      );
      await this.sql.run('delete from doc_updates where doc_name = ? and id <= ?', [docName, upToId]);
    });
  }
}

const INSERT_WRITER = 'insert into doc_writers (doc_name, client_id, person_id) values (?, ?, ?) on conflict do nothing';
