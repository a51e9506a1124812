import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createClient } from 'redis';
import { describe, expect, it } from 'vitest';
import { launchRedis } from '../helpers/redis.js';
import { startTestServer } from '../helpers/server.js';

describe('Redis (REDIS_URL)', () => {
  it('the test helper starts a server that answers, and stops it by its PID', async () => {
    const redis = await launchRedis();
    const client = createClient({ url: redis.url });
    await client.connect();
    expect(await client.ping()).toBe('PONG');
    await client.close();
    await redis.stop();
    // Signal 0 only asks whether the process is there.
    expect(() => process.kill(redis.pid, 0)).toThrow();
  });

  it('a server told to use a Redis it cannot reach refuses to start, saying so', async () => {
    const redis = await launchRedis();
    await redis.stop();
    const dataDir = mkdtempSync(path.join(tmpdir(), 'redis-h-refused-'));
    try {
      await expect(startTestServer({ dataDir, redisUrl: redis.url.replace('redis://', 'redis://:secret@') })).rejects.toThrow(/Could not connect to Redis at REDIS_URL redis:\/\/:\*\*\*@127\.0\.0\.1/);
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  });

  it('a server with Redis starts, serves and closes its connections', async () => {
    const redis = await launchRedis();
    try {
      const server = await startTestServer({ redisUrl: redis.url });
      expect((await fetch(`${server.url}/api/health`)).status).toBe(200);
      const admin = createClient({ url: redis.url });
      await admin.connect();
      // Its two connections (and ours).
      await expect.poll(async () => (await admin.clientList()).length).toBe(3);
      await server.close();
      await expect.poll(async () => (await admin.clientList()).length).toBe(1);
      await admin.close();
    } finally {
      await redis.stop();
    }
  });
});
