import { expect, test } from './fixtures';
import { expectNoAxeViolations, signedInContext, unique } from './helpers';

/** Issue 16, item 6: the audit log reads as sentences, with its changes in words, and keeps its filters in the address. */
test('the audit log: sentences and changes in words, filters kept across a reload, one record, downloads, and no axe violations', async ({ browser, baseURL }) => {
  const { context, page } = await signedInContext(browser, 'admin');
  // Real changes to read back: an agency added, then its kind changed.
  const name = unique('Audit agency');
  const headers = { origin: baseURL! };
  const created = await page.request.post('/api/partnerships/1/agencies', { data: { name, kind: 'police' }, headers });
  expect(created.ok()).toBe(true);
  const agency = (await created.json()) as { id: number };
  expect((await page.request.patch(`/api/partnerships/1/agencies/${agency.id}`, { data: { kind: 'health' }, headers })).ok()).toBe(true);

  await page.goto('/admin/audit');
  await expect(page.getByTestId('audit-intro')).toContainText('attempts that were refused');
  const changed = page.getByTestId('audit-row').filter({ hasText: `Priya Shah changed the agency ${name}.` });
  await expect(changed).toBeVisible();
  await expect(changed.getByRole('listitem')).toHaveText(/^Kind: Police →\s*changed to Health$/);
  await expect(changed.getByTestId('audit-record-link')).toHaveAttribute('href', '/admin/agencies');
  // No code or JSON anywhere a person reads.
  await expect(page.getByTestId('audit-table')).not.toContainText(/agency\.update|[{}]|_[a-z]+/);

  // A kind chosen: the address keeps it, a reload keeps it, and only that kind is listed.
  await page.getByTestId('audit-filter-group').selectOption('people');
  await expect(page).toHaveURL(/\/admin\/audit\?group=people$/);
  await expect(changed).toBeVisible();
  await page.reload();
  await expect(page.getByTestId('audit-filter-group')).toHaveValue('people');
  await expect(changed).toBeVisible();
  expect(new Set(await page.getByTestId('audit-row').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-group'))))).toEqual(new Set(['people']));

  // One record: its two entries, the downloads asking for the same.
  await changed.getByTestId('audit-only-record').click();
  await expect(page).toHaveURL(new RegExp(`group=people&record=agency%3A${agency.id}$`));
  await expect(page.getByTestId('audit-row')).toHaveCount(2);
  await expect(page.getByTestId('audit-filter-record')).toContainText(`Only entries about agency ${name}`);
  await expect(page.getByTestId('audit-export-csv')).toHaveAttribute('href', `/api/partnerships/1/exports/audit.csv?group=people&record=agency%3A${agency.id}`);
  await page.goBack();
  await expect(page).toHaveURL(/\/admin\/audit\?group=people$/);
  await expect(page.getByTestId('audit-filter-group')).toHaveValue('people');

  await expectNoAxeViolations(page, 'the audit log');
  await context.close();
});
