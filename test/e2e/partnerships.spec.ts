import { expect, test } from './fixtures';
import { R005, expectNoAxeViolations, signIn, signedInContext, unique } from './helpers';

/**
 * Margaret Ellison chairs boards in two partnerships (Northbrook and, in the demo, Eastbridge) with
 * one account. The header's switcher moves her between them; nothing of one shows under the other.
 */
test.describe('one person, two partnerships', () => {
  // What the device keeps of one partnership (the service worker's copies) must never show under the other.
  test.use({ serviceWorkers: 'allow' });
  test('the chair switches partnership from the header; every tab follows; the switcher passes axe', async ({ browser }) => {
    const context = await browser.newContext();
    const page = await context.newPage();
    await signIn(page, 'chair');
    await expect(page.getByTestId('partnership-name')).toHaveText('Northbrook Safeguarding Children Partnership');
    const switcher = page.getByTestId('partnership-switcher');
    await expect(switcher).toBeVisible();
    await expectNoAxeViolations(page, 'home page with the partnership switcher');
    // A Northbrook risk opened (and so kept on this device) before switching.
    await page.goto(`/risks/${R005}`);
    const northbrookTitle = (await page.locator('.heading-title').textContent())!;
    expect(northbrookTitle.length).toBeGreaterThan(3);
    await page.goto('/');
    // A second tab of the same session, on the Northbrook register.
    const other = await context.newPage();
    await other.goto('/register');
    await expect(other.getByRole('heading', { level: 1 })).toBeVisible();
    await expect(other.getByText('Missing children not offered a return home interview')).toHaveCount(0);

    // Choosing alone does not move the page; the button does.
    await page.getByTestId('partnership-choice').selectOption({ label: 'Eastbridge Safeguarding Children Partnership (Eastbridge Safeguarding Partnership business unit)' });
    await expect(page.getByTestId('partnership-name')).toHaveText('Northbrook Safeguarding Children Partnership');
    await page.getByTestId('partnership-switch').click();
    await expect(page.getByTestId('partnership-name')).toHaveText('Eastbridge Safeguarding Children Partnership');
    await expect(page.getByTestId('my-boards').getByRole('link', { name: 'Eastbridge Safeguarding Partnership Executive' })).toBeVisible();
    await expect(page.getByTestId('my-boards').getByRole('link', { name: 'Improvement Board' })).toHaveCount(0);

    // The other tab was Northbrook's: it starts again in Eastbridge rather than showing the old partnership.
    await expect(other.getByTestId('partnership-name')).toHaveText('Eastbridge Safeguarding Children Partnership');
    await other.goto('/register');
    await expect(other.getByText('Missing children not offered a return home interview within 72 hours')).toBeVisible();
    // The Northbrook risk's address, under Eastbridge: not found, and the copy on this device never shows.
    await other.goto(`/risks/${R005}`);
    await expect(other.getByRole('heading', { level: 1, name: 'Risk not found' })).toBeVisible();
    await expect(other.getByText(northbrookTitle)).toHaveCount(0);

    // Keyboard: the switcher is reachable and labelled; back to Northbrook.
    await page.getByTestId('partnership-choice').focus();
    await page.getByTestId('partnership-choice').selectOption({ label: 'Northbrook Safeguarding Children Partnership (Northbrook Safeguarding Children Board)' });
    await page.keyboard.press('Tab');
    await expect(page.getByTestId('partnership-switch')).toBeFocused();
    await page.keyboard.press('Enter');
    await expect(page.getByTestId('partnership-name')).toHaveText('Northbrook Safeguarding Children Partnership');
    await context.close();
  });

  test('a switch refused (Eastbridge has disabled her since) leaves the page where it was, still live', async ({ browser }) => {
    const { context, page } = await signedInContext(browser, 'chair');
    const { context: adminContext, page: admin } = await signedInContext(browser, 'admin');
    const eastContext = await browser.newContext();
    const east = await eastContext.newPage();
    await signIn(east, 'admin@eastbridge.demo.test');
    const origin = new URL(east.url()).origin;
    const eastId = ((await (await east.request.get('/api/auth/me')).json()) as { partnership: { id: number } }).partnership.id;
    const eastPeople = (await (await east.request.get(`/api/partnerships/${eastId}/people`)).json()) as { id: number; email: string }[];
    const chairThere = eastPeople.find((p) => p.email === 'chair@demo.test')!;
    expect((await east.request.patch(`/api/partnerships/${eastId}/people/${chairThere.id}`, { data: { disabled: true }, headers: { origin } })).status()).toBe(200);
    try {
      await page.getByTestId('partnership-choice').selectOption({ label: 'Eastbridge Safeguarding Children Partnership (Eastbridge Safeguarding Partnership business unit)' });
      await page.getByTestId('partnership-switch').click();
      await expect(page.getByTestId('partnership-switcher').getByRole('alert')).toHaveText('You are not a member of that partnership.');
      await expect(page.getByTestId('partnership-name')).toHaveText('Northbrook Safeguarding Children Partnership');
      // Still live: a seat Northbrook gives her now shows without a reload.
      const name = unique('Seat after a refused switch');
      const board = (await (await admin.request.post('/api/partnerships/1/boards', { data: { name }, headers: { origin } })).json()) as { id: number };
      expect((await admin.request.post(`/api/partnerships/1/boards/${board.id}/memberships`, { data: { personId: 2, role: 'member' }, headers: { origin } })).status()).toBe(201);
      await expect(page.getByTestId('my-boards').getByRole('link', { name })).toBeVisible();
    } finally {
      await east.request.patch(`/api/partnerships/${eastId}/people/${chairThere.id}`, { data: { disabled: false }, headers: { origin } });
      await Promise.all([context.close(), adminContext.close(), eastContext.close()]);
    }
  });

  test('someone of one partnership sees no switcher', async ({ page }) => {
    await signIn(page, 'police');
    await expect(page.getByTestId('partnership-name')).toBeVisible();
    await expect(page.getByTestId('partnership-switcher')).toHaveCount(0);
  });
});
