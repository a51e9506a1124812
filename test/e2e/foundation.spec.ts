import { expect, test } from './fixtures';
import { expectNoAxeViolations, signIn, signedInContext, unique } from './helpers';

test.describe('sign-in and navigation', () => {
  test('the chair signs in and reaches the Improvement Board, whose members list shows', async ({ page }) => {
    await signIn(page, 'chair');
    await expect(page.getByTestId('signed-in-as')).toContainText('Margaret Ellison');
    await page.getByTestId('my-boards').getByRole('link', { name: 'Improvement Board' }).click();
    await expect(page).toHaveURL(/\/boards\/\d+$/);
    await expect(page.getByTestId('board-name')).toHaveText('Improvement Board');
    const members = page.getByTestId('member-list');
    await expect(members.getByRole('heading', { name: 'Members' })).toBeVisible();
    await expect(members.getByTestId('member-row').first()).toBeVisible();
    await expect(members.getByTestId('member-row').filter({ hasText: 'Margaret Ellison' })).toContainText('(you)');
    await expect(page.getByTestId('my-role')).toContainText('chair');
  });

  test('a wrong password shows the error in an alert and does not sign in', async ({ page }) => {
    await page.goto('/login');
    await page.getByTestId('login-email').fill('chair@demo.test');
    await page.getByTestId('login-password').fill('not-the-password');
    await page.getByTestId('login-submit').click();
    const alert = page.getByRole('alert').filter({ hasText: 'The email or password is not right.' });
    await expect(alert).toBeVisible();
    await expect(page.getByTestId('login-error')).toHaveAttribute('role', 'alert');
    await expect(page).toHaveURL(/\/login/);
    await expect(page.getByTestId('sign-out')).toHaveCount(0);
  });

  test('signing out returns to the sign-in page and ends the session', async ({ page }) => {
    await signIn(page, 'police');
    await page.getByTestId('sign-out').click();
    await expect(page).toHaveURL(/\/login$/);
    await expect(page.getByRole('heading', { level: 1, name: 'Sign in' })).toBeVisible();
    await expect(page.getByTestId('sign-out')).toHaveCount(0);
    // The session is gone on the server too: a page that needs one sends us back to sign in.
    await page.goto('/register');
    await expect(page).toHaveURL(/\/login\?next=%2Fregister$/);
    await expect(page.getByRole('heading', { level: 1, name: 'Sign in' })).toBeVisible();
  });

  test('the observer does not see the Administration link; the admin does', async ({ browser }) => {
    const observer = await signedInContext(browser, 'observer');
    await expect(observer.page.getByTestId('nav-register')).toBeVisible();
    await expect(observer.page.getByTestId('nav-admin')).toHaveCount(0);
    await expect(observer.page.getByRole('link', { name: 'Administration' })).toHaveCount(0);
    // Going straight to the address does not show the admin screens either.
    await observer.page.goto('/admin/people');
    await expect(observer.page.getByText('You cannot use this page')).toBeVisible();
    await expect(observer.page.getByTestId('people-table')).toHaveCount(0);
    await observer.context.close();

    const admin = await signedInContext(browser, 'admin');
    await expect(admin.page.getByTestId('nav-admin')).toBeVisible();
    await admin.context.close();
  });

  test('the admin adds a person; the invitation link lets them set a password and signs them in', async ({ page, browser }) => {
    const name = `Test Person ${unique('p')}`;
    const email = `${unique('new').toLowerCase()}@example.org`;
    await signIn(page, 'admin');
    await page.getByTestId('nav-admin').click();
    await page.getByTestId('admin-tab-people').click();
    await expect(page).toHaveURL(/\/admin\/people$/);
    await page.getByTestId('person-name').fill(name);
    await page.getByTestId('person-email').fill(email);
    await page.getByTestId('person-agency').selectOption({ label: 'Northshire Police' });
    await page.getByTestId('person-add').click();

    await expect(page.getByTestId('people-message')).toContainText(`${name} was added`);
    const panel = page.getByTestId('invitation-panel');
    await expect(panel.getByRole('heading', { name: `Invitation link for ${name}` })).toBeVisible();
    const linkField = page.getByTestId('invitation-link');
    await expect(linkField).toBeFocused();
    await expect(linkField).toHaveValue(/\/invite\/[A-Za-z0-9_-]{16,}$/);
    await expect(page.getByTestId('person-row').filter({ hasText: email }).getByTestId('person-status')).toHaveText('Invited');
    const url = await linkField.inputValue();

    const context = await browser.newContext();
    const invitee = await context.newPage();
    await invitee.goto(new URL(url).pathname);
    await expect(invitee.getByRole('heading', { level: 1, name: 'Accept your invitation' })).toBeVisible();
    await expect(invitee.getByTestId('invite-name')).toHaveText(name);
    await invitee.getByTestId('invite-password').fill('a long enough passphrase');
    await invitee.getByTestId('invite-confirm').fill('a long enough passphrase');
    await invitee.getByTestId('invite-submit').click();
    await expect(invitee.getByRole('heading', { level: 1, name: 'Your boards' })).toBeVisible();
    await expect(invitee.getByTestId('signed-in-as')).toContainText(name);
    await expect(invitee.getByTestId('no-memberships')).toBeVisible();

    // A seat given now shows on the page they have open, without a reload.
    const people = (await (await page.request.get('/api/partnerships/1/people')).json()) as { id: number; email: string }[];
    const newcomer = people.find((p) => p.email === email)!;
    const origin = new URL(page.url()).origin;
    const seated = await page.request.post('/api/partnerships/1/boards/1/memberships', { data: { personId: newcomer.id, role: 'member' }, headers: { origin } });
    expect(seated.status()).toBe(201);
    await expect(invitee.getByTestId('my-boards')).toBeVisible();
    await expect(invitee.getByTestId('no-memberships')).toHaveCount(0);

    // The link works once.
    const again = await browser.newContext();
    const second = await again.newPage();
    await second.goto(new URL(url).pathname);
    await expect(second.getByTestId('invite-error')).toContainText('This invitation link cannot be used');
    await again.close();

    // The admin's list now shows them as active.
    await page.reload();
    await expect(page.getByTestId('person-row').filter({ hasText: email }).getByTestId('person-status')).toHaveText('Active');
    await context.close();
  });

  test('keyboard: the skip link is the first Tab stop and moves focus to main', async ({ page }) => {
    await signIn(page, 'chair');
    await page.goto('/');
    await expect(page.getByRole('heading', { level: 1, name: 'Your boards' })).toBeVisible();
    await page.keyboard.press('Tab');
    const skip = page.getByRole('link', { name: 'Skip to main content' });
    await expect(skip).toBeFocused();
    await expect(skip).toBeVisible();
    await page.keyboard.press('Enter');
    await expect(page.locator('main#main')).toBeFocused();
    // The next Tab stop is inside main, not back in the header.
    await page.keyboard.press('Tab');
    await expect.poll(() => page.evaluate(() => !!document.activeElement?.closest('main'))).toBe(true);
  });

  test('keyboard: the skip link works on the sign-in page too', async ({ page }) => {
    await page.goto('/login');
    await expect(page.getByRole('heading', { level: 1, name: 'Sign in' })).toBeVisible();
    await page.keyboard.press('Tab');
    await expect(page.getByRole('link', { name: 'Skip to main content' })).toBeFocused();
    await page.keyboard.press('Enter');
    await expect(page.locator('main#main')).toBeFocused();
    await page.keyboard.press('Tab');
    await expect(page.getByTestId('login-email')).toBeFocused();
  });
});

test.describe('Content-Security-Policy', () => {
  // The service worker too runs under the policy, as it does for every user.
  test.use({ serviceWorkers: 'allow' });
  test('the app is served under a CSP and runs with no violation through sign-in, the register and a live risk', async ({ page }) => {
    const violations: string[] = [];
    page.on('console', (msg) => {
      if (/Content[- ]Security[- ]Policy/i.test(msg.text())) violations.push(`console: ${msg.text()}`);
    });
    await page.exposeFunction('reportCspViolation', (text: string) => violations.push(text));
    await page.addInitScript(() => {
      document.addEventListener('securitypolicyviolation', (e) => {
        void (window as unknown as { reportCspViolation(text: string): Promise<void> }).reportCspViolation(`${e.violatedDirective} blocked ${e.blockedURI || 'inline'} (${e.sourceFile}:${e.lineNumber})`);
      });
    });

    const shell = await page.goto('/login');
    const csp = shell?.headers()['content-security-policy'] ?? '';
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).not.toContain('unsafe-inline');
    // The built shell has no inline script for the policy to block.
    const html = await (await page.request.get('/')).text();
    expect(html.match(/<script(?![^>]*\bsrc=)[^>]*>/gi)).toBeNull();

    await signIn(page, 'chair');
    await page.goto('/register');
    await expect(page.getByTestId('risk-row').first()).toBeVisible();
    // A risk page opens its live document over a same-origin WebSocket (connect-src 'self').
    await page.goto('/risks/5');
    await expect(page.getByTestId('connection-badge')).toHaveText('Online');
    await expect(page.getByTestId('field-title')).not.toHaveValue('');
    expect(violations).toEqual([]);
  });
});

test.describe('accessibility (axe, WCAG 2.2 AA)', () => {
  test('sign-in page, empty and with errors', async ({ page }) => {
    await page.goto('/login');
    await expect(page.getByRole('heading', { level: 1, name: 'Sign in' })).toBeVisible();
    await expectNoAxeViolations(page, 'login');
    await page.getByTestId('login-submit').click();
    await expect(page.getByTestId('login-error')).toContainText('Check the fields marked below.');
    await expectNoAxeViolations(page, 'login with field errors');
  });

  test('home and board pages', async ({ page }) => {
    await signIn(page, 'chair');
    await expect(page.getByTestId('other-boards')).toBeVisible();
    await expectNoAxeViolations(page, 'home');
    await page.getByTestId('my-boards').getByRole('link', { name: 'Improvement Board' }).click();
    await expect(page.getByTestId('member-row').first()).toBeVisible();
    await expect(page.getByTestId('risk-row').first()).toBeVisible();
    await expectNoAxeViolations(page, 'board');
  });

  for (const tab of ['agencies', 'people', 'boards', 'memberships', 'audit'] as const) {
    test(`admin tab /admin/${tab}`, async ({ page }) => {
      await signIn(page, 'admin');
      await page.goto(`/admin/${tab}`);
      await expect(page.getByTestId(`admin-tab-${tab}`)).toHaveAttribute('aria-current', 'page');
      // Wait for the tab's data to load.
      await expect(page.getByRole('status').filter({ hasText: /^Loading/ })).toHaveCount(0);
      await expect(page.locator('main table, main [data-testid$="-table"]').first()).toBeVisible();
      if (tab === 'memberships') {
        // The admin can make a member vice-chair; the hint says what the role does.
        await expect(page.getByTestId('membership-role').locator('option', { hasText: /^Vice-chair$/ })).toHaveCount(1);
        await expect(page.getByText(/A vice-chair runs a meeting, and signs off its minutes, when the chair is recorded as apologies or absent/)).toBeVisible();
      }
      await expectNoAxeViolations(page, `/admin/${tab}`);
    });
  }

  test('admin people tab showing an invitation link', async ({ page }) => {
    await signIn(page, 'admin');
    await page.goto('/admin/people');
    await page.getByTestId('person-name').fill(`Axe Person ${unique('a')}`);
    await page.getByTestId('person-email').fill(`${unique('axe').toLowerCase()}@example.org`);
    await page.getByTestId('person-agency').selectOption({ label: 'Northbrook Schools Forum' });
    await page.getByTestId('person-add').click();
    await expect(page.getByTestId('invitation-link')).toHaveValue(/\/invite\//);
    await expectNoAxeViolations(page, '/admin/people with invitation');
  });

  test('invitation page, valid and invalid', async ({ page, browser }) => {
    await signIn(page, 'admin');
    await page.goto('/admin/people');
    await page.getByTestId('person-name').fill(`Invitee ${unique('i')}`);
    await page.getByTestId('person-email').fill(`${unique('inv').toLowerCase()}@example.org`);
    await page.getByTestId('person-agency').selectOption({ label: 'Northbrook Schools Forum' });
    await page.getByTestId('person-add').click();
    const url = await page.getByTestId('invitation-link').inputValue();
    expect(url).toMatch(/\/invite\//);

    const context = await browser.newContext();
    const invitee = await context.newPage();
    await invitee.goto(new URL(url).pathname);
    await expect(invitee.getByTestId('invite-form')).toBeVisible();
    await expectNoAxeViolations(invitee, 'invitation');
    await invitee.getByTestId('invite-password').fill('short');
    await invitee.getByTestId('invite-submit').click();
    await expect(invitee.getByTestId('invite-error')).toContainText('Check the fields marked below.');
    await expectNoAxeViolations(invitee, 'invitation with errors');

    await invitee.goto('/invite/this-token-does-not-exist-at-all');
    await expect(invitee.getByTestId('invite-error')).toContainText('This invitation link cannot be used');
    await expectNoAxeViolations(invitee, 'invalid invitation');
    await context.close();
  });

  test('404 page, signed out and signed in', async ({ page }) => {
    await page.goto('/no/such/page');
    await expect(page.getByTestId('not-found')).toHaveText('Page not found');
    await expectNoAxeViolations(page, '404 signed out');
    await signIn(page, 'council');
    await page.goto('/no/such/page');
    await expect(page.getByTestId('not-found')).toHaveText('Page not found');
    await expect(page.getByRole('link', { name: 'Go to your boards' })).toBeVisible();
    await expectNoAxeViolations(page, '404 signed in');
  });
});
