import { expect, test } from './fixtures';
import { expectNoAxeViolations, R005, signIn } from './helpers';

/** One word of letters and digits, new each run: the search index splits words at anything else. */
const word = () => `qz${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`;

test.describe('search from the header', () => {
  test('finds words just typed into a mitigation, opens the risk, and the results page passes axe', async ({ page }) => {
    await signIn(page, 'chair');
    await page.goto(`/risks/${R005}`);
    await expect(page.getByTestId('connection-badge')).toHaveText('Online');
    const action = page.getByTestId('mitigation-action').first();
    await expect(action).not.toHaveValue('');
    const marker = word();
    await action.click();
    await page.keyboard.press('Control+End');
    await page.keyboard.type(` Checked with ${marker} colleagues.`);
    await expect(action).toHaveValue(new RegExp(marker));

    // The header's search box, by keyboard: its label, typing, Enter.
    const box = page.getByRole('search', { name: "Search the partnership's records" }).getByRole('searchbox', { name: /Search risks, mitigations/ });
    await box.focus();
    await page.keyboard.type(marker);
    await page.keyboard.press('Enter');
    await expect(page).toHaveURL(new RegExp(`/search\\?q=${marker}$`));
    await expect(page.getByTestId('search-heading')).toBeFocused();
    await expect(page.getByTestId('search-summary')).toHaveText(`1 result for “${marker}”`);
    const group = page.locator('[data-testid="search-group"][data-kind="risk"]');
    await expect(group.getByRole('heading', { level: 2 })).toHaveText('Risks and mitigations (1)');
    await expect(group.getByTestId('search-snippet').locator('mark')).toHaveText(marker);
    // The query stays in the address and in the box: a reload shows the same results.
    await page.reload();
    await expect(page.getByTestId('search-summary')).toHaveText(`1 result for “${marker}”`);
    await expect(page.getByTestId('header-search-input')).toHaveValue(marker);
    await expectNoAxeViolations(page, 'search results');

    await group.getByTestId('search-hit-link').click();
    await expect(page).toHaveURL(new RegExp(`/risks/${R005}$`));
    await expect(page.getByTestId('risk-heading')).toContainText('R-005');
  });

  test('an odd query is only words, and finds nothing rather than failing', async ({ page }) => {
    await signIn(page, 'observer');
    await page.getByTestId('header-search-input').fill('NEAR( "*');
    await page.getByTestId('header-search-submit').click();
    await expect(page.getByTestId('search-summary')).toHaveText('No results for “NEAR( "*”');
    await expect(page.getByTestId('search-error')).toHaveCount(0);
  });

  test('at 390 px the header keeps its search box and the results page does not scroll sideways', async ({ page }) => {
    await page.setViewportSize({ width: 390, height: 844 });
    await signIn(page, 'observer');
    await expect(page.getByTestId('header-search-input')).toBeVisible();
    await page.getByTestId('header-search-input').fill('children');
    await page.keyboard.press('Enter');
    await expect(page.getByTestId('search-group').first()).toBeVisible();
    expect(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)).toBe(true);
    // The box is one short row of the header, inside the screen.
    const box = (await page.getByTestId('header-search').boundingBox())!;
    expect(box.height).toBeLessThanOrEqual(48);
    expect(box.x + box.width).toBeLessThanOrEqual(390);
    await page.screenshot({ path: 'test-results/search-390.png' });
    await expectNoAxeViolations(page, 'search results at 390 px');
  });
});
