import { rmSync } from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import pg from 'pg';
import { createClient } from 'redis';
import { numberedPlaceholders } from '../../server/db/raw-sql.js';
import { onTestFinished } from 'vitest';
import { docChannel } from '../../server/realtime/cluster/doc-channels.js';
import { spawnServer, type ServerProcess } from './process.js';
import { startTestRedis, type TestRedis } from './redis.js';
import { launchServer } from './server.js';

/**
 * The processes' Redis namespace (REDIS_PREFIX): not the default, so a test that names a key or a
 * channel fails should the server not keep to the namespace it is given.
 */
export const REDIS_PREFIX = 'cluster-test';

export interface TwoProcesses {
  a: ServerProcess;
  b: ServerProcess;
  dataDir: string;
  redis: TestRedis;
  /** How many processes listen on a document's channel (PUBSUB NUMSUB): 0 once every process has unloaded it. */
  listeners(docName: string): Promise<number>;
  /** Publishes raw bytes on a document's channel (a doc name) or on a channel named in full (`board:…`), as a broken or hostile peer would. */
  publishRaw(docNameOrChannel: string, bytes: Buffer): Promise<void>;
  /**
   * Holds every PUBLISH in Redis (CLIENT PAUSE … WRITE) until `release`: what a process stores is not
   * heard by the other meanwhile, as when a message is slow or lost.
   */
  holdMessages(): Promise<{ release(): Promise<void> }>;
  /** Reads the shared database (its own connection) while the processes run; `?` placeholders. */
  read<T>(sql: string, ...params: unknown[]): Promise<T[]>;
}

/**
 * Two real server processes (`node --import tsx server/index.ts`) over ONE data directory, seeded
 * once, each on its own free port, sharing one throwaway redis-server: the product as it runs behind
 * a load balancer. Everything is stopped and removed when the test ends.
 *
 * CLUSTER_WITHOUT_REDIS=1 starts them without REDIS_URL (two processes that do not hear each other):
 * each cross-process test must then fail, which shows it tests the bridging and nothing else.
 */
export async function startTwoProcesses(env: Record<string, string> = {}): Promise<TwoProcesses> {
  const redis = await startTestRedis();
  // Seeded in this process (from the suite's template), then closed: the two processes open it as it stands.
  const seeded = await launchServer();
  await seeded.close();
  const dataDir = seeded.dataDir;
  onTestFinished(() => rmSync(dataDir, { recursive: true, force: true }));
  const databaseUrl = seeded.config.databaseUrl;
  const shared = { ...(process.env.CLUSTER_WITHOUT_REDIS === '1' ? {} : { REDIS_URL: redis.url }), ...(databaseUrl ? { DATABASE_URL: databaseUrl } : {}), REDIS_PREFIX, ...env };
  // One after the other: each process runs its start-up work (migrations, seeding checks) alone.
  const a = await spawnServer(dataDir, shared);
  const b = await spawnServer(dataDir, shared);
  const admin = createClient({ url: redis.url });
  await admin.connect();
  const db = databaseUrl ? null : new Database(path.join(dataDir, 'board.sqlite'), { readonly: true });
  const pool = databaseUrl ? new pg.Pool({ connectionString: databaseUrl }) : null;
  // Registered last, so run first: the processes stop (SIGTERM, their shutdown runs), then the helpers close.
  onTestFinished(async () => {
    db?.close();
    await pool?.end();
    await admin.close();
    await Promise.all([a.stop(), b.stop()]);
  });
  return {
    a,
    b,
    dataDir,
    redis,
    async listeners(docName) {
      const counts = await admin.pubSubNumSub(docChannel(REDIS_PREFIX, docName));
      return Number(Object.values(counts)[0] ?? 0);
    },
    async publishRaw(target, bytes) {
      await admin.publish(target.startsWith(`${REDIS_PREFIX}:`) ? target : docChannel(REDIS_PREFIX, target), bytes);
    },
    async holdMessages() {
      await admin.sendCommand(['CLIENT', 'PAUSE', '60000', 'WRITE']);
      let released = false;
      const release = async () => {
        if (released) return;
        released = true;
        await admin.sendCommand(['CLIENT', 'UNPAUSE']);
      };
      onTestFinished(release);
      return { release };
    },
    read: async <T>(sql: string, ...params: unknown[]) => (pool ? ((await pool.query(numberedPlaceholders(sql), params)).rows as T[]) : (db!.prepare(sql).all(...params) as T[])),
  };
}
