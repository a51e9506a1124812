import type { Browser, Page } from '@playwright/test';
import { expect, test } from './fixtures';
import { expectNoAxeViolations, R005, signIn, type DemoUser } from './helpers';

/*
 * WCAG 2.2 1.4.10 reflow on every page (issue 16 item 2): at 320 and 390 CSS px wide no page scrolls
 * sideways (a wide table scrolls inside its own region), and axe finds nothing at either width. Each role
 * visits every route in one browser context; every failure is collected and reported together, so one run
 * names every page that fails.
 */

const PARTNERSHIP = 1;
const WIDTHS = [
  { width: 320, height: 800 },
  { width: 390, height: 844 },
] as const;

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
    nextMeetingId: meetings.find((m) => m.status === 'scheduled')!.id,
    pastMeetingId: meetings.find((m) => m.status === 'signed_off')!.id,
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

/** Each failure of one page at one width, in words: the page's overflow (with what sticks out) and axe's findings. */
async function check(page: Page, label: string, axe: boolean): Promise<string[]> {
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
  if (axe) {
    try {
      await expectNoAxeViolations(page, label);
    } catch (err) {
      failures.push(err instanceof Error ? err.message.split('\n\nExpected')[0]! : String(err));
    }
  }
  // REFLOW_DEBUG=1 names each failure as it happens (a run cut short still shows what it found).
  if (process.env.REFLOW_DEBUG) for (const failure of failures) console.log(failure);
  return failures;
}

/**
 * Visits each route at each width in one page of one context; returns every failure. `axeAt`: the widths
 * axe runs at (axe takes most of the time: a second role's pages, the same pages with other buttons, are
 * checked by axe at the narrowest width only).
 */
async function visitAll(page: Page, who: string, routes: readonly string[], axeAt: readonly number[] = WIDTHS.map((w) => w.width)): Promise<string[]> {
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
    for (const size of WIDTHS) {
      await page.setViewportSize(size);
      failures.push(...(await check(page, `${who} ${route} at ${size.width}px`, axeAt.includes(size.width))));
    }
    if (process.env.REFLOW_DEBUG) console.log(`${who} ${route}: ${Date.now() - started} ms, ${failures.length} failures so far`);
  }
  return failures;
}

async function signedInAt(browser: Browser, who: DemoUser): Promise<Page> {
  const context = await browser.newContext({ viewport: WIDTHS[1] });
  const page = await context.newPage();
  await signIn(page, who);
  return page;
}

test.describe('reflow at 320 and 390 px, and axe at both widths', () => {
  // Each role's visit takes minutes on a busy machine (axe is most of it): one test per role, no retries.
  test.describe.configure({ timeout: 600_000 });

  test('the pages open without signing in', async ({ browser }) => {
    const context = await browser.newContext({ viewport: WIDTHS[0] });
    const page = await context.newPage();
    const failures = await visitAll(page, 'signed out', PUBLIC_ROUTES);
    await context.close();
    expect(failures, failures.join('\n\n')).toEqual([]);
  });

  for (const [who, axeAt] of [
    ['chair', [320, 390]],
    ['health', [320]],
  ] as const) {
    test(`every page as ${who}`, async ({ browser }) => {
      const page = await signedInAt(browser, who);
      const failures = await visitAll(page, who, memberRoutes(await demoIds(page)), axeAt);
      await page.context().close();
      expect(failures, failures.join('\n\n')).toEqual([]);
    });
  }

  test('every administration tab as admin, and the home page', async ({ browser }) => {
    const page = await signedInAt(browser, 'admin');
    const failures = await visitAll(page, 'admin', ['/', ...ADMIN_ROUTES]);
    await page.context().close();
    expect(failures, failures.join('\n\n')).toEqual([]);
  });
});
