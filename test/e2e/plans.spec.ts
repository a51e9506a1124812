import { expect, test } from './fixtures';
import { expectNoAxeViolations, signedInContext, unique } from './helpers';

const ICB_OBJECTIVE = 'The Integrated Care Board has effective arrangements';

test.describe('the improvement plan', () => {
  test('the objective’s lead sets its RAG, a RAG against the evidence needs a reason, and another member sees it at once', async ({ browser }) => {
    const police = await signedInContext(browser, 'police');
    const health = await signedInContext(browser, 'health');

    await police.page.goto('/plans');
    await expect(police.page.getByTestId('plan-row')).toHaveCount(1);
    await expectNoAxeViolations(police.page, 'plans');
    await police.page.getByTestId('plan-row').getByRole('link').click();
    await expect(police.page.getByTestId('plan-title')).toHaveText('Children’s Services Improvement Plan');
    await expect(police.page.getByTestId('plan-chart-table')).toBeAttached();
    await expectNoAxeViolations(police.page, 'plan');
    const watched = police.page.getByTestId('objective').filter({ hasText: ICB_OBJECTIVE });

    await health.page.goto('/plans/1');
    const objective = health.page.getByTestId('objective').filter({ hasText: ICB_OBJECTIVE });
    const suggested = await objective.getByTestId('objective-suggested-rag').getAttribute('data-rag');
    const other = suggested === 'red' ? 'green' : 'red';
    await objective.getByTestId('set-rag').click();
    await objective.getByTestId(`rag-choice-${other}`).check();
    await objective.getByTestId('rag-submit').click();
    // Against the evidence without a reason: refused here, and nothing is set.
    await expect(objective.getByTestId('rag-form').locator('#rag-' + (await objective.getAttribute('data-objective-id')) + '-rationale-error')).toContainText('Say why');
    await expectNoAxeViolations(health.page, 'RAG form with an error');
    const reason = unique('The designated nurse post is vacant');
    await objective.getByTestId('rag-rationale').fill(reason);
    await objective.getByTestId('rag-submit').click();
    await expect(health.page.getByTestId('plan-message')).toContainText('RAG');
    await expect(objective.getByTestId('objective-rag')).toHaveAttribute('data-rag', other);
    await expect(objective.getByTestId('objective-decided')).toContainText(reason);

    // The police inspector's open page follows without a reload.
    await expect(watched.getByTestId('objective-rag')).toHaveAttribute('data-rag', other);
    await expect(watched.getByTestId('objective-decided')).toContainText(reason);
  });

  test('a lead officer reports an action’s status, then writes its progress live on the objective’s page; the observer reads it as it is typed and can change nothing', async ({ browser }) => {
    const council = await signedInContext(browser, 'council');
    const observer = await signedInContext(browser, 'observer');

    await council.page.goto('/plans/1');
    const action = council.page.getByTestId('plan-action').filter({ hasText: 'Review the permanency policy' });
    await action.getByTestId('plan-action-edit').click();
    const form = council.page.getByTestId('plan-action-form');
    await form.getByTestId('plan-action-status-select').selectOption('completed');
    await expectNoAxeViolations(council.page, 'action status form');
    await form.getByTestId('plan-action-save').click();
    await expect(action.getByTestId('plan-action-status')).toHaveText('Completed');
    await expect(action.getByTestId('plan-action-overdue')).toHaveCount(0);

    // The objective's page: its progress, co-edited. Council leads the objective.
    const objective = council.page.getByTestId('objective').filter({ hasText: 'Policies, procedures and practice standards' });
    await objective.getByTestId('objective-open').click();
    await expect(council.page.getByTestId('objective-outcome')).toContainText('Policies, procedures and practice standards');
    await observer.page.goto(council.page.url());
    const watched = observer.page.getByTestId('objective-progress');
    await expect(watched.getByTestId('connection-badge')).toHaveText('Online');
    await expect(watched.getByTestId('progress-read-only')).toBeVisible();
    await expect(watched.getByLabel(/^Progress on: Review the permanency policy/)).toHaveAttribute('readonly', '');

    const field = council.page.getByLabel(/^Progress on: Review the permanency policy/);
    await expect(council.page.getByTestId('objective-progress').getByTestId('connection-badge')).toHaveText('Online');
    await field.click();
    await council.page.keyboard.press('End');
    const progress = unique(' Policy and flowchart agreed by the board.');
    await council.page.keyboard.type(progress);
    await expect(field).toHaveValue(new RegExp(`${progress.trim()}$`));
    await expectNoAxeViolations(council.page, 'objective page');
    // The observer's open page follows as it is typed, and their plan page once the typing pauses.
    await expect(watched.getByLabel(/^Progress on: Review the permanency policy/)).toHaveValue(new RegExp(`${progress.trim()}$`));
    await expectNoAxeViolations(observer.page, 'objective page, read-only');

    await observer.page.goto('/plans/1');
    await expect(observer.page.getByTestId('objective').first()).toBeVisible();
    await expect(observer.page.getByTestId('set-rag')).toHaveCount(0);
    await expect(observer.page.getByTestId('plan-action-edit')).toHaveCount(0);
    await expect(observer.page.getByTestId('plan-action').filter({ hasText: 'Review the permanency policy' })).toContainText(progress.trim());
  });

  test('one page answers “what did you do about recommendation 4?”', async ({ browser }) => {
    const chair = await signedInContext(browser, 'chair');
    await chair.page.goto('/recommendations');
    await expect(chair.page.getByTestId('recommendation-row').first()).toBeVisible();
    await expectNoAxeViolations(chair.page, 'recommendations');
    await chair.page.getByTestId('recommendation-row').getByRole('link', { name: 'Recommendation 4', exact: true }).click();
    await expect(chair.page.getByTestId('recommendation-title')).toHaveText('Recommendation 4');
    await expect(chair.page.getByTestId('recommendation-action').filter({ hasText: 'permanency policy' })).toBeVisible();
    await expect(chair.page.getByTestId('recommendation-objectives')).toContainText('Policies, procedures and practice standards');
    await expectNoAxeViolations(chair.page, 'recommendation 4');
  });

  test('the plan’s actions filtered by status, overdue and recommendation, kept in the address', async ({ browser }) => {
    const chair = await signedInContext(browser, 'chair');
    await chair.page.goto('/plans/1');
    await chair.page.getByTestId('plan-actions-link').click();
    await expect(chair.page.getByTestId('plan-action').first()).toBeVisible();
    const everything = await chair.page.getByTestId('plan-action').count();
    await expectNoAxeViolations(chair.page, 'plan actions');

    await chair.page.getByTestId('filter-overdue').check();
    await expect(chair.page).toHaveURL(/overdue=true/);
    await expect(chair.page.getByTestId('plan-action').first()).toBeVisible();
    const overdue = chair.page.getByTestId('plan-action');
    expect(await overdue.count()).toBeLessThan(everything);
    for (const row of await overdue.all()) await expect(row.getByTestId('plan-action-overdue')).toBeVisible();

    await chair.page.getByTestId('filter-overdue').uncheck();
    await chair.page.getByTestId('filter-recommendation').selectOption({ label: 'Recommendation 4' });
    await expect(chair.page.getByTestId('plan-action').filter({ hasText: 'permanency policy' })).toBeVisible();
    await expect(chair.page.getByTestId('plan-actions-count')).toContainText(`of ${everything} actions`);

    // A reload keeps the filter.
    await chair.page.reload();
    await expect(chair.page.getByTestId('filter-recommendation')).toHaveValue(/\d+/);
    await expect(chair.page.getByTestId('plan-action').filter({ hasText: 'permanency policy' })).toBeVisible();
  });
});
