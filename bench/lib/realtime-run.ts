import { YJS_LIMITS } from '../../shared/protocol/yjs.js';
import { runFanout } from '../scenarios/fanout.js';
import { runThroughput } from '../scenarios/throughput.js';
import { pgDbReader, sqliteDbReader, type DbReader } from './db-read.js';
import { postgresMissing, startPostgres } from '../../test/helpers/postgres.js';
import type { BenchOptions } from './options.js';
import type { BenchResults, CommitCounts } from './report.js';
import { startOurServer, startReferenceServer, type ServerProcess } from './server-process.js';
import { CONNECTIONS_PER_SESSION, signInSessions } from './session.js';

/** What run.ts lends the real-time scenarios: its process bookkeeping, notes and profiles. */
export interface RealtimeKit {
  opts: BenchOptions;
  notes: string[];
  log(message: string): void;
  start(server: Promise<ServerProcess>): Promise<ServerProcess>;
  stop(server: ServerProcess): Promise<void>;
  tempDir(prefix: string): string;
  profileDirFor(name: string): string | undefined;
  reportProfile(dir: string, label: string): void;
}

type Realtime = Pick<BenchResults, 'a' | 'b' | 'bUncapped' | 'bPostgres'>;

/**
 * Scenarios a and b (and b's uncapped variant), each on a fresh process of our server, so that the
 * commit queue's counts it logs on stopping ("yjs commit queue") are the scenario's own. The
 * reference server runs beside them all.
 */
export async function runRealtime(kit: RealtimeKit): Promise<Realtime> {
  const { opts } = kit;
  const out: Realtime = {};
  const reference = opts.reference ? await kit.start(startReferenceServer()) : null;
  kit.notes.push(
    `Sessions of admin@demo.test (may edit every risk), at most ${CONNECTIONS_PER_SESSION} connections each (limit ${YJS_LIMITS.maxConnectionsPerSession}); ` +
      `b's writers capped at ${opts.cap} msg/s each, the uncapped variant's at ${opts.uncappedCap} (limit ${YJS_LIMITS.messagesPerSecond}/s, burst ${YJS_LIMITS.messageBurst}), so the harness is not throttled by the server's limits.`,
  );
  try {
    if (opts.only.includes('a')) {
      const { value, commits } = await withOurServer(kit, 'a', undefined, async (ours, db, cookies) => {
        // A fresh doc each round: the writer's replaced text is deleted content, which the server holds
        // to a daily budget per person and document (DOC_LIMITS.tombstonesPerPersonPerDay).
        const run = (s: ServerProcess, round: number) =>
          runFanout(s, { docName: `risk:${round === 1 ? 1 : 10 + round}`, clients: opts.fanoutClients, rate: opts.fanoutRate, seconds: opts.seconds, cookies, db: s === ours ? db : null });
        const rounds: NonNullable<Realtime['a']>['rounds'] = [];
        // Alternated, so that whatever else the machine does falls on both alike.
        for (let i = 1; i <= opts.rounds; i++) {
          kit.log(`a: ours (round ${i} of ${opts.rounds})`);
          const o = await run(ours, i);
          if (reference) kit.log(`a: reference (round ${i} of ${opts.rounds})`);
          rounds.push({ ours: o, reference: reference ? await run(reference, i) : null });
        }
        return rounds;
      });
      out.a = { rounds: value, commits };
    }
    if (opts.only.includes('b')) {
      const docNames = Array.from({ length: opts.docs }, (_, i) => `risk:${i + 2}`);
      const variant = async (label: string, writers: number, window: number, cap: number, databaseUrl?: string) => {
        const { value, commits } = await withOurServer(kit, label, databaseUrl, async (ours, db, cookies) => {
          const run = (s: ServerProcess) => runThroughput(s, { docNames, writers, clients: opts.clients, seconds: opts.seconds, window, cap, cookies, db: s === ours ? db : null });
          kit.log(`${label}: ours`);
          const o = await run(ours);
          if (reference) kit.log(`${label}: reference`);
          return { ours: o, reference: reference ? await run(reference) : null };
        });
        return { ...value, commits, window, cap };
      };
      out.b = await variant('b', opts.writers, opts.window, opts.cap);
      if (opts.uncapped) out.bUncapped = await variant('b uncapped', opts.uncappedWriters, opts.uncappedWindow, opts.uncappedCap);
      // The same load on PostgreSQL (DATABASE_URL), with its durability on as a deployment has it
      // (fsync and synchronous_commit on), for its durable updates/s beside SQLite's.
      if (postgresMissing) kit.notes.push(`b on PostgreSQL not run: ${postgresMissing}`);
      else {
        const postgres = await startPostgres({ durable: true });
        try {
          out.bPostgres = await variant('b postgres', opts.writers, opts.window, opts.cap, postgres.url);
        } finally {
          await postgres.stop();
        }
      }
    }
  } finally {
    if (reference) await kit.stop(reference);
  }
  return out;
}

async function withOurServer<T>(
  kit: RealtimeKit,
  label: string,
  databaseUrl: string | undefined,
  fn: (ours: ServerProcess, db: DbReader, cookies: string[]) => Promise<T>,
): Promise<{ value: T; commits: CommitCounts | null }> {
  const dataDir = kit.tempDir('bench-rt-');
  const profileDir = kit.profileDirFor(`realtime-${label.replace(/\W+/g, '-')}`);
  const ours = await kit.start(startOurServer(dataDir, { profileDir, ...(databaseUrl ? { env: { DATABASE_URL: databaseUrl } } : {}) }));
  const db = databaseUrl ? pgDbReader(databaseUrl) : sqliteDbReader(dataDir);
  let value: T;
  try {
    const cookies = await signInSessions(ours.url, Math.max(kit.opts.fanoutClients, kit.opts.clients));
    value = await fn(ours, db, cookies);
  } finally {
    await db.close();
    await kit.stop(ours);
  }
  if (profileDir) kit.reportProfile(profileDir, label);
  return { value, commits: commitCountsOf(ours.lines) };
}

/** The counts our server logs as it stops (server/realtime/yjs/index.ts), or null if it did not. */
function commitCountsOf(lines: string[]): CommitCounts | null {
  for (const line of [...lines].reverse()) {
    if (!line.includes('"yjs commit queue"')) continue;
    try {
      const parsed = JSON.parse(line) as Partial<CommitCounts>;
      if (typeof parsed.groups === 'number' && typeof parsed.stored === 'number') return { groups: parsed.groups, stored: parsed.stored, largestGroup: parsed.largestGroup ?? 0 };
    } catch {
      // not our JSON line
    }
  }
  return null;
}
