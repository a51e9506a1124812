import type { ColdLoadResult } from '../scenarios/cold-load.js';
import type { FanoutResult } from '../scenarios/fanout.js';
import type { MemoryResult } from '../scenarios/memory.js';
import type { ThroughputResult } from '../scenarios/throughput.js';
import { round } from './stats.js';

export interface BenchResults {
  a?: { ours: FanoutResult; reference: FanoutResult | null };
  b?: { ours: ThroughputResult; reference: ThroughputResult | null };
  c?: ColdLoadResult;
  d?: MemoryResult;
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
  if (r.a) {
    const { ours: o, reference: ref } = r.a;
    const label = `a. 1 doc, ${o.clients} clients, 1 writer @ ${o.ratePerSecond}/s`;
    const p99ok = o.latencyMs.p99 <= 25 && (!ref || o.latencyMs.p99 <= 1.5 * ref.latencyMs.p99);
    out.push(
      { scenario: label, metric: 'edit → every peer p50 (ms)', ours: f(o.latencyMs.p50, 2), target: '', met: null, reference: f(ref?.latencyMs.p50, 2), ratio: ratio(o.latencyMs.p50, ref?.latencyMs.p50) },
      { scenario: '', metric: 'edit → every peer p95 (ms)', ours: f(o.latencyMs.p95, 2), target: '', met: null, reference: f(ref?.latencyMs.p95, 2), ratio: ratio(o.latencyMs.p95, ref?.latencyMs.p95) },
      { scenario: '', metric: 'edit → every peer p99 (ms)', ours: f(o.latencyMs.p99, 2), target: '≤ 25 and ≤ 1.5× ref', met: p99ok, reference: f(ref?.latencyMs.p99, 2), ratio: ratio(o.latencyMs.p99, ref?.latencyMs.p99) },
      { scenario: '', metric: `edits delivered to peers (${o.latencyMs.count} samples)`, ours: pct(o.delivered), target: '100 %', met: o.delivered >= 0.9999, reference: ref ? pct(ref.delivered) : '–', ratio: '' },
      { scenario: '', metric: 'server CPU (% of a core)', ours: f(o.serverCpuPercent), target: '', met: null, reference: f(ref?.serverCpuPercent), ratio: ratio(o.serverCpuPercent, ref?.serverCpuPercent) },
    );
  }
  if (r.b) {
    const { ours: o, reference: ref } = r.b;
    const label = `b. ${o.docs} docs, ${o.clients} clients, ${o.writers} writers (closed loop)`;
    out.push(
      { scenario: label, metric: 'updates/s through the server', ours: f(o.updatesPerSecond, 0), target: '', met: null, reference: f(ref?.updatesPerSecond, 0), ratio: ratio(o.updatesPerSecond, ref?.updatesPerSecond) },
      { scenario: '', metric: 'durable updates/s (doc_updates rows)', ours: f(o.durablePerSecond, 0), target: '≥ 1,000', met: (o.durablePerSecond ?? 0) >= 1000, reference: 'no persistence', ratio: '' },
      { scenario: '', metric: 'fan-out deliveries/s', ours: f(o.fanoutPerSecond, 0), target: '', met: null, reference: f(ref?.fanoutPerSecond, 0), ratio: ratio(o.fanoutPerSecond, ref?.fanoutPerSecond) },
      { scenario: '', metric: 'edit → peer p50 / p99 under load (ms)', ours: `${f(o.latencyMs.p50)} / ${f(o.latencyMs.p99)}`, target: '', met: null, reference: ref ? `${f(ref.latencyMs.p50)} / ${f(ref.latencyMs.p99)}` : '–', ratio: ratio(o.latencyMs.p99, ref?.latencyMs.p99) },
      { scenario: '', metric: 'every peer has every last edit; SQLite holds it', ours: `${pct(o.delivered)}; ${o.storedFinal ? 'yes' : 'NO'}`, target: '100 %; yes', met: o.delivered >= 0.9999 && o.storedFinal === true, reference: ref ? pct(ref.delivered) : '–', ratio: '' },
      { scenario: '', metric: 'server CPU (% of a core)', ours: f(o.serverCpuPercent), target: '', met: null, reference: f(ref?.serverCpuPercent), ratio: ratio(o.serverCpuPercent, ref?.serverCpuPercent) },
      { scenario: '', metric: 'server CPU ms per update', ours: f((o.serverCpuPercent * 10) / o.updatesPerSecond, 3), target: '', met: null, reference: ref ? f((ref.serverCpuPercent * 10) / ref.updatesPerSecond, 3) : '–', ratio: ref ? ratio(o.serverCpuPercent / o.updatesPerSecond, ref.serverCpuPercent / ref.updatesPerSecond) : '–' },
      {
        scenario: '',
        metric: 'projected updates/s on one idle core (1000 ÷ CPU ms per update)',
        ours: f((1000 * o.updatesPerSecond) / (o.serverCpuPercent * 10), 0),
        target: '≥ 1,000',
        met: null,
        reference: ref ? f((1000 * ref.updatesPerSecond) / (ref.serverCpuPercent * 10), 0) : '–',
        ratio: ref ? ratio(ref.serverCpuPercent / ref.updatesPerSecond, o.serverCpuPercent / o.updatesPerSecond) : '–',
      },
      { scenario: '', metric: 'server RSS end / peak (MB)', ours: `${f(o.serverRssMb, 0)} / ${f(o.serverPeakRssMb, 0)}`, target: '', met: null, reference: ref ? `${f(ref.serverRssMb, 0)} / ${f(ref.serverPeakRssMb, 0)}` : '–', ratio: ratio(o.serverRssMb, ref?.serverRssMb) },
    );
  }
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
      { scenario: '', metric: 'heat-map aggregate GET …/register/summary, first / warm median / p90 (ms)', ours: `${f(c.summaryFirstMs)} / ${f(c.summaryMedianMs)} / ${f(c.summaryP90Ms)}`, target: '≤ 50 warm', met: c.summaryMedianMs <= 50, reference: '', ratio: '' },
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
  return out;
}

export function markdownTable(all: Row[]): string {
  const head = '| scenario | metric | ours | target | met | reference (@y/websocket-server 0.1.1) | ours / ref |\n|---|---|---|---|---|---|---|';
  const body = all.map((r) => `| ${r.scenario} | ${r.metric} | ${r.ours} | ${r.target} | ${r.met === null ? '' : r.met ? 'met' : '**missed**'} | ${r.reference} | ${r.ratio} |`);
  return [head, ...body].join('\n');
}
