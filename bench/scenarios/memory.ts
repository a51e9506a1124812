import { closeAll, closeCodes, connectMany, type BenchClient } from '../lib/clients.js';
import { rssMb } from '../lib/proc.js';
import type { ServerProcess } from '../lib/server-process.js';
import { sleep } from '../lib/stats.js';

export interface MemoryResult {
  clients: number;
  docs: number;
  rssBeforeMb: number;
  /** One client on each doc. */
  rssDocsMb: number;
  /** All clients connected. */
  rssAllMb: number;
  /** (all − before) / docs: a loaded doc with its share of the connections. */
  perDocMb: number;
  /** (docs − before) / docs: a loaded doc with a single connection. */
  perDocOneClientMb: number;
  /** (all − docs) / extra connections. */
  perConnectionKb: number;
  closeCodes: number[];
}

/** RSS after the allocator settles: the smallest of a few samples a little apart. */
async function settledRss(pid: number): Promise<number> {
  await sleep(1_500);
  const samples: number[] = [];
  for (let i = 0; i < 5; i++) {
    samples.push(rssMb(pid));
    await sleep(200);
  }
  return Math.min(...samples);
}

/** Scenario d: `clients` clients over `docNames` on a server that has loaded no doc yet. */
export async function runMemory(server: ServerProcess, opts: { docNames: string[]; clients: number; cookies: string[] }): Promise<MemoryResult> {
  const docs = opts.docNames.length;
  const before = await settledRss(server.pid);
  const first = await connectMany(server.url, opts.docNames, docs, opts.cookies);
  const afterDocs = await settledRss(server.pid);
  // The rest, continuing the round robin over docs and sessions.
  const rest: BenchClient[] = await connectMany(server.url, opts.docNames, opts.clients - docs, opts.cookies.slice(docs % opts.cookies.length).concat(opts.cookies.slice(0, docs % opts.cookies.length)));
  const afterAll = await settledRss(server.pid);
  const all = [...first, ...rest];
  const codes = closeCodes(all);
  await closeAll(all);
  return {
    clients: opts.clients,
    docs,
    rssBeforeMb: before,
    rssDocsMb: afterDocs,
    rssAllMb: afterAll,
    perDocMb: (afterAll - before) / docs,
    perDocOneClientMb: (afterDocs - before) / docs,
    perConnectionKb: ((afterAll - afterDocs) / Math.max(1, opts.clients - docs)) * 1024,
    closeCodes: codes,
  };
}
