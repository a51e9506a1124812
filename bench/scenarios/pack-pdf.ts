import type { ServerProcess } from '../lib/server-process.js';
import { median } from '../lib/stats.js';

export interface PackPdfResult {
  pages: number;
  kb: number;
  /** The first PDF of the process: Chromium is started for it. */
  firstMs: number;
  /** Each later PDF, the browser warm. */
  runs: number[];
  medianMs: number;
  /** The same pack as its print page (no Chromium), median of the same number of runs. */
  htmlMedianMs: number;
}

/**
 * f: the board pack of the demo's next Improvement Board meeting, as a PDF over the real route: once
 * with Chromium starting, then `runs` times with it warm (from the request to the last byte), and its
 * print page as many times.
 */
export async function runPackPdf(server: ServerProcess, opts: { cookie: string; runs: number }): Promise<PackPdfResult> {
  const get = (path: string) => fetch(`${server.url}${path}`, { headers: { cookie: opts.cookie } });
  const boards = (await (await get('/api/partnerships/1/boards')).json()) as { id: number; name: string }[];
  const board = boards.find((b) => b.name === 'Improvement Board');
  if (!board) throw new Error('the demo has no Improvement Board');
  const meetings = (await (await get(`/api/partnerships/1/boards/${board.id}/meetings`)).json()) as { id: number; status: string }[];
  const next = meetings.find((m) => m.status === 'scheduled');
  if (!next) throw new Error('the demo has no scheduled meeting');
  const timed = async (path: string) => {
    const t0 = performance.now();
    const res = await get(path);
    const bytes = new Uint8Array(await res.arrayBuffer());
    const ms = performance.now() - t0;
    if (res.status !== 200) throw new Error(`${path} answered ${res.status}: ${new TextDecoder().decode(bytes).slice(0, 300)}`);
    return { ms, bytes, pages: Number(res.headers.get('x-pdf-pages') ?? 0) };
  };
  const pdf = `/api/partnerships/1/meetings/${next.id}/pack.pdf`;
  const first = await timed(pdf);
  const runs: number[] = [];
  for (let r = 0; r < opts.runs; r++) runs.push((await timed(pdf)).ms);
  const html: number[] = [];
  for (let r = 0; r < opts.runs; r++) html.push((await timed(`/api/partnerships/1/meetings/${next.id}/pack.html`)).ms);
  return { pages: first.pages, kb: first.bytes.byteLength / 1024, firstMs: first.ms, runs, medianMs: median(runs), htmlMedianMs: median(html) };
}
