import type { BrowserContext, Page, WebSocketRoute } from '@playwright/test';
import { expect, test } from './fixtures';
import { expectNoAxeViolations, R005, signedInContext } from './helpers';

/**
 * A page's notices and pushes channel (Socket.io, a WebSocket) as a network that loses its pushes:
 * `cut()` drops every event the server sends on it, `restore()` ends the connection (as a dead one
 * ends) so the page connects again, this time heard. Installed before the page opens; the documents' own
 * WebSockets (/yjs/) are left alone.
 */
async function socketSwitch(context: BrowserContext): Promise<{ cut(): void; restore(): Promise<void> }> {
  let cut = false;
  const open = new Set<WebSocketRoute>();
  await context.routeWebSocket(
    (url) => url.pathname.startsWith('/socket.io/'),
    (ws) => {
      const server = ws.connectToServer();
      ws.onMessage((message) => server.send(message));
      // Engine.io's own packets (open, ping) pass, so the page is connected; Socket.io's events ("42…")
      // are what is lost.
      server.onMessage((message) => {
        if (!cut || !String(message).startsWith('42')) ws.send(message);
      });
      open.add(ws);
      ws.onClose(() => open.delete(ws));
    },
  );
  return {
    cut() {
      cut = true;
    },
    async restore() {
      cut = false;
      for (const ws of [...open]) await ws.close();
    },
  };
}

async function openRisk(page: Page, riskId = R005): Promise<void> {
  await page.goto(`/risks/${riskId}`);
  await expect(page.getByTestId('risk-heading')).toContainText(/^R-\d{3}/);
  await expect(page.getByTestId('connection-badge')).toHaveText('Online');
  await expect(page.getByTestId('field-title')).not.toHaveValue('');
}

test('two people set the same score at once: the one whose change did not hold is told, and sets it again', async ({ browser }) => {
  const chair = await signedInContext(browser, 'chair');
  const health = await signedInContext(browser, 'health');
  await Promise.all([openRisk(chair.page), openRisk(health.page)]);
  const picker = (page: Page) => page.getByTestId('score-current-likelihood');
  const before = Number(await picker(chair.page).inputValue());
  const fromHealth = (before % 5) + 1;
  const fromChair = (fromHealth % 5) + 1;

  // Neither sees the other's change before making their own: health is offline while both set it.
  await health.context.setOffline(true);
  await expect(health.page.getByTestId('connection-badge')).toHaveText('Offline');
  await picker(health.page).selectOption(String(fromHealth));
  await picker(chair.page).selectOption(String(fromChair));
  await health.context.setOffline(false);
  await expect(health.page.getByTestId('connection-badge')).toHaveText('Online');

  // One value holds on both pages, as the merge decides (by the pages' random ids).
  await expect.poll(async () => (await picker(chair.page).inputValue()) === (await picker(health.page).inputValue())).toBe(true);
  const held = Number(await picker(chair.page).inputValue());
  expect([fromHealth, fromChair]).toContain(held);
  const [loser, winner, lost, heldBy] = held === fromChair ? [health, chair, fromHealth, 'Margaret Ellison'] : [chair, health, fromChair, 'Dr Aisha Rahman'];

  const notice = loser.page.getByTestId('overtaken-notice');
  await expect(notice.getByRole('alert')).toContainText('Your change to Current likelihood did not hold.');
  await expect(notice.getByRole('alert')).toContainText(`You set it to ${lost}, but ${heldBy} set it to ${held} at the same moment`);
  await expectNoAxeViolations(loser.page, 'risk page with a change that did not hold');

  await notice.getByRole('button', { name: `Set it to ${lost} again` }).click();
  const done = loser.page.getByTestId('overtaken-done');
  await expect(done).toHaveText(`Current likelihood is set to ${lost} again.`);
  await expect(done).toBeFocused();
  await expect(picker(winner.page)).toHaveValue(String(lost));
  await expect(picker(loser.page)).toHaveValue(String(lost));
  // Setting it again, having seen the other value, is a change like any other: nobody is told.
  await expect(winner.page.getByTestId('overtaken-notice')).toHaveCount(0);

  // The history says it in words, for everyone.
  await winner.page.getByTestId('tab-history').click();
  await expect(winner.page.getByTestId('audit-overtaken').first()).toContainText(new RegExp(`'s change of Current likelihood to ${lost} was overtaken by ${heldBy}'s ${held} at \\d{1,2}:\\d\\d[ap]m`));
  await expectNoAxeViolations(winner.page, 'risk history with a change that did not hold');

  await notice.getByRole('button', { name: 'Dismiss' }).click();
  await expect(notice).toHaveCount(0);
  await chair.context.close();
  await health.context.close();
});

test('told on coming back even when the live connection returns after the change was overtaken', async ({ browser }) => {
  const chair = await signedInContext(browser, 'chair');
  const health = await signedInContext(browser, 'health');
  const switches = await Promise.all([socketSwitch(health.context), socketSwitch(chair.context)]);
  await Promise.all([openRisk(chair.page), openRisk(health.page)]);
  const picker = (page: Page) => page.getByTestId('score-current-likelihood');
  const history = async () => (await (await chair.page.request.get(`/api/partnerships/1/risks/${R005}/history`)).json()) as { changes: { id: number; overtaken?: unknown }[] };
  const newestBefore = Math.max(0, ...(await history()).changes.map((c) => c.id));
  const before = Number(await picker(chair.page).inputValue());
  const fromHealth = (before % 5) + 1;
  const fromChair = (fromHealth % 5) + 1;

  // Both set it offline; both pages' notices and pushes channel (Socket.io, a WebSocket) stays away on
  // coming back, so the overtaken change is on the record before either page can hear of it.
  for (const { context, page } of [health, chair]) {
    await context.setOffline(true);
    await expect(page.getByTestId('connection-badge')).toHaveText('Offline');
  }
  for (const channel of switches) channel.cut();
  await picker(health.page).selectOption(String(fromHealth));
  await picker(chair.page).selectOption(String(fromChair));
  for (const { context } of [health, chair]) await context.setOffline(false);
  await expect.poll(async () => (await history()).changes.some((c) => c.id > newestBefore && c.overtaken), { timeout: 20_000 }).toBe(true);

  // The channel comes back: the page whose change did not hold reads what it missed and says so.
  for (const channel of switches) await channel.restore();
  await expect.poll(async () => (await picker(chair.page).inputValue()) === (await picker(health.page).inputValue())).toBe(true);
  const held = Number(await picker(chair.page).inputValue());
  const loser = held === fromChair ? health : chair;
  await expect(loser.page.getByTestId('overtaken-notice').getByRole('alert')).toContainText('Your change to Current likelihood did not hold.', { timeout: 20_000 });
  await chair.context.close();
  await health.context.close();
});
