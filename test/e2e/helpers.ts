import AxeBuilder from '@axe-core/playwright';
import { expect, type Browser, type BrowserContext, type Page } from '@playwright/test';

export const PASSWORD = 'demo';

export const USERS = {
  admin: 'admin@demo.test',
  chair: 'chair@demo.test',
  police: 'police@demo.test',
  health: 'health@demo.test',
  schools: 'schools@demo.test',
  council: 'council@demo.test',
  observer: 'observer@demo.test',
} as const;
export type DemoUser = keyof typeof USERS;

/** Demo risks by id (R-00n has id n in the seeded database). */
export const R005 = 5;

/** Fills the sign-in form and waits for the home page. */
export async function signIn(page: Page, who: DemoUser | string, password = PASSWORD): Promise<void> {
  const email = who in USERS ? USERS[who as DemoUser] : who;
  await page.goto('/login');
  await page.getByTestId('login-email').fill(email);
  await page.getByTestId('login-password').fill(password);
  await page.getByTestId('login-submit').click();
  await expect(page.getByRole('heading', { level: 1, name: 'Your boards' })).toBeVisible();
  await expect(page).toHaveURL(/\/$/);
}

/** A separate browser context (its own cookies) with a signed-in page. */
export async function signedInContext(browser: Browser, who: DemoUser): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext();
  const page = await context.newPage();
  await signIn(page, who);
  return { context, page };
}

/** A unique marker for text a test writes, so tests never depend on each other's data. */
export function unique(prefix: string): string {
  return `${prefix}-${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`;
}

const AXE_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'];

/**
 * Runs axe over the whole page and fails with each violation's id, impact and targets. `onlyRules`: run
 * just these rules (the reflow test's second width, where only the rules that read the layout can differ).
 */
export async function expectNoAxeViolations(page: Page, label = page.url(), onlyRules?: readonly string[]): Promise<void> {
  // "Label in name" (WCAG 2.5.3) is an experimental rule in axe 4: turned on by name, as the issue's scan did.
  const builder = onlyRules ? new AxeBuilder({ page }).withRules([...onlyRules]) : new AxeBuilder({ page }).options({ rules: { 'label-content-name-mismatch': { enabled: true } } }).withTags(AXE_TAGS);
  const results = await builder.analyze();
  const report = results.violations
    .map((v) => {
      const nodes = v.nodes
        .slice(0, 8)
        .map((n) => `    - ${n.target.join(' ')}${n.failureSummary ? `\n      ${n.failureSummary.replace(/\n/g, '\n      ')}` : ''}`)
        .join('\n');
      return `  ${v.id} (${v.impact ?? 'n/a'}): ${v.help} [${v.nodes.length} node(s)]\n${nodes}`;
    })
    .join('\n');
  expect(
    results.violations.map((v) => v.id),
    `axe violations on ${label}:\n${report}`,
  ).toEqual([]);
}
