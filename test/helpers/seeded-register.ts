import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll } from 'vitest';
import { seedRegister } from '../../bench/lib/seed-register.js';
import { copySqliteToPostgres } from '../../server/db/copy/copy-to-postgres.js';
import { createDatabase, databaseNameFor, databaseUrl, testDatabaseUrl } from './pg-databases.js';
import { TEST_PASSWORD_COST } from './seed-template.js';
import { launchServer, type TestServer } from './server.js';


export interface SeededRegister {
  server: TestServer;
  risks: number;
  mitigationsPerRisk: number;
  /** Seconds the seed took (with the server's own code: rows, docs and projections). */
  seedSeconds: number;
}

/**
 * A real server over a register of `risks` risks with `mitigationsPerRisk` mitigations each, seeded
 * once for the whole file (beforeAll) by the bench's seeder, and removed after it. The demo
 * partnership's people, boards and accounts are there (password "demo"); its risks are the seeded ones.
 */
export function useSeededRegister(risks: number, mitigationsPerRisk: number, timeoutMs = 180_000): () => SeededRegister {
  let seeded: SeededRegister | undefined;
  beforeAll(async () => {
    const dataDir = mkdtempSync(path.join(tmpdir(), 'board-register-'));
    const t0 = performance.now();
    await seedRegister(dataDir, risks, mitigationsPerRisk, { passwordHashCost: TEST_PASSWORD_COST, demoPassword: 'demo' });
    // On PostgreSQL (npm run test:pg) the register is then moved into the database standing for the
    // directory by the product's own migration tool (npm run db:copy), which checks every row read back:
    // seeding there directly takes each of the seed's many small writes over a socket, several times as long.
    if (testDatabaseUrl) {
      const database = databaseNameFor(dataDir);
      await createDatabase(database);
      await copySqliteToPostgres(dataDir, databaseUrl(database));
    }
    const seedSeconds = (performance.now() - t0) / 1000;
    const server = await launchServer({ dataDir, seedDemo: true });
    seeded = { server, risks, mitigationsPerRisk, seedSeconds };
  }, testDatabaseUrl ? 4 * timeoutMs : timeoutMs);
  afterAll(async () => {
    if (!seeded) return;
    await seeded.server.close();
    rmSync(seeded.server.dataDir, { recursive: true, force: true });
  });
  return () => {
    if (!seeded) throw new Error('The seeded register has not started');
    return seeded;
  };
}
