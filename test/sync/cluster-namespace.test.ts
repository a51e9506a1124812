import { createClient } from 'redis';
import { describe, expect, it, onTestFinished, vi } from 'vitest';
import { docName } from '../../shared/protocol/yjs.js';
import { configFromEnv, redisPrefixFrom } from '../../server/config.js';
import { ApiClient, DEMO } from '../helpers/http.js';
import { useRedis } from '../helpers/redis.js';
import { startTestServer } from '../helpers/server.js';
import { openDoc } from '../helpers/yjs.js';

const RISK = docName('risk', 6);

/*
 * Two deployments on one Redis (staging beside production): a document's channel is named by the
 * document, and both have a risk 6, so without a namespace each would hear the other's edits, presence
 * and events, and keep the other's limits.
 */
describe('REDIS_PREFIX: deployments sharing one Redis', () => {
  const redis = useRedis();

  it('publish and listen only in their own namespace', async () => {
    const heard: string[] = [];
    const spy = createClient({ url: redis().url });
    await spy.connect();
    onTestFinished(() => spy.close());
    await spy.pSubscribe('*', (_message, channel) => heard.push(channel));
    const [staging, production] = await Promise.all([
      startTestServer({ redisUrl: redis().url, redisPrefix: 'staging' }),
      startTestServer({ redisUrl: redis().url, redisPrefix: 'production' }),
    ]);
    const open = async (url: string) => {
      const doc = openDoc(await new ApiClient(url).login(DEMO.chair), RISK);
      await doc.synced();
      onTestFinished(() => doc.destroy());
      return doc;
    };
    const [onStaging, onProduction] = await Promise.all([open(staging.url), open(production.url)]);
    onStaging.doc.getText('cause').insert(0, 'Typed on staging. ');
    onProduction.doc.getText('cause').insert(0, 'Typed on production. ');
    await vi.waitFor(() => expect(heard).toEqual(expect.arrayContaining([`staging:yjs:${RISK}`, `production:yjs:${RISK}`])));
    // Every channel either used is its own; each listens on its own document channel only.
    expect(heard.filter((c) => !c.startsWith('staging:') && !c.startsWith('production:'))).toEqual([]);
    const channels = await spy.pubSubChannels('*yjs*');
    expect(channels.sort()).toEqual([`production:yjs:${RISK}`, `staging:yjs:${RISK}`]);
    expect(onProduction.doc.getText('cause').toString()).not.toContain('Typed on staging');
  });

  it('refuses a namespace that is not a plain name, and Redis without a namespace', () => {
    expect(redisPrefixFrom(undefined)).toBe('board');
    // With Redis, a namespace must be chosen: two deployments left at one default would share it all.
    for (const unset of [undefined, '', '  ']) expect(() => redisPrefixFrom(unset, 'redis://127.0.0.1:6379')).toThrow(/REDIS_PREFIX must be set with REDIS_URL/);
    expect(redisPrefixFrom('production', 'redis://127.0.0.1:6379')).toBe('production');
    expect(() => configFromEnv({ REDIS_URL: 'redis://127.0.0.1:6379' })).toThrow(/REDIS_PREFIX must be set/);
    expect(configFromEnv({ REDIS_URL: 'redis://127.0.0.1:6379', REDIS_PREFIX: 'staging' })).toMatchObject({ redisPrefix: 'staging' });
    expect(redisPrefixFrom(' staging ')).toBe('staging');
    for (const bad of ['a:b', 'two words', '*', 'x'.repeat(41), 'é']) expect(() => redisPrefixFrom(bad)).toThrow(/REDIS_PREFIX/);
  });
});
