import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { configFromEnv } from '../../server/config.js';
import { startServer } from '../../server/server.js';
import { createDatabase, databaseUrl } from './pg-databases.js';

/*
 * Without vitest, so that scripts/test-pg.ts can seed PostgreSQL's template once for a whole run.
 */

/**
 * The same scrypt, at a lower cost: hundreds of sign-ins across the suite stay quick; the server
 * processes the tests spawn hash at it too. The production cost is exercised by test/unit/passwords.test.ts.
 */
export const TEST_PASSWORD_COST = 12;

/**
 * The demo partnership, seeded by the server itself and left as it stops: into a new SQLite data
 * directory (answered), or into PostgreSQL database `database` (made here) when one is named.
 */
export async function seedTemplate(database: string | null): Promise<string> {
  const dir = mkdtempSync(path.join(tmpdir(), 'board-template-'));
  if (database) await createDatabase(database);
  const server = await startServer({
    ...configFromEnv({}),
    port: 0,
    host: '127.0.0.1',
    dataDir: dir,
    databaseUrl: database ? databaseUrl(database) : null,
    clientDir: null,
    seedDemo: true,
    passwordHashCost: TEST_PASSWORD_COST,
    log: () => undefined,
  });
  await server.close();
  if (!database) return dir;
  rmSync(dir, { recursive: true, force: true });
  return database;
}
