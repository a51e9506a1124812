import type { Browser, Page } from '@playwright/test';
import { expect, test } from './fixtures';
import { expectNoAxeViolations, R005, signIn, type DemoUser } from './helpers';

/*
 * WCAG 2.2 1.4.10 reflow on every page (issue 16 item 2): at 320 and 390 CSS px wide no page scrolls
 * sideways (a wide table scrolls inside its own region), and axe finds nothing. Each role visits every
 * route in one browser context; every failure is collected and reported together, so one run names every
 * page that fails.
 *
 * Axe is most of this test's time, so it runs in full once per page and role, at 320. Both widths fall
 * under the same media queries (the narrowest breakpoint is 30rem, 480 px, and no client script reads the
 * width), so the markup and the styles are the same at 390: there, only the rules whose answer depends on
 * where things fall on the screen run (LAYOUT_RULES). A second role (health) sees the chair's pages with
 * other buttons: axe runs on each of its pages whose markup differs from the chair's (markupOf).
 */

const PARTNERSHIP = 1;
const WIDTHS = [
  { width: 320, height: 800 },
  { width: 390, height: 844 },
] as const;

/**
 * The axe rules (of the WCAG tags expectNoAxeViolations runs) whose findings follow the layout rather than
 * the markup: whether a region overflows and so must be focusable, how far apart targets fall, and what
 * text sits over once boxes wrap and stack differently.
 */
const LAYOUT_RULES = ['scrollable-region-focusable', 'target-size', 'color-contrast'] as const;

/** How axe runs at each width for one page: every rule, the layout rules only, or not at all. */
type AxeRun = 'full' | 'layout' | 'none';
type AxePlan = readonly [at320: AxeRun, at390: AxeRun];
const FULL_THEN_LAYOUT: AxePlan = ['full', 'layout'];
const NO_AXE: AxePlan = ['none', 'none'];

/** The chair's pages' markup by route, kept by the chair's visit for the health visit that follows it. */
const chairMarkup = new Map<string, string>();

interface Ids {
  boardId: number;
  nextMeetingId: number;
  pastMeetingId: number;
  challengeId: number;
  planId: number;
  objectiveId: number;
  recommendationId: number;
  indicatorId: number;
}

async function getJson<T>(page: Page, path: string): Promise<T> {
  const response = await page.request.get(`/api/partnerships/${PARTNERSHIP}${path}`);
  expect(response.ok(), `GET ${path}`).toBe(true);
  return (await response.json()) as T;
}

/**
 * The demo's own meeting of a status (the lowest id): not one another spec, running at the same time,
 * has just made and is running, whose "here now" would then count this visit.
 */
function seeded(meetings: readonly { id: number; status: string }[], status: string): number {
  return Math.min(...meetings.filter((m) => m.status === status).map((m) => m.id));
}

/** Real ids from the demo data, read as the signed-in person may read them. */
async function demoIds(page: Page): Promise<Ids> {
  const boardId = 1;
  const meetings = await getJson<{ id: number; status: string }[]>(page, `/boards/${boardId}/meetings`);
  const challenges = await getJson<{ id: number }[]>(page, '/challenges');
  const plans = await getJson<{ id: number }[]>(page, '/plans');
  const planId = plans[0]!.id;
  const plan = await getJson<{ themes: { objectives: { id: number }[] }[] }>(page, `/plans/${planId}`);
  const recommendations = await getJson<{ id: number }[]>(page, '/recommendations');
  const indicators = await getJson<{ id: number }[]>(page, '/indicators');
  return {
    boardId,
    nextMeetingId: seeded(meetings, 'scheduled'),
    pastMeetingId: seeded(meetings, 'signed_off'),
    challengeId: challenges[0]!.id,
    planId,
    objectiveId: plan.themes.flatMap((t) => t.objectives)[0]!.id,
    recommendationId: recommendations[0]!.id,
    indicatorId: indicators[0]!.id,
  };
}

/** Every page of the app a board member or chair uses (client/src/features/<feature>/index.ts). */
function memberRoutes(ids: Ids): string[] {
  const { boardId, nextMeetingId, pastMeetingId, planId } = ids;
  return [
    '/',
    `/boards/${boardId}`,
    `/boards/${boardId}/register`,
    '/register',
    `/risks/${R005}`,
    '/plans',
    `/plans/${planId}`,
    `/plans/${planId}/actions`,
    `/plans/${planId}/objectives/${ids.objectiveId}`,
    '/recommendations',
    `/recommendations/${ids.recommendationId}`,
    '/scorecard',
    '/scorecard/exceptions',
    '/scorecard/enter',
    `/indicators/${ids.indicatorId}`,
    '/evidence',
    `/meetings/${nextMeetingId}`,
    `/meetings/${pastMeetingId}`,
    `/meetings/${pastMeetingId}/minutes`,
    `/meetings/${nextMeetingId}/present`,
    `/boards/${boardId}/actions`,
    `/boards/${boardId}/attendance`,
    `/boards/${boardId}/highlight-report`,
    '/challenges',
    '/challenges/new',
    `/challenges/${ids.challengeId}`,
    '/accountability',
    '/notifications',
    '/me/mail',
    '/import',
    '/search?q=children',
    '/no/such/page',
  ];
}

const ADMIN_ROUTES = ['/admin', ...['agencies', 'people', 'boards', 'memberships', 'risk-matrix', 'settings', 'mail', 'sign-in', 'audit'].map((tab) => `/admin/${tab}`)];
const PUBLIC_ROUTES = ['/login', '/forgotten-password', '/invite/this-token-does-not-exist-at-all', '/reset/this-token-does-not-exist-at-all'];

/** Waits for the page's main heading and for what it loads, then reads the page's width. */
async function settle(page: Page): Promise<void> {
  await expect(page.locator('#main h1').first()).toBeVisible();
  // What the page reads says "Loading …" or "Checking …" until it has it (a status line, or a .loading block).
  await expect(page.locator('#main .loading')).toHaveCount(0);
  await expect(page.locator('#main').getByText(/^(Loading|Checking)\b/)).toHaveCount(0);
}

/**
 * The page's main content's markup without its words: every element with its attributes, and whether it
 * holds text of its own. Two roles' pages alike in this are alike to axe (the words differ only in the
 * data shown). The header differs by role on every page (the chair has a partnership switcher); each
 * role's header is scanned with the pages whose main content differs, and by the other specs.
 */
async function markupOf(page: Page): Promise<string> {
  return page.evaluate(() =>
    Array.from(document.querySelectorAll('#main *'))
      .map((el) => {
        const attributes = Array.from(el.attributes)
          .map((a) => `${a.name}=${a.value}`)
          .sort()
          .join(' ');
        const text = Array.from(el.childNodes).some((n) => n.nodeType === Node.TEXT_NODE && n.textContent!.trim() !== '');
        return `${el.tagName} ${attributes}${text ? ' #text' : ''}`;
      })
      .join('\n'),
  );
}

interface AxeWindow {
  axe?: { run(context: Document, options: object): Promise<{ violations: { id: string; impact?: string | null; help: string; nodes: { target: string[] }[] }[] }> };
}

/**
 * axe's layout rules on the page as it is now. The full scan at 320 has just put axe into this same
 * document (a width change does not reload it), so it is run there as it stands: @axe-core/playwright
 * would inject its script again first, which takes longer than these rules. Without it, the builder runs.
 */
async function expectNoLayoutViolations(page: Page, label: string): Promise<void> {
  const found = await page.evaluate(async (rules) => {
    const axe = (window as AxeWindow).axe;
    if (!axe) return null;
    const results = await axe.run(document, { runOnly: { type: 'rule', values: rules }, resultTypes: ['violations'] });
    return results.violations.map((v) => `  ${v.id} (${v.impact ?? 'n/a'}): ${v.help} [${v.nodes.length} node(s)]\n${v.nodes.slice(0, 8).map((n) => `    - ${n.target.join(' ')}`).join('\n')}`);
  }, [...LAYOUT_RULES]);
  if (found === null) return expectNoAxeViolations(page, `${label} (the layout rules)`, LAYOUT_RULES);
  expect(found, `axe violations on ${label} (the layout rules):\n${found.join('\n')}`).toEqual([]);
}

/** Each failure of one page at one width, in words: the page's overflow (with what sticks out) and axe's findings. */
async function check(page: Page, label: string, axe: AxeRun): Promise<string[]> {
  const failures: string[] = [];
  const sizes = await page.evaluate(() => {
    const root = document.documentElement;
    const limit = root.clientWidth;
    // The elements that stick out past the window, outside any region that scrolls them itself.
    const culprits: string[] = [];
    if (root.scrollWidth > limit) {
      for (const el of Array.from(document.querySelectorAll<HTMLElement>('body *'))) {
        const box = el.getBoundingClientRect();
        if (box.right <= limit + 0.5 || box.width === 0) continue;
        let contained = false;
        for (let up = el.parentElement; up && up !== document.body; up = up.parentElement) {
          if (getComputedStyle(up).overflowX !== 'visible' && up.getBoundingClientRect().right <= limit + 0.5) contained = true;
        }
        if (contained) continue;
        const name = `${el.tagName.toLowerCase()}${el.id ? `#${el.id}` : ''}${el.className && typeof el.className === 'string' ? `.${el.className.trim().split(/\s+/).join('.')}` : ''}${el.dataset.testid ? `[data-testid=${el.dataset.testid}]` : ''}`;
        culprits.push(`${name} (right ${Math.round(box.right)})`);
      }
    }
    return { scroll: root.scrollWidth, client: limit, culprits: culprits.slice(-6) };
  });
  if (sizes.scroll > sizes.client) failures.push(`${label}: the page is ${sizes.scroll}px wide in a ${sizes.client}px window; sticking out: ${sizes.culprits.join(', ')}`);
  if (axe !== 'none') {
    const started = Date.now();
    try {
      if (axe === 'full') await expectNoAxeViolations(page, label);
      else await expectNoLayoutViolations(page, label);
    } catch (err) {
      failures.push(err instanceof Error ? err.message.split('\n\nExpected')[0]! : String(err));
    }
    if (process.env.REFLOW_DEBUG) console.log(`${label}: axe (${axe}) ${Date.now() - started} ms`);
  }
  // REFLOW_DEBUG=1 names each failure as it happens (a run cut short still shows what it found).
  if (process.env.REFLOW_DEBUG) for (const failure of failures) console.log(failure);
  return failures;
}

/**
 * Visits each route at each width in one page of one context; returns every failure. `axePlan` says how
 * axe runs at 320 and at 390 on a page, given the page's markup.
 */
async function visitAll(page: Page, who: string, routes: readonly string[], axePlan: (route: string, markup: string) => AxePlan = () => FULL_THEN_LAYOUT): Promise<string[]> {
  const failures: string[] = [];
  for (const route of routes) {
    const started = Date.now();
    await page.setViewportSize(WIDTHS[0]);
    await page.goto(route);
    try {
      await settle(page);
    } catch (err) {
      failures.push(`${who} ${route}: the page did not settle (${err instanceof Error ? err.message.split('\n')[0] : String(err)})`);
      continue;
    }
    const plan = axePlan(route, await markupOf(page));
    for (const [i, size] of WIDTHS.entries()) {
      await page.setViewportSize(size);
      failures.push(...(await check(page, `${who} ${route} at ${size.width}px`, plan[i]!)));
    }
    if (process.env.REFLOW_DEBUG) console.log(`${who} ${route}: ${Date.now() - started} ms, axe ${plan.join('/')}, ${failures.length} failures so far`);
  }
  return failures;
}

async function signedInAt(browser: Browser, who: DemoUser): Promise<Page> {
  const context = await browser.newContext({ viewport: WIDTHS[1] });
  const page = await context.newPage();
  await signIn(page, who);
  return page;
}

test.describe('reflow at 320 and 390 px, and axe on every page', () => {
  // Each role's visit takes minutes on a busy machine (axe is most of it): one test per role, no retries.
  test.describe.configure({ timeout: 600_000 });

  test('the pages open without signing in', async ({ browser }) => {
    const context = await browser.newContext({ viewport: WIDTHS[0] });
    const page = await context.newPage();
    const failures = await visitAll(page, 'signed out', PUBLIC_ROUTES);
    await context.close();
    expect(failures, failures.join('\n\n')).toEqual([]);
  });

  test('every page as chair', async ({ browser }) => {
    const page = await signedInAt(browser, 'chair');
    const failures = await visitAll(page, 'chair', memberRoutes(await demoIds(page)), (route, markup) => {
      chairMarkup.set(route, markup);
      return FULL_THEN_LAYOUT;
    });
    await page.context().close();
    expect(failures, failures.join('\n\n')).toEqual([]);
  });

  // After the chair's (tests of a file run in order): a page whose markup the chair's visit did not see,
  // because it differs or because that visit did not run, is scanned as the chair's were.
  test('every page as health', async ({ browser }) => {
    const page = await signedInAt(browser, 'health');
    const failures = await visitAll(page, 'health', memberRoutes(await demoIds(page)), (route, markup) => (chairMarkup.get(route) === markup ? NO_AXE : FULL_THEN_LAYOUT));
    await page.context().close();
    expect(failures, failures.join('\n\n')).toEqual([]);
  });

  test('every administration tab as admin, and the home page', async ({ browser }) => {
    const page = await signedInAt(browser, 'admin');
    const failures = await visitAll(page, 'admin', ['/', ...ADMIN_ROUTES]);
    await page.context().close();
    expect(failures, failures.join('\n\n')).toEqual([]);
  });
});
