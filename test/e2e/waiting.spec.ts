import { expect, test } from './fixtures';
import { expectNoAxeViolations, signedInContext, unique } from './helpers';

/**
 * "Waiting for you" on the home page: a member sees a challenge directed at their agency arrive while
 * the page is open and goes to it in one click; the Operational Group's chair sees the meeting they
 * must prepare. Both at a laptop's width and a phone's, with axe.
 */
test.describe('waiting for you', () => {
  test('a member is asked to answer, live; a chair is asked to prepare their meeting', async ({ browser }) => {
    const health = await signedInContext(browser, 'health');
    await expect(health.page.getByTestId('waiting')).toBeVisible();
    await expect(health.page.getByRole('heading', { name: 'Waiting for you' })).toBeVisible();

    // The Operational Group's chair (the council) raises a challenge to the ICB and schedules a meeting.
    const council = await signedInContext(browser, 'council');
    const origin = new URL(council.page.url()).origin;
    const title = unique('Health cover at the front door');
    const due = new Date(Date.now() + 9 * 86_400_000).toISOString().slice(0, 10);
    const raised = await council.page.request.post('/api/commands/challenge:raise', { data: { boardId: 2, title, question: 'Who covers?', directedAgencyId: 3, dueDate: due }, headers: { origin } });
    expect(raised.status(), await raised.text()).toBe(200);
    const meetingTitle = unique('Operational Group');
    const startsAt = `${new Date(Date.now() + 5 * 86_400_000).toISOString().slice(0, 10)}T10:00:00.000Z`;
    const created = await council.page.request.post('/api/commands/meeting:create', { data: { boardId: 2, title: meetingTitle, startsAt }, headers: { origin } });
    expect(created.status(), await created.text()).toBe(200);

    // Health's open page shows the challenge without a reload, with its date in words.
    const item = health.page.getByTestId('waiting-item').filter({ hasText: title });
    await expect(item).toBeVisible();
    await expect(item).toContainText('Challenge to answer');
    await expect(item.getByTestId('waiting-when')).toHaveText(/^Due \d{1,2} (January|February|March|April|May|June|July|August|September|October|November|December) \d{4}$/);
    await expectNoAxeViolations(health.page, 'home page with what is waiting');

    // The chair's list has the meeting to prepare; at a phone's width it reads without sideways scrolling.
    await council.page.reload();
    await expect(council.page.getByTestId('waiting-item').filter({ hasText: meetingTitle })).toContainText('Meeting to prepare');
    await council.page.setViewportSize({ width: 390, height: 844 });
    await expect.poll(() => council.page.evaluate(() => document.documentElement.scrollWidth <= document.documentElement.clientWidth)).toBe(true);
    await expectNoAxeViolations(council.page, 'home page at 390px');

    // One click to the challenge.
    await item.getByRole('link').click();
    await expect(health.page.getByTestId('challenge-heading')).toContainText(title);
  });
});
