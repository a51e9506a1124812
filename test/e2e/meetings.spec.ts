import type { Locator, Page } from '@playwright/test';
import { expect, test } from './fixtures';
import { expectNoAxeViolations, signedInContext, unique } from './helpers';

const CHAIR = 'Margaret Ellison';
const POLICE = 'DCI Tom Brennan';
const HEALTH = 'Dr Aisha Rahman';
const ICB = 'Northbrook Integrated Care Board';

/** A date `days` from today, as YYYY-MM-DD (what date inputs take). */
function isoDay(days: number): string {
  const d = new Date(Date.now() + days * 86_400_000);
  return d.toISOString().slice(0, 10);
}

/** A calendar date as the app writes every date: "2027-01-14" → "14 Jan 2027". */
/** A date as a sentence says it (GOV.UK style): "14 January 2027". */
function shownDate(isoDate: string): string {
  const [y, m, d] = isoDate.split('-').map(Number) as [number, number, number];
  return `${d} ${['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'][m - 1]} ${y}`;
}

/** Today in London, as YYYY-MM-DD: the only day a meeting can be started. */
function londonToday(): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/London', year: 'numeric', month: '2-digit', day: '2-digit' }).format(Date.now());
}

/** Escapes text for use inside a RegExp. */
function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** From the home page to the Improvement Board's page; returns the board id. */
async function openImprovementBoard(page: Page): Promise<number> {
  await page.goto('/');
  await page.getByTestId('my-boards').getByTestId('board-link').filter({ hasText: /^Improvement Board$/ }).click();
  await expect(page).toHaveURL(/\/boards\/\d+$/);
  await expect(page.getByTestId('meetings')).toBeVisible();
  return Number(/\/boards\/(\d+)$/.exec(page.url())![1]);
}

/** The chair schedules a meeting of the Improvement Board on `day` and adds agenda items; returns its id and item ids. */
async function scheduleMeeting(page: Page, titles: string[], day = isoDay(40)): Promise<{ boardId: number; meetingId: number; itemIds: number[] }> {
  const boardId = await openImprovementBoard(page);
  const meetings = page.getByTestId('meetings');
  await meetings.getByText('Schedule a meeting').click();
  await page.getByTestId('meeting-date').fill(day);
  await page.getByTestId('schedule-submit').click();
  await expect(page).toHaveURL(/\/meetings\/\d+$/);
  const meetingId = Number(/\/meetings\/(\d+)$/.exec(page.url())![1]);
  await expect(page.getByTestId('meeting-status')).toHaveText('Scheduled');
  await expect(page.getByTestId('papers-deadline')).toContainText('Papers due');

  const agenda = page.getByTestId('agenda');
  await agenda.getByText('Add an agenda item').click();
  for (const [i, title] of titles.entries()) {
    await page.getByTestId('agenda-title').fill(title);
    await page.getByTestId('agenda-add').click();
    await expect(agenda.getByTestId('agenda-item')).toHaveCount(i + 1);
    await expect(agenda.getByTestId('agenda-item').nth(i)).toContainText(title);
    // The board's state push can arrive before the command's answer, which then empties the form:
    // wait for that, or the next title typed would be wiped.
    await expect(page.getByTestId('agenda-title')).toHaveValue('');
    await expect(page.getByTestId('agenda-add')).toBeEnabled();
  }
  const itemIds: number[] = [];
  for (let i = 0; i < titles.length; i++) itemIds.push(Number(await agenda.getByTestId('agenda-item').nth(i).getAttribute('data-item-id')));
  return { boardId, meetingId, itemIds };
}

/** Opens a meeting page and waits for it to load. */
async function openMeeting(page: Page, meetingId: number): Promise<void> {
  await page.goto(`/meetings/${meetingId}`);
  await expect(page.getByTestId('meeting-heading')).toBeVisible();
}

function itemPanel(page: Page): Locator {
  return page.getByTestId('item-panel');
}

/** Records one's own attendance (or, for the chair, anyone's) as present. */
async function markPresent(page: Page, name: string): Promise<void> {
  const row = page.getByTestId('attendance-row').filter({ hasText: name });
  await row.getByTestId('attendance-select').selectOption('present');
  await expect(row.getByTestId('attendance-select')).toHaveValue('present');
}

test.describe('live board meetings', () => {
  test('chair runs a meeting with police and health: follow the chair, shared notes, hands, an action, minutes and sign-off', async ({ browser }) => {
    test.slow();
    const chair = await signedInContext(browser, 'chair');
    const police = await signedInContext(browser, 'police');
    const health = await signedInContext(browser, 'health');
    const tag = unique('mtg');
    const titles = [`Welcome ${tag}`, `MASH staffing ${tag}`, `Any other business ${tag}`];
    const { boardId, meetingId, itemIds } = await scheduleMeeting(chair.page, titles);
    const [item1, item2] = itemIds as [number, number, number];

    await test.step('before the start: everyone sees the scheduled meeting; no violations', async () => {
      await Promise.all([openMeeting(police.page, meetingId), openMeeting(health.page, meetingId)]);
      for (const { page } of [chair, police, health]) {
        await expect(page.getByTestId('meeting-status')).toHaveText('Scheduled');
        await expect(page.getByTestId('agenda').getByTestId('agenda-item')).toHaveCount(3);
        await expect(page.getByTestId('follow-chair')).toHaveCount(0);
      }
      // Scheduled 40 days ahead: the server says why it cannot start today, and the chair may move it to today.
      await expect(chair.page.getByTestId('start-blocked')).toContainText(/is scheduled for \w+day \d+ \w+ \d{4}: it can be started on that day, or moved to today first/);
      await expect(chair.page.getByTestId('start-meeting')).toHaveCount(0);
      await expect(police.page.getByTestId('chair-controls')).toHaveCount(0);
      await expect(health.page.getByTestId('chair-controls')).toHaveCount(0);
      await expectNoAxeViolations(chair.page, 'meeting page before the start (chair)');
    });

    await test.step('the chair moves the meeting to today and starts it: everyone is on item 1 without a reload', async () => {
      await chair.page.getByTestId('move-to-today').click();
      await expect(chair.page.getByTestId('start-meeting')).toBeFocused();
      await expect(chair.page.getByTestId('start-blocked')).toHaveCount(0);
      await chair.page.getByTestId('start-meeting').click();
      for (const { page } of [chair, police, health]) {
        await expect(page.getByTestId('meeting-status')).toHaveText('In progress');
        await expect(itemPanel(page)).toHaveAttribute('data-item-id', String(item1));
        await expect(itemPanel(page).getByTestId('item-current')).toHaveText('Now');
        await expect(page.getByTestId('follow-chair')).toBeChecked();
      }
      await expect(chair.page.getByTestId('item-timer')).toContainText('elapsed');
      await expect(police.page.getByTestId('meeting-live')).toContainText('The chair has started the meeting');
    });

    await test.step('members record their own attendance; the chair records hers', async () => {
      await markPresent(chair.page, CHAIR);
      await markPresent(police.page, POLICE);
      await markPresent(health.page, HEALTH);
      // A member may record only their own attendance: no select on anyone else's row.
      await expect(police.page.getByTestId('attendance-select')).toHaveCount(1);
      for (const { page } of [chair, police, health]) await expect(page.getByTestId('quorum')).toContainText(/\b3 of \d+ members attending/);
      await expect(chair.page.getByTestId('attendance-row').filter({ hasText: HEALTH }).getByTestId('attendance-select')).toHaveValue('present');
      await expect(health.page.getByTestId('attendance-row').filter({ hasText: POLICE }).getByTestId('attendance-status')).toHaveText('Present');
    });

    await test.step('police and health follow the chair; health, not following, stays on item 1', async () => {
      await health.page.getByTestId('follow-chair').uncheck();
      await expect(health.page.getByTestId('follow-chair')).not.toBeChecked();
      await chair.page.getByTestId('next-item').click();

      await expect(itemPanel(chair.page)).toHaveAttribute('data-item-id', String(item2));
      await expect(itemPanel(police.page)).toHaveAttribute('data-item-id', String(item2));
      await expect(itemPanel(police.page)).toContainText(titles[1]!);
      await expect(itemPanel(police.page).getByTestId('item-current')).toBeVisible();
      await expect(police.page.getByTestId('meeting-live')).toContainText(`The chair moved to item 2: ${titles[1]}`);
      await expect(police.page.locator(`[data-testid="agenda-item"][data-item-id="${item2}"] button`)).toHaveAttribute('aria-current', 'step');

      // Health stays where she was, told where the chair is.
      await expect(health.page.getByText('The chair is on item 2.')).toBeVisible();
      await expect(itemPanel(health.page)).toHaveAttribute('data-item-id', String(item1));
      await expect(itemPanel(health.page).getByTestId('item-current')).toHaveCount(0);
      await expect(health.page.locator(`[data-testid="agenda-item"][data-item-id="${item2}"] button`)).toHaveAttribute('aria-current', 'step');

      // Following again brings her to the chair's item.
      await health.page.getByTestId('follow-chair').check();
      await expect(itemPanel(health.page)).toHaveAttribute('data-item-id', String(item2));
      await expect(itemPanel(health.page).getByTestId('item-current')).toBeVisible();
    });

    const fromPolice = ` Police ${unique('p')} noted MASH referrals rose.`;
    const fromHealth = ` Health ${unique('h')} noted two vacancies.`;
    await test.step('police and health type the notes of item 2 at the same time; both texts reach all three pages', async () => {
      for (const { page } of [police, health]) {
        await expect(itemPanel(page).getByTestId('item-notes')).toBeEditable();
        await itemPanel(page).getByTestId('item-notes').click();
        await page.keyboard.press('Control+End');
      }
      await Promise.all([police.page.keyboard.type(fromPolice, { delay: 25 }), health.page.keyboard.type(fromHealth, { delay: 25 })]);
      for (const { page } of [chair, police, health]) {
        const notes = itemPanel(page).getByTestId('item-notes');
        await expect(notes).toHaveValue(new RegExp(escape(fromPolice.trim())));
        await expect(notes).toHaveValue(new RegExp(escape(fromHealth.trim())));
      }
      await expect
        .poll(async () => {
          const [a, b, c] = await Promise.all([chair, police, health].map(({ page }) => itemPanel(page).getByTestId('item-notes').inputValue()));
          return a === b && b === c;
        })
        .toBe(true);
    });

    const decision = `The Board asks for a MASH staffing report ${unique('d')}`;
    await test.step('the chair records a decision; everyone sees it', async () => {
      await chair.page.getByTestId('new-decision').fill(decision);
      await chair.page.getByTestId('add-decision').click();
      for (const { page } of [chair, police, health]) {
        await expect(itemPanel(page).getByTestId('decision-text')).toHaveValue(decision);
      }
      await expect(police.page.getByTestId('meeting-live')).toContainText(`New decision on item 2: ${decision}`);
    });

    await test.step('health raises a hand; the chair sees it and clears it', async () => {
      await health.page.getByTestId('raise-hand').click();
      await expect(health.page.getByTestId('lower-hand')).toBeVisible();
      await expect(chair.page.getByTestId('hand-queue')).toContainText(HEALTH);
      await expect(chair.page.getByTestId('meeting-live')).toContainText(`${HEALTH} raised a hand`);
      await expect(police.page.getByTestId('hand-queue')).toContainText(HEALTH);
      // Only the chair clears others' hands.
      await expect(police.page.getByTestId('clear-hand')).toHaveCount(0);

      await chair.page.getByTestId('clear-hand').click();
      for (const { page } of [chair, police, health]) await expect(page.getByTestId('hand-queue')).toHaveCount(0);
      await expect(health.page.getByTestId('raise-hand')).toBeVisible();
    });

    const action = `Report MASH health staffing ${unique('a')}`;
    const due = isoDay(21);
    await test.step('an action owned by Health is captured in item 2', async () => {
      const form = itemPanel(police.page).getByTestId('action-form');
      await form.getByTestId('action-description').fill(action);
      await form.getByTestId('action-owner').selectOption({ label: `${HEALTH} (${ICB})` });
      await form.getByTestId('action-agency').selectOption({ label: ICB });
      await form.getByTestId('action-due').fill(due);
      await form.getByTestId('add-action').click();
      await expect(form.getByTestId('action-description')).toHaveValue('');
      for (const { page } of [chair, police, health]) {
        const row = itemPanel(page).getByTestId('item-action').filter({ hasText: action });
        await expect(row).toContainText(`${HEALTH}, ${ICB}, due ${shownDate(due)}`);
      }
      await expect(health.page.getByTestId('meeting-live')).toContainText(`for ${HEALTH}: ${action}`);
    });

    await test.step('live: no violations, with the chair’s controls and in a participant’s view', async () => {
      await expect(chair.page.getByTestId('chair-controls')).toBeVisible();
      await expectNoAxeViolations(chair.page, 'live meeting (chair)');
      await expectNoAxeViolations(police.page, 'live meeting (police)');
    });

    await test.step('the chair closes the meeting', async () => {
      await chair.page.getByTestId('close-meeting').click();
      // Closing cannot be undone: it asks first.
      await chair.page.getByTestId('close-meeting-yes').click();
      for (const { page } of [chair, police, health]) {
        await expect(page.getByTestId('meeting-status')).toHaveText('Closed');
        await expect(page.getByTestId('follow-chair')).toHaveCount(0);
        await expect(page.getByTestId('raise-hand')).toHaveCount(0);
      }
      await expect(health.page.getByTestId('meeting-live')).toContainText('The chair has closed the meeting');
      await expect(chair.page.getByTestId('sign-off')).toBeVisible();
      await expectNoAxeViolations(chair.page, 'closed meeting (chair)');
    });

    await test.step('the action is in the board’s actions log and on the health member’s view of it', async () => {
      await chair.page.goto(`/boards/${boardId}/actions`);
      const chairRow = chair.page.getByTestId('action-row').filter({ hasText: action });
      await expect(chairRow).toContainText(`${HEALTH}, ${ICB}`);
      await expect(chairRow).toContainText(titles[1]!);
      await expect(chair.page.getByTestId('action-overdue').first()).toBeVisible();
      await expectNoAxeViolations(chair.page, 'actions log');

      // The health member finds it on her own page, and was told it is hers.
      await health.page.goto('/');
      await expect(health.page.getByTestId('my-action').filter({ hasText: action })).toBeVisible();
      await expectNoAxeViolations(health.page, 'home page with my actions');
      await health.page.goto('/notifications');
      await expect(health.page.getByText(action).first()).toBeVisible();

      // She reaches the log from the board page; her own action's status is hers to move on.
      await openImprovementBoard(health.page);
      await health.page.getByTestId('actions-log-link').click();
      await expect(health.page.getByTestId('actions-heading')).toBeVisible();
      const mine = health.page.getByTestId('action-row').filter({ hasText: action });
      await expect(mine).toContainText(`${HEALTH}, ${ICB}`);
      await expect(mine.getByTestId('action-status')).toHaveValue('open');
      // Not hers: the police member's view has no status control on Health's action.
      await police.page.goto(`/boards/${boardId}/actions`);
      await expect(police.page.getByTestId('action-row').filter({ hasText: action })).toContainText('Open');
      await expect(police.page.getByTestId('action-row').filter({ hasText: action }).getByTestId('action-status')).toHaveCount(0);
    });

    await test.step('the draft minutes show attendance, the notes, the decision and the action', async () => {
      await chair.page.goto(`/meetings/${meetingId}/minutes`);
      const minutes = chair.page.getByTestId('minutes');
      await expect(minutes.getByTestId('minutes-draft')).toBeVisible();
      const present = minutes.locator('dt', { hasText: /^Present$/ }).locator('xpath=following-sibling::dd[1]');
      for (const name of [CHAIR, POLICE, HEALTH]) await expect(present).toContainText(name);
      const item = minutes.getByTestId('minutes-item').filter({ hasText: titles[1]! });
      await expect(item).toContainText(fromPolice.trim());
      await expect(item).toContainText(fromHealth.trim());
      await expect(item.getByTestId('minutes-decision')).toHaveText(decision);
      const row = item.getByTestId('minutes-action').filter({ hasText: action });
      await expect(row).toContainText(`${HEALTH}, ${ICB}`);
      await expectNoAxeViolations(chair.page, 'draft minutes');
    });

    await test.step('after sign-off the minutes are signed and the notes are read-only', async () => {
      await Promise.all([chair, police, health].map(({ page }) => openMeeting(page, meetingId)));
      for (const { page } of [police, health]) {
        await page.locator(`[data-testid="agenda-item"][data-item-id="${item2}"] button`).click();
        await expect(itemPanel(page).getByTestId('item-notes')).toHaveValue(new RegExp(escape(fromHealth.trim())));
        // Closed but not signed off: members may still correct the notes.
        await expect(itemPanel(page).getByTestId('item-notes')).toBeEditable();
      }
      await chair.page.getByTestId('sign-off').click();
      await expect(chair.page.getByTestId('confirm-sign-off')).toBeFocused();
      await chair.page.getByTestId('confirm-sign-off').click();
      // Everyone with the meeting open sees it frozen without a reload.
      for (const { page } of [chair, police, health]) {
        await expect(page.getByTestId('meeting-status')).toHaveText('Minutes signed off');
        await expect(page.getByTestId('frozen')).toBeVisible();
      }
      for (const { page } of [police, health]) {
        const notes = itemPanel(page).getByTestId('item-notes');
        await expect(notes).toHaveValue(new RegExp(escape(fromPolice.trim())));
        await expect(notes).not.toBeEditable();
        await expect(itemPanel(page).getByTestId('decision-text')).not.toBeEditable();
        await expect(itemPanel(page).getByTestId('new-decision')).toHaveCount(0);
        await expect(itemPanel(page).getByTestId('action-form')).toHaveCount(0);
        await expect(page.getByTestId('attendance-select')).toHaveCount(0);
      }
      // A later visit is read-only too, and typing into the notes changes nothing.
      await openMeeting(health.page, meetingId);
      await expect(health.page.getByTestId('frozen')).toBeVisible();
      await health.page.locator(`[data-testid="agenda-item"][data-item-id="${item2}"] button`).click();
      const notes = itemPanel(health.page).getByTestId('item-notes');
      await expect(notes).toHaveValue(new RegExp(escape(fromHealth.trim())));
      await expect(notes).not.toBeEditable();
      const frozenText = await notes.inputValue();
      await notes.focus();
      await health.page.keyboard.press('Control+End');
      await health.page.keyboard.type(' late edit');
      await expect(notes).toHaveValue(frozenText);

      await chair.page.goto(`/meetings/${meetingId}/minutes`);
      await expect(chair.page.getByTestId('minutes-signed')).toContainText(`Signed off as a true record by ${CHAIR}`);
      await expect(chair.page.getByTestId('minutes-draft')).toHaveCount(0);
      // When it was held, from its actual start and close, in London time.
      await expect(chair.page.getByTestId('minutes-held')).toContainText(/^Held on \w+day \d+ \w+ \d{4} from \d{1,2}:\d{2}[ap]m to \d{1,2}:\d{2}[ap]m/);
      await expect(chair.page.getByTestId('minutes-item').filter({ hasText: titles[1]! })).toContainText(fromPolice.trim());
      await expectNoAxeViolations(chair.page, 'signed-off minutes');
    });

    await test.step('the attendance report counts the meeting', async () => {
      await chair.page.goto(`/boards/${boardId}`);
      await chair.page.getByTestId('attendance-report-link').click();
      await expect(chair.page.getByTestId('attendance-by-agency')).toBeVisible();
      await expect(chair.page.getByTestId('attendance-by-person').getByRole('row').filter({ hasText: HEALTH })).toBeVisible();
      await expectNoAxeViolations(chair.page, 'attendance report');
    });

    await chair.context.close();
    await police.context.close();
    await health.context.close();
  });

  test('the chair starts the meeting and moves to the next item from the keyboard', async ({ browser }) => {
    const chair = await signedInContext(browser, 'chair');
    const tag = unique('kbd');
    // Today's meeting: it may be started now.
    const { itemIds } = await scheduleMeeting(chair.page, [`First ${tag}`, `Second ${tag}`, `Third ${tag}`], londonToday());
    const page = chair.page;
    await page.reload();
    await expect(page.getByTestId('meeting-heading')).toBeVisible();

    /** Tabs forward until the control is focused (it must be reachable by Tab alone). */
    async function tabTo(testid: string): Promise<void> {
      const target = page.getByTestId(testid);
      for (let i = 0; i < 60; i++) {
        if (await target.evaluate((el) => el === document.activeElement)) return;
        await page.keyboard.press('Tab');
      }
      await expect(target).toBeFocused();
    }

    await page.locator('body').focus();
    await tabTo('start-meeting');
    await page.keyboard.press('Enter');
    await expect(page.getByTestId('meeting-status')).toHaveText('In progress');
    await expect(itemPanel(page)).toHaveAttribute('data-item-id', String(itemIds[0]));
    // The start button gives way to the running controls: focus lands on "Next item", not on the page.
    await expect(page.getByTestId('next-item')).toBeFocused();

    await tabTo('next-item');
    await page.keyboard.press('Enter');
    await expect(itemPanel(page)).toHaveAttribute('data-item-id', String(itemIds[1]));
    // Focus stays on the control, so the chair can press it again.
    await expect(page.getByTestId('next-item')).toBeFocused();
    await page.keyboard.press('Space');
    await expect(itemPanel(page)).toHaveAttribute('data-item-id', String(itemIds[2]));
    await expect(page.getByTestId('next-item')).toBeDisabled();

    await chair.context.close();
  });
  test('the chair records a member as represented: the named deputy is proposed, and only their agency’s people are offered', async ({ browser }) => {
    const chair = await signedInContext(browser, 'chair');
    const { meetingId } = await scheduleMeeting(chair.page, [`Deputies ${unique('dep')}`], londonToday());
    await openMeeting(chair.page, meetingId);
    const health = chair.page.getByTestId('attendance-row').filter({ hasText: HEALTH });
    await health.getByTestId('attendance-select').selectOption('represented');
    await expect(health.getByTestId('deputy-select')).toHaveValue(/\d+/);
    await expect(health.getByTestId('deputy-select').locator('option:checked')).toHaveText('Fiona Grant (named deputy)');
    // James Osei is of the NHS Trust, not the ICB: never offered as the ICB member's deputy.
    await expect(health.getByTestId('deputy-select').locator('option')).toHaveText(['Fiona Grant (named deputy)']);
    await expect(chair.page.getByTestId('quorum')).toContainText(/\b1 of \d+ members attending/);
    await expectNoAxeViolations(chair.page, 'attendance with a deputy');
    await chair.context.close();
  });
});
