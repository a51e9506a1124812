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
  /** With a second process: the peers connected to it, the writer being on the first. */
  otherProcessLatencyMs: Summary | null;
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
 * Scenario g: the same with a `second` process (sharing the first's database and Redis): half the
 * clients on each, the writer on the first; the peers on the second are also timed on their own.
 */
export async function runFanout(
  server: ServerProcess,
  opts: { docName: string; clients: number; rate: number; seconds: number; cookies: (string | null)[]; db: DbReader | null; second?: ServerProcess },
): Promise<FanoutResult> {
  const onSecond = opts.second ? Math.floor(opts.clients / 2) : 0;
  const clients = await connectMany(server.url, [opts.docName], opts.clients - onSecond, opts.cookies);
  const remote = opts.second ? await connectMany(opts.second.url, [opts.docName], onSecond, opts.cookies) : [];
  const [writerClient, ...peers] = clients;
  const latencies: number[] = [];
  const remoteLatencies: number[] = [];
  const writer = new Writer(writerClient!, 'cause');
  const watches = [...peers.map((p) => new PeerWatch(p, [writer], latencies)), ...remote.map((p) => new PeerWatch(p, [writer], remoteLatencies))];
  writer.fixedRate(opts.rate);
  await sleep(1_000); // warm-up: JIT, first loads, awareness traffic of the joins
  latencies.length = 0;
  remoteLatencies.length = 0;
  const sent0 = writer.sent;
  for (const w of watches) w.openWindow(sent0);
  const stored0 = (await opts.db?.lastUpdateId()) ?? 0;
  const window = cpuWindow(server.pid);
  await sleep(opts.seconds * 1_000);
  writer.stop();
  await waitUntil(() => watches.every((w) => (w.last.get('cause') ?? 0) >= writer.sent), 15_000, 'every peer to receive the last edit').catch(() => undefined);
  const usage = window.stop();
  const sent = writer.sent - sent0;
  const received = watches.reduce((n, w) => n + w.receivedAboveFloor, 0);
  const stored = opts.db ? (await opts.db.lastUpdateId()) - stored0 : null;
  for (const w of watches) w.stop();
  const codes = closeCodes([...clients, ...remote]);
  await closeAll([...clients, ...remote]);
  return {
    server: server.kind,
    clients: opts.clients,
    ratePerSecond: opts.rate,
    seconds: opts.seconds,
    sent,
    latencyMs: summarize([...latencies, ...remoteLatencies]),
    otherProcessLatencyMs: opts.second ? summarize(remoteLatencies) : null,
    delivered: received / (sent * watches.length),
    stored,
    serverCpuPercent: usage.cpuPercent,
    serverRssMb: usage.rssMb,
    harnessCpuPercent: usage.harnessCpuPercent,
    closeCodes: codes,
  };
}
