import { closeAll, closeCodes, connectMany } from '../lib/clients.js';
import type { DbReader } from '../lib/db-read.js';
import { PeerWatch, WRITER_FIELDS, Writer, readStamp, type WriterField } from '../lib/edits.js';
import { cpuWindow } from '../lib/proc.js';
import type { ServerProcess } from '../lib/server-process.js';
import { sleep, summarize, waitUntil, type Summary } from '../lib/stats.js';

export interface ThroughputResult {
  server: ServerProcess['kind'];
  writers: number;
  clients: number;
  docs: number;
  seconds: number;
  /** Edits a second that went through the server (seen by each doc's observer peer). */
  updatesPerSecond: number;
  /** Rows appended to doc_updates a second (ours only: the reference stores nothing). */
  durablePerSecond: number | null;
  /** Edits received by peers a second (each edit reaches every other client on its doc). */
  fanoutPerSecond: number;
  /** After the writers stop: share of peers holding every writer's last edit. */
  delivered: number;
  /** Ours only: does what SQLite holds end with every writer's last edit? */
  storedFinal: boolean | null;
  latencyMs: Summary;
  serverCpuPercent: number;
  serverRssMb: number;
  serverPeakRssMb: number;
  harnessCpuPercent: number;
  closeCodes: number[];
}

interface Opts {
  docNames: string[];
  writers: number;
  clients: number;
  seconds: number;
  window: number;
  cap: number;
  cookies: (string | null)[];
  db: DbReader | null;
}

/**
 * Scenario b: `clients` clients over `docNames` (client i on doc i mod n); the first `writers` of them
 * write as fast as the server takes it (closed loop, `window` edits in flight, `cap` a second each).
 */
export async function runThroughput(server: ServerProcess, opts: Opts): Promise<ThroughputResult> {
  const nDocs = opts.docNames.length;
  const clients = await connectMany(server.url, opts.docNames, opts.clients, opts.cookies);
  const fieldOf = (i: number): WriterField => WRITER_FIELDS[Math.floor(i / nDocs)]!;
  const writers = clients.slice(0, opts.writers).map((c, i) => new Writer(c, fieldOf(i)));
  const writerAt = new Map(writers.map((w, i) => [`${i % nDocs}|${w.field}`, w]));
  const latencies: number[] = [];
  const observers = new Set<number>();
  const watches = clients.map((c, i) => {
    const d = i % nDocs;
    const watched = writers.filter((_, j) => j % nDocs === d && j !== i);
    const isObserver = i >= opts.writers && !observers.has(d);
    if (isObserver) observers.add(d);
    return new PeerWatch(c, watched, latencies, isObserver ? (f, seq) => writerAt.get(`${d}|${f}`)?.ack(seq) : undefined);
  });
  const totals = async () => ({
    acked: writers.reduce((n, w) => n + w.acked, 0),
    received: watches.reduce((n, w) => n + w.received, 0),
    stored: (await opts.db?.lastUpdateId()) ?? 0,
  });
  for (const w of writers) w.closedLoop(opts.window, opts.cap);
  await sleep(2_000); // warm-up
  latencies.length = 0;
  const t0 = performance.now();
  const before = await totals();
  const usage = cpuWindow(server.pid);
  await sleep(opts.seconds * 1_000);
  const after = await totals();
  const wall = (performance.now() - t0) / 1000;
  const cpu = usage.stop();
  for (const w of writers) w.stop();

  // Drain: every peer should end with every writer's last edit.
  const complete = () =>
    watches.filter((w, i) => writers.every((wr, j) => j === i || j % nDocs !== i % nDocs || (w.last.get(wr.field) ?? 0) >= wr.sent)).length;
  await waitUntil(() => complete() === clients.length, 20_000, 'fan-out to drain').catch(() => undefined);
  const delivered = complete() / clients.length;
  let storedFinal: boolean | null = null;
  if (opts.db) {
    storedFinal = true;
    for (const [j, w] of writers.entries()) {
      const doc = await opts.db.storedDoc(opts.docNames[j % nDocs]!);
      if (readStamp(doc, w.field)?.seq !== w.sent) storedFinal = false;
      doc.destroy();
    }
  }
  for (const w of watches) w.stop();
  const codes = closeCodes(clients);
  await closeAll(clients);
  return {
    server: server.kind,
    writers: opts.writers,
    clients: opts.clients,
    docs: nDocs,
    seconds: wall,
    updatesPerSecond: (after.acked - before.acked) / wall,
    durablePerSecond: opts.db ? (after.stored - before.stored) / wall : null,
    fanoutPerSecond: (after.received - before.received) / wall,
    delivered,
    storedFinal,
    latencyMs: summarize(latencies),
    serverCpuPercent: cpu.cpuPercent,
    serverRssMb: cpu.rssMb,
    serverPeakRssMb: cpu.peakRssMb,
    harnessCpuPercent: cpu.harnessCpuPercent,
    closeCodes: codes,
  };
}
