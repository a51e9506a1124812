import { chromium, type CDPSession } from 'playwright-core';
import { connectClient } from '../lib/clients.js';
import type { ServerProcess } from '../lib/server-process.js';
import { ADMIN } from '../lib/session.js';
import { median, waitUntil } from '../lib/stats.js';

export interface ColdLoadResult {
  risks: number;
  mitigations: number;
  seedSeconds: number;
  /** GET /api/partnerships/1/risks: the first request after start, then the median of five more. */
  listFirstMs: number;
  listMedianMs: number;
  listBytes: number;
  listRows: number;
  /** One risk doc not yet in memory: provider created → synced. First, then median of four others. */
  docSyncFirstMs: number;
  docSyncMedianMs: number;
  /** Signed in, navigate to /register until the first table row is visible (navigation start → row). */
  renderFirstMs: number | null;
  renderMedianMs: number | null;
  /** Rows the page had rendered at that moment. */
  renderedRows: number | null;
  /** In the same navigations (median): when the page had the list API's response, and the JS it ran in total. */
  renderListResponseMs: number | null;
  renderScriptMs: number | null;
  browserNote: string | null;
}

async function timeList(url: string, cookie: string): Promise<{ ms: number; bytes: number; rows: number }> {
  const t0 = performance.now();
  const res = await fetch(`${url}/api/partnerships/1/risks`, { headers: { cookie } });
  const body = await res.text();
  const ms = performance.now() - t0;
  if (res.status !== 200) throw new Error(`list failed: ${res.status} ${body.slice(0, 200)}`);
  return { ms, bytes: body.length, rows: (JSON.parse(body) as unknown[]).length };
}

async function timeDocSync(url: string, docName: string, cookie: string): Promise<number> {
  const t0 = performance.now();
  const client = connectClient(url, docName, cookie);
  await waitUntil(() => client.provider.synced, 10_000, `${docName} to sync`);
  const ms = performance.now() - t0;
  client.destroy();
  return ms;
}

interface RenderTimes {
  first: number;
  median: number;
  rows: number;
  listResponse: number;
  script: number;
}

async function timeRender(url: string, executablePath: string): Promise<RenderTimes> {
  const browser = await chromium.launch({
    executablePath,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  try {
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.goto(`${url}/login`);
    await page.getByTestId('login-email').fill(ADMIN.email);
    await page.getByTestId('login-password').fill(ADMIN.password);
    await page.getByTestId('login-submit').click();
    await page.waitForURL(`${url}/`);
    const cdp = await context.newCDPSession(page);
    await cdp.send('Performance.enable');
    const times: number[] = [];
    const listTimes: number[] = [];
    const scriptTimes: number[] = [];
    let rows = 0;
    for (let i = 0; i < 4; i++) {
      // A full navigation each time (as typing the address), so performance.now() starts at navigation.
      await page.goto(`${url}/register`, { waitUntil: 'commit' });
      const handle = await page.waitForFunction(
        () => {
          const row = document.querySelector('[data-testid="risk-row"]');
          if (!row || (row as HTMLElement).offsetParent === null) return null;
          const list = performance.getEntriesByType('resource').find((e) => /\/api\/partnerships\/\d+\/risks(\?|$)/.test(e.name)) as PerformanceResourceTiming | undefined;
          return [performance.now(), document.querySelectorAll('[data-testid="risk-row"]').length, list?.responseEnd ?? -1];
        },
        undefined,
        { polling: 'raf', timeout: 30_000 },
      );
      const [ms, n, listEnd] = (await handle.jsonValue()) as [number, number, number];
      // Chromium's counters start again with each new document: this is the script run so far.
      scriptTimes.push((await scriptSeconds(cdp)) * 1000);
      times.push(ms);
      listTimes.push(listEnd);
      rows = n;
    }
    return { first: times[0]!, median: median(times.slice(1)), rows, listResponse: median(listTimes), script: median(scriptTimes) };
  } finally {
    await browser.close();
  }
}

/** Chromium's cumulative main-thread script time for the page (CDP Performance.getMetrics). */
async function scriptSeconds(cdp: CDPSession): Promise<number> {
  const { metrics } = (await cdp.send('Performance.getMetrics')) as { metrics: { name: string; value: number }[] };
  return metrics.find((m) => m.name === 'ScriptDuration')?.value ?? 0;
}

/** Scenario c, on a server started over a DATA_DIR seeded with the register. */
export async function runColdLoad(server: ServerProcess, opts: { cookie: string; risks: number; mitigations: number; seedSeconds: number; browser: string | null }): Promise<ColdLoadResult> {
  const first = await timeList(server.url, opts.cookie);
  const more: number[] = [];
  for (let i = 0; i < 5; i++) more.push((await timeList(server.url, opts.cookie)).ms);
  // Risk ids run 1..risks; pick docs spread over the register that nothing has opened yet.
  const picks = [1000, 1500, 250, 1750, 600].map((n) => Math.max(1, Math.round((n / 2000) * opts.risks)));
  const syncs: number[] = [];
  for (const id of picks) syncs.push(await timeDocSync(server.url, `risk:${id}`, opts.cookie));
  let render: Awaited<ReturnType<typeof timeRender>> | null = null;
  let browserNote: string | null = null;
  if (opts.browser) {
    try {
      render = await timeRender(server.url, opts.browser);
    } catch (err) {
      browserNote = `browser run failed: ${String(err).split('\n')[0]}`;
    }
  } else browserNote = 'browser skipped';
  return {
    risks: opts.risks,
    mitigations: opts.risks * opts.mitigations,
    seedSeconds: opts.seedSeconds,
    listFirstMs: first.ms,
    listMedianMs: median(more),
    listBytes: first.bytes,
    listRows: first.rows,
    docSyncFirstMs: syncs[0]!,
    docSyncMedianMs: median(syncs.slice(1)),
    renderFirstMs: render?.first ?? null,
    renderMedianMs: render?.median ?? null,
    renderedRows: render?.rows ?? null,
    renderListResponseMs: render?.listResponse ?? null,
    renderScriptMs: render?.script ?? null,
    browserNote,
  };
}
