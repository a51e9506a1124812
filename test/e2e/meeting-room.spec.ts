import type { Browser, Page } from '@playwright/test';
import { expect, test } from './fixtures';
import { expectNoAxeViolations, signIn, signedInContext, unique } from './helpers';

/*
 * Issue 16, item 1: the meeting room. The layout on a room's screen, a laptop and a phone (the page never
 * scrolls sideways; wide tables scroll in their own region), the presenter view following the chair, and
 * the agenda edited in its own mode, with removals confirmed and undone (the item back as itself, with its notes).
 */

// R-001 sits at the Operational Group, escalated to the Improvement Board: an item may link it.
const RISK = 1;
const IB = 1;
const PEOPLE = { chair: 2, police: 3, health: 4, schools: 5, council: 6 };
const ICB_DEPUTY = 14;

/** A command as the page sends it (the REST form), signed in as the page's person. */
async function command<T>(page: Page, name: string, payload: unknown): Promise<T> {
  const origin = new URL(page.url()).origin;
  const res = await page.request.post(`/api/commands/${name}`, { data: payload, headers: { origin } });
  expect(res.status(), await res.text()).toBe(200);
  return (await res.json()) as T;
}

/** Midday (UTC) on today's London date: a meeting that may be started now. */
function todayAtNoon(): string {
  return `${new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/London', year: 'numeric', month: '2-digit', day: '2-digit' }).format(Date.now())}T12:00:00.000Z`;
}

interface Meeting {
  meetingId: number;
  itemIds: number[];
  titles: string[];
}

/** A meeting of the Improvement Board today with three items (the first linked to a risk), started, with attendance and guests. */
async function liveMeeting(page: Page, start = true): Promise<Meeting> {
  const tag = unique('room');
  const titles = [`Escalated risk ${tag}`, `Partnership performance ${tag}`, `Any other business ${tag}`];
  const { id: meetingId } = await command<{ id: number }>(page, 'meeting:create', { boardId: IB, startsAt: todayAtNoon() });
  await command(page, 'agenda:add', { meetingId, title: titles[0], links: [{ kind: 'risk', ref: String(RISK) }], presenterPersonId: PEOPLE.council });
  await command(page, 'agenda:add', { meetingId, title: titles[1] });
  const state = await command<{ agenda: { id: number }[] }>(page, 'agenda:add', { meetingId, title: titles[2] });
  if (start) {
    await command(page, 'meeting:start', { meetingId });
    for (const personId of [PEOPLE.chair, PEOPLE.police, PEOPLE.schools]) await command(page, 'attendance:set', { meetingId, personId, status: 'present' });
    await command(page, 'attendance:set', { meetingId, personId: PEOPLE.health, status: 'represented', deputyPersonId: ICB_DEPUTY });
    await command(page, 'attendance:set', { meetingId, personId: PEOPLE.council, status: 'apologies' });
    await command(page, 'guest:add', { meetingId, name: 'Anita Desai', agency: 'Office for Standards in Education, Children’s Services and Skills' });
  }
  return { meetingId, itemIds: state.agenda.map((i) => i.id), titles };
}

/** The page scrolls sideways nowhere: only a table's own region may. */
async function expectNoSidewaysScroll(page: Page, label: string): Promise<void> {
  const sizes = await page.evaluate(() => ({ scroll: document.documentElement.scrollWidth, client: document.documentElement.clientWidth }));
  expect(sizes.scroll, `${label}: the page is ${sizes.scroll}px wide in a ${sizes.client}px window`).toBeLessThanOrEqual(sizes.client);
}

async function openMeeting(page: Page, meetingId: number): Promise<void> {
  await page.goto(`/meetings/${meetingId}`);
  await expect(page.getByTestId('meeting-heading')).toBeVisible();
  await expect(page.getByTestId('item-panel')).toBeVisible();
}

async function contextAt(browser: Browser, width: number, height: number) {
  const context = await browser.newContext({ viewport: { width, height } });
  const page = await context.newPage();
  await signIn(page, 'chair');
  return { context, page };
}

test.describe('the meeting room', () => {
  for (const [width, height] of [
    [1920, 1080],
    [1366, 768],
  ] as const) {
    test(`at ${width}×${height}: the agenda as a rail, the item wide, the linked risk beside it, the people panel folds away`, async ({ browser }) => {
      const { context, page } = await contextAt(browser, width, height);
      const { meetingId, titles } = await liveMeeting(page);
      await openMeeting(page, meetingId);
      const item = page.getByTestId('item-panel');
      await expect(item).toContainText(titles[0]!);
      await expect(item.getByTestId('linked-risk')).toBeVisible();

      // The agenda sits left of the item; the current item starts in the first screenful.
      const agenda = (await page.getByTestId('agenda').boundingBox())!;
      const panel = (await item.boundingBox())!;
      expect(agenda.x + agenda.width).toBeLessThanOrEqual(panel.x);
      expect(panel.y).toBeLessThan(height);
      expect(panel.width).toBeGreaterThan(width * 0.45);
      // The linked risk opens beside the notes, not under them.
      const notes = (await item.getByTestId('item-notes').boundingBox())!;
      const record = (await item.getByTestId('item-record').boundingBox())!;
      expect(record.x).toBeGreaterThanOrEqual(notes.x + notes.width);
      expect(record.y).toBeLessThan(notes.y + notes.height);

      // The attendance table keeps to its column.
      const fits = await page.getByTestId('attendance-region').evaluate((region) => {
        const table = region.querySelector('table')!;
        return table.getBoundingClientRect().right <= region.getBoundingClientRect().right + 0.5;
      });
      expect(fits).toBe(true);
      if (width >= 1600) {
        // On a wide screen the people have their own column, right of the item.
        const people = (await page.getByTestId('people-panel').boundingBox())!;
        expect(people.x).toBeGreaterThanOrEqual(panel.x + panel.width);
      }
      await expectNoSidewaysScroll(page, `${width}px`);
      await expectNoAxeViolations(page, `meeting room at ${width}×${height}`);

      // The people panel folds away, says so, and stays folded in this browser.
      const toggle = page.getByTestId('people-toggle');
      await expect(toggle).toHaveAttribute('aria-expanded', 'true');
      await expect(toggle).toContainText(/Quorate|Not quorate/);
      await toggle.click();
      await expect(toggle).toHaveAttribute('aria-expanded', 'false');
      await expect(page.getByTestId('attendance')).toBeHidden();
      await page.reload();
      await expect(page.getByTestId('people-toggle')).toHaveAttribute('aria-expanded', 'false');
      await expect(page.getByTestId('attendance')).toBeHidden();
      await expectNoSidewaysScroll(page, `${width}px, people folded`);
      await expectNoAxeViolations(page, `meeting room at ${width}×${height}, people folded`);
      await page.getByTestId('people-toggle').click();
      await expect(page.getByTestId('attendance')).toBeVisible();
      await context.close();
    });
  }

  test('at 390×844 (a phone): nothing scrolls sideways but a table in its own region; no violations', async ({ browser }) => {
    const { context, page } = await contextAt(browser, 390, 844);
    const { meetingId } = await liveMeeting(page);
    await openMeeting(page, meetingId);
    await expect(page.getByTestId('linked-risk')).toBeVisible();
    await expect(page.getByRole('region', { name: 'Attendance of the members' })).toBeVisible();
    await expectNoSidewaysScroll(page, '390px');
    await expectNoAxeViolations(page, 'meeting room at 390×844');
    // The chair's editing mode, the confirmation and the presenter view fit too.
    await page.getByTestId('agenda-edit').click();
    await page.getByTestId('agenda-remove').first().click();
    await expect(page.getByTestId('agenda-remove-confirm')).toBeVisible();
    await expectNoSidewaysScroll(page, '390px, editing the agenda');
    await page.getByTestId('agenda-remove-no').click();
    await page.goto(`/meetings/${meetingId}/present`);
    await expect(page.getByTestId('presenter-item')).toBeVisible();
    await expect(page.getByTestId('present-risk')).toBeVisible();
    await expectNoSidewaysScroll(page, '390px, presenter view');
    await context.close();
  });

  test('the presenter view follows the chair: large type, the item and its linked risk, nothing to edit; it is nobody in "here now"', async ({ browser }) => {
    const chair = await signedInContext(browser, 'chair');
    const { meetingId, itemIds, titles } = await liveMeeting(chair.page);
    await openMeeting(chair.page, meetingId);
    await expect(chair.page.getByTestId('presenter-link')).toHaveAttribute('href', `/meetings/${meetingId}/present`);
    // A member has no presenter link; the server decides who runs the meeting.
    const police = await signedInContext(browser, 'police');
    await openMeeting(police.page, meetingId);
    await expect(police.page.getByTestId('presenter-link')).toHaveCount(0);

    // The room's screen: its own browser, at a projector's size.
    const room = await browser.newContext({ viewport: { width: 1920, height: 1080 } });
    const screen = await room.newPage();
    await signIn(screen, 'chair');
    await screen.goto(`/meetings/${meetingId}/present`);
    const shown = screen.getByTestId('presenter-item');
    await expect(shown).toHaveAttribute('data-item-id', String(itemIds[0]));
    await expect(shown).toHaveText(titles[0]!);
    await expect(screen.getByTestId('presenter-position')).toHaveText(`Item 1 of 3`);
    await expect(screen.getByTestId('present-risk')).toContainText('R-001');
    await expect(screen.getByTestId('present-risk-current')).toBeVisible();
    await expect(screen.getByTestId('presenter-next')).toHaveText(`Next: ${titles[1]}`);
    // No header, no controls: nothing to type in or press but the way back.
    await expect(screen.getByTestId('site-header')).toHaveCount(0);
    await expect(screen.locator('input, textarea, select, button')).toHaveCount(0);
    const size = await shown.evaluate((el) => parseFloat(getComputedStyle(el).fontSize));
    expect(size).toBeGreaterThanOrEqual(48);
    await expectNoSidewaysScroll(screen, 'presenter view');
    await expectNoAxeViolations(screen, 'presenter view');

    // The chair moves on from the meeting page; the room's screen follows without a reload.
    await chair.page.getByTestId('next-item').click();
    await expect.poll(() => shown.getAttribute('data-item-id')).toBe(String(itemIds[1]));
    await expect(shown).toHaveText(titles[1]!);
    await expect(screen.getByTestId('present-risk')).toHaveCount(0);
    await chair.page.getByTestId('jump-to-item').selectOption(String(itemIds[2]));
    await expect.poll(() => shown.getAttribute('data-item-id')).toBe(String(itemIds[2]));
    await expect(screen.getByTestId('presenter-position')).toHaveText('Item 3 of 3');

    // The screen is nobody in "here now": the chair is listed once, and two people are counted.
    const hereNow = (page: Page) => page.getByTestId('here-now');
    await expect(hereNow(chair.page).locator('#here-heading')).toHaveText('Here now (2)');
    await expect(hereNow(chair.page).getByTestId('here-entry')).toHaveCount(2);
    await expect(hereNow(chair.page).getByTestId('here-entry').filter({ hasText: '(you)' })).toHaveCount(1);
    await expect(hereNow(police.page).locator('#here-heading')).toHaveText('Here now (2)');
    // Yet nobody follows the meeting unseen: the screen is said apart, by whose session opened it.
    await expect(hereNow(chair.page).getByTestId('here-screens')).toHaveText('On a room screen, opened by you.');
    await expect(hereNow(police.page).getByTestId('here-screens')).toHaveText('On a room screen, opened by Margaret Ellison.');

    // Closed: the screen says so.
    await chair.page.getByTestId('close-meeting').click();
    await chair.page.getByTestId('close-meeting-yes').click();
    await expect(screen.getByTestId('presenter-status')).toHaveText('Closed');
    // The chair's own page goes; the screen, still open and signed in as the chair, keeps nobody here.
    await chair.context.close();
    await expect(hereNow(police.page).locator('#here-heading')).toHaveText('Here now (1)');
    await expect(hereNow(police.page).getByTestId('here-entry')).toHaveText([/DCI Tom Brennan \(you\)/]);
    await expect(screen.getByTestId('presenter-status')).toHaveText('Closed');
    await room.close();
    await expect(hereNow(police.page).getByTestId('here-screens')).toHaveCount(0);
    await police.context.close();
  });

  test('the agenda is edited in its own mode; a removal is confirmed and can be undone; closing asks first', async ({ browser }) => {
    // Two people's pages, notes typed and synced, and three accessibility scans.
    test.slow();
    const chair = await signedInContext(browser, 'chair');
    const { meetingId, itemIds, titles } = await liveMeeting(chair.page);
    const page = chair.page;
    await openMeeting(page, meetingId);
    const agenda = page.getByTestId('agenda');
    // Not editing: the rows carry no tools.
    await expect(agenda.getByTestId('agenda-item')).toHaveCount(3);
    await expect(agenda.getByTestId('agenda-remove')).toHaveCount(0);
    await expect(agenda.getByTestId('agenda-move-up')).toHaveCount(0);
    await expect(page.getByTestId('agenda-add-form')).toHaveCount(0);
    // A member may not edit it: no button to start.
    const police = await signedInContext(browser, 'police');
    await openMeeting(police.page, meetingId);
    await expect(police.page.getByTestId('agenda-edit')).toHaveCount(0);

    await page.getByTestId('agenda-edit').click();
    await expect(page.getByTestId('agenda-edit')).toHaveText('Finish editing');
    await expect(agenda.getByTestId('agenda-remove')).toHaveCount(3);
    const second = agenda.getByTestId('agenda-item').nth(1);

    // Asked first; "Keep it" changes nothing and gives focus back.
    await second.getByTestId('agenda-remove').click();
    await expect(second.getByTestId('agenda-remove-confirm')).toContainText(`Remove “${titles[1]}” from the agenda?`);
    await expect(second.getByTestId('agenda-remove-yes')).toBeFocused();
    await second.getByTestId('agenda-remove-no').click();
    await expect(second.getByTestId('agenda-remove')).toBeFocused();
    await expect(agenda.getByTestId('agenda-item')).toHaveCount(3);
    await expectNoAxeViolations(page, 'agenda in editing mode');

    // Notes typed under the second item, stored before it is removed.
    const noted = `Noted before the removal ${unique('n')}`;
    await second.getByTestId('agenda-item-view').click();
    const notes = page.getByTestId('item-panel').getByTestId('item-notes');
    await expect(notes).toBeEditable();
    await notes.click();
    await page.keyboard.type(noted);
    await expect
      .poll(async () => (await page.request.get(`/api/partnerships/1/meetings/${meetingId}`)).json().then((m: { agenda: { id: number; notes: string }[] }) => m.agenda.find((i) => i.id === itemIds[1])?.notes))
      .toBe(noted);

    // Removed: gone for everyone; the Undo takes focus and says the notes come back with it.
    await second.getByTestId('agenda-remove').click();
    await second.getByTestId('agenda-remove-yes').click();
    await expect(agenda.getByTestId('agenda-item')).toHaveCount(2);
    await expect(police.page.getByTestId('agenda').getByTestId('agenda-item')).toHaveCount(2);
    await expect(page.getByTestId('undo-agenda')).toContainText(`“${titles[1]}” removed from the agenda. Undo brings it back with its notes.`);
    await expect(page.getByTestId('undo-agenda-button')).toBeFocused();
    await expectNoAxeViolations(page, 'agenda item removed, with Undo');

    // Undone: the same item back in second place, for everyone, with its notes; the status says so.
    await page.getByTestId('undo-agenda-button').click();
    await expect(agenda.getByTestId('agenda-item')).toHaveCount(3);
    await expect(agenda.getByTestId('agenda-item').nth(1)).toContainText(titles[1]!);
    await expect(police.page.getByTestId('agenda').getByTestId('agenda-item').nth(1)).toContainText(titles[1]!);
    await expect(agenda.getByTestId('agenda-item').nth(1)).toHaveAttribute('data-item-id', String(itemIds[1]));
    await expect(page.getByTestId('undo-agenda-button')).toHaveCount(0);
    await expect(page.getByTestId('undo-agenda')).toHaveText(`“${titles[1]}” is back on the agenda with its notes.`);
    await agenda.getByTestId('agenda-item').nth(1).getByTestId('agenda-item-view').click();
    await expect(notes).toHaveValue(noted);
    await police.page.getByTestId('agenda').getByTestId('agenda-item').nth(1).getByTestId('agenda-item-view').click();
    await expect(police.page.getByTestId('item-panel').getByTestId('item-notes')).toHaveValue(noted);

    // A guest removed can be put back too.
    const guests = page.getByTestId('guests');
    await guests.getByTestId('guest-remove').first().click();
    await expect(page.getByTestId('guests')).toHaveCount(0);
    await page.getByTestId('undo-guests-button').click();
    await expect(page.getByTestId('guests')).toContainText('Anita Desai');

    // Finishing hides the tools again.
    await page.getByTestId('agenda-edit').click();
    await expect(agenda.getByTestId('agenda-remove')).toHaveCount(0);

    // Closing the meeting cannot be undone: it asks, and "Not yet" leaves it running.
    await page.getByTestId('close-meeting').click();
    await expect(page.getByTestId('close-meeting-confirm')).toContainText('It cannot be reopened');
    await page.getByTestId('close-meeting-no').click();
    await expect(page.getByTestId('meeting-status')).toHaveText('In progress');
    await expect(page.getByTestId('close-meeting')).toBeFocused();
    await police.context.close();
    await chair.context.close();
  });

  test('a meeting that is not there, or not the reader’s, says so on the meeting page and the presenter view', async ({ page }) => {
    await signIn(page, 'police');
    await page.goto('/meetings/999999');
    await expect(page.getByRole('heading', { level: 1, name: 'Meeting not found' })).toBeVisible();
    await expect(page.getByRole('link', { name: 'Go back to your boards' })).toHaveAttribute('href', '/');
    await page.goto('/meetings/999999/present');
    await expect(page.getByRole('heading', { level: 1, name: 'Meeting not found' })).toBeVisible();
    await expect(page.getByRole('link', { name: 'Go back to your boards' })).toHaveCount(0);
  });
});
