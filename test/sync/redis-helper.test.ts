import { createClient } from 'redis';
import { describe, expect, it } from 'vitest';
import { launchRedis } from '../helpers/redis.js';

describe('the test redis-server helper', () => {
  it('starts a server that answers, and stops it by its PID', async () => {
    const redis = await launchRedis();
    const client = createClient({ url: redis.url });
    await client.connect();
    expect(await client.ping()).toBe('PONG');
    await client.quit();
    await redis.stop();
    // Signal 0 only asks whether the process is there.
    expect(() => process.kill(redis.pid, 0)).toThrow();
  });
});
