import { closeAll, closeCodes, connectMany } from '../lib/clients.js';
import type { DbReader } from '../lib/db-read.js';
import { PeerWatch, Writer } from '../lib/edits.js';
import { cpuWindow } from '../lib/proc.js';
import type { ServerProcess } from '../lib/server-process.js';
import { sleep, summarize, waitUntil, type Summary } from '../lib/stats.js';

export interface FanoutResult {
  server: ServerProcess['kind'];
  clients: number;
  ratePerSecond: number;
  seconds: number;
  sent: number;
  latencyMs: Summary;
  /** Share of (edits sent in the window × peers) that reached their peer. */
  delivered: number;
  /** Updates appended to doc_updates in the window (ours only). */
  stored: number | null;
  serverCpuPercent: number;
  serverRssMb: number;
  harnessCpuPercent: number;
  closeCodes: number[];
}

/**
 * Scenario a: one risk doc, `clients` connected clients, one of them writing `rate` edits a second.
 * Each edit carries its send time; every other client records the time until it has it.
 */
export async function runFanout(server: ServerProcess, opts: { docName: string; clients: number; rate: number; seconds: number; cookies: (string | null)[]; db: DbReader | null }): Promise<FanoutResult> {
  const clients = await connectMany(server.url, [opts.docName], opts.clients, opts.cookies);
  const [writerClient, ...peers] = clients;
  const latencies: number[] = [];
  const writer = new Writer(writerClient!, 'cause');
  const watches = peers.map((p) => new PeerWatch(p, [writer], latencies));
  writer.fixedRate(opts.rate);
  await sleep(1_000); // warm-up: JIT, first loads, awareness traffic of the joins
  latencies.length = 0;
  const sent0 = writer.sent;
  for (const w of watches) w.openWindow(sent0);
  const stored0 = opts.db?.lastUpdateId() ?? 0;
  const window = cpuWindow(server.pid);
  await sleep(opts.seconds * 1_000);
  writer.stop();
  await waitUntil(() => watches.every((w) => (w.last.get('cause') ?? 0) >= writer.sent), 15_000, 'every peer to receive the last edit').catch(() => undefined);
  const usage = window.stop();
  const sent = writer.sent - sent0;
  const received = watches.reduce((n, w) => n + w.receivedAboveFloor, 0);
  const stored = opts.db ? opts.db.lastUpdateId() - stored0 : null;
  for (const w of watches) w.stop();
  const codes = closeCodes(clients);
  await closeAll(clients);
  return {
    server: server.kind,
    clients: opts.clients,
    ratePerSecond: opts.rate,
    seconds: opts.seconds,
    sent,
    latencyMs: summarize(latencies),
    delivered: received / (sent * peers.length),
    stored,
    serverCpuPercent: usage.cpuPercent,
    serverRssMb: usage.rssMb,
    harnessCpuPercent: usage.harnessCpuPercent,
    closeCodes: codes,
  };
}
