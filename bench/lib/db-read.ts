import path from 'node:path';
import Database from 'better-sqlite3';
import pg from 'pg';
import * as Y from 'yjs';
import { numberedPlaceholders } from '../../server/db/raw-sql.js';
import '../../server/db/pg/driver-values.js';

/** Reads what a running server has stored, beside it: on SQLite its file, on PostgreSQL its database. */
export interface DbReader {
  /** The id of the last update ever appended to doc_updates (compaction deletes rows; ids never go back). */
  lastUpdateId(): Promise<number>;
  /** Rebuilds a doc from what is stored (snapshot + later updates), as the server would load it. */
  storedDoc(docName: string): Promise<Y.Doc>;
  close(): Promise<void>;
}

const SNAPSHOT = 'select state, up_to_update_id from doc_snapshots where doc_name = ?';
const UPDATES = 'select "update" from doc_updates where doc_name = ? and id > ? order by id';

function rebuilt(snap: { state: Buffer; up_to_update_id: number } | undefined, rows: { update: Buffer }[]): Y.Doc {
  const doc = new Y.Doc();
  if (snap) Y.applyUpdate(doc, snap.state);
  for (const r of rows) Y.applyUpdate(doc, r.update);
  return doc;
}

/** The server's SQLite file, read-only (WAL lets both in); the sequence is AUTOINCREMENT's. */
export function sqliteDbReader(dataDir: string): DbReader {
  const db = new Database(path.join(dataDir, 'board.sqlite'), { readonly: true, fileMustExist: true });
  return {
    async lastUpdateId() {
      return (db.prepare("select seq from sqlite_sequence where name = 'doc_updates'").get() as { seq: number } | undefined)?.seq ?? 0;
    },
    async storedDoc(docName) {
      const snap = db.prepare(SNAPSHOT).get(docName) as { state: Buffer; up_to_update_id: number } | undefined;
      return rebuilt(snap, db.prepare(UPDATES).all(docName, snap?.up_to_update_id ?? 0) as { update: Buffer }[]);
    },
    async close() {
      db.close();
    },
  };
}

/** The server's PostgreSQL database; the sequence is doc_updates' identity. */
export function pgDbReader(url: string): DbReader {
  const pool = new pg.Pool({ connectionString: url, max: 2 });
  const one = async <T>(text: string, params: unknown[] = []) => (await pool.query(numberedPlaceholders(text), params)).rows[0] as T | undefined;
  return {
    async lastUpdateId() {
      const seq = await one<{ name: string }>("select pg_get_serial_sequence('doc_updates', 'id') as name");
      const row = await one<{ last_value: number; is_called: boolean }>(`select last_value, is_called from ${seq!.name}`);
      return row?.is_called ? row.last_value : 0;
    },
    async storedDoc(docName) {
      const snap = await one<{ state: Buffer; up_to_update_id: number }>(SNAPSHOT, [docName]);
      return rebuilt(snap, (await pool.query(numberedPlaceholders(UPDATES), [docName, snap?.up_to_update_id ?? 0])).rows as { update: Buffer }[]);
    },
    close: () => pool.end(),
  };
}
