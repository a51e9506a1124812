import type { Page } from '@playwright/test';
import { expect, test } from './fixtures';
import { R005, signedInContext, unique } from './helpers';

/** Waits until this page is controlled by the service worker (it claims pages as soon as it is active). */
async function controlled(page: Page): Promise<void> {
  await expect.poll(() => page.evaluate(() => navigator.serviceWorker?.controller !== null && navigator.serviceWorker?.controller !== undefined), { timeout: 30_000 }).toBe(true);
}

/**
 * The offline shell: a risk seen before opens in a new page with no connection at all (the app from
 * the service worker's precache, the page's reads from what it kept, the risk's document from
 * IndexedDB); what is typed there merges when the connection is back; signing out forgets it all.
 */
test.describe('offline shell', () => {
  // Offline use is the service worker's: allowed here (playwright.config.ts blocks it elsewhere).
  test.use({ serviceWorkers: 'allow' });
  test('a risk seen before opens in a new page with no signal, and the edit made there merges on reconnect', async ({ browser }) => {
    const health = await signedInContext(browser, 'health');
    const chair = await signedInContext(browser, 'chair');
    await controlled(health.page);
    await health.page.goto(`/risks/${R005}`);
    await expect(health.page.getByTestId('connection-badge')).toHaveText('Online');
    await expect(health.page.getByTestId('field-title')).not.toHaveValue('');
    const title = await health.page.getByTestId('field-title').inputValue();
    await expect.poll(() => health.page.evaluate(async (id) => (await caches.match(`/api/partnerships/1/risks/${id}`)) !== undefined, R005)).toBe(true);

    await health.context.setOffline(true);
    const later = await health.context.newPage();
    await later.goto(`/risks/${R005}`);
    await expect(later.getByTestId('field-title')).toHaveValue(title);
    await expect(later.getByTestId('connection-badge')).toHaveText('Offline');
    // Truly no network, for the page and its service worker alike: what is shown came from this device.
    expect(await later.evaluate(() => fetch('/api/health').then(() => 'answered', () => 'no network'))).toBe('no network');
    const text = ` Typed on the train ${unique('t')}.`;
    const effect = later.getByTestId('field-effect');
    await effect.click();
    await later.keyboard.press('Control+End');
    await later.keyboard.type(text);
    await expect(later.getByTestId('unsynced')).toContainText('Changes to 1 field not yet synced');

    await chair.page.goto(`/risks/${R005}`);
    await expect(chair.page.getByTestId('connection-badge')).toHaveText('Online');
    await health.context.setOffline(false);
    await expect(chair.page.getByTestId('field-effect')).toHaveValue(new RegExp(text.trim().replace(/[.*+?^${}()|[\]\\]/g, '\\$&')));
    await expect(later.getByTestId('unsynced')).toHaveCount(0);

    // Signing out forgets what was kept: no page reads and no documents are left on this device.
    await later.getByTestId('sign-out').click();
    await expect(later).toHaveURL(/\/login/);
    await expect.poll(() => later.evaluate(async () => (await caches.keys()).includes('board-api'))).toBe(false);
    await expect.poll(() => later.evaluate(async () => (await indexedDB.databases()).some((d) => /^(risk|meeting|challenge|objective):/.test(d.name ?? '')))).toBe(false);
    await health.context.close();
    await chair.context.close();
  });

  test('on a phone with no signal, a risk owner adds a progress note to a mitigation of a risk they own but never opened here', async ({ browser }) => {
    const health = await signedInContext(browser, 'health');
    await health.page.setViewportSize({ width: 390, height: 844 });
    await controlled(health.page);
    // The home page keeps the person's own open risks ready in the background, once a worker is in control.
    await health.page.goto('/');
    await expect(health.page.getByRole('heading', { level: 1, name: 'Your boards' })).toBeVisible();
    const kept = async (): Promise<number | null> =>
      health.page.evaluate(async () => {
        const docs = new Set((await indexedDB.databases()).map((d) => d.name ?? ''));
        const reads = await (await caches.open('board-api')).keys();
        for (const r of reads) {
          const id = /\/api\/partnerships\/1\/risks\/(\d+)$/.exec(new URL(r.url).pathname)?.[1];
          if (id && docs.has(`risk:${id}`)) return Number(id);
        }
        return null;
      });
    await expect.poll(kept, { timeout: 30_000 }).not.toBeNull();
    const riskId = (await kept())!;

    await health.context.setOffline(true);
    const phone = await health.context.newPage();
    await phone.setViewportSize({ width: 390, height: 844 });
    await phone.goto(`/risks/${riskId}`);
    await expect(phone.getByTestId('connection-badge')).toHaveText('Offline');
    await expect(phone.getByTestId('field-title')).not.toHaveValue('');
    const mitigation = phone.getByTestId('mitigation').first();
    await expect(mitigation).toBeVisible();
    // Usable at a phone's width: nothing makes the page scroll sideways.
    expect(await phone.evaluate(() => document.documentElement.scrollWidth <= document.documentElement.clientWidth)).toBe(true);
    const note = `Rota agreed with the trust on the train ${unique('n')}`;
    await mitigation.getByTestId('mitigation-note-input').fill(note);
    await mitigation.getByTestId('mitigation-note-add').click();
    await expect(mitigation.getByTestId('mitigation-notes')).toContainText(note);
    await expect(phone.getByTestId('unsynced')).toBeVisible();

    // Signal again: the note reaches the server, and another member's page shows it.
    await health.context.setOffline(false);
    await expect(phone.getByTestId('unsynced')).toHaveCount(0);
    const chair = await signedInContext(browser, 'chair');
    await chair.page.goto(`/risks/${riskId}`);
    await expect(chair.page.getByTestId('connection-badge')).toHaveText('Online');
    await expect(chair.page.getByTestId('mitigation').first().getByTestId('mitigation-notes')).toContainText(note);
    await health.context.close();
    await chair.context.close();
  });
});
