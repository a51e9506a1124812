import { chromium, type CDPSession, type Page } from 'playwright-core';
import { connectClient } from '../lib/clients.js';
import type { ServerProcess } from '../lib/server-process.js';
import { ADMIN } from '../lib/session.js';
import { cpuMs } from '../lib/proc.js';
import { median, waitUntil } from '../lib/stats.js';

export interface ColdLoadResult {
  risks: number;
  mitigations: number;
  seedSeconds: number;
  /** GET /api/partnerships/1/register?status=open (the register's first page): first after start, then the median of twenty more. */
  pageFirstMs: number;
  pageMedianMs: number;
  pageP90Ms: number;
  /** Server CPU time per first-page request over the warm ones (utime + stime from /proc): what it costs on an idle core. */
  pageCpuMs: number;
  pageBytes: number;
  pageRows: number;
  pageTotal: number;
  /** GET …/register/summary?status=open (heat map and counts): first, then the median of twenty more. */
  summaryFirstMs: number;
  summaryMedianMs: number;
  summaryP90Ms: number;
  summaryCpuMs: number;
  /** The whole list (GET …/risks, the old API older callers may still use): median of three, for comparison. */
  listMedianMs: number;
  listBytes: number;
  listRows: number;
  /** One risk doc not yet in memory: provider created → synced. First, then median of four others. */
  docSyncFirstMs: number;
  docSyncMedianMs: number;
  /** Signed in, navigate to /register until the first table row is visible (navigation start → row). */
  renderFirstMs: number | null;
  renderMedianMs: number | null;
  /** Rows the page had drawn at that moment. */
  renderedRows: number | null;
  /** In the same navigations (median): when the page had the first page's response, and the JS it ran in total. */
  renderListResponseMs: number | null;
  renderScriptMs: number | null;
  /** After the first row: scrolled to the middle of the register, until a row is in view (median of the navigations). */
  scrollMiddleMs: number | null;
  browserNote: string | null;
}

const PAGE = '/api/partnerships/1/register?status=open';
const SUMMARY = '/api/partnerships/1/register/summary?status=open';

async function timeGet(url: string, cookie: string): Promise<{ ms: number; bytes: number; body: unknown }> {
  const t0 = performance.now();
  const res = await fetch(url, { headers: { cookie } });
  const body = await res.text();
  const ms = performance.now() - t0;
  if (res.status !== 200) throw new Error(`${url} failed: ${res.status} ${body.slice(0, 200)}`);
  return { ms, bytes: body.length, body: JSON.parse(body) };
}

/** The first request, then `n` more in a row: their median and p90, and the server's CPU time per request. */
async function timeRepeated(url: string, cookie: string, n: number, pid: number): Promise<{ first: Awaited<ReturnType<typeof timeGet>>; median: number; p90: number; cpuMs: number }> {
  const first = await timeGet(url, cookie);
  const more: number[] = [];
  const cpu0 = cpuMs(pid);
  for (let i = 0; i < n; i++) more.push((await timeGet(url, cookie)).ms);
  const cpu = (cpuMs(pid) - cpu0) / n;
  const sorted = more.toSorted((a, b) => a - b);
  return { first, median: median(more), p90: sorted[Math.min(sorted.length - 1, Math.ceil(sorted.length * 0.9) - 1)]!, cpuMs: cpu };
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
  scrollMiddle: number;
}

/** Scrolls to the middle of the page and times until a register row is in view (in-page clock). */
async function timeScroll(page: Page): Promise<number> {
  await page.evaluate(() => {
    (window as unknown as { scrollStart: number }).scrollStart = performance.now();
    window.scrollTo(0, document.documentElement.scrollHeight / 2);
  });
  const handle = await page.waitForFunction(
    () => {
      const inView = [...document.querySelectorAll('[data-testid="risk-row"]')].some((r) => {
        const b = r.getBoundingClientRect();
        return b.top >= 0 && b.bottom <= window.innerHeight;
      });
      return inView ? performance.now() - (window as unknown as { scrollStart: number }).scrollStart : null;
    },
    undefined,
    { polling: 'raf', timeout: 30_000 },
  );
  return (await handle.jsonValue()) as number;
}

async function timeRender(url: string, executablePath: string): Promise<RenderTimes> {
  const browser = await chromium.launch({
    executablePath,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  try {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
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
    const scrolls: number[] = [];
    let rows = 0;
    for (let i = 0; i < 5; i++) {
      // A full navigation each time (as typing the address), so performance.now() starts at navigation.
      await page.goto(`${url}/register`, { waitUntil: 'commit' });
      const handle = await page.waitForFunction(
        () => {
          const row = document.querySelector('[data-testid="risk-row"]');
          if (!row || (row as HTMLElement).offsetParent === null) return null;
          const list = performance.getEntriesByType('resource').find((e) => /\/api\/partnerships\/\d+\/register(\?|$)/.test(e.name)) as PerformanceResourceTiming | undefined;
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
      scrolls.push(await timeScroll(page));
    }
    return { first: times[0]!, median: median(times.slice(1)), rows, listResponse: median(listTimes.slice(1)), script: median(scriptTimes.slice(1)), scrollMiddle: median(scrolls) };
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
  const page = await timeRepeated(server.url + PAGE, opts.cookie, 20, server.pid);
  const summary = await timeRepeated(server.url + SUMMARY, opts.cookie, 20, server.pid);
  const lists: { ms: number; bytes: number; body: unknown }[] = [];
  for (let i = 0; i < 3; i++) lists.push(await timeGet(`${server.url}/api/partnerships/1/risks`, opts.cookie));
  // Risk ids run 1..risks; pick docs spread over the register that nothing has opened yet.
  const picks = [1000, 1500, 250, 1750, 600].map((n) => Math.max(1, Math.round((n / 2000) * opts.risks)));
  const syncs: number[] = [];
  for (const id of picks) syncs.push(await timeDocSync(server.url, `risk:${id}`, opts.cookie));
  let render: RenderTimes | null = null;
  let browserNote: string | null = null;
  if (opts.browser) {
    try {
      render = await timeRender(server.url, opts.browser);
    } catch (err) {
      browserNote = `browser run failed: ${String(err).split('\n')[0]}`;
    }
  } else browserNote = 'browser skipped';
  const firstPage = page.first.body as { rows: unknown[]; total: number };
  return {
    risks: opts.risks,
    mitigations: opts.risks * opts.mitigations,
    seedSeconds: opts.seedSeconds,
    pageFirstMs: page.first.ms,
    pageMedianMs: page.median,
    pageP90Ms: page.p90,
    pageCpuMs: page.cpuMs,
    pageBytes: page.first.bytes,
    pageRows: firstPage.rows.length,
    pageTotal: firstPage.total,
    summaryFirstMs: summary.first.ms,
    summaryMedianMs: summary.median,
    summaryP90Ms: summary.p90,
    summaryCpuMs: summary.cpuMs,
    listMedianMs: median(lists.map((l) => l.ms)),
    listBytes: lists[0]!.bytes,
    listRows: (lists[0]!.body as unknown[]).length,
    docSyncFirstMs: syncs[0]!,
    docSyncMedianMs: median(syncs.slice(1)),
    renderFirstMs: render?.first ?? null,
    renderMedianMs: render?.median ?? null,
    renderedRows: render?.rows ?? null,
    renderListResponseMs: render?.listResponse ?? null,
    renderScriptMs: render?.script ?? null,
    scrollMiddleMs: render?.scrollMiddle ?? null,
    browserNote,
  };
}
