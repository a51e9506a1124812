import { expect, test } from './fixtures';
import { expectNoAxeViolations, signedInContext } from './helpers';

test.describe('the performance scorecard', () => {
  test('reads by area with RAG and direction in words, filters kept in the address, an indicator’s trend with its table, and the exceptions', async ({ browser }) => {
    const police = await signedInContext(browser, 'police');
    await police.page.goto('/');
    await police.page.getByTestId('nav-scorecard').click();
    await expect(police.page.getByRole('heading', { level: 1 })).toHaveText('Performance scorecard');
    await expect(police.page.getByTestId('scorecard-area').first()).toBeVisible();
    await expectNoAxeViolations(police.page, 'scorecard');
    const reReferrals = police.page.getByTestId('indicator-row').filter({ hasText: '% re-referrals' });
    await expect(reReferrals.getByTestId('indicator-rag')).toHaveAttribute('data-rag', 'red');
    await expect(reReferrals.getByTestId('indicator-travel')).toHaveText(/Deteriorated/);
    await expect(reReferrals.getByTestId('indicator-comparator')).toContainText('England: 24.9%');

    await police.page.getByTestId('filter-rag').selectOption('red');
    await expect(police.page).toHaveURL(/rag=red/);
    // The list is read again for the filter: wait for its rows, then count them.
    await expect(police.page.getByTestId('indicator-row').first()).toBeVisible();
    const redCount = await police.page.getByTestId('indicator-row').count();
    expect(redCount).toBeGreaterThan(0);
    for (const rag of await police.page.getByTestId('indicator-rag').all()) await expect(rag).toHaveAttribute('data-rag', 'red');
    await police.page.reload();
    await expect(police.page.getByTestId('indicator-row')).toHaveCount(redCount);

    await reReferrals.getByRole('link').click();
    await expect(police.page.getByTestId('indicator-name')).toHaveText('% re-referrals within 12 months');
    await expect(police.page.getByTestId('indicator-trend-table').locator('tbody tr')).toHaveCount(5);
    await expect(police.page.getByTestId('indicator-exceptions')).toContainText('Red against target');
    await expect(police.page.getByTestId('value-form')).toHaveCount(0);
    await expectNoAxeViolations(police.page, 'indicator');

    await police.page.goto('/scorecard/exceptions');
    await expect(police.page.getByTestId('exception').first()).toBeVisible();
    await expect(police.page.getByTestId('exception').filter({ hasText: '% re-referrals' }).getByTestId('exception-reasons')).toContainText('Deteriorated two periods running');
    await expectNoAxeViolations(police.page, 'exceptions');
  });

  test('the council enters a month’s values in the grid by keyboard, pasting a column; an open scorecard follows; a bad value saves nothing', async ({ browser }) => {
    const council = await signedInContext(browser, 'council');
    const watcher = await signedInContext(browser, 'schools');
    await watcher.page.goto('/scorecard');
    const watched = watcher.page.getByTestId('indicator-row').filter({ hasText: 'Social worker vacancy rate' });
    await expect(watched).toBeVisible();

    await council.page.goto('/scorecard');
    await council.page.getByTestId('scorecard-enter-link').click();
    await expect(council.page.getByTestId('grid-row').first()).toBeVisible();
    await expectNoAxeViolations(council.page, 'value grid');
    // This month, for the council's monthly indicators: tab from the period into the first value.
    const thisMonth = new Date().toISOString().slice(0, 7);
    await council.page.getByTestId('grid-period').fill(thisMonth);
    const rows = council.page.getByTestId('grid-row');
    const first = rows.first().getByTestId('grid-value');
    await first.focus();
    await council.page.keyboard.type('abc');
    await council.page.keyboard.press('Tab');
    await council.page.keyboard.type('Late figure from the trust');
    await council.page.getByTestId('grid-save').click();
    await expect(council.page.getByTestId('grid-alert')).toContainText('not a number');
    await expect(first).toHaveAttribute('aria-invalid', 'true');

    // A column copied from Excel, pasted into the first value, fills down.
    await first.fill('');
    await first.focus();
    await council.page.evaluate(() => {
      const data = new DataTransfer();
      data.setData('text/plain', '170.0\r\n14.1\r\n');
      document.activeElement!.dispatchEvent(new ClipboardEvent('paste', { clipboardData: data, bubbles: true, cancelable: true }));
    });
    await expect(rows.nth(1).getByTestId('grid-value')).toHaveValue('14.1');
    const vacancy = council.page.getByTestId('grid-row').filter({ hasText: 'Social worker vacancy rate' }).getByTestId('grid-value');
    await vacancy.fill('13.2');
    await council.page.getByTestId('grid-save').click();
    await expect(council.page.getByTestId('grid-message')).toContainText('values saved for');

    // The other open scorecard follows without a reload.
    await expect(watched.getByTestId('indicator-latest')).toContainText('13.2%');
    await expect(watched.getByTestId('indicator-travel')).toHaveText(/Improved/);
  });

  test('the chair adds an indicator, gives it England, and its lead’s first value is rated against its target', async ({ browser }) => {
    const chair = await signedInContext(browser, 'chair');
    await chair.page.goto('/scorecard');
    await chair.page.getByTestId('indicator-add').click();
    const form = chair.page.getByTestId('indicator-form');
    await form.getByTestId('indicator-save').click();
    await expect(form.locator('#ind-name-error')).toBeVisible();
    await expectNoAxeViolations(chair.page, 'indicator form with an error');
    const name = `Children seen within 24 hours of a strategy discussion ${Date.now()}`;
    await form.getByTestId('indicator-name-field').fill(name);
    await form.getByTestId('indicator-area').selectOption('child_protection');
    await form.getByTestId('indicator-target').fill('90');
    await form.getByTestId('indicator-tolerance').fill('5');
    await form.getByTestId('indicator-save').click();
    await expect(chair.page.getByTestId('scorecard-message')).toContainText('added to the scorecard');
    await chair.page.getByTestId('indicator-row').filter({ hasText: name }).getByRole('link').click();

    await chair.page.getByTestId('comparators-edit').click();
    await chair.page.getByTestId('comparator-add').click();
    const lastMonth = new Date(Date.UTC(new Date().getUTCFullYear(), new Date().getUTCMonth() - 1, 1)).toISOString().slice(0, 7);
    await chair.page.getByTestId('comparator-values').fill(`${lastMonth} 88.5`);
    await chair.page.getByTestId('comparators-save').click();
    await expect(chair.page.getByTestId('indicator-message')).toContainText('Comparators');

    await chair.page.getByTestId('value-value').fill('86');
    await chair.page.getByTestId('value-save').click();
    await expect(chair.page.getByTestId('indicator-rag')).toHaveAttribute('data-rag', 'amber');
    await expect(chair.page.getByTestId('indicator-trend-table')).toContainText('88.5%');
    await expectNoAxeViolations(chair.page, 'a new indicator');
  });

  test('values imported from a CSV file: every problem shown by row before anything is stored, then the good file imported', async ({ browser }) => {
    const council = await signedInContext(browser, 'council');
    await council.page.goto('/scorecard/enter');
    const month = new Date().toISOString().slice(0, 7);
    const file = (rows: string[]) => ({ name: 'values.csv', mimeType: 'text/csv', buffer: Buffer.from(['Indicator,Period,Value', ...rows].join('\n')) });
    const picker = council.page.getByTestId('import-file');
    await picker.setInputFiles(file([`Average days lost to sickness absence by social workers,${month},11.1`, `No such indicator,${month},3`, `Social worker turnover rate (% leaving in the year),${month},tbc`]));
    await expect(council.page.getByTestId('import-summary')).toContainText('2 with problems');
    await expect(council.page.getByTestId('import-row').filter({ hasText: 'No such indicator' })).toContainText('No indicator of that name');
    await expect(council.page.getByTestId('import-commit')).toBeDisabled();
    await expectNoAxeViolations(council.page, 'import preview with problems');

    await picker.setInputFiles(file([`Average days lost to sickness absence by social workers,${month},11.1`]));
    await expect(council.page.getByTestId('import-summary')).toContainText('1 to add');
    await council.page.getByTestId('import-commit').click();
    await expect(council.page.getByTestId('grid-message')).toContainText('1 value imported from values.csv');
    await council.page.goto('/scorecard');
    await expect(council.page.getByTestId('indicator-row').filter({ hasText: 'Average days lost' }).getByTestId('indicator-latest')).toContainText('11.1 days');
  });
});
