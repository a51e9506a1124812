import path from 'node:path';
import Database from 'better-sqlite3';
import * as Y from 'yjs';

/**
 * Reads the server's SQLite file read-only, beside the running server (WAL lets both in).
 * Compaction folds updates into snapshots and deletes their rows, so "updates stored" is read from
 * the AUTOINCREMENT sequence of doc_updates, which never goes back.
 */
export class DbReader {
  private readonly db: Database.Database;

  constructor(dataDir: string) {
    this.db = new Database(path.join(dataDir, 'board.sqlite'), { readonly: true, fileMustExist: true });
  }

  /** The id of the last update ever appended to doc_updates. */
  lastUpdateId(): number {
    const row = this.db.prepare<[], { seq: number }>("select seq from sqlite_sequence where name = 'doc_updates'").get();
    return row?.seq ?? 0;
  }

  /** Rebuilds a doc from what is stored (snapshot + later updates), as the server would load it. */
  storedDoc(docName: string): Y.Doc {
    const doc = new Y.Doc();
    const snap = this.db.prepare<[string], { state: Buffer; up_to_update_id: number }>('select state, up_to_update_id from doc_snapshots where doc_name = ?').get(docName);
    if (snap) Y.applyUpdate(doc, snap.state);
    const rows = this.db.prepare<[string, number], { update: Buffer }>('select "update" from doc_updates where doc_name = ? and id > ? order by id').all(docName, snap?.up_to_update_id ?? 0);
    for (const r of rows) Y.applyUpdate(doc, r.update);
    return doc;
  }

  close(): void {
    this.db.close();
  }
}
