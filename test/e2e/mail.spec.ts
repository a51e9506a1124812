import { expect, test } from './fixtures';
import { expectNoAxeViolations, signedInContext, unique } from './helpers';

test.describe('e-mail', () => {
  test('a member chooses how each notification reaches them by e-mail, from the notifications page', async ({ browser }) => {
    const { page } = await signedInContext(browser, 'police');
    await page.goto('/notifications');
    await page.getByTestId('mail-preferences-link').click();
    await expect(page.getByTestId('mail-heading')).toHaveText('E-mail');
    await expect(page.getByText('police@demo.test')).toBeVisible();
    // The demo has no mail server: the page says so rather than pretend.
    await expect(page.getByTestId('mail-not-sending')).toBeVisible();
    await expectNoAxeViolations(page, 'mail preferences');

    await page.getByLabel('Response overdue: In the morning digest').check();
    await page.getByLabel('Board pack published: Not by e-mail').check();
    await page.getByTestId('mail-save').click();
    await expect(page.getByTestId('mail-message')).toContainText('saved');
    await page.reload();
    await expect(page.getByLabel('Response overdue: In the morning digest')).toBeChecked();
    await expect(page.getByLabel('Board pack published: Not by e-mail')).toBeChecked();
    await expect(page.getByLabel('Challenge to your agency: At once')).toBeChecked();

    // Keyboard only: "all at once" and save.
    await page.getByTestId('mail-all-immediate').focus();
    await page.keyboard.press('Enter');
    await page.getByTestId('mail-save').focus();
    await page.keyboard.press('Enter');
    await expect(page.getByTestId('mail-message')).toContainText('saved');
    await page.reload();
    await expect(page.getByLabel('Response overdue: At once')).toBeChecked();
  });

  test('an administrator reads what the product would have mailed, and decides whether mails carry details', async ({ browser }) => {
    const { page } = await signedInContext(browser, 'council');
    await page.goto('/');
    const title = unique('Health cover at the front door');
    const origin = new URL(page.url()).origin;
    const due = new Date(Date.now() + 14 * 86_400_000).toISOString().slice(0, 10);
    const raised = await page.request.post('/api/commands/challenge:raise', { data: { boardId: 2, title, question: 'Who covers?', directedAgencyId: 3, dueDate: due }, headers: { origin } });
    expect(raised.status(), await raised.text()).toBe(200);

    const admin = await signedInContext(browser, 'admin');
    await admin.page.goto('/admin/mail');
    await expect(admin.page.getByTestId('outbox-sending')).toContainText('No mail server is configured');
    const mail = admin.page.getByTestId('outbox-mail').filter({ hasText: title });
    await expect(mail).toContainText('health@demo.test');
    await expect(mail).toContainText('Kept here (no mail server)');
    await mail.getByTestId('outbox-subject').click();
    await expect(mail.getByTestId('outbox-body')).toContainText('OFFICIAL');
    await expect(mail.getByTestId('outbox-body')).toContainText('/challenges/');
    await expectNoAxeViolations(admin.page, 'admin e-mail tab');

    await admin.page.getByTestId('admin-tab-settings').click();
    await expect(admin.page.getByTestId('mail-details')).not.toBeChecked();
    await admin.page.getByTestId('mail-details').check();
    await admin.page.getByTestId('settings-save').click();
    await expect(admin.page.getByTestId('settings-message')).toContainText('E-mails now carry details');
    await admin.page.reload();
    await expect(admin.page.getByTestId('mail-details')).toBeChecked();
    await expectNoAxeViolations(admin.page, 'admin settings');
    await admin.page.getByTestId('mail-details').uncheck();
    await admin.page.getByTestId('settings-save').click();
    await expect(admin.page.getByTestId('settings-message')).toContainText('carry titles only');
  });
});
