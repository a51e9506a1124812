import { readFileSync } from 'node:fs';
import { expect, test } from './fixtures';
import { expectNoAxeViolations, signIn } from './helpers';

/*
 * The board pack and the minutes from the meeting's and the minutes' pages: the PDF downloads (printed
 * by the e2e server's own Chromium), the print version opens, and a refusal is shown on the page.
 */

interface MeetingRow {
  id: number;
  status: string;
}

test('the meeting page downloads the board pack and the minutes as PDFs and opens the print version; the minutes page likewise', async ({ page, context }) => {
  await signIn(page, 'chair');
  const meetings = (await (await page.request.get('/api/partnerships/1/boards/1/meetings')).json()) as MeetingRow[];
  const next = meetings.find((m) => m.status === 'scheduled')!;
  const past = meetings.find((m) => m.status === 'signed_off')!;

  await page.goto(`/meetings/${next.id}`);
  await expect(page.getByTestId('meeting-heading')).toBeVisible();
  const links = page.getByTestId('pdf-links');
  const downloading = page.waitForEvent('download');
  await links.getByRole('link', { name: 'Download board pack (PDF)' }).click();
  const pack = await downloading;
  expect(pack.suggestedFilename()).toMatch(/^board-pack-improvement-board-\d{4}-\d{2}-\d{2}\.pdf$/);
  expect(readFileSync((await pack.path())!).subarray(0, 5).toString()).toBe('%PDF-');
  await expectNoAxeViolations(page, 'meeting page with the pack links');

  const opening = context.waitForEvent('page');
  await links.getByRole('link', { name: /^Open print version of the board pack/ }).click();
  const print = await opening;
  await expect(print.getByRole('heading', { level: 1, name: 'Improvement Board: board pack' })).toBeVisible();
  await expect(print.getByRole('heading', { level: 2, name: 'Agenda' })).toBeVisible();
  await expectNoAxeViolations(print, 'board pack print page');
  await print.close();

  await page.goto(`/meetings/${past.id}/minutes`);
  await expect(page.getByTestId('minutes-heading')).toBeVisible();
  const minutesDownload = page.waitForEvent('download');
  await page.getByTestId('pdf-links').getByRole('link', { name: 'Minutes as PDF' }).click();
  expect((await minutesDownload).suggestedFilename()).toMatch(/^minutes-improvement-board-\d{4}-\d{2}-\d{2}\.pdf$/);
  await expect(page.getByTestId('pdf-links').getByRole('link', { name: /^Open print version of the minutes/ })).toHaveAttribute('href', `/api/partnerships/1/meetings/${past.id}/minutes.html`);
  await expectNoAxeViolations(page, 'minutes page with the PDF link');
});

test('a PDF the server cannot make is explained on the page, with the print version offered', async ({ page }) => {
  await signIn(page, 'chair');
  const meetings = (await (await page.request.get('/api/partnerships/1/boards/1/meetings')).json()) as MeetingRow[];
  const next = meetings.find((m) => m.status === 'scheduled')!;
  // The e2e server has Chromium, so its answer without one (proved in test/integration/pdf-packs.test.ts)
  // is given here as the server words it, to see what the page makes of it.
  const printPage = `/api/partnerships/1/meetings/${next.id}/pack.html`;
  const message =
    'The PDF cannot be made: this server has no Chromium to print it with. An administrator can install Chromium (on Debian or Ubuntu: apt-get install chromium) or set CHROMIUM_PATH to where it is. The print version still works: open it and print it, or save it as PDF, from your browser.';
  await page.route('**/pack.pdf', (route) => route.fulfill({ status: 503, contentType: 'application/json', body: JSON.stringify({ error: { code: 'PDF_UNAVAILABLE', message, details: { printPage } } }) }));
  await page.goto(`/meetings/${next.id}`);
  await page.getByTestId('pdf-links').getByRole('link', { name: 'Download board pack (PDF)' }).click();
  const alert = page.getByTestId('pdf-error');
  await expect(alert).toContainText('apt-get install chromium');
  await expect(alert.getByRole('link', { name: /^Open the print version/ })).toHaveAttribute('href', printPage);
  await expectNoAxeViolations(page, 'meeting page with the PDF refusal');
});
