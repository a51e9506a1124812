import type { ColdLoadResult } from '../scenarios/cold-load.js';
import type { FanoutResult } from '../scenarios/fanout.js';
import type { ImportPreviewResult } from '../scenarios/import-preview.js';
import type { MemoryResult } from '../scenarios/memory.js';
import type { PackPdfResult } from '../scenarios/pack-pdf.js';
import type { ThroughputResult } from '../scenarios/throughput.js';
import type { ClusterRound } from './cluster-run.js';
import { median, round } from './stats.js';

/** What our server logged of its commit queue as it stopped (see bench/lib/realtime-run.ts). */
export interface CommitCounts {
  groups: number;
  stored: number;
  largestGroup: number;
}

export interface ThroughputRun {
  ours: ThroughputResult;
  reference: ThroughputResult | null;
  commits: CommitCounts | null;
  window: number;
  cap: number;
}

export interface BenchResults {
  /** a's rounds, ours and the reference alternated. */
  a?: { rounds: { ours: FanoutResult; reference: FanoutResult | null }[]; commits: CommitCounts | null };
  b?: ThroughputRun;
  /** b with every field written and the cap just under the server's per-connection limit. */
  bUncapped?: ThroughputRun;
  /** b's load with the server on PostgreSQL (issue 17): its durable updates/s beside SQLite's. */
  bPostgres?: ThroughputRun;
  c?: ColdLoadResult;
  d?: MemoryResult;
  /** The demo's board pack as a PDF (and as its print page). */
  f?: PackPdfResult;
  e?: ImportPreviewResult;
  /** a's fan-out on two processes sharing Redis, against one process, alternated. */
  g?: { rounds: ClusterRound[] };
}

export interface Row {
  scenario: string;
  metric: string;
  ours: string;
  target: string;
  met: boolean | null;
  reference: string;
  ratio: string;
}

const f = (n: number | null | undefined, digits = 1) => (n === null || n === undefined || !Number.isFinite(n) ? '–' : String(round(n, digits)));
const ratio = (ours: number, ref: number | undefined) => (ref === undefined || !ref ? '–' : `${round(ours / ref, 2)}×`);
const pct = (n: number) => `${round(n * 100, 1)} %`;

export function rows(r: BenchResults): Row[] {
  const out: Row[] = [];
  if (r.a) out.push(...fanoutRows(r.a));
  if (r.b) out.push(...throughputRows(r.b, false));
  if (r.bUncapped) out.push(...throughputRows(r.bUncapped, true));
  if (r.bPostgres) out.push(...postgresRows(r.bPostgres, r.b));
  if (r.g) out.push(...clusterRows(r.g.rounds));
  if (r.c) {
    const c = r.c;
    const label = `c. register of ${c.risks.toLocaleString('en-GB')} risks / ${c.mitigations.toLocaleString('en-GB')} mitigations`;
    out.push(
      {
        scenario: label,
        metric: `first page GET …/register?status=open, first / warm median / p90 (ms; ${c.pageRows} of ${c.pageTotal} rows, ${f(c.pageBytes / 1024, 0)} KB)`,
        ours: `${f(c.pageFirstMs)} / ${f(c.pageMedianMs)} / ${f(c.pageP90Ms)}`,
        target: '≤ 50 warm',
        met: c.pageMedianMs <= 50,
        reference: '',
        ratio: '',
      },
      { scenario: '', metric: 'of which: server CPU per first page (ms; its cost on an idle core)', ours: f(c.pageCpuMs), target: '', met: null, reference: '', ratio: '' },
      { scenario: '', metric: 'heat-map aggregate GET …/register/summary, first / warm median / p90 (ms)', ours: `${f(c.summaryFirstMs)} / ${f(c.summaryMedianMs)} / ${f(c.summaryP90Ms)}`, target: '≤ 50 warm', met: c.summaryMedianMs <= 50, reference: '', ratio: '' },
      { scenario: '', metric: 'of which: server CPU per aggregate (ms)', ours: f(c.summaryCpuMs), target: '', met: null, reference: '', ratio: '' },
      { scenario: '', metric: `(for comparison) the whole list GET …/risks, median (ms; ${c.listRows} rows, ${f(c.listBytes / 1024, 0)} KB)`, ours: f(c.listMedianMs), target: '', met: null, reference: '', ratio: '' },
      { scenario: '', metric: 'one risk doc synced from SQLite, first / median (ms)', ours: `${f(c.docSyncFirstMs)} / ${f(c.docSyncMedianMs)}`, target: '≤ 50', met: c.docSyncFirstMs <= 50, reference: '', ratio: '' },
      {
        scenario: '',
        metric: c.renderFirstMs === null ? `first row of /register (${c.browserNote ?? ''})` : `/register first row visible, first / warm median (ms; ${c.renderedRows} rows drawn)`,
        ours: c.renderFirstMs === null ? '–' : `${f(c.renderFirstMs, 0)} / ${f(c.renderMedianMs, 0)}`,
        target: '≤ 800 warm',
        met: c.renderMedianMs === null ? null : c.renderMedianMs <= 800,
        reference: '',
        ratio: '',
      },
      {
        scenario: '',
        metric: 'of which: first page in the page / script run until then (ms, median)',
        ours: `${f(c.renderListResponseMs, 0)} / ${f(c.renderScriptMs, 0)}`,
        target: '',
        met: null,
        reference: '',
        ratio: '',
      },
      { scenario: '', metric: 'scrolled to the middle of the register: a row in view after (ms, median)', ours: f(c.scrollMiddleMs, 0), target: '', met: null, reference: '', ratio: '' },
    );
  }
  if (r.d) {
    const d = r.d;
    out.push(
      { scenario: `d. ${d.clients} clients over ${d.docs} docs`, metric: `RSS per loaded risk doc with its clients (MB; ${f(d.rssBeforeMb, 0)} → ${f(d.rssAllMb, 0)} MB)`, ours: f(d.perDocMb, 2), target: '< 2', met: d.perDocMb < 2, reference: '', ratio: '' },
      { scenario: '', metric: 'of which: doc with one client (MB) / each further connection (KB)', ours: `${f(d.perDocOneClientMb, 2)} / ${f(d.perConnectionKb, 0)}`, target: '', met: null, reference: '', ratio: '' },
    );
  }
  if (r.e) {
    const e = r.e;
    out.push({
      scenario: `e. import preview of a register workbook (${e.rows.toLocaleString('en-GB')} rows, ${f(e.fileKb, 0)} KB)`,
      metric: `file sent → whole preview answered, median (ms; runs ${e.runs.map((x) => f(x, 0)).join(', ')}; ${e.counts.create} to add, ${e.counts.update} to change, ${e.counts.unchanged} unchanged, ${e.counts.withErrors} with problems)`,
      ours: f(e.medianMs, 0),
      target: '≤ 10000',
      met: e.medianMs <= 10_000,
      reference: '',
      ratio: '',
    });
  }
  if (r.f) {
    const x = r.f;
    out.push(
      {
        scenario: `f. board pack of the demo's next meeting (${x.pages} pages, ${f(x.kb, 0)} KB)`,
        metric: `PDF, request → last byte: first (Chromium starting) / warm median (ms; warm runs ${x.runs.map((v) => f(v, 0)).join(', ')})`,
        ours: `${f(x.firstMs, 0)} / ${f(x.medianMs, 0)}`,
        target: '',
        met: null,
        reference: '',
        ratio: '',
      },
      { scenario: '', metric: 'its print page (HTML, no Chromium), median (ms)', ours: f(x.htmlMedianMs, 0), target: '', met: null, reference: '', ratio: '' },
    );
  }
  return out;
}

export function markdownTable(all: Row[]): string {
  const head = '| scenario | metric | ours | target | met | reference (@y/websocket-server 0.1.1) | ours / ref |\n|---|---|---|---|---|---|---|';
  const body = all.map((r) => `| ${r.scenario} | ${r.metric} | ${r.ours} | ${r.target} | ${r.met === null ? '' : r.met ? 'met' : '**missed**'} | ${r.reference} | ${r.ratio} |`);
  return [head, ...body].join('\n');
}

const perTransaction = (c: CommitCounts | null) => (c && c.groups > 0 ? `${f(c.stored / c.groups, 2)} (${c.stored} updates in ${c.groups} transactions; largest group ${c.largestGroup})` : '–');

function fanoutRows(a: NonNullable<BenchResults['a']>): Row[] {
  const ours = a.rounds.map((r) => r.ours);
  const refs = a.rounds.flatMap((r) => (r.reference ? [r.reference] : []));
  const med = (rs: FanoutResult[], pick: (r: FanoutResult) => number) => (rs.length > 0 ? median(rs.map(pick)) : undefined);
  const each = (rs: FanoutResult[]) => rs.map((r) => f(r.latencyMs.p99)).join(', ');
  const o = ours[0]!;
  const label = `a. 1 doc, ${o.clients} clients, 1 writer @ ${o.ratePerSecond}/s; ${a.rounds.length} rounds alternated, medians`;
  const row = (metric: string, pick: (r: FanoutResult) => number, digits = 2): Row => {
    const mo = med(ours, pick)!;
    const mr = med(refs, pick);
    return { scenario: '', metric, ours: f(mo, digits), target: '', met: null, reference: f(mr, digits), ratio: ratio(mo, mr) };
  };
  const p99 = row('edit → every peer p99 (ms)', (r) => r.latencyMs.p99);
  const p99o = med(ours, (r) => r.latencyMs.p99)!;
  const p99r = med(refs, (r) => r.latencyMs.p99);
  const delivered = Math.min(...ours.map((r) => r.delivered));
  return [
    { ...row('edit → every peer p50 (ms)', (r) => r.latencyMs.p50), scenario: label },
    row('edit → every peer p95 (ms)', (r) => r.latencyMs.p95),
    { ...p99, target: '≤ 25 and ≤ 1.2× ref', met: p99o <= 25 && (p99r === undefined || p99o <= 1.2 * p99r) },
    { scenario: '', metric: 'p99 of each round (ms)', ours: each(ours), target: '', met: null, reference: each(refs), ratio: '' },
    { scenario: '', metric: `edits delivered to peers, worst round (${o.latencyMs.count} samples a round)`, ours: pct(delivered), target: '100 %', met: delivered >= 0.9999, reference: refs.length > 0 ? pct(Math.min(...refs.map((r) => r.delivered))) : '–', ratio: '' },
    row('server CPU (% of a core)', (r) => r.serverCpuPercent, 1),
    { scenario: '', metric: 'updates per SQLite transaction', ours: perTransaction(a.commits), target: '', met: null, reference: 'no persistence', ratio: '' },
  ];
}

function clusterRows(rounds: ClusterRound[]): Row[] {
  const single = median(rounds.map((r) => r.single.latencyMs.p99));
  const remote = median(rounds.map((r) => r.cluster.otherProcessLatencyMs?.p99 ?? Number.NaN));
  const all = median(rounds.map((r) => r.cluster.latencyMs.p99));
  const o = rounds[0]!.cluster;
  const delivered = Math.min(...rounds.map((r) => r.cluster.delivered));
  const each = (pick: (r: ClusterRound) => number | undefined) => rounds.map((r) => f(pick(r))).join(', ');
  return [
    {
      scenario: `g. two processes + Redis, 1 doc, ${o.clients} clients (half on each), 1 writer on A @ ${o.ratePerSecond}/s; ${rounds.length} rounds alternated with one process, medians`,
      metric: 'edit → every peer on the other process p99 (ms); one process alone in the reference column',
      ours: f(remote),
      target: '≤ 2× one process',
      met: remote <= 2 * single,
      reference: f(single),
      ratio: ratio(remote, single),
    },
    { scenario: '', metric: 'edit → every peer (both processes) p50 / p99 (ms)', ours: `${f(median(rounds.map((r) => r.cluster.latencyMs.p50)))} / ${f(all)}`, target: '', met: null, reference: `${f(median(rounds.map((r) => r.single.latencyMs.p50)))} / ${f(single)}`, ratio: ratio(all, single) },
    { scenario: '', metric: 'p99 of each round, other process (ms)', ours: each((r) => r.cluster.otherProcessLatencyMs?.p99), target: '', met: null, reference: each((r) => r.single.latencyMs.p99), ratio: '' },
    { scenario: '', metric: 'edits delivered to peers, worst round', ours: pct(delivered), target: '100 %', met: delivered >= 0.9999, reference: pct(Math.min(...rounds.map((r) => r.single.delivered))), ratio: '' },
  ];
}

/** b on PostgreSQL beside b on SQLite, measured in the same run one after the other. */
function postgresRows(p: ThroughputRun, b: ThroughputRun | undefined): Row[] {
  const o = p.ours;
  const s = b?.ours;
  return [
    { scenario: `b on PostgreSQL (fsync on). ${o.docs} docs, ${o.clients} clients, ${o.writers} writers`, metric: 'durable updates/s (doc_updates rows): PostgreSQL | SQLite', ours: f(o.durablePerSecond, 0), target: '≥ 1,000', met: (o.durablePerSecond ?? 0) >= 1000, reference: f(s?.durablePerSecond, 0), ratio: ratio(o.durablePerSecond ?? 0, s?.durablePerSecond ?? undefined) },
    { scenario: '', metric: 'updates per PostgreSQL transaction', ours: perTransaction(p.commits), target: '', met: null, reference: b ? perTransaction(b.commits) : '–', ratio: '' },
    { scenario: '', metric: 'edit → peer p50 / p99 under load (ms)', ours: `${f(o.latencyMs.p50)} / ${f(o.latencyMs.p99)}`, target: '', met: null, reference: s ? `${f(s.latencyMs.p50)} / ${f(s.latencyMs.p99)}` : '–', ratio: ratio(o.latencyMs.p99, s?.latencyMs.p99) },
    { scenario: '', metric: 'every peer has every last edit; PostgreSQL holds it', ours: `${pct(o.delivered)}; ${o.storedFinal ? 'yes' : 'NO'}`, target: '100 %; yes', met: o.delivered >= 0.9999 && o.storedFinal === true, reference: '', ratio: '' },
  ];
}

function throughputRows(b: ThroughputRun, uncapped: boolean): Row[] {
  const { ours: o, reference: ref } = b;
  const label = uncapped
    ? `b uncapped. ${o.docs} docs, ${o.clients} clients, ${o.writers} writers, ≤ ${b.window} in flight, ≤ ${b.cap}/s each`
    : `b. ${o.docs} docs, ${o.clients} clients, ${o.writers} writers (closed loop, ≤ ${b.window} in flight, ≤ ${b.cap}/s each)`;
  const msPer = (r: ThroughputResult) => (r.serverCpuPercent * 10) / r.updatesPerSecond;
  const cpuOk = ref ? msPer(o) <= 1.5 * msPer(ref) : null;
  return [
    { scenario: label, metric: 'updates/s through the server', ours: f(o.updatesPerSecond, 0), target: '', met: null, reference: f(ref?.updatesPerSecond, 0), ratio: ratio(o.updatesPerSecond, ref?.updatesPerSecond) },
    { scenario: '', metric: uncapped ? 'durable updates/s sustained (doc_updates rows)' : 'durable updates/s (doc_updates rows)', ours: f(o.durablePerSecond, 0), target: '≥ 1,000', met: (o.durablePerSecond ?? 0) >= 1000, reference: 'no persistence', ratio: '' },
    { scenario: '', metric: 'updates per SQLite transaction', ours: perTransaction(b.commits), target: '', met: null, reference: '', ratio: '' },
    { scenario: '', metric: 'fan-out deliveries/s', ours: f(o.fanoutPerSecond, 0), target: '', met: null, reference: f(ref?.fanoutPerSecond, 0), ratio: ratio(o.fanoutPerSecond, ref?.fanoutPerSecond) },
    { scenario: '', metric: 'edit → peer p50 / p99 under load (ms)', ours: `${f(o.latencyMs.p50)} / ${f(o.latencyMs.p99)}`, target: '', met: null, reference: ref ? `${f(ref.latencyMs.p50)} / ${f(ref.latencyMs.p99)}` : '–', ratio: ratio(o.latencyMs.p99, ref?.latencyMs.p99) },
    { scenario: '', metric: 'every peer has every last edit; SQLite holds it', ours: `${pct(o.delivered)}; ${o.storedFinal ? 'yes' : 'NO'}`, target: '100 %; yes', met: o.delivered >= 0.9999 && o.storedFinal === true, reference: ref ? pct(ref.delivered) : '–', ratio: '' },
    { scenario: '', metric: 'server CPU (% of a core) / harness CPU (%)', ours: `${f(o.serverCpuPercent)} / ${f(o.harnessCpuPercent)}`, target: '', met: null, reference: ref ? `${f(ref.serverCpuPercent)} / ${f(ref.harnessCpuPercent)}` : '–', ratio: ratio(o.serverCpuPercent, ref?.serverCpuPercent) },
    { scenario: '', metric: 'server CPU ms per update (synchronous = FULL)', ours: f(msPer(o), 3), target: uncapped ? '' : '≤ 1.5× ref', met: uncapped ? null : cpuOk, reference: ref ? f(msPer(ref), 3) : '–', ratio: ref ? ratio(msPer(o), msPer(ref)) : '–' },
    {
      scenario: '',
      metric: 'projected updates/s on one idle core (1000 ÷ CPU ms per update)',
      ours: f(1000 / msPer(o), 0),
      target: '',
      met: null,
      reference: ref ? f(1000 / msPer(ref), 0) : '–',
      ratio: ref ? ratio(msPer(ref), msPer(o)) : '–',
    },
    { scenario: '', metric: 'server RSS end / peak (MB)', ours: `${f(o.serverRssMb, 0)} / ${f(o.serverPeakRssMb, 0)}`, target: '', met: null, reference: ref ? `${f(ref.serverRssMb, 0)} / ${f(ref.serverPeakRssMb, 0)}` : '–', ratio: ratio(o.serverRssMb, ref?.serverRssMb) },
  ];
}
