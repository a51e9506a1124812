import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { Database_ } from '../../server/db/client.js';
import { markErrorsAsPostgres, openPgDatabase } from '../../server/db/pg-client.js';
import { toAppError } from '../../server/core/errors.js';
import pg from 'pg';
import { partnerships } from '../../server/db/pg/schema.js';
import { postgresMissing, startPostgres, type TestPostgres } from '../helpers/postgres.js';

if (postgresMissing) console.warn(`pg-seam: skipped: ${postgresMissing}`);

/*
 * The storage seam on PostgreSQL (DATABASE_URL): migrations at open, transactions with savepoints,
 * and the sqlite-shaped finishers (`.get/.all/.run`) the repositories are written against.
 */
describe.skipIf(postgresMissing !== null)('openPgDatabase: the storage seam on a real PostgreSQL', () => {
  let server: TestPostgres;
  let database: Database_;
  // The repositories' Db is typed with sqlite tables; here the native pg tables go through it.
  const db = () => database.db as unknown as {
    insert(t: typeof partnerships): { values(v: object): { returning(): { get(): Promise<{ id: number } | undefined> } } };
    select(): { from(t: typeof partnerships): { where(w: unknown): { get(): Promise<{ name: string } | undefined>; all(): Promise<{ name: string }[]> }; all(): Promise<{ name: string }[]> } };
    update(t: typeof partnerships): { set(v: object): { where(w: unknown): { run(): Promise<{ changes: number }> } } };
  };

  beforeAll(async () => {
    server = await startPostgres();
    database = await openPgDatabase(server.url);
  }, 120_000);

  afterAll(async () => {
    database?.close();
    await server?.stop();
  });

  it('applies the migrations, commits a transaction, and answers get/all/run in the sqlite shape', async () => {
    const row = await database.transaction(() => db().insert(partnerships).values({ name: 'North' }).returning().get());
    expect(row?.id).toBeGreaterThan(0);
    const changed = await database.transaction(() => db().update(partnerships).set({ name: 'North East' }).where(eq(partnerships.id, row!.id)).run());
    expect(changed.changes).toBe(1);
    expect((await db().select().from(partnerships).where(eq(partnerships.id, row!.id)).get())?.name).toBe('North East');
    expect(await db().select().from(partnerships).where(eq(partnerships.id, -1)).get()).toBeUndefined();
  });

  it('rolls a failed transaction back whole, and a failed savepoint back alone', async () => {
    await expect(
      database.transaction(async () => {
        await db().insert(partnerships).values({ name: 'Lost' }).returning().get();
        throw new Error('refused');
      }),
    ).rejects.toThrow('refused');
    await database.transaction(async () => {
      expect(database.inTransaction()).toBe(true);
      await db().insert(partnerships).values({ name: 'Kept' }).returning().get();
      await expect(
        database.transaction(async () => {
          await db().insert(partnerships).values({ name: 'Undone' }).returning().get();
          throw new Error('inner');
        }),
      ).rejects.toThrow('inner');
    });
    const names = (await db().select().from(partnerships).all()).map((p) => p.name);
    expect(names).toContain('Kept');
    expect(names).not.toContain('Lost');
    expect(names).not.toContain('Undone');
    expect(database.inTransaction()).toBe(false);
  });

  it('runs hand-written SQL and the fast writes in the transaction, and keeps SQLite\'s own handle for SQLite', async () => {
    const name = `Fast ${Date.now()}`;
    const id = await database.transaction(async () => {
      const row = await database.sql.get<{ id: number }>('insert into partnerships (name, mail_details) values (?, ?) returning id', [name, 1]);
      expect(await database.fast.updateById(partnerships as never, row!.id, { name: `${name}!` } as never)).toBe(1);
      return row!.id;
    });
    // Outside a transaction a read sees the commit, and answers in SQLite's shapes: numbers, not strings.
    const read = await database.sql.get<{ id: number; name: string; n: number }>('select id, name, (select count(*) from partnerships) as n from partnerships where id = ?', [id]);
    expect(read).toEqual({ id, name: `${name}!`, n: expect.any(Number) as number });
    await expect(database.transaction(async () => {
      await database.sql.run('update partnerships set name = ? where id = ?', ['Rolled back', id]);
      throw new Error('refused');
    })).rejects.toThrow('refused');
    expect((await database.sql.get<{ name: string }>('select name from partnerships where id = ?', [id]))?.name).toBe(`${name}!`);
    expect(() => database.raw).toThrow(/SQLite's own handle/);
  });
  it('names PostgreSQL\'s own refusals as the SQLite ones are named: storage trouble, bad input, or a bug', async () => {
    const refusal = async (work: () => Promise<unknown>) => {
      try {
        await work();
      } catch (err) {
        return toAppError(err);
      }
      throw new Error('expected a refusal');
    };
    // A server in read-only mode (a standby, a failover under way): try again shortly.
    const readOnly = await refusal(() => database.transaction(async () => {
      await database.sql.run('set transaction read only');
      await database.sql.run('insert into partnerships (name) values (?)', ['Refused']);
    }));
    expect(readOnly).toMatchObject({ code: 'STORAGE_UNAVAILABLE', status: 503 });
    // A NUL, which SQLite stores and PostgreSQL cannot: the input's fault, said so.
    expect(await refusal(() => database.sql.run('insert into partnerships (name) values (?)', ['a\u0000b']))).toMatchObject({ code: 'VALIDATION_FAILED', status: 400 });
    expect(await refusal(() => database.sql.run('insert into partnerships (name, risk_matrix) values (?, ?)', ['x', JSON.stringify({ note: 'a\u0000b' })]))).toMatchObject({ code: 'VALIDATION_FAILED', status: 400 });
    // A broken rule is a bug, not the storage's trouble.
    expect(await refusal(() => database.sql.run('insert into partnerships (id, name) values (?, ?), (?, ?)', [999_001, 'x', 999_001, 'y']))).toMatchObject({ code: 'INTERNAL', status: 500 });
    // No server there at all.
    const closed = new pg.Pool({ connectionString: server.url.replace(/:\d+\//, ':1/') });
    // The same refusal from a pool the seam has not marked (Redis's, an HTTP call's, in effect) is not the storage's.
    const unmarked = await refusal(() => closed.query('select 1'));
    markErrorsAsPostgres(closed);
    const nowhere = await refusal(() => closed.query('select 1'));
    const nowhereToConnect = await refusal(() => closed.connect());
    await closed.end();
    expect(unmarked).toMatchObject({ code: 'INTERNAL', status: 500 });
    expect(nowhere).toMatchObject({ code: 'STORAGE_UNAVAILABLE', status: 503 });
    expect(nowhereToConnect).toMatchObject({ code: 'STORAGE_UNAVAILABLE', status: 503 });
  });
  it('a burst of transactions leaves the pool to everyone else: a read outside them answers while they queue', async () => {
    // More transactions than the pool has connections, each holding the writer lock a moment.
    let settled = 0;
    const burst = Array.from({ length: 20 }, () => database.transaction(() => database.sql.get('select pg_sleep(0.05)')).then(() => settled++));
    // Were each to hold a connection while waiting its turn, this read would wait for half of them.
    expect(await database.sql.get<{ ok: number }>('select 1 as ok')).toEqual({ ok: 1 });
    expect(settled).toBeLessThanOrEqual(2);
    await Promise.all(burst);
  });
  it('a transaction whose connection the server ends between queries fails as storage trouble, and the process carries on', async () => {
    // Found by an attacker's pass: a connection lent out is not listened to by the pool, and its 'error'
    // (a restart, a failover, an idle timeout) went to nobody, which ends a Node process.
    const admin = new pg.Client({ connectionString: server.url });
    await admin.connect();
    const outcome = await database
      .transaction(async () => {
        const { pid } = (await database.sql.get<{ pid: number }>('select pg_backend_pid() as pid'))!;
        await admin.query('select pg_terminate_backend($1)', [pid]);
        // Gone on the server; its end reaches this connection while it waits, as it would between two queries.
        await vi.waitFor(async () => expect((await admin.query('select count(*)::int as n from pg_stat_activity where pid = $1', [pid])).rows[0].n).toBe(0));
        await vi.waitFor(() => expect(database.sql.get('select 1')).rejects.toBeDefined());
      })
      .then(() => null, (err: unknown) => toAppError(err));
    await admin.end();
    expect(outcome).toMatchObject({ code: 'STORAGE_UNAVAILABLE', status: 503 });
    // The broken connection was not lent again.
    for (let i = 0; i < 12; i++) expect(await database.transaction(() => database.sql.get<{ ok: number }>('select 1 as ok'))).toEqual({ ok: 1 });
  });
  it('a read snapshot never waits for the writer, sees one moment, and refuses to write', async () => {
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    let inside!: () => void;
    const entered = new Promise<void>((resolve) => (inside = resolve));
    const name = `Snapshot ${Date.now()}`;
    const open = database.transaction(async () => {
      await database.sql.run('insert into partnerships (name) values (?)', [name]);
      inside();
      await held;
    });
    await entered;
    // The writer is held: a snapshot reads at once, without the uncommitted row.
    const seen = await database.readSnapshot(() => database.sql.get<{ n: number }>('select count(*) as n from partnerships where name = ?', [name]));
    expect(seen).toEqual({ n: 0 });
    await expect(database.readSnapshot(() => database.sql.run('insert into partnerships (name) values (?)', ['Written in a snapshot']))).rejects.toThrow(/read-only/);
    release();
    await open;
    // One moment: a row another connection commits while the snapshot is open is not in it.
    const other = new pg.Client({ connectionString: server.url });
    await other.connect();
    const [before, after] = await database.readSnapshot(async () => {
      const count = async () => (await database.sql.get<{ n: number }>('select count(*) as n from partnerships'))!.n;
      const first = await count();
      await other.query('insert into partnerships (name) values ($1)', ['Committed meanwhile']);
      return [first, await count()];
    });
    await other.end();
    expect(after).toBe(before);
    expect((await database.sql.get<{ n: number }>('select count(*) as n from partnerships'))!.n).toBe(before + 1);
  });
  it('a write outside any transaction waits for the one that is open, as on SQLite (one writer at a time)', async () => {
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    let inside!: () => void;
    const entered = new Promise<void>((resolve) => (inside = resolve));
    const open = database.transaction(async () => {
      await db().insert(partnerships).values({ name: 'Held open' }).returning().get();
      inside();
      await held;
    });
    await entered;
    let written = false;
    const outside = db().update(partnerships).set({ name: 'Written outside' }).where(eq(partnerships.name, 'Kept')).run().then(() => (written = true));
    // The open transaction's own read answers while the outside write still waits its turn.
    await database.sql.get('select 1');
    expect(written).toBe(false);
    release();
    await open;
    await outside;
    expect(written).toBe(true);
  });
});
