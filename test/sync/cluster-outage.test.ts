import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it, onTestFinished, vi } from 'vitest';
import { ApiClient, DEMO } from '../helpers/http.js';
import { spawnServer } from '../helpers/process.js';
import { startTestRedis } from '../helpers/redis.js';
import { launchServer } from '../helpers/server.js';
import { connectSocket, send } from '../helpers/socket.js';

describe('Redis lost while the product runs', () => {
  it('a broadcast while Redis is down is logged and dropped; the process keeps serving', { timeout: 60_000 }, async () => {
    const redis = await startTestRedis();
    // A seeded data directory, then one real process over it (an unhandled failure would end it).
    const seeded = await launchServer({ dataDir: mkdtempSync(path.join(tmpdir(), 'board-outage-')) });
    await seeded.close();
    onTestFinished(() => rmSync(seeded.dataDir, { recursive: true, force: true }));
    const server = await spawnServer(seeded.dataDir, { REDIS_URL: redis.url, REDIS_PREFIX: 'outage-test' });
    const police = await new ApiClient(server.url).login(DEMO.police);
    const socket = await connectSocket(police);
    const joined = await send(socket, 'board:join', { boardId: 1 });
    expect(joined.ok).toBe(true);

    await redis.stop();
    // Leaving the board room tells the others in it (presence): a Socket.io broadcast through Redis.
    socket.disconnect();
    await vi.waitFor(() => expect(server.output()).toContain('a broadcast to other processes failed'), { timeout: 20_000, interval: 100 });
    const health = await fetch(`${server.url}/api/health`);
    expect([health.status, ((await health.json()) as { redis: string }).redis]).toEqual([503, 'down']);
  });
});
