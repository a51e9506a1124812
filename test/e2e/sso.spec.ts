import { expect, test } from './fixtures';
import { expectNoAxeViolations, signedInContext } from './helpers';
import { startProvider, type TestProvider } from '../helpers/oidc';

/**
 * Single sign-on in the browser, against a real OpenID provider (oidc-provider) started by this test
 * on 127.0.0.1, port 0: the administrator's Sign-in tab, then the sign-in page offering "Sign in with
 * <organisation>" once an address of an allowed domain is typed, and the whole round trip through the
 * provider's sign-in page back into the product. Its own domain, so no other spec's sign-in changes.
 */
const DOMAIN = 'sso-e2e.example';
const LABEL = 'Northbrook County Council';

test.describe('single sign-on', () => {
  let provider: TestProvider;

  test.beforeAll(async ({ baseURL }) => {
    provider = await startProvider(`${baseURL}/api/auth/sso/callback`);
  });
  test.afterAll(async () => provider?.close());

  test('the administrator sets it up on the Sign-in tab; the sign-in page offers it by the address; a person signs in through the provider', async ({ browser }) => {
    const { context: adminContext, page: admin } = await signedInContext(browser, 'admin');
    await admin.goto('/admin/sign-in');
    await expect(admin.getByRole('heading', { level: 2, name: 'Single sign-on' })).toBeVisible();
    await expect(admin.getByTestId('sso-redirect')).toHaveValue(/\/api\/auth\/sso\/callback$/);
    await expectNoAxeViolations(admin, 'admin Sign-in tab');

    // Mistakes are said beside their fields before anything is sent.
    await admin.getByTestId('sso-save').click();
    await expect(admin.getByTestId('sso-message')).toContainText('Check the fields marked below.');
    await expect(admin.getByText('Give the client secret the provider issued')).toBeVisible();

    await admin.getByTestId('sso-label').fill(LABEL);
    await admin.getByTestId('sso-issuer').fill(provider.issuer);
    await admin.getByTestId('sso-client-id').fill(provider.clientId);
    await admin.getByTestId('sso-client-secret').fill(provider.clientSecret);
    await admin.getByTestId('sso-domains').fill(DOMAIN);
    await admin.getByTestId('sso-creates-people').check();
    // People made on first sign-in need an agency: saying none is a mistake beside the field.
    await admin.getByTestId('sso-save').click();
    await expect(admin.getByTestId('sso-message')).toContainText('Check the fields marked below.');
    await admin.getByTestId('sso-new-people-agency').selectOption({ label: "Northbrook Council Children's Services" });
    await admin.getByTestId('sso-save').click();
    await expect(admin.getByTestId('sso-message')).toContainText(`Sign in with ${LABEL}`);
    // The secret is write-only: the field is empty again and says one is set.
    await expect(admin.getByTestId('sso-client-secret')).toHaveValue('');
    await expect(admin.getByText('A secret is set.')).toBeVisible();
    await expectNoAxeViolations(admin, 'admin Sign-in tab, saved');

    // Someone at the organisation, on the sign-in page.
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.goto('/login');
    await page.getByTestId('login-email').fill('someone@elsewhere.example');
    await expect(page.getByTestId('login-password')).toBeVisible();
    await page.getByTestId('login-email').fill(`new.starter@${DOMAIN}`);
    const offer = page.getByRole('link', { name: `Sign in with ${LABEL}` });
    await expect(offer).toBeVisible();
    await expectNoAxeViolations(page, 'sign-in page offering single sign-on');

    // Through the provider's own sign-in and consent pages, and back into the product, signed in.
    await offer.click();
    await page.locator('input[name="login"]').fill(`new.starter@${DOMAIN}`);
    await page.locator('input[name="password"]').fill('anything');
    await page.locator('button[type="submit"]').click();
    await page.locator('button[type="submit"]').click();
    await expect(page.getByRole('heading', { level: 1, name: 'Your boards' })).toBeVisible();
    await expect(page).toHaveURL(/127\.0\.0\.1:\d+\/$/);

    // A refusal comes back to the sign-in page in words.
    await page.goto('/login?sso_error=domain');
    await expect(page.getByTestId('login-sso-error')).toContainText('not one this partnership accepts');
    await expectNoAxeViolations(page, 'sign-in page with a single sign-on refusal');
    await context.close();

    // Turned off again: the sign-in page offers nothing.
    await admin.getByTestId('sso-enabled').uncheck();
    await admin.getByTestId('sso-save').click();
    await expect(admin.getByTestId('sso-message')).toContainText('turned off');
    await adminContext.close();
  });
});
