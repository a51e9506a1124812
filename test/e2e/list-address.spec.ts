import type { Page } from '@playwright/test';
import { expect, test } from './fixtures';
import { expectNoAxeViolations, signIn } from './helpers';

/** The ids of a list's rows, in the order shown. */
async function order(page: Page, testid: string, attribute: string): Promise<string[]> {
  return page.getByTestId(testid).evaluateAll((rows, a) => rows.map((r) => r.getAttribute(a) ?? ''), attribute);
}

test.describe('lists keep their sort and filters in the address', () => {
  test('the challenge log: a filter and a sort survive a reload and Back', async ({ page }) => {
    await signIn(page, 'chair');
    await page.goto('/challenges');
    await expect(page.getByTestId('challenge-row').first()).toBeVisible();
    await page.getByTestId('filter-status').selectOption('active');
    const due = page.getByRole('columnheader', { name: 'Response due' });
    await expect(due).toHaveAttribute('aria-sort', 'none');
    await page.getByTestId('challenge-sort-due').click();
    await expect(due).toHaveAttribute('aria-sort', 'ascending');
    await page.getByTestId('challenge-sort-due').press('Enter');
    await expect(due).toHaveAttribute('aria-sort', 'descending');
    await expect(page).toHaveURL(/\/challenges\?status=active&sort=due&dir=desc$/);

    // Latest due date first, by the dates the rows show.
    const dates = await page.getByTestId('challenge-due').evaluateAll((cells) => cells.map((c) => Date.parse(c.querySelector('.nowrap')!.textContent!)));
    expect(dates.length).toBeGreaterThan(1);
    expect(dates).toEqual([...dates].sort((a, b) => b - a));
    const shown = await order(page, 'challenge-row', 'data-challenge-id');
    await expectNoAxeViolations(page, '/challenges sorted and filtered');

    await page.reload();
    await expect(page.getByTestId('challenge-row').first()).toBeVisible();
    await expect(page.getByTestId('filter-status')).toHaveValue('active');
    await expect(page.getByRole('columnheader', { name: 'Response due' })).toHaveAttribute('aria-sort', 'descending');
    expect(await order(page, 'challenge-row', 'data-challenge-id')).toEqual(shown);

    await page.getByTestId('challenge-ref').first().click();
    await expect(page).toHaveURL(/\/challenges\/\d+$/);
    await page.goBack();
    await expect(page).toHaveURL(/\/challenges\?status=active&sort=due&dir=desc$/);
    await expect(page.getByTestId('challenge-row').first()).toBeVisible();
    expect(await order(page, 'challenge-row', 'data-challenge-id')).toEqual(shown);
  });

  test('the people list: a filter and a sort survive a reload', async ({ page }) => {
    await signIn(page, 'admin');
    await page.goto('/admin/people');
    await expect(page.getByTestId('person-row').first()).toBeVisible();
    await page.getByTestId('people-filter-q').fill('nurse');
    // Sorted by name already (the default): pressing its header reverses it.
    await expect(page.getByRole('columnheader', { name: 'Name' })).toHaveAttribute('aria-sort', 'ascending');
    await page.getByTestId('people-table-sort-name').click();
    await expect(page.getByRole('columnheader', { name: 'Name' })).toHaveAttribute('aria-sort', 'descending');
    await expect(page).toHaveURL(/\/admin\/people\?q=nurse&dir=desc$/);
    const names = await page.getByTestId('person-row').locator('th').evaluateAll((cells) => cells.map((c) => c.firstChild!.textContent!.trim()));
    expect(names).toEqual(['James Osei', 'Fiona Grant', 'Dr Aisha Rahman']);
    await expect(page.getByTestId('people-count')).toHaveText(/^3 of \d+ people match$/);
    await expectNoAxeViolations(page, '/admin/people filtered and sorted');

    await page.reload();
    await expect(page.getByTestId('people-filter-q')).toHaveValue('nurse');
    await expect(page.getByTestId('person-row')).toHaveCount(3);
    expect(await page.getByTestId('person-row').locator('th').evaluateAll((cells) => cells.map((c) => c.firstChild!.textContent!.trim()))).toEqual(names);
  });

  test('the register and a board page keep the heat-map cell chosen across a reload', async ({ page }) => {
    await signIn(page, 'chair');
    for (const path of ['/register', '/boards/1']) {
      await page.goto(path);
      await expect(page.getByTestId('risk-row').first()).toBeVisible();
      const cell = page.locator('[data-testid^="heat-cell-"]:not([data-count="0"])').first();
      const testid = (await cell.getAttribute('data-testid'))!;
      const [, , likelihood, impact] = testid.split('-');
      await cell.click();
      await expect(cell).toHaveAttribute('aria-pressed', 'true');
      await expect(page).toHaveURL(new RegExp(`likelihood=${likelihood}&impact=${impact}`));
      const rows = await order(page, 'risk-row', 'data-risk-id');

      await page.reload();
      await expect(page.getByTestId(testid)).toHaveAttribute('aria-pressed', 'true');
      await expect(page.getByTestId('heat-filter')).toBeVisible();
      await expect(page.getByTestId('risk-row')).toHaveCount(rows.length);
      expect(await order(page, 'risk-row', 'data-risk-id')).toEqual(rows);
    }
  });

  test('the board’s actions log: a sort and its filter survive a reload and Back', async ({ page }) => {
    await signIn(page, 'chair');
    await page.goto('/boards/1/actions');
    await expect(page.getByTestId('action-row').first()).toBeVisible();
    // Soonest due first by default, said by its heading.
    await expect(page.getByRole('columnheader', { name: 'Due' })).toHaveAttribute('aria-sort', 'ascending');
    const owner = page.getByRole('columnheader', { name: 'Owner' });
    await expect(owner).toHaveAttribute('aria-sort', 'none');
    await page.getByTestId('actions-sort-owner').click();
    await expect(owner).toHaveAttribute('aria-sort', 'ascending');
    await expect(page).toHaveURL(/\/boards\/1\/actions\?sort=owner$/);
    await page.getByTestId('actions-sort-owner').press('Enter');
    await expect(owner).toHaveAttribute('aria-sort', 'descending');
    await expect(page.getByRole('columnheader', { name: 'Due' })).toHaveAttribute('aria-sort', 'none');
    await page.getByTestId('actions-only-open').check();
    await expect(page).toHaveURL(/\/boards\/1\/actions\?open=true&sort=owner&dir=desc$/);

    // Owners from Z to A, by the names the rows show.
    const owners = await page.getByTestId('action-row').evaluateAll((rows) => rows.map((r) => r.querySelectorAll('td')[1]!.textContent!.trim()));
    expect(new Set(owners).size).toBeGreaterThan(1);
    const collator = new Intl.Collator('en-GB', { numeric: true, sensitivity: 'base' });
    expect(owners).toEqual([...owners].sort((a, b) => collator.compare(b, a)));
    const shown = await order(page, 'action-row', 'data-action-id');
    await expectNoAxeViolations(page, '/boards/1/actions sorted and filtered');

    await page.reload();
    await expect(page.getByTestId('action-row').first()).toBeVisible();
    await expect(page.getByTestId('actions-only-open')).toBeChecked();
    await expect(page.getByRole('columnheader', { name: 'Owner' })).toHaveAttribute('aria-sort', 'descending');
    expect(await order(page, 'action-row', 'data-action-id')).toEqual(shown);

    await page.getByTestId('action-row').first().locator('a').first().click();
    await expect(page).toHaveURL(/\/meetings\/\d+$/);
    await page.goBack();
    await expect(page).toHaveURL(/\/boards\/1\/actions\?open=true&sort=owner&dir=desc$/);
    await expect(page.getByTestId('action-row').first()).toBeVisible();
    expect(await order(page, 'action-row', 'data-action-id')).toEqual(shown);
  });

  test('the plan’s actions: a sort survives a reload', async ({ page }) => {
    await signIn(page, 'chair');
    await page.goto('/plans');
    await page.locator('a[href^="/plans/"]').first().click();
    await expect(page).toHaveURL(/\/plans\/\d+$/);
    await page.goto(`${new URL(page.url()).pathname}/actions`);
    await expect(page.getByTestId('plan-action').first()).toBeVisible();
    await page.getByTestId('plan-actions-sort-status').click();
    await expect(page.getByRole('columnheader', { name: 'Status and progress' })).toHaveAttribute('aria-sort', 'ascending');
    await expect(page).toHaveURL(/\/actions\?sort=status$/);
    const shown = await order(page, 'plan-action', 'data-action-id');
    await page.reload();
    await expect(page.getByTestId('plan-action').first()).toBeVisible();
    await expect(page.getByRole('columnheader', { name: 'Status and progress' })).toHaveAttribute('aria-sort', 'ascending');
    expect(await order(page, 'plan-action', 'data-action-id')).toEqual(shown);
  });

  test('the evidence store: the search, the kind and a sort survive a reload', async ({ page }) => {
    await signIn(page, 'health');
    await page.goto('/evidence');
    await expect(page.getByTestId('evidence-row').first()).toBeVisible();
    await page.getByTestId('evidence-sort-date').click();
    const date = page.getByRole('columnheader', { name: 'Date' });
    await expect(date).toHaveAttribute('aria-sort', 'ascending');
    await expect(page).toHaveURL(/\/evidence\?sort=date$/);
    // Oldest first, by the dates the rows show (the table's short form parses).
    const dates = await page.getByTestId('evidence-row').evaluateAll((rows) => rows.map((r) => Date.parse(r.children[2]!.textContent!)));
    expect(dates.length).toBeGreaterThan(1);
    expect(dates).toEqual([...dates].sort((a, b) => a - b));
    await page.getByTestId('evidence-search').fill('dip');
    await expect(page).toHaveURL(/\/evidence\?sort=date&q=dip$/);
    await expect(page.getByTestId('evidence-row')).toHaveCount(1);
    await expectNoAxeViolations(page, '/evidence sorted and searched');

    await page.reload();
    await expect(page.getByTestId('evidence-search')).toHaveValue('dip');
    await expect(page.getByTestId('evidence-row')).toHaveCount(1);
    await expect(page.getByRole('columnheader', { name: 'Date' })).toHaveAttribute('aria-sort', 'ascending');
  });

  test('the inspection recommendations and the scorecard sort by a column, kept in the address', async ({ page }) => {
    await signIn(page, 'chair');
    await page.goto('/recommendations');
    await expect(page.getByTestId('recommendation-row').first()).toBeVisible();
    const labels = () => page.getByTestId('recommendation-row').locator('td:first-child a').allTextContents();
    const first = await labels();
    await page.getByTestId('recommendations-sort-recommendation').click();
    await expect(page.getByRole('columnheader', { name: 'Recommendation' })).toHaveAttribute('aria-sort', 'descending');
    await expect(page).toHaveURL(/\/recommendations\?dir=desc$/);
    await expect.poll(labels).toEqual([...first].reverse());
    await page.reload();
    await expect(page.getByTestId('recommendation-row').first()).toBeVisible();
    expect(await labels()).toEqual([...first].reverse());

    await page.goto('/scorecard');
    await expect(page.getByTestId('indicator-row').first()).toBeVisible();
    await page.getByTestId('scorecard-sort-rag').first().click();
    await expect(page).toHaveURL(/\/scorecard\?sort=rag$/);
    // In every area's table, red before amber before green, the unrated last.
    const rank = { red: 0, amber: 1, green: 2, none: 3 } as Record<string, number>;
    for (const table of await page.getByTestId('scorecard-table').all()) {
      const rags = await table.getByTestId('indicator-rag').evaluateAll((els) => els.map((e) => e.getAttribute('data-rag') ?? ''));
      const ranks = rags.map((r) => rank[r]!);
      expect(ranks).toEqual([...ranks].sort((a, b) => a - b));
    }
    await expect(page.getByRole('columnheader', { name: 'RAG' }).first()).toHaveAttribute('aria-sort', 'ascending');
    await expectNoAxeViolations(page, '/scorecard sorted by RAG');
  });

  test('agency accountability: owing most first, or by any figure, kept in the address', async ({ page }) => {
    await signIn(page, 'chair');
    await page.goto('/accountability');
    await expect(page.getByTestId('agency-row').first()).toBeVisible();
    await expect(page.getByTestId('accountability-table').locator('caption')).toContainText('those owing most first');
    const figures = (testid: string) => page.getByTestId(testid).evaluateAll((cells) => cells.map((c) => Number(c.textContent!.trim().split(/\s/)[0])));
    await page.getByTestId('accountability-sort-mitigations').click();
    await page.getByTestId('accountability-sort-mitigations').click();
    await expect(page.getByRole('columnheader', { name: 'Overdue mitigations' })).toHaveAttribute('aria-sort', 'descending');
    await expect(page).toHaveURL(/\/accountability\?sort=mitigations&dir=desc$/);
    const most = await figures('fig-mitigations');
    expect(most.length).toBeGreaterThan(1);
    expect(most).toEqual([...most].sort((a, b) => b - a));
    await expect(page.getByTestId('accountability-table').locator('caption')).toContainText('sorted by overdue mitigations, descending');
    await expectNoAxeViolations(page, '/accountability sorted by overdue mitigations');
    await page.reload();
    await expect(page.getByTestId('agency-row').first()).toBeVisible();
    expect(await figures('fig-mitigations')).toEqual(most);
  });
});
