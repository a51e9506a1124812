import { expect, test } from './fixtures';
import { expectNoAxeViolations, signIn } from './helpers';

test.describe('the Risk matrix tab', () => {
  test('the admin relabels a level, previews, saves; the register draws the new label', async ({ page }) => {
    await signIn(page, 'admin');
    await page.goto('/admin/risk-matrix');
    await expect(page.getByRole('heading', { name: 'Administration: risk matrix' })).toBeVisible();
    await expect(page.getByTestId('matrix-likelihood-4')).toHaveValue('Almost certain');
    await expectNoAxeViolations(page, 'risk matrix tab');

    // A gap is said before anything is sent.
    await page.getByTestId('band-0-max').fill('2');
    await expect(page.getByTestId('matrix-issues')).toContainText('No band covers score 3');
    await page.getByTestId('band-0-max').fill('3');
    await expect(page.getByTestId('matrix-issues')).toHaveCount(0);

    await page.getByTestId('matrix-likelihood-4').fill('Near certain');
    await page.getByTestId('matrix-preview').click();
    await expect(page.getByTestId('matrix-changed-count')).toHaveText('No risk changes band.');
    await expectNoAxeViolations(page, 'risk matrix preview');
    await page.getByTestId('matrix-save').click();
    await expect(page.getByTestId('matrix-message')).toContainText('The risk matrix was saved.');

    await page.goto('/register');
    await expect(page.locator('th', { hasText: '5. Near certain' }).first()).toBeVisible();
  });
});
