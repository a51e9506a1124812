import { launchRedis } from '../../test/helpers/redis-server.js';
import { runFanout, type FanoutResult } from '../scenarios/fanout.js';
import type { RealtimeKit } from './realtime-run.js';
import { startOurServer } from './server-process.js';
import { signInSessions } from './session.js';

export interface ClusterRound {
  /** One process alone, SQLite, no Redis: the figure the two processes are held to. */
  single: FanoutResult;
  /** Processes A and B over one data directory and one Redis; the writer and half the clients on A. */
  cluster: FanoutResult;
}

/**
 * Scenario g (issue 17): scenario a's fan-out with half the clients on a second process, against one
 * process alone in the same run, rounds alternated so other load on the machine falls on both alike.
 * A throwaway redis-server on a free port, stopped afterwards.
 */
export async function runCluster(kit: RealtimeKit): Promise<{ rounds: ClusterRound[] }> {
  const { opts } = kit;
  const redis = await launchRedis();
  try {
    const single = await kit.start(startOurServer(kit.tempDir('bench-g1-')));
    const shared = kit.tempDir('bench-g2-');
    const env = { REDIS_URL: redis.url, REDIS_PREFIX: 'bench' };
    // One after the other: the first seeds the shared database, the second finds it seeded.
    const a = await kit.start(startOurServer(shared, { env }));
    const b = await kit.start(startOurServer(shared, { env }));
    try {
      const singleCookies = await signInSessions(single.url, opts.fanoutClients);
      const clusterCookies = await signInSessions(a.url, opts.fanoutClients);
      const rounds: ClusterRound[] = [];
      for (let i = 1; i <= opts.rounds; i++) {
        // A fresh doc each round (see a): the demo's risks 21 onwards.
        const docName = `risk:${20 + i}`;
        const base = { docName, clients: opts.fanoutClients, rate: opts.fanoutRate, seconds: opts.seconds, db: null };
        kit.log(`g: one process (round ${i} of ${opts.rounds})`);
        const one = await runFanout(single, { ...base, cookies: singleCookies });
        kit.log(`g: two processes (round ${i} of ${opts.rounds})`);
        rounds.push({ single: one, cluster: await runFanout(a, { ...base, cookies: clusterCookies, second: b }) });
      }
      return { rounds };
    } finally {
      for (const s of [b, a, single]) await kit.stop(s);
    }
  } finally {
    await redis.stop();
  }
}
