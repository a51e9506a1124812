import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { drizzle } from 'drizzle-orm/better-sqlite3';
import { migrate } from 'drizzle-orm/better-sqlite3/migrator';
import { afterEach, describe, expect, it } from 'vitest';
import { hashPassword } from '../../server/features/auth/passwords.js';
import type { PersonView } from '../../shared/schemas/admin.js';
import type { Me } from '../../shared/schemas/auth.js';
import { ApiClient } from '../helpers/http.js';
import { startTestServer } from '../helpers/server.js';

/**
 * A partnership's database as it stood before accounts (migration 0006), with people, a password,
 * a pending invitation's person, a seat and a risk: upgrading keeps every one of them. A SQLite file's
 * history, so on SQLite whatever the run (PostgreSQL's migrations begin after accounts).
 */
const BEFORE_ACCOUNTS = '0006_vice_chair_and_tolerance';
const dirs: string[] = [];
afterEach(() => dirs.splice(0).forEach((d) => rmSync(d, { recursive: true, force: true })));

function migrationsUpTo(tag: string): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'board-migrations-'));
  dirs.push(dir);
  cpSync(path.resolve('drizzle/sqlite'), dir, { recursive: true });
  const journalPath = path.join(dir, 'meta/_journal.json');
  const journal = JSON.parse(readFileSync(journalPath, 'utf8')) as { entries: { tag: string }[] };
  const last = journal.entries.findIndex((e) => e.tag === tag);
  expect(last).toBeGreaterThan(0);
  journal.entries = journal.entries.slice(0, last + 1);
  writeFileSync(journalPath, JSON.stringify(journal));
  return dir;
}

describe('upgrading to accounts', () => {
  it('keeps every person, their password, seats and records; e-mails become accounts', async () => {
    const dataDir = mkdtempSync(path.join(tmpdir(), 'board-upgrade-'));
    dirs.push(dataDir);
    const raw = new Database(path.join(dataDir, 'board.sqlite'));
    raw.pragma('foreign_keys = ON');
    migrate(drizzle(raw), { migrationsFolder: migrationsUpTo(BEFORE_ACCOUNTS) });
    const hash = await hashPassword('an old passphrase', 12);
    const now = '2026-11-01T10:00:00.000Z';
    raw.exec(`
      INSERT INTO partnerships (id, name) VALUES (1, 'Oldtown Safeguarding Partnership');
      INSERT INTO agencies (id, partnership_id, name, kind) VALUES (1, 1, 'Oldtown Police', 'police'), (2, 1, 'Oldtown Council', 'childrens_services');
      INSERT INTO boards (id, partnership_id, name) VALUES (1, 1, 'Oldtown Executive');
    `);
    raw.prepare(`INSERT INTO people (id, partnership_id, agency_id, name, email, password_hash, is_partnership_admin) VALUES (1, 1, 2, 'Olive Admin', 'Olive@Oldtown.test', ?, 1)`).run(hash);
    raw.exec(`
      INSERT INTO people (id, partnership_id, agency_id, name, email) VALUES (2, 1, 1, 'Invited Inspector', 'inspector@oldtown.test');
      INSERT INTO memberships (board_id, person_id, role) VALUES (1, 1, 'chair'), (1, 2, 'member');
      INSERT INTO risks (id, partnership_id, number, board_id, owner_id, title, created_at, updated_at) VALUES (1, 1, 1, 1, 2, 'Oldtown risk', '${now}', '${now}');
    `);
    raw.close();

    const server = await startTestServer({ dataDir, seedDemo: false, databaseUrl: null });
    const olive = await new ApiClient(server.url).login('olive@oldtown.test', 'an old passphrase');
    const me = (await olive.get<Me>('/api/auth/me')).body;
    expect(me.person).toMatchObject({ id: 1, name: 'Olive Admin', email: 'olive@oldtown.test' });
    expect(me.partnership).toEqual({ id: 1, name: 'Oldtown Safeguarding Partnership', isAdmin: true, protectiveMarking: 'OFFICIAL' });
    expect(me.memberships).toMatchObject([{ boardId: 1, role: 'chair' }]);
    const people = (await olive.get<PersonView[]>('/api/partnerships/1/people')).body;
    expect(people.map((p) => [p.id, p.email, p.active, p.sharedAccount])).toEqual([
      [2, 'inspector@oldtown.test', false, false],
      [1, 'olive@oldtown.test', true, false],
    ]);
    // The risk still names its owner.
    expect((await server.services.risks.queries.list(1)).map((r) => [r.title, r.ownerName])).toEqual([['Oldtown risk', 'Invited Inspector']]);
  });
});
