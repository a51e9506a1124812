import type { Page } from '@playwright/test';
import { expect, test } from './fixtures';
import { signedInContext } from './helpers';

/** What a printout of the page shows: every element the print styles leave visible, as the tests read them. */
async function printed(page: Page, testid: string): Promise<boolean> {
  return page.getByTestId(testid).first().evaluate((el) => {
    for (let e: Element | null = el; e; e = e.parentElement) if (getComputedStyle(e).display === 'none') return false;
    return true;
  });
}

/**
 * Printing the register, the challenge log and the actions log prints the content only: the table
 * with its headings, no header, navigation, filters, downloads or buttons, and nothing cut off at the
 * side of an A4 landscape page.
 */
test.describe('print', () => {
  for (const [name, path, table, hidden] of [
    ['the register', '/register', 'risk-table', ['site-header', 'heat-map', 'register-export', 'import-register-link']],
    ['the challenge log', '/challenges', 'challenge-table', ['site-header', 'raise-challenge-link']],
    ['the actions log', '/boards/1/actions', 'actions-table', ['site-header', 'actions-only-open']],
  ] as const) {
    test(`${name} prints its table only`, async ({ browser }) => {
      const { page, context } = await signedInContext(browser, 'chair');
      await page.goto(path);
      await expect(page.getByTestId(table)).toBeVisible();
      await page.emulateMedia({ media: 'print' });
      expect(await printed(page, table)).toBe(true);
      for (const testid of hidden) {
        if ((await page.getByTestId(testid).count()) === 0) continue;
        expect(await printed(page, testid), `${testid} printed`).toBe(false);
      }
      // The table's column headings print as words (a sortable heading is a button on screen).
      await expect(page.getByTestId(table).locator('th').first()).toBeVisible();
      // Nothing wider than the page: A4 landscape less its margins is about 1010 CSS px.
      await page.setViewportSize({ width: 1010, height: 700 });
      const wide = await page.evaluate(() => {
        const w = document.documentElement.clientWidth;
        return [...document.querySelectorAll('body *')].filter((e) => e.getBoundingClientRect().right > w + 1).slice(0, 5).map((e) => `${e.tagName}.${e.className}`);
      });
      expect(wide).toEqual([]);
      await context.close();
    });
  }
});
