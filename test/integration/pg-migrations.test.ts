import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { eq, getTableName, is, sql } from 'drizzle-orm';
import { drizzle as sqliteDrizzle } from 'drizzle-orm/better-sqlite3';
import { migrate as sqliteMigrate } from 'drizzle-orm/better-sqlite3/migrator';
import { drizzle } from 'drizzle-orm/node-postgres';
import { migrate } from 'drizzle-orm/node-postgres/migrator';
import { PgTable } from 'drizzle-orm/pg-core';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as schema from '../../server/db/pg/schema.js';
import * as sqliteSchema from '../../server/db/schema.js';
import { postgresMissing, startPostgres, type TestPostgres } from '../helpers/postgres.js';

/** created_at as SQLite's default writes it: ISO 8601 in UTC, to the millisecond, with a Z. */
const ISO_MS = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;
const SEARCH_TABLES = ['search_challenges', 'search_meeting_actions', 'search_mitigations', 'search_people', 'search_plan_actions', 'search_plan_objectives', 'search_recommendations', 'search_risks'];

if (postgresMissing) console.warn(`pg-migrations: skipped: ${postgresMissing}`);

describe.skipIf(postgresMissing !== null)('the PostgreSQL migrations (drizzle/pg) on a real PostgreSQL', () => {
  let server: TestPostgres;
  let pool: pg.Pool;
  let db: ReturnType<typeof drizzle<typeof schema>>;

  beforeAll(async () => {
    server = await startPostgres();
    pool = new pg.Pool({ connectionString: server.url, max: 2 });
    db = drizzle(pool, { schema });
    await migrate(db, { migrationsFolder: path.resolve('drizzle/pg') });
  }, 60_000);

  afterAll(async () => {
    await pool?.end();
    await server?.stop();
  });

  const rows = async <T>(query: ReturnType<typeof sql>) => (await db.execute(query)).rows as T[];

  it('make every table of the schema, the search tables, and nothing else; a second run does nothing', async () => {
    await migrate(db, { migrationsFolder: path.resolve('drizzle/pg') });
    const tables = await rows<{ table_name: string }>(sql`select table_name from information_schema.tables where table_schema = 'public' order by table_name`);
    const expected = Object.values(schema).flatMap((t) => (is(t, PgTable) ? [getTableName(t)] : []));
    expect(tables.map((t) => t.table_name)).toEqual([...expected, ...SEARCH_TABLES].sort());
    const applied = await rows<{ n: string }>(sql`select count(*) as n from drizzle.__drizzle_migrations`);
    expect(Number(applied[0]!.n)).toBe(journal().entries.length);
  });

  it('store a partnership, an agency and a person with the values SQLite gives back', async () => {
    const matrix = { likelihood: ['Rare', 'Likely'], impact: ['Minor', 'Major'], bands: [{ from: 1, rag: 'green' }] };
    const [partnership] = await db.insert(schema.partnerships).values({ name: 'Northtown Safeguarding Partnership', riskMatrix: matrix as never, mailDetails: true }).returning();
    expect(partnership).toMatchObject({ name: 'Northtown Safeguarding Partnership', riskMatrix: matrix, mailDetails: true, protectiveMarking: 'OFFICIAL' });
    expect(typeof partnership!.id).toBe('number');

    const [agency] = await db.insert(schema.agencies).values({ partnershipId: partnership!.id, name: 'Northtown Police', kind: 'police' }).returning();
    const [account] = await db.insert(schema.accounts).values({ email: 'zoe@northtown.test' }).returning();
    const [person] = await db.insert(schema.people).values({ partnershipId: partnership!.id, accountId: account!.id, agencyId: agency!.id, name: 'Zoë Brontë', jobTitle: 'Detective Inspector' }).returning();
    const read = await db.query.people.findFirst({ where: eq(schema.people.id, person!.id) });
    expect(read).toMatchObject({ name: 'Zoë Brontë', isPartnershipAdmin: false, disabled: false });
    expect(typeof read!.disabled).toBe('boolean');

    // created_at: the same text as SQLite's default makes, for the same moment.
    const sqliteDir = mkdtempSync(path.join(tmpdir(), 'board-sqlite-'));
    try {
      const raw = new Database(path.join(sqliteDir, 'board.sqlite'));
      const lite = sqliteDrizzle(raw, { schema: sqliteSchema });
      sqliteMigrate(lite, { migrationsFolder: path.resolve('drizzle/sqlite') });
      const liteRow = lite.insert(sqliteSchema.partnerships).values({ name: 'Northtown' }).returning().get();
      raw.close();
      for (const createdAt of [liteRow.createdAt, partnership!.createdAt, agency!.createdAt, read!.createdAt]) {
        expect(createdAt).toMatch(ISO_MS);
        expect(new Date(createdAt).toISOString()).toBe(createdAt);
        expect(Math.abs(Date.parse(createdAt) - Date.now())).toBeLessThan(60_000);
      }
    } finally {
      rmSync(sqliteDir, { recursive: true, force: true });
    }

    // The rules: a reference to nothing and a second agency of the same name are refused, by the same names.
    await expect(db.insert(schema.agencies).values({ partnershipId: 999_999, name: 'Nowhere', kind: 'police' })).rejects.toMatchObject({ cause: { code: '23503', constraint: 'agencies_partnership_id_partnerships_id_fk' } });
    await expect(db.insert(schema.agencies).values({ partnershipId: partnership!.id, name: 'Northtown Police', kind: 'police' })).rejects.toMatchObject({ cause: { code: '23505', constraint: 'agencies_partnership_name' } });
  });

  it('give back json strings, numbers, bytes, bigints and doubles as SQLite does', async () => {
    // A stored string that reads as JSON ("123") stays a string: drizzle's own jsonb would give 123.
    const changes = await db
      .insert(schema.fieldChanges)
      .values([
        { partnershipId: 1, docName: 'risk:1', recordId: 1, field: 'title', fromValue: '123', toValue: 'true', at: '2026-11-01T10:00:00.000Z' },
        { partnershipId: 1, docName: 'risk:1', recordId: 1, field: 'score', fromValue: 12, toValue: { likelihood: 3, impact: 4 }, at: '2026-11-01T10:00:00.000Z' },
      ])
      .returning();
    const back = await db.select().from(schema.fieldChanges).where(eq(schema.fieldChanges.docName, 'risk:1')).orderBy(schema.fieldChanges.id);
    expect(back.map((c) => [c.fromValue, c.toValue])).toEqual([
      ['123', 'true'],
      [12, { likelihood: 3, impact: 4 }],
    ]);
    expect(back.map((c) => c.id)).toEqual(changes.map((c) => c.id));

    const update = Buffer.from([0, 1, 2, 250, 255]);
    const at = Date.now();
    const [stored] = await db.insert(schema.docUpdates).values({ docName: 'risk:1', update, editorId: null, at }).returning();
    const [log] = await db.select().from(schema.docUpdates).where(eq(schema.docUpdates.id, stored!.id));
    expect(Buffer.isBuffer(log!.update)).toBe(true);
    expect([...log!.update]).toEqual([0, 1, 2, 250, 255]);
    // bigint columns read as numbers, epoch milliseconds and Yjs client ids (beyond int4) included.
    expect(log).toMatchObject({ id: stored!.id, at });
    expect(typeof log!.id).toBe('number');
    await db.insert(schema.docWriters).values({ docName: 'risk:1', clientId: 4_294_967_295, personId: 1 });
    expect((await db.select().from(schema.docWriters))[0]!.clientId).toBe(4_294_967_295);
  });

  it('keep the full-text search tables in step with the records they index', async () => {
    const [partnership] = await db.insert(schema.partnerships).values({ name: 'Southtown' }).returning();
    const [board] = await db.insert(schema.boards).values({ partnershipId: partnership!.id, name: 'Executive' }).returning();
    const now = '2026-11-01T10:00:00.000Z';
    const [risk] = await db.insert(schema.risks).values({ partnershipId: partnership!.id, number: 1, boardId: board!.id, title: 'Wintergreen corridor unlit', cause: 'Street lights failed', createdAt: now, updatedAt: now }).returning();
    await db.insert(schema.mitigations).values({ id: `${risk!.id}:m1`, riskId: risk!.id, key: 'm1', action: 'Patrol the underpass nightly', updatedAt: now });
    // Each word a prefix, in the same configuration: what the runtime's search will ask.
    const found = async (table: string, words: string) =>
      (await rows<{ rid: number | string }>(sql`select rid from ${sql.identifier(table)} where document @@ to_tsquery('board_search', ${words}) order by rid`)).map((r) => r.rid);

    expect(await found('search_risks', 'winterg:*')).toEqual([risk!.id]);
    expect(await found('search_risks', 'street:* & light:*')).toEqual([risk!.id]);
    // Each row says whose record it is (a mitigation: its risk's), so a search ranks its own partnership's matches only.
    expect(await partnershipsOf(db, ['search_risks', risk!.id], ['search_mitigations', `${risk!.id}:m1`])).toEqual([partnership!.id, partnership!.id]);
    expect(await found('search_mitigations', 'underpass:*')).toEqual([`${risk!.id}:m1`]);
    // Accents are folded, as FTS5's remove_diacritics does: "zoe" finds Zoë Brontë.
    expect(await found('search_people', 'zoe:* & bronte:*')).toHaveLength(1);

    await db.update(schema.risks).set({ title: 'Canal towpath unlit' }).where(eq(schema.risks.id, risk!.id));
    expect(await found('search_risks', 'winterg:*')).toEqual([]);
    expect(await found('search_risks', 'towpath:*')).toEqual([risk!.id]);
    await db.delete(schema.mitigations).where(eq(schema.mitigations.riskId, risk!.id));
    expect(await found('search_mitigations', 'underpass:*')).toEqual([]);
  });

  it('give every search row its record’s partnership when a database made before the column is upgraded', async () => {
    // A database migrated up to the search tables only (the journal cut there), holding records of two partnerships.
    await pool.query('create database before_partnership_column');
    const older = new pg.Pool({ connectionString: server.url.replace(/\/postgres$/, '/before_partnership_column'), max: 2 });
    const olderDb = drizzle(older, { schema });
    const folder = mkdtempSync(path.join(tmpdir(), 'board-pg-migrations-'));
    try {
      cpSync(path.resolve('drizzle/pg'), folder, { recursive: true });
      const cut = journal();
      const upTo = cut.entries.findIndex((e) => e.tag === '0001_search') + 1;
      writeFileSync(path.join(folder, 'meta/_journal.json'), JSON.stringify({ ...cut, entries: cut.entries.slice(0, upTo) }));
      await migrate(olderDb, { migrationsFolder: folder });
      const made = [];
      for (const name of ['Easttown', 'Westtown']) {
        const [p] = await olderDb.insert(schema.partnerships).values({ name }).returning();
        const [agency] = await olderDb.insert(schema.agencies).values({ partnershipId: p!.id, name: `${name} Police`, kind: 'police' }).returning();
        const [account] = await olderDb.insert(schema.accounts).values({ email: `lead@${name.toLowerCase()}.test` }).returning();
        const [person] = await olderDb.insert(schema.people).values({ partnershipId: p!.id, accountId: account!.id, agencyId: agency!.id, name: `${name} lead` }).returning();
        const [board] = await olderDb.insert(schema.boards).values({ partnershipId: p!.id, name: 'Executive' }).returning();
        const now = '2026-11-01T10:00:00.000Z';
        const [risk] = await olderDb.insert(schema.risks).values({ partnershipId: p!.id, number: 1, boardId: board!.id, title: 'Canal towpath unlit', createdAt: now, updatedAt: now }).returning();
        await olderDb.insert(schema.mitigations).values({ id: `${risk!.id}:m1`, riskId: risk!.id, key: 'm1', action: 'Patrol the towpath', updatedAt: now });
        made.push({ partnershipId: p!.id, personId: person!.id, riskId: risk!.id });
      }

      await migrate(olderDb, { migrationsFolder: path.resolve('drizzle/pg') });
      for (const m of made) {
        expect(await partnershipsOf(olderDb, ['search_risks', m.riskId], ['search_mitigations', `${m.riskId}:m1`], ['search_people', m.personId])).toEqual([m.partnershipId, m.partnershipId, m.partnershipId]);
      }
      // And from then on, the triggers write it.
      const [later] = await olderDb.insert(schema.boards).values({ partnershipId: made[1]!.partnershipId, name: 'Later' }).returning();
      const now = '2026-11-02T10:00:00.000Z';
      const [risk] = await olderDb.insert(schema.risks).values({ partnershipId: made[1]!.partnershipId, number: 2, boardId: later!.id, title: 'Added after the upgrade', createdAt: now, updatedAt: now }).returning();
      expect(await partnershipsOf(olderDb, ['search_risks', risk!.id])).toEqual([made[1]!.partnershipId]);
    } finally {
      rmSync(folder, { recursive: true, force: true });
      await older.end();
    }
  });
});

/** drizzle/pg's journal: the migrations in the order they run. */
function journal(): { entries: { tag: string }[] } & Record<string, unknown> {
  return JSON.parse(readFileSync(path.resolve('drizzle/pg/meta/_journal.json'), 'utf8')) as { entries: { tag: string }[] };
}

/** The partnership each search row names, for [table, rid] pairs (undefined where the row is missing). */
async function partnershipsOf(database: { execute: (q: ReturnType<typeof sql>) => Promise<{ rows: unknown[] }> }, ...rowsOf: [string, number | string][]): Promise<(number | undefined)[]> {
  const out: (number | undefined)[] = [];
  for (const [table, rid] of rowsOf) {
    const found = (await database.execute(sql`select partnership_id from ${sql.identifier(table)} where rid = ${rid}`)).rows as { partnership_id: number }[];
    out.push(found[0]?.partnership_id);
  }
  return out;
}
