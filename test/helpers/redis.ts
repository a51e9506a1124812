import { afterAll, beforeAll, onTestFinished } from 'vitest';
import { launchRedis, type TestRedis } from './redis-server.js';

export { launchRedis, type TestRedis } from './redis-server.js';

/** A redis-server for this test alone, stopped when it ends. */
export async function startTestRedis(): Promise<TestRedis> {
  const redis = await launchRedis();
  onTestFinished(() => redis.stop());
  return redis;
}

/** One redis-server for every test of a file (call at the top of a describe). */
export function useRedis(): () => TestRedis {
  let redis: TestRedis | undefined;
  beforeAll(async () => {
    redis = await launchRedis();
  });
  afterAll(async () => {
    await redis?.stop();
  });
  return () => {
    if (!redis) throw new Error('The test redis-server has not started');
    return redis;
  };
}
