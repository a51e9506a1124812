import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, expect, onTestFinished, vi } from 'vitest';
import { configFromEnv, type ServerConfig } from '../../server/config.js';
import { startServer, type RunningServer } from '../../server/server.js';
import { seedTemplate, TEST_PASSWORD_COST } from './seed-template.js';
import { createDatabase, databaseExists, databaseNameFor, databaseUrl, testDatabaseUrl, uniqueName } from './pg-databases.js';

export interface TestServer extends RunningServer {
  dataDir: string;
  config: ServerConfig;
}

/**
 * Seeding hashes seven demo passwords with scrypt; doing it once per test worker and copying the
 * database keeps each fresh server's start fast. The copy is a real, fully migrated SQLite file, or a
 * PostgreSQL database made from the template (npm run test:pg seeds one for the whole run and names
 * it in TEST_DATABASE_TEMPLATE).
 */
let template: Promise<string> | null = null;
function seededTemplate(): Promise<string> {
  template ??= (async () => {
    if (testDatabaseUrl && process.env.TEST_DATABASE_TEMPLATE) return process.env.TEST_DATABASE_TEMPLATE;
    const seeded = await seedTemplate(testDatabaseUrl ? uniqueName('template') : null);
    if (!testDatabaseUrl) process.once('exit', () => rmSync(seeded, { recursive: true, force: true }));
    return seeded;
  })();
  return template;
}

/**
 * The database a test server runs on: with TEST_DATABASE_URL, a PostgreSQL database standing for the
 * data directory (made now, as a copy of the seeded template unless the test wants it empty);
 * otherwise none, and the server keeps a SQLite file in the directory.
 */
async function databaseFor(dataDir: string, fresh: boolean, seeded: boolean): Promise<string | null> {
  if (!testDatabaseUrl) {
    if (fresh && seeded) cpSync(await seededTemplate(), dataDir, { recursive: true });
    return null;
  }
  const name = databaseNameFor(dataDir);
  if (!(await databaseExists(name))) await createDatabase(name, fresh && seeded ? await seededTemplate() : undefined);
  return databaseUrl(name);
}

export async function launchServer(overrides: Partial<ServerConfig> = {}): Promise<TestServer> {
  const dataDir = overrides.dataDir ?? mkdtempSync(path.join(tmpdir(), 'board-test-'));
  // `databaseUrl: null` keeps a server on SQLite whatever the run (a test of SQLite itself, db:copy's source).
  const database = 'databaseUrl' in overrides ? (overrides.databaseUrl ?? null) : await databaseFor(dataDir, !overrides.dataDir, overrides.seedDemo !== false);
  const config: ServerConfig = {
    ...configFromEnv({}),
    port: 0,
    host: '127.0.0.1',
    dataDir,
    clientDir: null,
    seedDemo: true,
    passwordHashCost: TEST_PASSWORD_COST,
    log: () => undefined,
    databaseUrl: database,
    // The PDF tests print with the Chromium the machine has (Debian's by default, as in production).
    ...(process.env.CHROMIUM_PATH ? { chromiumPath: process.env.CHROMIUM_PATH } : {}),
    ...overrides,
  };
  const server = await startServer(config);
  // With a mail server, the start's catch-up (the demo's reminders, mailed at once) is sent in the
  // background once the server listens. Tests begin with that behind them, as they assume a quiet outbox.
  if (config.smtpUrl) await vi.waitFor(async () => expect(await pendingMail(server)).toBe(0), { timeout: 60_000, interval: 50 });
  return { ...server, dataDir, config };
}

const pendingMail = async (server: RunningServer): Promise<number> =>
  (await server.ctx.database.sql.get<{ n: number }>("select count(*) as n from mail_outbox where status in ('queued', 'sending')"))!.n;

/** Starts a real server on port 0 with a fresh SQLite file, removed when the test ends. */
export async function startTestServer(overrides: Partial<ServerConfig> = {}): Promise<TestServer> {
  const server = await launchServer(overrides);
  onTestFinished(async () => {
    await server.close();
    if (!overrides.dataDir) rmSync(server.dataDir, { recursive: true, force: true });
  });
  return server;
}

/** One server for every test of a file (call at the top of a describe). */
export function useTestServer(overrides: Partial<ServerConfig> = {}): () => TestServer {
  let server: TestServer | undefined;
  beforeAll(async () => {
    server = await launchServer(overrides);
  });
  afterAll(async () => {
    await server?.close();
    if (server && !overrides.dataDir) rmSync(server.dataDir, { recursive: true, force: true });
  });
  return () => {
    if (!server) throw new Error('The test server has not started');
    return server;
  };
}
