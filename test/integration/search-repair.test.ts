import { cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { drizzle } from 'drizzle-orm/better-sqlite3';
import { migrate } from 'drizzle-orm/better-sqlite3/migrator';
import { afterEach, describe, expect, it } from 'vitest';
import { SearchAnswer } from '../../shared/schemas/search.js';
import { parse } from '../../shared/validate.js';
import { ApiClient, DEMO } from '../helpers/http.js';
import { startTestServer } from '../helpers/server.js';

const dirs: string[] = [];
afterEach(() => dirs.splice(0).forEach((d) => rmSync(d, { recursive: true, force: true })));
const tempDir = (prefix: string) => {
  const dir = mkdtempSync(path.join(tmpdir(), prefix));
  dirs.push(dir);
  return dir;
};

describe('a database that recorded the placeholder search migration', () => {
  it('gets its search tables at start, filled from the records, and kept by triggers from then on', async () => {
    // For a while 0016 was `SELECT 1` on main: a database migrated then has 0016 on record and no tables.
    const placeholder = tempDir('board-migrations-');
    cpSync(path.resolve('drizzle/sqlite'), placeholder, { recursive: true });
    writeFileSync(path.join(placeholder, '0016_search.sql'), 'SELECT 1;');
    const dataDir = tempDir('board-placeholder-');
    const raw = new Database(path.join(dataDir, 'board.sqlite'));
    migrate(drizzle(raw), { migrationsFolder: placeholder });
    expect(raw.prepare("SELECT count(*) AS n FROM sqlite_master WHERE name LIKE 'search_%'").get()).toEqual({ n: 0 });
    raw.close();

    const server = await startTestServer({ dataDir });
    try {
      const police = await new ApiClient(server.url).login(DEMO.police);
      const answer = async (q: string) => {
        const res = await police.get<SearchAnswer>(`/api/partnerships/1/search?q=${encodeURIComponent(q)}`);
        expect(res.status, JSON.stringify(res.body)).toBe(200);
        return parse(SearchAnswer, res.body);
      };
      // The demo's records, seeded after the repair, and one written now, are all found.
      const risks = (await answer('exploitation')).groups.find((g) => g.kind === 'risk')!;
      expect(risks.count).toBeGreaterThan(0);
      const me = (await police.get<{ person: { id: number }; agency: { id: number }; memberships: { boardId: number }[] }>('/api/auth/me')).body;
      const created = await police.post('/api/partnerships/1/risks', { boardId: me.memberships[0]!.boardId, title: 'Wintergreen corridor unlit', leadAgencyId: me.agency.id, ownerId: me.person.id });
      expect(created.status).toBe(201);
      expect((await answer('wintergreen')).groups.find((g) => g.kind === 'risk')!.count).toBe(1);
    } finally {
      await server.close();
    }
  });
});
