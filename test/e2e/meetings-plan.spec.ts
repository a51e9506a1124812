import type { Page } from '@playwright/test';
import { expect, test } from './fixtures';
import { expectNoAxeViolations, signedInContext, unique } from './helpers';

const POLICE = 'DCI Tom Brennan';

/** The chair schedules an Improvement Board meeting 40 days ahead from the board's page; returns its id. */
async function scheduleMeeting(page: Page): Promise<number> {
  await page.goto('/');
  await page.getByTestId('my-boards').getByTestId('board-link').filter({ hasText: /^Improvement Board$/ }).click();
  await expect(page.getByTestId('meetings')).toBeVisible();
  await page.getByTestId('meetings').getByText('Schedule a meeting').click();
  await page.getByTestId('meeting-date').fill(new Date(Date.now() + 40 * 86_400_000).toISOString().slice(0, 10));
  await page.getByTestId('schedule-submit').click();
  await expect(page).toHaveURL(/\/meetings\/\d+$/);
  await expect(page.getByTestId('meeting-status')).toHaveText('Scheduled');
  return Number(/\/meetings\/(\d+)$/.exec(page.url())![1]);
}

test.describe('the improvement plan at a board meeting', () => {
  test('the chair builds the agenda, opens an objective’s item; a member present proposes Amber and the chair sees it live', async ({ browser }) => {
    test.slow();
    const chair = await signedInContext(browser, 'chair');
    const police = await signedInContext(browser, 'police');
    const meetingId = await scheduleMeeting(chair.page);
    const agenda = chair.page.getByTestId('agenda');
    const planItem = agenda.getByTestId('agenda-item').filter({ hasText: /^Improvement plan: / });

    await test.step('"Build agenda" proposes the plan’s objectives that are red, worsening or have overdue actions', async () => {
      await chair.page.getByTestId('build-agenda').click();
      await expect(planItem.first()).toBeVisible();
      expect(await planItem.count()).toBeGreaterThanOrEqual(1);
      await chair.page.getByTestId('move-to-today').click();
      await chair.page.getByTestId('start-meeting').click();
      await expect(chair.page.getByTestId('meeting-status')).toHaveText('In progress');
    });

    await test.step('police records being present; the chair moves to the objective’s item and everyone sees it', async () => {
      await police.page.goto(`/meetings/${meetingId}`);
      await expect(police.page.getByTestId('meeting-status')).toHaveText('In progress');
      const row = police.page.getByTestId('attendance-row').filter({ hasText: POLICE });
      await row.getByTestId('attendance-select').selectOption('present');
      await expect(row.getByTestId('attendance-select')).toHaveValue('present');

      const itemId = await planItem.first().getAttribute('data-item-id');
      await chair.page.getByTestId('jump-to-item').selectOption(itemId!);
      for (const { page } of [chair, police]) {
        const panel = page.getByTestId('item-panel');
        await expect(panel).toHaveAttribute('data-item-id', itemId!);
        await expect(panel.getByTestId('item-link-objective')).toContainText(/^Objective: /);
        const objective = panel.getByTestId('linked-objective');
        await expect(objective.getByTestId('linked-objective-rag')).toBeVisible();
        await expect(objective.getByTestId('linked-objective-reasons')).toBeVisible();
        await expect(objective.getByTestId('linked-objective-plan')).toHaveAttribute('href', /^\/plans\/\d+$/);
        await expect(objective.getByTestId('linked-objective-actions')).toBeVisible();
        await expect(objective.getByTestId('linked-objective-evidence')).toBeVisible();
      }
      // The chair may decide the RAG; a member present may propose one.
      await expect(chair.page.getByTestId('linked-objective-set-rag')).toBeVisible();
      await expect(police.page.getByTestId('linked-objective-set-rag')).toHaveCount(0);
      await expect(police.page.getByTestId('propose-rag')).toBeVisible();
    });

    const why = `Training has started; feedback is being gathered ${unique('rag')}`;
    await test.step('police proposes Amber; the chair sees the proposal without a reload and opens the RAG form from it', async () => {
      await police.page.getByTestId('propose-rag').click();
      // Sent without a reason: the form says what is missing, by the field.
      await police.page.getByTestId('propose-rag-amber').check();
      await police.page.getByTestId('propose-rag-submit').click();
      await expect(police.page.getByTestId('propose-rag-form')).toContainText('Say why');
      await police.page.getByTestId('propose-rag-rationale').fill(why);
      await police.page.getByTestId('propose-rag-submit').click();
      await expect(police.page.getByTestId('propose-rag-form')).toHaveCount(0);
      await expect(police.page.getByRole('status').filter({ hasText: 'You proposed Amber' })).toBeVisible();

      const proposal = chair.page.getByTestId('rag-proposal').filter({ hasText: why });
      await expect(proposal).toBeVisible();
      await expect(proposal).toHaveAttribute('data-rag', 'amber');
      await expect(proposal).toContainText(`by ${POLICE}`);
      await proposal.getByTestId('rag-proposal-decide').click();
      const form = chair.page.getByTestId('rag-form');
      await expect(form.getByTestId('rag-choice-amber')).toBeChecked();
      await expect(form.getByTestId('rag-rationale')).toHaveValue(why);
      await expectNoAxeViolations(chair.page, 'meeting item on an objective, the RAG form open from a proposal (chair)');
      await form.getByRole('button', { name: 'Cancel' }).click();
      await expectNoAxeViolations(police.page, 'meeting item on an objective (member present)');
    });

    await test.step('police, present, writes the objective’s progress narrative in the item panel; the chair sees it typed', async () => {
      const note = ` The board heard the voice of the child is now recorded in most files ${unique('progress')}.`;
      const field = police.page.getByTestId('linked-objective').getByTestId('objective-narrative');
      await expect(field).not.toHaveAttribute('readonly', '');
      await field.click();
      await police.page.keyboard.press('End');
      await police.page.keyboard.type(note);
      await expect(chair.page.getByTestId('linked-objective').getByTestId('objective-narrative')).toHaveValue(new RegExp(`${note.trim()}$`));
      await expectNoAxeViolations(police.page, 'meeting item on an objective, writing its progress (member present)');
    });

    await chair.context.close();
    await police.context.close();
  });
});
