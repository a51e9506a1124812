import type { Database_ } from './client.js';
import type { DocStore, StoredDoc } from './doc-store.js';

/** One update of a group: its log row, then its projection in the same savepoint (see realtime/yjs/doc-kind.ts). */
interface Entry<R> {
  docName: string;
  update: Uint8Array;
  editorId: number;
  at: number;
  claims: readonly number[];
  admit(): Promise<void>;
  project(updateId: number): Promise<R>;
}

type Outcome<R> = { status: 'stored'; updateId: number; value: R } | { status: 'refused'; error: unknown } | { status: 'skipped' };

/** Thrown out of the plain attempt when an entry was refused: roll back, then store with savepoints. */
class Refused extends Error {}

/**
 * The Yjs update log behind the interface the realtime layer stores through (DocRepository in
 * realtime/yjs/doc-kind.ts), on either engine. A group's checks and its commit are one transaction,
 * and transactions write one at a time (SQLite's one writer; PostgreSQL's writer lock, ./pg-client.ts),
 * so no other write lands between them.
 */
export class DocLogRepository {
  constructor(
    private readonly database: Database_,
    private readonly store: DocStore,
    /** Whether an error is storage trouble, which must roll the whole group back (core/errors.ts decides). */
    private readonly abortsGroup: (err: unknown) => boolean,
  ) {}

  async load(docName: string): Promise<StoredDoc> {
    // One read transaction: a snapshot and the updates after it, never a compaction in between.
    return this.database.readSnapshot(() => this.store.load(docName));
  }

  async writers(docName: string): Promise<Map<number, number>> {
    return this.store.writers(docName);
  }

  async claimWriter(docName: string, clientId: number, personId: number): Promise<number> {
    return this.database.transaction(() => this.store.claimWriter(docName, clientId, personId));
  }

  /** Inside a group's transaction (an entry's admit), the head as this transaction sees it. */
  async head(docName: string): Promise<number> {
    return this.store.head(docName);
  }

  /**
   * First as one plain transaction: refusals at store time are rare (minutes signed off in the
   * moment between), and a savepoint per update costs two statements each. Should an entry be
   * refused, that attempt is rolled back whole and the group is stored again, each entry in its own
   * savepoint, so the refused one alone is left out.
   */
  async append<R>(entries: Entry<R>[]): Promise<Outcome<R>[]> {
    try {
      return await this.database.transaction(async () => {
        const stored: Outcome<R>[] = [];
        for (const e of entries) stored.push(await this.store1(e, true));
        return stored;
      });
    } catch (err) {
      if (!(err instanceof Refused)) throw err;
    }
    return this.database.transaction(async () => {
      const broken = new Set<string>();
      const outcomes: Outcome<R>[] = [];
      for (const e of entries) {
        if (broken.has(e.docName)) {
          outcomes.push({ status: 'skipped' });
          continue;
        }
        try {
          outcomes.push(await this.store1(e, false));
        } catch (error) {
          if (this.abortsGroup(error)) throw error;
          broken.add(e.docName);
          outcomes.push({ status: 'refused', error });
        }
      }
      return outcomes;
    });
  }

  async appendAll<R>(build: () => Promise<Entry<R>[]>, after: () => Promise<void>): Promise<{ status: 'stored'; updateId: number; value: R }[]> {
    return this.database.transaction(async () => {
      const stored: { status: 'stored'; updateId: number; value: R }[] = [];
      for (const e of await build()) {
        await e.admit();
        const updateId = await this.store.append(e.docName, e.update, e.editorId, e.at, e.claims);
        stored.push({ status: 'stored', updateId, value: await e.project(updateId) });
      }
      await after();
      return stored;
    });
  }

  /** One entry: admit, then its log row and projection (in a savepoint of their own unless `plain`). */
  private async store1<R>(e: Entry<R>, plain: boolean): Promise<Outcome<R>> {
    try {
      // Outside the savepoint: a refusal admit puts on the record is kept with the group.
      await e.admit();
      const write = async (): Promise<Outcome<R>> => {
        const updateId = await this.store.append(e.docName, e.update, e.editorId, e.at, e.claims);
        return { status: 'stored', updateId, value: await e.project(updateId) };
      };
      // Nested, the transaction is a savepoint: a refused projection takes its log row with it.
      return plain ? await write() : await this.database.transaction(write);
    } catch (error) {
      // The lock, the disk: SQLite may have rolled the whole transaction back already; so do we.
      if (plain && !this.abortsGroup(error)) throw new Refused();
      throw error;
    }
  }

  async compact(docName: string, state: Uint8Array, upToId: number, at: number): Promise<void> {
    await this.store.compact(docName, state, upToId, at);
  }
}
