import path from 'node:path';
import Database from 'better-sqlite3';
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

test.describe('forgotten password', () => {
  test('someone asks for a link from the sign-in page, and chooses a new password with it', async ({ browser }) => {
    const admin = await signedInContext(browser, 'admin');
    await admin.page.goto('/');
    const origin = new URL(admin.page.url()).origin;
    const email = `${unique('reset').toLowerCase()}@demo.test`;
    const made = await admin.page.request.post('/api/partnerships/1/people', { data: { name: 'Sam Reset', email, agencyId: 1 }, headers: { origin } });
    expect(made.status(), await made.text()).toBe(201);

    const context = await browser.newContext();
    const page = await context.newPage();
    await page.goto('/login');
    await page.getByTestId('forgotten-link').click();
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Forgotten your password?');
    await expectNoAxeViolations(page, 'forgotten password');
    await page.getByTestId('forgotten-email').fill(email);
    await page.getByTestId('forgotten-submit').click();
    // The demo has no mail server: the page says no link can reach them, whatever the address.
    await expect(page.getByTestId('forgotten-sent')).toContainText('does not send e-mail yet');

    // No mail server in the demo: the outbox holds the mail, and shows the administrator it, without its link
    // (the link sets the account's password: it is the person's alone). It is read here as stored.
    const outbox = (await (await admin.page.request.get('/api/partnerships/1/mail-outbox')).json()) as { items: { to: string; subject: string; textBody: string }[] };
    const shown = outbox.items.find((m) => m.to === email && m.subject.includes('Choose a new password'))!;
    expect(shown.textBody).not.toMatch(/\/reset\/[\w-]{16,}/);
    const db = new Database(path.join(process.env.E2E_DATA_DIR!, 'board.sqlite'), { readonly: true });
    const stored = db.prepare(`select text_body as text from mail_outbox where kind = 'password_reset' and to_address = ?`).get(email) as { text: string };
    db.close();
    const link = /\/reset\/[\w-]+/.exec(stored.text)![0];
    await page.goto(link);
    await expect(page.getByTestId('reset-email')).toHaveText(email);
    await expectNoAxeViolations(page, 'choose a new password');
    await page.getByTestId('reset-password').fill('three unrelated words');
    await page.getByTestId('reset-confirm').fill('three unrelated word');
    await page.getByTestId('reset-submit').click();
    await expect(page.getByText('The two passwords do not match')).toBeVisible();
    await expect(page.getByTestId('reset-error')).toContainText('Check the fields marked below.');
    await page.getByTestId('reset-confirm').fill('three unrelated words');
    await page.getByTestId('reset-submit').click();
    await expect(page).toHaveURL(/\/$/);
    await context.close();
  });
});
