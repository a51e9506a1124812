import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { eq } from 'drizzle-orm';
import { afterEach, describe, expect, it } from 'vitest';
import { openDatabase, type Database_ } from '../../server/db/client.js';
import { partnerships } from '../../server/db/schema.js';

/**
 * The storage seam's promises, as PostgreSQL keeps them: a transaction's work may await, and whatever
 * runs meanwhile is neither inside it nor sees what it has not committed.
 */
describe('the storage seam: asynchronous transactions on SQLite', () => {
  const opened: { database: Database_; dir: string }[] = [];
  const open = () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'board-seam-'));
    const database = openDatabase(dir);
    opened.push({ database, dir });
    return database;
  };
  afterEach(() => {
    for (const { database, dir } of opened.splice(0)) {
      database.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
  /** Other work gets its turn: a turn of the event loop, as a store over the network would give it. */
  const elsewhere = () => new Promise<void>((resolve) => setImmediate(resolve));
  const names = async (database: Database_) => (await database.db.select({ name: partnerships.name }).from(partnerships).all()).map((p) => p.name).sort();
  /**
   * A transaction that stops midway until released, so this test's own code (outside it) can act
   * meanwhile; `then` decides how it ends.
   */
  const heldOpen = (database: Database_, write: () => Promise<unknown>, end: () => void = () => {}) => {
    let release!: () => void;
    const released = new Promise<void>((resolve) => (release = resolve));
    let reached!: () => void;
    const midway = new Promise<void>((resolve) => (reached = resolve));
    const done = database.transaction(async () => {
      await write();
      reached();
      await released;
      end();
    });
    return { midway, release, done };
  };

  it('a write made while another transaction awaits is not taken into it, and survives its rollback', async () => {
    const database = open();
    const tx = heldOpen(database, () => database.db.insert(partnerships).values({ name: 'Rolled back' }).run(), () => {
      throw new Error('refused at the last check');
    });
    await tx.midway;
    const outside = database.db.insert(partnerships).values({ name: 'Written meanwhile' }).run();
    await elsewhere();
    tx.release();
    await expect(tx.done).rejects.toThrow('refused at the last check');
    await outside;
    expect(await names(database)).toEqual(['Written meanwhile']);
  });

  it('reads outside a transaction see only what is committed; inside, its own writes', async () => {
    const database = open();
    let inside: string[] = [];
    const tx = heldOpen(database, async () => {
      await database.db.insert(partnerships).values({ name: 'Not yet committed' }).run();
      inside = await names(database);
    });
    await tx.midway;
    const outside = await names(database);
    tx.release();
    await tx.done;
    expect(inside).toEqual(['Not yet committed']);
    expect(outside).toEqual([]);
    expect(await names(database)).toEqual(['Not yet committed']);
  });

  it('transactions take turns: two read-then-write changes that await in between lose neither', async () => {
    const database = open();
    await database.db.insert(partnerships).values({ id: 1, name: '0' }).run();
    const increment = () =>
      database.transaction(async () => {
        const row = await database.db.select().from(partnerships).where(eq(partnerships.id, 1)).get();
        await elsewhere();
        await database.db.update(partnerships).set({ name: String(Number(row!.name) + 1) }).where(eq(partnerships.id, 1)).run();
      });
    await Promise.all([increment(), increment(), increment()]);
    expect(await names(database)).toEqual(['3']);
  });

  it('a transaction inside another is a savepoint: its failure takes back its own writes only', async () => {
    const database = open();
    await database.transaction(async () => {
      await database.db.insert(partnerships).values({ name: 'Outer' }).run();
      await expect(
        database.transaction(async () => {
          await database.db.insert(partnerships).values({ name: 'Inner' }).run();
          throw new Error('inner refused');
        }),
      ).rejects.toThrow('inner refused');
      expect(database.inTransaction()).toBe(true);
    });
    expect(database.inTransaction()).toBe(false);
    expect(await names(database)).toEqual(['Outer']);
  });

  it('a raw write on the writing connection while another transaction holds it is refused, not slipped in', async () => {
    const database = open();
    const tx = heldOpen(database, () => database.db.insert(partnerships).values({ name: 'Holding the writer' }).run(), () => {
      throw new Error('rolled back');
    });
    await tx.midway;
    expect(() => database.raw.prepare("insert into partnerships (name) values ('Raw and stray')").run()).toThrow('writes belong in database.transaction()');
    tx.release();
    await expect(tx.done).rejects.toThrow('rolled back');
    expect(await names(database)).toEqual([]);
    // With nothing open, a raw write (a test preparing its records, start-up) runs as before.
    database.raw.prepare("insert into partnerships (name) values ('Raw, alone')").run();
    expect(await names(database)).toEqual(['Raw, alone']);
  });
});
