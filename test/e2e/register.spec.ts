import type { Page } from '@playwright/test';
import { parse as parseCsv } from 'csv-parse/sync';
import { expect, test } from './fixtures';
import { expectNoAxeViolations, R005, signIn, signedInContext, unique } from './helpers';

/** Opens a risk page and waits until its live document is connected and loaded. */
async function openRisk(page: Page, riskId = R005): Promise<void> {
  await page.goto(`/risks/${riskId}`);
  await expect(page.getByTestId('risk-heading')).toContainText(/^R-\d{3}/);
  await expect(page.getByTestId('connection-badge')).toHaveText('Online');
  await expect(page.getByTestId('field-title')).not.toHaveValue('');
}

/** Marks the window, so a later check can prove the page was not reloaded. */
async function markWindow(page: Page): Promise<void> {
  await page.evaluate(() => ((window as unknown as { __e2eMark: boolean }).__e2eMark = true));
}
async function expectSameWindow(page: Page): Promise<void> {
  expect(await page.evaluate(() => (window as unknown as { __e2eMark?: boolean }).__e2eMark === true)).toBe(true);
}

function riskRow(page: Page, riskId = R005) {
  return page.locator(`[data-testid="risk-row"][data-risk-id="${riskId}"]`);
}

async function cellCount(page: Page, likelihood: number, impact: number): Promise<number> {
  return Number(await page.getByTestId(`heat-cell-${likelihood}-${impact}`).getAttribute('data-count'));
}

test.describe('live risk register', () => {
  test('two people typing into the same description field at once both keep their text', async ({ browser }) => {
    const chair = await signedInContext(browser, 'chair');
    const health = await signedInContext(browser, 'health');
    await Promise.all([openRisk(chair.page), openRisk(health.page)]);

    const fromChair = ` Chair ${unique('c')} typed this.`;
    const fromHealth = ` Health ${unique('h')} typed that.`;
    for (const { page } of [chair, health]) {
      const cause = page.getByTestId('field-cause');
      await cause.click();
      await page.keyboard.press('Control+End');
    }
    // Each presses keys with a short gap, so the two streams of edits really interleave on the wire.
    await Promise.all([chair.page.keyboard.type(fromChair, { delay: 25 }), health.page.keyboard.type(fromHealth, { delay: 25 })]);

    for (const { page } of [chair, health]) {
      const cause = page.getByTestId('field-cause');
      await expect(cause).toHaveValue(new RegExp(escape(fromChair)));
      await expect(cause).toHaveValue(new RegExp(escape(fromHealth)));
    }
    // Both pages converge on the same text.
    await expect.poll(async () => (await chair.page.getByTestId('field-cause').inputValue()) === (await health.page.getByTestId('field-cause').inputValue())).toBe(true);

    // The text was stored: both survive a reload, in both pages.
    for (const { page } of [chair, health]) {
      await page.reload();
      await openRisk(page);
      await expect(page.getByTestId('field-cause')).toHaveValue(new RegExp(escape(fromChair)));
      await expect(page.getByTestId('field-cause')).toHaveValue(new RegExp(escape(fromHealth)));
    }
    await chair.context.close();
    await health.context.close();
  });

  test('a score change made on a risk page reaches another person’s register table and heat map without a reload', async ({ browser }) => {
    const chair = await signedInContext(browser, 'chair');
    const health = await signedInContext(browser, 'health');
    const police = await signedInContext(browser, 'police');
    await Promise.all([openRisk(chair.page), openRisk(health.page)]);

    const picker = chair.page.getByTestId('score-current-likelihood');
    const impact = Number(await chair.page.getByTestId('score-current-impact').inputValue());
    const before = Number(await picker.inputValue());
    expect(impact).toBeGreaterThan(0);
    expect(before).toBeGreaterThan(0);
    const after = (before % 5) + 1;

    // The third person watches the whole partnership's register.
    await police.page.getByTestId('nav-register').click();
    await expect(police.page.getByTestId('register-heading')).toHaveText('Partnership risk register');
    // In reference order R-005 is among the first rows drawn, however many risks other tests have added.
    await police.page.getByTestId('register-sort').selectOption('reference');
    const row = riskRow(police.page);
    await expect(row.getByTestId('risk-score')).toContainText(String(before * impact));
    // The heat map is its own read: its cell counts R-005 once it has loaded (the table may come first).
    await expect.poll(() => cellCount(police.page, before, impact)).toBeGreaterThan(0);
    const oldCellBefore = await cellCount(police.page, before, impact);
    const newCellBefore = await cellCount(police.page, after, impact);
    await markWindow(police.page);

    await picker.selectOption(String(after));
    await expect(chair.page.getByTestId('score-current-result')).toContainText(`Score ${after * impact}`);
    // A second person with the risk open sees the picker and the score move.
    await expect(health.page.getByTestId('score-current-likelihood')).toHaveValue(String(after));
    await expect(health.page.getByTestId('score-current-result')).toContainText(`Score ${after * impact}`);

    await expect(row.getByTestId('risk-score')).toContainText(new RegExp(`^\\s*${after * impact}\\b`));
    await expect(police.page.getByTestId(`heat-cell-${after}-${impact}`)).toHaveAttribute('data-count', String(newCellBefore + 1));
    await expect(police.page.getByTestId(`heat-cell-${before}-${impact}`)).toHaveAttribute('data-count', String(oldCellBefore - 1));
    // The new cell of the heat map now lists R-005 when chosen.
    await police.page.getByTestId(`heat-cell-${after}-${impact}`).click();
    await expect(police.page.getByTestId('heat-filter')).toBeVisible();
    await expect(row).toBeVisible();
    await expectSameWindow(police.page);

    await chair.context.close();
    await health.context.close();
    await police.context.close();
  });

  test('an edit made offline is kept, shown as unsynced, and reaches others once back online', async ({ browser }) => {
    const health = await signedInContext(browser, 'health');
    const chair = await signedInContext(browser, 'chair');
    await Promise.all([openRisk(health.page), openRisk(chair.page)]);
    const text = ` Offline note ${unique('o')}.`;

    await health.context.setOffline(true);
    await expect(health.page.getByTestId('connection-badge')).toHaveText('Offline');

    const effect = health.page.getByTestId('field-effect');
    await effect.click();
    await health.page.keyboard.press('Control+End');
    await health.page.keyboard.type(text);
    await expect(effect).toHaveValue(new RegExp(escape(text)));
    await expect(health.page.getByTestId('unsynced')).toContainText(/not yet synced/);
    await expect(health.page.getByTestId('connection-badge')).toHaveText('Offline');
    // Nothing has reached the other person yet.
    await expect(chair.page.getByTestId('field-effect')).not.toHaveValue(new RegExp(escape(text)));

    await health.context.setOffline(false);
    await expect(chair.page.getByTestId('field-effect')).toHaveValue(new RegExp(escape(text)));
    await expect(health.page.getByTestId('connection-badge')).toHaveText('Online');
    await expect(health.page.getByTestId('unsynced')).toHaveCount(0);

    // And the server kept it.
    await chair.page.reload();
    await openRisk(chair.page);
    await expect(chair.page.getByTestId('field-effect')).toHaveValue(new RegExp(escape(text)));

    await health.context.close();
    await chair.context.close();
  });

  test('the observer sees the risk read-only', async ({ page }) => {
    await signIn(page, 'observer');
    await openRisk(page);
    await expect(page.getByTestId('read-only')).toBeVisible();
    await expect(page.getByTestId('read-only')).toContainText('You can read this risk');

    for (const id of ['field-title', 'field-cause', 'field-event', 'field-effect']) {
      const field = page.getByTestId(id);
      await expect(field).toHaveAttribute('readonly', '');
      await expect(field).not.toBeEditable();
    }
    for (const id of ['field-tolerance', 'field-frequency', 'field-next-review']) await expect(page.getByTestId(id)).not.toBeEditable();
    for (const id of ['score-inherent', 'score-current', 'score-target']) {
      await expect(page.getByTestId(`${id}-likelihood`)).toBeDisabled();
      await expect(page.getByTestId(`${id}-impact`)).toBeDisabled();
    }
    await expect(page.getByTestId('field-category')).toBeDisabled();
    const mitigations = page.getByTestId('mitigation');
    await expect(mitigations.first()).toBeVisible();
    await expect(mitigations.first().getByTestId('mitigation-status')).toBeDisabled();
    await expect(page.getByTestId('add-mitigation')).toHaveCount(0);
    await expect(page.getByTestId('mitigation-note-add')).toHaveCount(0);
    await expect(page.getByTestId('mark-reviewed')).toHaveCount(0);
    await expect(page.getByTestId('risk-commands').getByRole('button')).toHaveCount(0);

    // Typing changes nothing.
    const cause = page.getByTestId('field-cause');
    const before = await cause.inputValue();
    await cause.focus();
    await page.keyboard.type('observer was here');
    await expect(cause).toHaveValue(before);
  });
});

test.describe('signing out on a shared computer', () => {
  // Everything the device keeps, the service worker's copies included.
  test.use({ serviceWorkers: 'allow' });
  test('signing out forgets the risks kept on the device', async ({ page }) => {
    const storedRisks = () =>
      page.evaluate(async () => (await indexedDB.databases()).map((d) => d.name ?? '').filter((n) => /^(risk|meeting|challenge):/.test(n)));
    await signIn(page, 'health');
    await openRisk(page);
    await expect.poll(storedRisks).not.toEqual([]);
    await page.getByTestId('sign-out').click();
    await expect(page).toHaveURL(/\/login$/);
    await expect.poll(storedRisks).toEqual([]);
  });
});

test.describe('a session ended elsewhere ends here too', () => {
  // Everything the device keeps, the service worker's copies included.
  test.use({ serviceWorkers: 'allow' });
  test('signing out in one tab takes the other tab of the same session to sign-in, and forgets its risks', async ({ browser }) => {
    const { context, page: first } = await signedInContext(browser, 'health');
    const second = await context.newPage();
    await openRisk(second);
    const storedRisks = () =>
      second.evaluate(async () => (await indexedDB.databases()).map((d) => d.name ?? '').filter((n) => /^(risk|meeting|challenge):/.test(n)));
    await expect.poll(storedRisks).not.toEqual([]);
    await first.getByTestId('sign-out').click();
    await expect(first).toHaveURL(/\/login$/);
    // Told by the server, not found out at the next click; signing in again returns to the risk.
    await expect(second).toHaveURL(/\/login\?next=%2Frisks%2F5$/);
    await expect(second.getByText('You have been signed out.')).toBeVisible();
    await expect.poll(storedRisks).toEqual([]);
    await context.close();
  });

  test('a person disabled by the administrator is signed out of the page they have open', async ({ browser }) => {
    const { context: adminContext, page: admin } = await signedInContext(browser, 'admin');
    const { context, page } = await signedInContext(browser, 'schools');
    await openRisk(page);
    const people = await admin.request.get('/api/partnerships/1/people');
    const schools = ((await people.json()) as { id: number; email: string }[]).find((p) => p.email === 'schools@demo.test')!;
    const origin = new URL(admin.url()).origin;
    const disabled = await admin.request.patch(`/api/partnerships/1/people/${schools.id}`, { data: { disabled: true }, headers: { origin } });
    expect(disabled.status()).toBe(200);
    try {
      await expect(page).toHaveURL(/\/login\?next=/);
      await expect(page.getByText('You have been signed out.')).toBeVisible();
    } finally {
      await admin.request.patch(`/api/partnerships/1/people/${schools.id}`, { data: { disabled: false }, headers: { origin } });
      await adminContext.close();
      await context.close();
    }
  });
});

test.describe('screen-reader announcements', () => {
  test('opening a risk does not announce every field as a change', async ({ page }) => {
    // On a first visit the initial sync from the server must not read out every field as a change.
    await signIn(page, 'schools');
    await openRisk(page);
    await expect(page.getByTestId('mitigation').first()).toBeVisible();
    await expect(page.getByTestId('risk-live')).toHaveText('', { timeout: 2_000 });
  });

  test('a change by someone else is announced', async ({ browser }) => {
    const chair = await signedInContext(browser, 'chair');
    const health = await signedInContext(browser, 'health');
    await Promise.all([openRisk(chair.page), openRisk(health.page)]);
    const tolerance = chair.page.getByTestId('field-tolerance');
    const next = (await tolerance.inputValue()) === '9' ? '10' : '9';
    await tolerance.fill(next);
    await tolerance.press('Tab');
    await expect(health.page.getByTestId('field-tolerance')).toHaveValue(next);
    await expect(health.page.getByTestId('risk-live')).toContainText(`Tolerance changed to ${next}`);
    await chair.context.close();
    await health.context.close();
  });
});

test.describe('downloads of the lists', () => {
  /** A Download link's address, as the page has it now. */
  async function href(page: Page, testid: string): Promise<URL> {
    return new URL((await page.getByTestId(testid).getAttribute('href'))!, page.url());
  }

  test('the register’s Download links carry its filters and sort, and fetch every row they show', async ({ page }) => {
    await signIn(page, 'chair');
    await page.goto('/register');
    await expect(page.getByTestId('risk-row').first()).toBeVisible();
    const excel = page.getByRole('link', { name: 'Download as Excel (.xlsx)' });
    await expect(excel).toHaveAttribute('download', '');
    await expect(page.getByRole('link', { name: 'Download as CSV' })).toBeVisible();
    await expect(page.getByRole('link', { name: 'Download the mitigations as Excel (.xlsx)' })).toBeVisible();

    await page.getByTestId('filter-above-tolerance').check();
    await page.getByTestId('filter-status').selectOption('all');
    await page.getByTestId('register-sort').selectOption('reference');
    await expect(page.getByTestId('register-export')).toContainText(/These \d+ risks?:/);
    const total = Number(/These (\d+) risk/.exec((await page.getByTestId('register-export').textContent())!)![1]);
    for (const testid of ['register-export-xlsx', 'mitigations-export-csv']) {
      const url = await href(page, testid);
      expect(url.pathname).toMatch(/^\/api\/partnerships\/1\/exports\/(risks\.xlsx|mitigations\.csv)$/);
      expect(Object.fromEntries(url.searchParams)).toMatchObject({ aboveTolerance: 'true', status: 'all', sort: 'reference' });
    }
    // The link fetches the file, as the signed-in page would.
    const file = await page.request.get((await href(page, 'register-export-csv')).toString());
    expect(file.status()).toBe(200);
    expect(file.headers()['content-disposition']).toMatch(/^attachment; filename="risk-register-/);
    // Every row the filters show (the table reads them a page at a time), with its headings.
    expect(parseCsv((await file.text()).replace(/^\ufeff/, ''))).toHaveLength(total + 1);
    await expectNoAxeViolations(page, '/register with its downloads, filtered');

    // A heat-map cell narrows the downloads too.
    const cell = page.locator('[data-testid^="heat-cell-"]:not([data-count="0"])').first();
    const likelihood = (await cell.getAttribute('data-testid'))!.split('-')[2];
    await cell.click();
    await expect(cell).toHaveAttribute('aria-pressed', 'true');
    await expect.poll(async () => (await href(page, 'register-export-xlsx')).searchParams.get('likelihood')).toBe(likelihood);
  });

  test('the challenge log, the actions log, the plan’s actions and the scorecard link their downloads with their filters', async ({ page }) => {
    await signIn(page, 'chair');
    await page.goto('/challenges?status=active&overdue=true');
    await expect(page.getByTestId('challenge-summary')).not.toHaveText('Loading challenges…');
    expect(Object.fromEntries((await href(page, 'challenge-export-xlsx')).searchParams)).toEqual({ status: 'active', overdue: 'true' });
    await expectNoAxeViolations(page, '/challenges with its downloads');

    await page.goto('/boards/1/actions');
    await expect(page.getByTestId('actions-table')).toBeVisible();
    await page.getByTestId('actions-only-open').check();
    expect(Object.fromEntries((await href(page, 'actions-export-csv')).searchParams)).toEqual({ boardId: '1', open: 'true' });
    await expectNoAxeViolations(page, '/boards/1/actions with its downloads');

    await page.goto('/plans/1/actions?overdue=true');
    await expect(page.getByTestId('plan-actions-count')).toBeVisible();
    const plan = await href(page, 'plan-actions-export-xlsx');
    expect(plan.pathname).toBe('/api/partnerships/1/exports/plan.xlsx');
    expect(Object.fromEntries(plan.searchParams)).toEqual({ planId: '1', overdue: 'true' });
    await expectNoAxeViolations(page, '/plans/1/actions with its downloads');

    await page.goto('/scorecard?rag=red');
    await expect(page.getByTestId('scorecard-count')).toBeVisible();
    expect(Object.fromEntries((await href(page, 'scorecard-export-xlsx')).searchParams)).toEqual({ rag: 'red' });
    const file = await page.request.get((await href(page, 'scorecard-export-xlsx')).toString());
    expect(file.headers()['content-type']).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
  });
});

test.describe('register accessibility (axe, WCAG 2.2 AA)', () => {
  test('register page and the heat-map-filtered register', async ({ page }) => {
    await signIn(page, 'chair');
    await page.goto('/register');
    await expect(page.getByTestId('risk-row').first()).toBeVisible();
    await expectNoAxeViolations(page, '/register');

    const cell = page.locator('[data-testid^="heat-cell-"]:not([data-count="0"])').first();
    const count = Number(await cell.getAttribute('data-count'));
    await cell.click();
    await expect(cell).toHaveAttribute('aria-pressed', 'true');
    await expect(page.getByTestId('heat-filter')).toBeVisible();
    await expect(page.getByTestId('risk-row')).toHaveCount(count);
    await expectNoAxeViolations(page, '/register filtered by a heat-map cell');

    await page.goto('/boards/1/register');
    await expect(page.getByTestId('risk-row').first()).toBeVisible();
    await expectNoAxeViolations(page, '/boards/1/register');
  });

  test('risk page and its history tab', async ({ page }) => {
    await signIn(page, 'chair');
    await openRisk(page);
    await expect(page.getByTestId('mitigation').first()).toBeVisible();
    await expectNoAxeViolations(page, '/risks/5');

    await page.getByTestId('tab-history').click();
    await expect(page.getByTestId('tab-history')).toHaveAttribute('aria-selected', 'true');
    await expect(page.getByTestId('audit-row').first()).toBeVisible();
    await expectNoAxeViolations(page, '/risks/5 history');
  });

  test('the new-risk form and a decision form, open', async ({ page }) => {
    await signIn(page, 'chair');
    await page.goto('/boards/1/register');
    await expect(page.getByTestId('risk-row').first()).toBeVisible();
    await page.getByTestId('new-risk').click();
    await expect(page.getByTestId('new-risk-form')).toBeVisible();
    await page.getByTestId('new-risk-submit').click();
    await expectNoAxeViolations(page, 'new-risk form after submitting it empty');

    await openRisk(page);
    await page.getByTestId('command-changeOwner').click();
    await expect(page.getByTestId('command-form')).toBeVisible();
    await expectNoAxeViolations(page, '/risks/5 with the change-owner form open');
  });

  test('risk page while someone else is editing (presence, carets)', async ({ browser }) => {
    const chair = await signedInContext(browser, 'chair');
    const health = await signedInContext(browser, 'health');
    await Promise.all([openRisk(chair.page), openRisk(health.page)]);
    await health.page.getByTestId('field-cause').click();
    await health.page.keyboard.press('Control+End');
    await expect(chair.page.getByTestId('field-cause-peers')).toContainText('Also here: Dr Aisha Rahman');
    await expectNoAxeViolations(chair.page, '/risks/5 with a peer in the cause field');
    await chair.context.close();
    await health.context.close();
  });

  test('risk page as the read-only observer', async ({ page }) => {
    await signIn(page, 'observer');
    await openRisk(page);
    await expect(page.getByTestId('read-only')).toBeVisible();
    await expectNoAxeViolations(page, '/risks/5 read-only');
  });
});

function escape(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
