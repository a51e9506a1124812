import type { Page } from '@playwright/test';
import { expect, test } from './fixtures';
import { expectNoAxeViolations, R005, signedInContext, unique } from './helpers';

async function openRisk(page: Page): Promise<void> {
  await page.goto(`/risks/${R005}`);
  await expect(page.getByTestId('connection-badge')).toHaveText('Online');
  await expect(page.getByTestId('field-title')).not.toHaveValue('');
}

/**
 * Undo takes back one's own changes only: while the chair types into the same field, health's
 * Ctrl+Z removes what health typed and leaves the chair's words; Redo puts it back; the buttons do
 * the same for a field that is not text (a score).
 */
test.describe('undo and redo of one’s own changes', () => {
  test('Ctrl+Z undoes my typing, never another person’s typed at the same time', async ({ browser }) => {
    const health = await signedInContext(browser, 'health');
    const chair = await signedInContext(browser, 'chair');
    await Promise.all([openRisk(health.page), openRisk(chair.page)]);
    const mine = ` Mine ${unique('h')}.`;
    const theirs = ` Theirs ${unique('c')}.`;

    const effect = health.page.getByTestId('field-effect');
    await effect.click();
    await health.page.keyboard.press('Control+End');
    await health.page.keyboard.type(mine);
    // The chair types at the end of the same field meanwhile, and it reaches health.
    const chairEffect = chair.page.getByTestId('field-effect');
    await expect(chairEffect).toHaveValue(new RegExp(escape(mine)));
    await chairEffect.click();
    await chair.page.keyboard.press('Control+End');
    await chair.page.keyboard.type(theirs);
    await expect(effect).toHaveValue(new RegExp(escape(theirs)));

    await effect.focus();
    await health.page.keyboard.press('Control+z');
    await expect(effect).not.toHaveValue(new RegExp(escape(mine)));
    await expect(effect).toHaveValue(new RegExp(escape(theirs)));
    await expect(chairEffect).not.toHaveValue(new RegExp(escape(mine)));
    await expect(chairEffect).toHaveValue(new RegExp(escape(theirs)));

    await health.page.keyboard.press('Control+Shift+z');
    await expect(effect).toHaveValue(new RegExp(escape(mine)));
    await expect(chairEffect).toHaveValue(new RegExp(escape(mine)));

    // The buttons: a score changed, then undone and redone.
    const picker = health.page.getByTestId('score-current-likelihood');
    const before = await picker.inputValue();
    const after = String((Number(before) % 5) + 1);
    await picker.selectOption(after);
    await expect(chair.page.getByTestId('score-current-likelihood')).toHaveValue(after);
    await expectNoAxeViolations(health.page, 'risk page with undo');
    await health.page.getByTestId('risk-undo-undo').click();
    await expect(picker).toHaveValue(before);
    await expect(chair.page.getByTestId('score-current-likelihood')).toHaveValue(before);
    await health.page.getByTestId('risk-undo-redo').click();
    await expect(chair.page.getByTestId('score-current-likelihood')).toHaveValue(after);
    // Nothing of the chair's is for health to undo once health's own steps are spent. Typing is one
    // step or several (keys further apart than the undo manager's capture time are steps of their
    // own, as on a loaded machine), so undo is pressed until it says there is nothing left.
    const undo = health.page.getByTestId('risk-undo-undo');
    await expect
      .poll(
        async () => {
          if (await undo.isEnabled()) await undo.click({ timeout: 1000 }).catch(() => undefined);
          return undo.isEnabled();
        },
        { timeout: 30_000 },
      )
      .toBe(false);
    await expect(effect).not.toHaveValue(new RegExp(escape(mine.trim())));
    await expect(effect).toHaveValue(new RegExp(escape(theirs)));
    await health.context.close();
    await chair.context.close();
  });
});

function escape(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
