import type { Page } from '@playwright/test';
import { expect, test } from './fixtures';
import { expectNoAxeViolations, signedInContext, unique } from './helpers';

/** A command as the page sends it (the REST form), signed in as the page's person. */
async function command<T>(page: Page, name: string, payload: unknown): Promise<T> {
  const origin = new URL(page.url()).origin;
  const res = await page.request.post(`/api/commands/${name}`, { data: payload, headers: { origin } });
  expect(res.status(), await res.text()).toBe(200);
  return (await res.json()) as T;
}

test.describe('meeting papers and the highlight report', () => {
  test('the chair asks health for a paper; health attaches it from the meeting page; everyone sees it received', async ({ browser }) => {
    const chair = await signedInContext(browser, 'chair');
    const health = await signedInContext(browser, 'health');
    await chair.page.goto('/');
    const startsAt = new Date(Date.now() + 30 * 86_400_000).toISOString().replace(/T.*/, 'T10:00:00.000Z');
    const meeting = await command<{ id: number }>(chair.page, 'meeting:create', { boardId: 1, title: unique('Papers meeting'), startsAt });
    await command(chair.page, 'agenda:add', { meetingId: meeting.id, title: 'Performance' });

    await chair.page.goto(`/meetings/${meeting.id}`);
    const papers = chair.page.getByTestId('item-papers');
    await expect(papers).toContainText('Papers are due by');
    const title = unique('Quarterly performance report');
    await papers.getByTestId('paper-title').fill(title);
    await papers.getByTestId('paper-author').selectOption({ label: 'Dr Aisha Rahman' });
    await papers.getByTestId('paper-add').click();
    await expect(papers.getByTestId('paper').filter({ hasText: title }).getByTestId('paper-state')).toHaveText('Expected');
    await expectNoAxeViolations(chair.page, 'meeting with a paper expected');

    await health.page.goto('/notifications');
    await expect(health.page.getByText(`Paper “${title}”`)).toBeVisible();
    await health.page.goto(`/meetings/${meeting.id}`);
    const mine = health.page.getByTestId('item-papers').getByTestId('paper').filter({ hasText: title });
    await mine.getByTestId('paper-attach').setInputFiles({ name: 'report.csv', mimeType: 'text/csv', buffer: Buffer.from('quarter,referrals\nQ3,1204\n') });
    await expect(mine.getByTestId('paper-state')).toHaveText('Received');
    // The chair's page hears of it without reloading.
    await expect(papers.getByTestId('paper').filter({ hasText: title }).getByTestId('paper-download')).toBeVisible();
    await expect(health.page.getByTestId('item-papers').getByTestId('paper-add')).toHaveCount(0);

    // The chair publishes the pack: version 1 is listed, and nothing has moved since.
    chair.page.once('dialog', (d) => void d.accept());
    await chair.page.getByTestId('pack-publish').click();
    await expect(chair.page.getByTestId('pack-published')).toContainText('Version 1 of the pack is published');
    await expect(chair.page.getByTestId('pack-version')).toHaveCount(1);
    await expect(chair.page.getByTestId('pack-changes-none')).toBeVisible();
    await expectNoAxeViolations(chair.page, 'meeting with a published pack');
    await expect(health.page.getByTestId('pack-publish')).toHaveCount(0);
  });

  test('a board’s highlight report from its page, with its sections in words, axe-scanned', async ({ browser }) => {
    const council = await signedInContext(browser, 'council');
    await council.page.goto('/boards/2');
    await council.page.getByTestId('board-highlight-link').click();
    await expect(council.page.getByTestId('report-heading')).toContainText('Highlight report');
    await expect(council.page.getByTestId('report-marking')).toHaveText('OFFICIAL');
    await expect(council.page.getByText('For the Improvement Board')).toBeVisible();
    await expectNoAxeViolations(council.page, 'highlight report');
    await council.page.getByTestId('report-month').fill('2020-01');
    await council.page.getByTestId('report-month').dispatchEvent('change');
    await expect(council.page).toHaveURL(/month=2020-01/);
    await expect(council.page.getByTestId('report-heading')).toContainText('Jan 2020');
  });

  test('an administrator sets the protective marking; the highlight report carries it', async ({ browser }) => {
    const admin = await signedInContext(browser, 'admin');
    await admin.page.goto('/admin/settings');
    await admin.page.getByTestId('protective-marking').selectOption('OFFICIAL-SENSITIVE');
    await admin.page.getByTestId('settings-save').click();
    await expect(admin.page.getByTestId('settings-message')).toContainText('now carry OFFICIAL-SENSITIVE');
    await expectNoAxeViolations(admin.page, 'partnership settings');
    await admin.page.goto('/boards/2/highlight-report');
    await expect(admin.page.getByTestId('report-marking')).toHaveText('OFFICIAL-SENSITIVE');
    // Put back as the demo has it, for the other tests.
    await admin.page.goto('/admin/settings');
    await admin.page.getByTestId('protective-marking').selectOption('OFFICIAL');
    await admin.page.getByTestId('settings-save').click();
    await expect(admin.page.getByTestId('settings-message')).toContainText('now carry OFFICIAL.');
  });
});
