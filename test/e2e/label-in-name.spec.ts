import AxeBuilder from '@axe-core/playwright';
import type { Page } from '@playwright/test';
import { expect, test } from './fixtures';
import { expectNoAxeViolations, signIn } from './helpers';

/*
 * Issue 16: axe's `label-content-name-mismatch` (WCAG 2.5.3, label in name) on the heat-map buttons and
 * the accountability table's links: each accessible name now contains the words shown.
 */

/** Runs only that rule, and fails with the names it found wanting. */
async function expectLabelInName(page: Page, label: string): Promise<void> {
  const results = await new AxeBuilder({ page }).withRules(['label-content-name-mismatch']).analyze();
  expect(
    results.violations.flatMap((v) => v.nodes.map((n) => n.target.join(' '))),
    `${label}: names that do not contain their visible words`,
  ).toEqual([]);
}

test('heat-map buttons and accountability links are named with the words they show', async ({ page }) => {
  await signIn(page, 'chair');
  // The rule is experimental in axe 4: first, proof that it runs and finds a name without its words.
  await page.evaluate(() => document.querySelector('main')!.insertAdjacentHTML('beforeend', '<button type="button" id="mismatch" aria-label="Delete the record">Remove</button>'));
  const control = await new AxeBuilder({ page }).withRules(['label-content-name-mismatch']).analyze();
  expect(control.violations.flatMap((v) => v.nodes.map((n) => n.target.join(' ')))).toEqual(['#mismatch']);
  // And every spec's scan (expectNoAxeViolations) has it on.
  await expect(expectNoAxeViolations(page, 'a planted mismatch')).rejects.toThrow(/label-content-name-mismatch/);

  await page.goto('/register');
  const cell = page.locator('[data-testid^="heat-cell-"]:not([data-count="0"])').first();
  await expect(cell).toBeVisible();
  const count = await cell.getAttribute('data-count');
  // "3 risks, High: Likely likelihood, Moderate impact, score 12": the count and band first, as shown.
  await expect(cell).toHaveAccessibleName(new RegExp(`^${count} risks?, \\w[\\w ]*: .+ likelihood, .+ impact, score \\d+$`));
  await expectLabelInName(page, '/register');
  await expectNoAxeViolations(page, '/register');

  await page.goto('/accountability');
  const band = page.getByTestId('fig-bands').getByRole('link').first();
  await expect(band).toBeVisible();
  // "Extreme: 1 risk led by Northbrook Integrated Care Board": what is shown ("Extreme: 1"), then the rest.
  await expect(band).toHaveAccessibleName(/^[\w ]+: \d+ risks? led by .+$/);
  await expectLabelInName(page, '/accountability');
  await expectNoAxeViolations(page, '/accountability');
});
