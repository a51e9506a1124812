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

  test('whoever added an item changes what it is linked to, by keyboard, with errors naming the field', async ({ browser }) => {
    const health = await signedInContext(browser, 'health');
    const page = health.page;
    await page.goto('/evidence');
    await page.getByTestId('evidence-add').click();
    const title = unique('Linked figures');
    await page.getByTestId('evidence-form-link').check();
    await page.getByTestId('evidence-title').fill(title);
    await page.getByTestId('evidence-url').fill('https://example.org/linked-figures');
    await page.getByTestId('evidence-recommendation').selectOption('4');
    await page.getByTestId('evidence-save').click();
    const row = page.getByTestId('evidence-row').filter({ hasText: title });
    await expect(row).toContainText('Recommendation 4');

    await row.getByTestId('evidence-edit').click();
    const risks = page.getByTestId('evidence-edit-links-risk');
    // Each kind is a group named by its legend; each record a labelled box.
    await expect(page.getByRole('group', { name: /^Risks/ })).toBeVisible();
    await expect(page.getByRole('group', { name: /^Inspection recommendations/ }).getByRole('checkbox', { name: /^Recommendation 4:/ })).toBeChecked();
    await expectNoAxeViolations(page, 'change evidence form with its link pickers');

    // By keyboard: filter the risks, tab to R-001's box and tick it with Space; untick recommendation 4 likewise.
    await risks.getByRole('searchbox').fill('R-001');
    await expect(risks.getByRole('checkbox')).toHaveCount(1);
    await risks.getByRole('searchbox').press('Tab');
    await expect(risks.getByRole('checkbox', { name: /^R-001 / })).toBeFocused();
    await page.keyboard.press('Space');
    await expect(risks.getByRole('checkbox', { name: /^R-001 / })).toBeChecked();
    const rec4 = page.getByRole('group', { name: /^Inspection recommendations/ }).getByRole('checkbox', { name: /^Recommendation 4:/ });
    await rec4.focus();
    await page.keyboard.press('Space');
    await expect(rec4).not.toBeChecked();
    await page.getByTestId('evidence-edit-save').click();
    await expect(page.getByTestId('evidence-message')).toContainText(`${title}” was saved`);
    await expect(row).toContainText(/Risk:\s*R-001/);
    await expect(row).not.toContainText('Recommendation 4');

    // A link the server refuses (a record not of this partnership: here, a box made to carry another
    // id) is named on its own group, and nothing changes.
    await row.getByTestId('evidence-edit').click();
    const objectives = page.getByTestId('evidence-edit-links-objective');
    const box = objectives.getByRole('checkbox').first();
    await box.evaluate((el) => {
      // Svelte's bind:group reads the value it set on the element.
      (el as HTMLInputElement & { __value?: string }).__value = '999999';
    });
    await box.check();
    await page.getByTestId('evidence-edit-save').click();
    await expect(objectives.locator('.error-message')).toContainText('Not a record of this partnership');
    await expect(page.getByTestId('evidence-edit-error')).toContainText('Check the fields');
    await expect(objectives).toHaveAttribute('aria-describedby', 'evidence-edit-objective-error');
    await expectNoAxeViolations(page, 'change evidence form with a link refused');
    await health.context.close();
  });

  test('live: what one person adds, changes and removes shows on the others’ open evidence and recommendation pages', async ({ browser }) => {
    const health = await signedInContext(browser, 'health');
    const observer = await signedInContext(browser, 'observer');
    const library = observer.page;
    const recommendation = await observer.context.newPage();
    await library.goto('/evidence');
    await recommendation.goto('/recommendations/4');
    await expect(library.getByTestId('evidence-row').first()).toBeVisible();
    await expect(recommendation.getByTestId('recommendation-title')).toBeVisible();

    const title = unique('Live note');
    await health.page.goto('/evidence');
    await health.page.getByTestId('evidence-add').click();
    await health.page.getByTestId('evidence-form-note').check();
    await health.page.getByTestId('evidence-title').fill(title);
    await health.page.getByTestId('evidence-note-text').fill('Said at the board, and written down');
    await health.page.getByTestId('evidence-recommendation').selectOption('4');
    // The observer's pages read again by themselves: background reads, which do not keep their session alive.
    const backgroundRead = library.waitForRequest((r) => /\/api\/partnerships\/1\/evidence(\?|$)/.test(r.url()) && r.headers()['x-background-read'] === '1');
    await health.page.getByTestId('evidence-save').click();
    await expect(health.page.getByTestId('evidence-message')).toContainText(title);
    await backgroundRead;

    // No reload: the push brings it to both of the observer's pages.
    await expect(library.getByTestId('evidence-row').filter({ hasText: title })).toHaveCount(1);
    await expect(recommendation.getByTestId('recommendation-evidence').getByTestId('evidence-row').filter({ hasText: title })).toHaveCount(1);
    await expectNoAxeViolations(library, 'evidence library after a live change');

    // Changed: renamed, it shows renamed.
    const row = health.page.getByTestId('evidence-row').filter({ hasText: title });
    await row.getByTestId('evidence-edit').click();
    await health.page.getByTestId('evidence-edit-title').fill(`${title} (renamed)`);
    await health.page.getByTestId('evidence-edit-save').click();
    await expect(library.getByTestId('evidence-row').filter({ hasText: `${title} (renamed)` })).toHaveCount(1);
    await expect(recommendation.getByTestId('evidence-row').filter({ hasText: `${title} (renamed)` })).toHaveCount(1);

    // Removed: gone from both.
    health.page.once('dialog', (d) => void d.accept());
    await health.page.getByTestId('evidence-row').filter({ hasText: `${title} (renamed)` }).getByTestId('evidence-remove').click();
    await expect(library.getByTestId('evidence-row').filter({ hasText: title })).toHaveCount(0);
    await expect(recommendation.getByTestId('evidence-row').filter({ hasText: title })).toHaveCount(0);
    await health.context.close();
    await observer.context.close();
  });

  test('an objective card lists its evidence and its actions’, live, and adds evidence prefilled with the objective', async ({ browser }) => {
    const health = await signedInContext(browser, 'health');
    const observer = await signedInContext(browser, 'observer');
    await health.page.goto('/plans/1');
    await observer.page.goto('/plans/1');
    const card = health.page.getByTestId('objective').first();
    const objectiveId = await card.getAttribute('data-objective-id');
    const evidence = card.getByTestId('objective-evidence');
    await expect(evidence.getByRole('heading', { name: 'Evidence' })).toBeVisible();
    // The observer reads, and is offered no form.
    await expect(observer.page.getByTestId('objective').first().getByTestId('objective-evidence')).toBeVisible();
    await expect(observer.page.getByTestId('objective-add-evidence')).toHaveCount(0);

    await evidence.getByTestId('objective-add-evidence').click();
    await expect(evidence.getByTestId('evidence-objective')).toHaveValue(objectiveId!);
    await expectNoAxeViolations(health.page, 'plan with an objective’s add evidence form');
    const title = unique('Audit of the objective');
    await evidence.getByTestId('evidence-form-link').check();
    await evidence.getByTestId('evidence-title').fill(title);
    await evidence.getByTestId('evidence-kind').selectOption('audit');
    await evidence.getByTestId('evidence-url').fill('https://example.org/objective-audit');
    await evidence.getByTestId('evidence-save').click();
    const item = evidence.getByTestId('objective-evidence-item').filter({ hasText: title });
    await expect(item).toContainText('Audit');
    await expect(item.getByTestId('objective-evidence-link')).toContainText('https://example.org/objective-audit');
    // The observer's open plan shows it too, without a reload.
    await expect(observer.page.locator(`[data-objective-id="${objectiveId}"]`).getByTestId('objective-evidence-item').filter({ hasText: title })).toHaveCount(1);
    await expectNoAxeViolations(observer.page, 'plan with evidence on its objectives');
    // The objective's own page lists it too, under a heading one below the page's.
    await observer.page.goto(`/plans/1/objectives/${objectiveId}`);
    const own = observer.page.getByTestId('objective-evidence');
    await expect(own.getByRole('heading', { level: 2, name: 'Evidence' })).toBeVisible();
    await expect(own.getByTestId('objective-evidence-item').filter({ hasText: title })).toHaveCount(1);
    await expectNoAxeViolations(observer.page, 'objective page with its evidence');
    await health.context.close();
    await observer.context.close();
  });
});
