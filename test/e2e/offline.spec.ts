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
});
