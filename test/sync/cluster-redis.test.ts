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
      const health = await fetch(`${server.url}/api/health`);
      expect(health.status).toBe(200);
      expect(await health.json()).toMatchObject({ ok: true, database: 'up', redis: 'up' });
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

  it('/api/health says when Redis is down (503), and recovers when it is back on its port', async () => {
    let redis = await launchRedis();
    const port = Number(new URL(redis.url).port);
    const server = await startTestServer({ redisUrl: redis.url });
    const health = async () => {
      const res = await fetch(`${server.url}/api/health`);
      return { status: res.status, body: (await res.json()) as { ok: boolean; database: string; redis: string } };
    };
    try {
      expect(await health()).toMatchObject({ status: 200, body: { ok: true, database: 'up', redis: 'up' } });
      await redis.stop();
      await expect.poll(health, { timeout: 10_000 }).toMatchObject({ status: 503, body: { ok: false, database: 'up', redis: 'down' } });
      redis = await launchRedis(port);
      await expect.poll(health, { timeout: 15_000 }).toMatchObject({ status: 200, body: { ok: true, database: 'up', redis: 'up' } });
    } finally {
      await server.close();
      await redis.stop();
    }
  });

  it('/api/health without REDIS_URL says Redis is unused', async () => {
    const server = await startTestServer();
    try {
      const res = await fetch(`${server.url}/api/health`);
      expect(res.status).toBe(200);
      expect(await res.json()).toMatchObject({ ok: true, database: 'up', redis: 'unused' });
    } finally {
      await server.close();
    }
  });
});
