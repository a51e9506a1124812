import { expect, test } from './fixtures';
import { expectNoAxeViolations, signedInContext, unique } from './helpers';

test.describe('importing a register from a spreadsheet', () => {
  test('from the register: every problem by row and column before anything is stored, a column chosen by hand, then the risk imported', async ({ browser }) => {
    const police = await signedInContext(browser, 'police');
    await police.page.goto('/register');
    await police.page.getByTestId('import-register-link').click();
    await expect(police.page.getByRole('heading', { level: 1 })).toHaveText('Import from a spreadsheet');
    const title = unique('Imported risk');
    const csv = (rows: string[]) => ({ name: 'register.csv', mimeType: 'text/csv', buffer: Buffer.from(['Risk,Board,Lead agency,Accountable officer,Likelihood,Impact', ...rows].join('\n')) });
    const picker = police.page.getByTestId('import-file');
    await picker.setInputFiles(csv([`${title},Operational Group,Northshire Police,DCI Tom Brennan,3,4`, `Second,Operational Group,Northshire Police,DCI Tom Brennan,9,4`]));
    // "Accountable officer" is no heading the product knows: the owner's column is chosen by hand.
    await expect(police.page.getByTestId('import-missing')).toContainText('No column for “Owner”');
    await expect(police.page.getByTestId('import-row').first()).toContainText('Name the risk owner');
    await expectNoAxeViolations(police.page, 'import with a column missing');
    await police.page.getByTestId('column-owner').selectOption('Accountable officer');
    await expect(police.page.getByTestId('import-summary')).toContainText('1 with problems');
    await expect(police.page.getByTestId('import-row').filter({ hasText: 'Second' })).toContainText('Likelihood: Out of range: from 1 to 5');
    await expect(police.page.getByTestId('import-commit')).toBeDisabled();
    await expectNoAxeViolations(police.page, 'import preview with problems');

    await picker.setInputFiles(csv([`${title},Operational Group,Northshire Police,DCI Tom Brennan,3,4`]));
    // The choice is the person's until they choose again; the preview reads the file with it.
    await expect(police.page.getByTestId('import-summary')).toContainText('1 to add');
    await police.page.getByTestId('import-commit').click();
    await expect(police.page.getByTestId('import-done')).toContainText('1 added');
    await police.page.goto('/register');
    await expect(police.page.getByText(title)).toBeVisible();
  });
});
