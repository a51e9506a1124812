import type { Page } from '@playwright/test';
import { expect, test } from './fixtures';
import { expectNoAxeViolations, signedInContext, unique } from './helpers';

const ICB = 'Northbrook Integrated Care Board';

function agencyRow(page: Page, name: string) {
  return page.getByTestId('agency-row').filter({ has: page.getByRole('rowheader', { name }) });
}

async function figure(page: Page, name: string, testid: string): Promise<number> {
  return Number((await agencyRow(page, name).getByTestId(testid).innerText()).trim());
}

test.describe('challenge log and agency accountability', () => {
  test('the chair challenges Health, Health answers live, the chair accepts, the dashboard moves', async ({ browser }) => {
    const chair = await signedInContext(browser, 'chair');
    const health = await signedInContext(browser, 'health');
    const title = unique('MAST health presence');
    const answer = `The ICB funds two named nurses on site ${unique('r')}.`;

    // The dashboard before.
    await chair.page.goto('/accountability');
    await expect(chair.page.getByTestId('accountability-table')).toBeVisible();
    await expectNoAxeViolations(chair.page, 'accountability dashboard');
    const openBefore = await figure(chair.page, ICB, 'fig-open');
    const closedBefore = await figure(chair.page, ICB, 'fig-closed');

    // Health watches the challenge log and the bell.
    await health.page.goto('/challenges');
    await expect(health.page.getByTestId('challenge-table')).toBeVisible();
    await expectNoAxeViolations(health.page, 'challenge log');
    const unreadBefore = await health.page.getByTestId('notifications-unread').innerText();

    // The chair raises a challenge to Health at the Improvement Board.
    await chair.page.getByTestId('nav-challenges').click();
    await chair.page.getByTestId('raise-challenge-link').click();
    await expect(chair.page.getByTestId('raise-form')).toBeVisible();
    await chair.page.getByTestId('raise-board').selectOption({ label: 'Improvement Board' });
    await chair.page.getByTestId('raise-title').fill(title);
    await chair.page.getByTestId('raise-question').fill('What is the ICB doing to secure health professionals on site at MAST?');
    await chair.page.getByTestId('raise-agency').selectOption({ label: ICB });
    await chair.page.getByTestId('raise-submit').click();
    await expect(chair.page.getByTestId('challenge-heading')).toContainText(title);
    await expect(chair.page.getByTestId('challenge-status')).toHaveText('Open – response due');
    await expect(chair.page.getByTestId('field-question')).toHaveValue(/secure health professionals/);
    await expect(chair.page.getByTestId('field-response')).toHaveAttribute('readonly', '');
    const challengeUrl = chair.page.url();

    // Health sees it arrive without reloading: the log row and the bell.
    const row = health.page.getByTestId('challenge-row').filter({ hasText: title });
    await expect(row).toBeVisible();
    await expect(row.getByTestId('challenge-status')).toHaveText('Open – response due');
    await expect(health.page.getByTestId('notifications-unread')).not.toHaveText(unreadBefore);
    await expect(health.page.getByTestId('notifications-live')).toContainText(title);

    // From the notifications page, one click to the challenge.
    await health.page.getByTestId('notifications-bell').click();
    await expect(health.page.getByTestId('notifications-heading')).toBeVisible();
    await expectNoAxeViolations(health.page, 'notifications');
    await health.page.getByTestId('notification-link').filter({ hasText: title }).click();
    await expect(health.page.getByTestId('challenge-heading')).toContainText(title);
    await expect(health.page.getByTestId('question-read-only')).toBeVisible();

    // Health writes and submits the response.
    const response = health.page.getByTestId('field-response');
    await expect(response).not.toHaveAttribute('readonly');
    await response.click();
    await health.page.keyboard.type(answer);
    await expect(health.page.getByTestId('connection-badge').last()).toHaveText('Online');
    await expect(health.page.getByTestId('unsynced')).toHaveCount(0);
    await expectNoAxeViolations(health.page, 'challenge page (response being written)');
    await health.page.getByTestId('cmd-submit').click();
    await expect(health.page.getByTestId('command-done')).toContainText('submitted');
    await expect(health.page.getByTestId('challenge-status')).toHaveText('Response submitted');
    await expect(response).toHaveAttribute('readonly', '');
    await expect(health.page.getByTestId('response-read-only')).toContainText('can no longer be edited');

    // The chair's page follows live, and the response is in the timeline as submitted.
    await expect(chair.page).toHaveURL(challengeUrl);
    await expect(chair.page.getByTestId('challenge-status')).toHaveText('Response submitted');
    await expect(chair.page.getByTestId('field-response')).toHaveValue(answer);
    await expect(chair.page.getByTestId('timeline-event').filter({ hasText: answer })).toBeVisible();

    // Health cannot accept its own response; the chair can.
    await expect(health.page.getByTestId('cmd-accept')).toHaveCount(0);
    await chair.page.getByTestId('cmd-accept').click();
    await chair.page.getByTestId('cmd-reason').fill('Thank you; the board will check at the next meeting.');
    await chair.page.getByTestId('cmd-confirm').click();
    await expect(chair.page.getByTestId('challenge-status')).toHaveText('Response accepted');
    await expect(health.page.getByTestId('challenge-status')).toHaveText('Response accepted');
    await expectNoAxeViolations(chair.page, 'challenge page (accepted)');

    // The dashboard's figures move: one more closed, no more open than before.
    await chair.page.getByTestId('nav-accountability').click();
    await expect(chair.page.getByTestId('accountability-table')).toBeVisible();
    await expect.poll(() => figure(chair.page, ICB, 'fig-closed')).toBe(closedBefore + 1);
    expect(await figure(chair.page, ICB, 'fig-open')).toBe(openBefore);

    // The closed figure drills down to the challenge log, filtered in the address.
    await agencyRow(chair.page, ICB).getByTestId('fig-closed').click();
    await expect(chair.page).toHaveURL(/\/challenges\?agencyId=\d+&status=done/);
    await expect(chair.page.getByTestId('challenge-row').filter({ hasText: title })).toBeVisible();
    await expect(chair.page.getByTestId('filter-status')).toHaveValue('done');

    await chair.context.close();
    await health.context.close();
  });

  test('a risk opens the raise form pre-filled, and a missing title is named', async ({ browser }) => {
    const chair = await signedInContext(browser, 'chair');
    await chair.page.goto('/risks/5');
    await chair.page.getByTestId('risk-raise-challenge').click();
    await expect(chair.page.getByTestId('raise-form')).toBeVisible();
    await expect(chair.page.getByTestId('raise-subject-kind')).toHaveValue('risk');
    await expect(chair.page.getByTestId('raise-subject-ref')).toHaveValue('5');
    await expect(chair.page.getByTestId('raise-subject-preview')).toContainText('R-005');

    // Submitting without a title names the field.
    await chair.page.getByTestId('raise-title').fill('');
    await chair.page.getByTestId('raise-submit').click();
    await expect(chair.page.getByTestId('raise-errors')).toContainText('Say what the challenge is about');
    await chair.context.close();
  });
});
