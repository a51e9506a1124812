import { expect, test } from './fixtures';
import { expectNoAxeViolations, signedInContext, unique } from './helpers';

test.describe('the evidence store', () => {
  test('a member uploads a file linked to recommendation 4; it shows in the library and on the recommendation’s page, as a download', async ({ browser }) => {
    const health = await signedInContext(browser, 'health');
    const page = health.page;
    await page.goto('/evidence');
    // The demo's three (a file, a link, a note), and whatever other tests added.
    await expect(page.getByTestId('evidence-row').filter({ hasText: 'Dip sample' })).toHaveCount(1);
    await expect(page.getByTestId('evidence-link').first()).toBeVisible();
    await expectNoAxeViolations(page, 'evidence library');

    // Search and kind filter.
    await page.getByTestId('evidence-search').fill('dip sample');
    await expect(page.getByTestId('evidence-row')).toHaveCount(1);
    await page.getByTestId('evidence-search').fill('');
    await page.getByTestId('evidence-kind-filter').selectOption('views_of_children_and_families');
    await expect(page.getByTestId('evidence-row').filter({ hasText: 'What parents told' })).toHaveCount(1);
    await expect(page.getByTestId('evidence-row').filter({ hasText: 'Dip sample' })).toHaveCount(0);
    await page.getByTestId('evidence-kind-filter').selectOption('');

    await page.getByTestId('evidence-add').click();
    await expectNoAxeViolations(page, 'add evidence form');
    const title = unique('Referral figures');
    await page.getByTestId('evidence-title').fill(title);
    await page.getByTestId('evidence-kind').selectOption('data');
    await page.getByTestId('evidence-file').setInputFiles({ name: 'referrals.csv', mimeType: 'text/csv', buffer: Buffer.from('month,referrals\n2026-01,412\n') });
    await page.getByTestId('evidence-recommendation').selectOption('4');
    await page.getByTestId('evidence-save').click();
    await expect(page.getByTestId('evidence-message')).toContainText(title);
    const row = page.getByTestId('evidence-row').filter({ hasText: title });
    await expect(row).toContainText('Recommendation 4');
    await expect(row.getByTestId('evidence-download')).toHaveAttribute('href', /\/api\/partnerships\/1\/evidence\/\d+\/file$/);

    // Whoever added it changes its title.
    await row.getByTestId('evidence-edit').click();
    await expect(page.getByTestId('evidence-edit-title')).toBeFocused();
    await expectNoAxeViolations(page, 'change evidence form');
    await page.getByTestId('evidence-edit-title').fill(`${title} (checked)`);
    await page.getByTestId('evidence-edit-save').click();
    await expect(page.getByTestId('evidence-message')).toContainText('(checked)');
    await expect(page.getByTestId('evidence-row').filter({ hasText: `${title} (checked)` })).toHaveCount(1);

    // A renamed executable is refused, naming the file.
    await page.getByTestId('evidence-add').click();
    await page.getByTestId('evidence-title').fill(unique('Not a report'));
    await page.getByTestId('evidence-file').setInputFiles({ name: 'report.pdf', mimeType: 'application/pdf', buffer: Buffer.concat([Buffer.from([0x7f, 0x45, 0x4c, 0x46, 2, 1, 1, 0]), Buffer.alloc(64, 0)]) });
    await page.getByTestId('evidence-save').click();
    await expect(page.locator('#evidence-file-error')).toBeVisible();
    await expectNoAxeViolations(page, 'add evidence form with an error');

    await page.goto('/recommendations/4');
    await expect(page.getByTestId('recommendation-evidence').getByTestId('evidence-row').filter({ hasText: title })).toHaveCount(1);
    await expectNoAxeViolations(page, 'recommendation with its evidence');
  });

  test('the observer reads and downloads, and is offered no form', async ({ browser }) => {
    const observer = await signedInContext(browser, 'observer');
    await observer.page.goto('/evidence');
    await expect(observer.page.getByTestId('evidence-row').first()).toBeVisible();
    await expect(observer.page.getByTestId('evidence-add')).toHaveCount(0);
    await expect(observer.page.getByTestId('evidence-remove')).toHaveCount(0);
    const download = observer.page.waitForEvent('download');
    await observer.page.getByTestId('evidence-row').filter({ hasText: 'Dip sample' }).getByTestId('evidence-download').click();
    expect((await download).suggestedFilename()).toBe('cin-dip-sample-findings.txt');
  });
});
