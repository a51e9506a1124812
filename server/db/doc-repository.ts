import type { Database_ } from './client.js';
import type { DocStore, StoredDoc } from './doc-store.js';

/** One update of a group: its log row, then its projection in the same savepoint (see realtime/yjs/doc-kind.ts). */
interface Entry<R> {
  docName: string;
  update: Uint8Array;
  editorId: number;
  at: number;
  admit(): void;
  project(updateId: number): R;
}

type Outcome<R> = { status: 'stored'; updateId: number; value: R } | { status: 'refused'; error: unknown } | { status: 'skipped' };

/**
 * The Yjs update log behind the asynchronous interface the realtime layer stores through
 * (DocRepository in realtime/yjs/doc-kind.ts). better-sqlite3 is synchronous: each method does its
 * work at once and answers with a settled promise, so nothing else runs between a group's checks and
 * its commit.
 */
export class SqliteDocRepository {
  /** Transactions this repository committed for groups of updates (each one fsync with synchronous = FULL). */
  groupsCommitted = 0;

  constructor(
    private readonly database: Database_,
    private readonly store: DocStore,
    /** Whether an error is storage trouble, which must roll the whole group back (core/errors.ts decides). */
    private readonly abortsGroup: (err: unknown) => boolean,
  ) {}

  async load(docName: string): Promise<StoredDoc> {
    // One read transaction: a snapshot and the updates after it, never a compaction in between.
    return this.database.raw.transaction(() => this.store.load(docName))();
  }

  async writers(docName: string): Promise<Map<number, number>> {
    return this.store.writers(docName);
  }

  async claimWriter(docName: string, clientId: number, personId: number): Promise<void> {
    this.store.claimWriter(docName, clientId, personId);
  }

  async append<R>(entries: Entry<R>[]): Promise<Outcome<R>[]> {
    const outcomes = this.database.transaction(() => {
      const broken = new Set<string>();
      return entries.map((e): Outcome<R> => {
        if (broken.has(e.docName)) return { status: 'skipped' };
        try {
          // Outside the savepoint: a refusal admit puts on the record is kept with the group.
          e.admit();
          // Nested, better-sqlite3 makes this a savepoint: a refused projection takes its log row with it.
          return this.database.transaction(() => {
            const updateId = this.store.append(e.docName, e.update, e.editorId, e.at);
            return { status: 'stored', updateId, value: e.project(updateId) };
          });
        } catch (error) {
          // The lock, the disk: SQLite may have rolled the whole transaction back already; so do we.
          if (this.abortsGroup(error)) throw error;
          broken.add(e.docName);
          return { status: 'refused', error };
        }
      });
    });
    this.groupsCommitted++;
    return outcomes;
  }

  async compact(docName: string, state: Uint8Array, upToId: number, at: number): Promise<void> {
    this.store.compact(docName, state, upToId, at);
  }
}
