/**
 * `npm run bench`: the real server in a child process, real y-websocket clients on loopback, the
 * reference @y/websocket-server beside it. Prints a markdown table; writes bench/results/latest.json.
 * Options: see bench/lib/options.ts and bench/README.md.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir, totalmem } from 'node:os';
import path from 'node:path';
import { parseOptions } from './lib/options.js';
import { loadAverage } from './lib/proc.js';
import { largestProfile, summarizeProfile, type ProfileSummary } from './lib/profile.js';
import { markdownTable, rows, type BenchResults } from './lib/report.js';
import { seedRegister } from './lib/seed-register.js';
import { runCluster } from './lib/cluster-run.js';
import { runRealtime } from './lib/realtime-run.js';
import { startOurServer, type ServerProcess } from './lib/server-process.js';
import { signIn, signInSessions } from './lib/session.js';
import { runColdLoad } from './scenarios/cold-load.js';
import { runMemory } from './scenarios/memory.js';
import { runImportPreview } from './scenarios/import-preview.js';
import { runPackPdf } from './scenarios/pack-pdf.js';

// Each y-websocket provider in Node adds a process 'exit' listener; hundreds of clients are expected here.
process.setMaxListeners(0);
const opts = parseOptions(process.argv.slice(2), process.env);
const started = Date.now();
const log = (message: string) => console.error(`[bench ${((Date.now() - started) / 1000).toFixed(1)}s] ${message}`);
const results: BenchResults = {};
const profiles: Record<string, ProfileSummary> = {};

/** With --profile, a fresh directory for one server's --cpu-prof output. */
function profileDirFor(name: string): string | undefined {
  if (!opts.profile) return undefined;
  const dir = path.resolve('bench/results/profiles', name);
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  return dir;
}

function reportProfile(dir: string, label: string): void {
  const file = largestProfile(dir);
  if (!file) return;
  const p = summarizeProfile(file);
  profiles[label] = p;
  const share = (x: number) => `${(x * 100).toFixed(1)} %`;
  console.log(`\n## Where our server's CPU went in ${label} (${path.relative(process.cwd(), file)}, ${Math.round(p.totalMs)} ms sampled, start-up included)\n`);
  console.log(p.byArea.map((a) => `- ${a.area}: ${Math.round(a.ms)} ms (${share(a.share)})`).join('\n'));
  console.log(`\nTop functions (self time):\n${p.topFunctions.map((f) => `- ${f.fn}: ${Math.round(f.ms)} ms (${share(f.share)})`).join('\n')}`);
}
const notes: string[] = [];
const running: ServerProcess[] = [];
const tempDirs: string[] = [];
const watchdog = setTimeout(() => {
  console.error('bench: over 10 minutes, giving up');
  void Promise.all(running.map((s) => s.stop())).finally(() => process.exit(2));
}, 10 * 60_000);

async function start(server: Promise<ServerProcess>): Promise<ServerProcess> {
  const s = await server;
  running.push(s);
  return s;
}
async function stop(s: ServerProcess): Promise<void> {
  const problems = s.problems();
  if (problems.length > 0) notes.push(`${s.kind} server logged ${problems.length} warning line(s), e.g. ${problems[0]!.slice(0, 200)}`);
  await s.stop();
  running.splice(running.indexOf(s), 1);
}
function tempDir(prefix: string): string {
  const dir = mkdtempSync(path.join(tmpdir(), prefix));
  tempDirs.push(dir);
  return dir;
}
const badCloses = (codes: number[]) => codes.filter((c) => c >= 4000 || c === 1009 || c === 1011);

async function realtime(): Promise<void> {
  Object.assign(results, await runRealtime({ opts, notes, log, start, stop, tempDir, profileDirFor, reportProfile }));
}

async function register(): Promise<void> {
  const dataDir = tempDir('bench-reg-');
  log(`c/d: seeding ${opts.risks} risks × ${opts.mitigations} mitigations`);
  const t0 = performance.now();
  await seedRegister(dataDir, opts.risks, opts.mitigations);
  const seedSeconds = (performance.now() - t0) / 1000;
  const clientDir = path.resolve('dist/client');
  if (opts.only.includes('c') && opts.browser && !existsSync(path.join(clientDir, 'index.html'))) {
    log('c: dist/client is missing, running vite build');
    execFileSync('npx', ['vite', 'build'], { stdio: 'inherit' });
  }
  if (opts.only.includes('c')) {
    const profileDir = profileDirFor('register');
    const server = await start(startOurServer(dataDir, { clientDir, profileDir }));
    try {
      log('c: cold load');
      const cookie = await signIn(server.url);
      results.c = await runColdLoad(server, { cookie, risks: opts.risks, mitigations: opts.mitigations, seedSeconds, browser: opts.browser && existsSync(opts.chromium) ? opts.chromium : null });
    } finally {
      await stop(server);
    }
    if (profileDir) reportProfile(profileDir, 'c');
  }
  if (opts.only.includes('e')) {
    const profileDir = profileDirFor('import');
    const server = await start(startOurServer(dataDir, { profileDir }));
    try {
      log(`e: import preview of ${opts.importRows} rows × ${opts.importRuns}`);
      const cookie = await signIn(server.url);
      results.e = await runImportPreview(server, { cookie, rows: opts.importRows, existing: Math.min(opts.risks, opts.importRows), runs: opts.importRuns });
    } finally {
      await stop(server);
    }
    if (profileDir) reportProfile(profileDir, 'e');
  }
  if (opts.only.includes('d')) {
    // A fresh process over the same register, so no doc is loaded when the baseline is read.
    const server = await start(startOurServer(dataDir));
    try {
      log('d: memory');
      const cookies = await signInSessions(server.url, opts.memoryClients);
      const first = Math.min(200, Math.max(1, opts.risks - opts.memoryDocs));
      const docNames = Array.from({ length: opts.memoryDocs }, (_, i) => `risk:${first + i}`);
      results.d = await runMemory(server, { docNames, clients: opts.memoryClients, cookies });
    } finally {
      await stop(server);
    }
  }
}

/** f: the demo as `npm start` seeds it (its next meeting has a proposed agenda), one server, its Chromium warmed by the first PDF. */
async function packs(): Promise<void> {
  const server = await start(startOurServer(tempDir('bench-pack-')));
  try {
    log(`f: board pack PDF × ${opts.packRuns + 1}`);
    results.f = await runPackPdf(server, { cookie: await signIn(server.url), runs: opts.packRuns });
  } finally {
    await stop(server);
  }
}

try {
  const load0 = loadAverage();
  if (opts.only.some((s) => s === 'a' || s === 'b')) await realtime();
  if (opts.only.some((s) => s === 'c' || s === 'd' || s === 'e')) await register();
  if (opts.only.includes('f')) await packs();
  if (opts.only.includes('g')) results.g = await runCluster({ opts, notes, log, start, stop, tempDir, profileDirFor, reportProfile });
  const load1 = loadAverage();
  const closes = badCloses([...(results.a?.rounds ?? []).flatMap((r) => [r.ours, r.reference]), ...[results.b, results.bUncapped].flatMap((b) => (b ? [b.ours, b.reference] : [])), ...(results.g?.rounds ?? []).flatMap((r) => [r.single, r.cluster]), results.d].flatMap((r) => r?.closeCodes ?? []));
  notes.push(closes.length === 0 ? 'No client was closed by a server (no 4529 rate limit, no 4400/4403/4503).' : `Clients closed by a server with codes: ${closes.join(', ')}`);
  notes.push(`Machine: ${cpus().length} cores (${cpus()[0]?.model ?? '?'}), ${Math.round(totalmem() / 2 ** 30)} GB; load average ${load0.join(' ')} at start, ${load1.join(' ')} at end (other work shares the machine; all clients run in one harness process beside the server).`);
  const table = markdownTable(rows(results));
  const when = new Date().toISOString();
  console.log(`\n## Benchmark, ${when}\n\n${table}\n\n${notes.map((n) => `- ${n}`).join('\n')}\n`);
  mkdirSync('bench/results', { recursive: true });
  writeFileSync('bench/results/latest.json', JSON.stringify({ at: when, options: opts, results, profiles, notes, table, seconds: (Date.now() - started) / 1000 }, null, 2));
  log('wrote bench/results/latest.json');
} finally {
  clearTimeout(watchdog);
  await Promise.all(running.map((s) => s.stop()));
  for (const dir of tempDirs) rmSync(dir, { recursive: true, force: true });
}
