import { expect, test as base, type BrowserContext } from '@playwright/test';
import { ANSWER_MISMATCH_MARK } from '../../shared/protocol/rest';

/**
 * Playwright's `test`, failing any test whose pages logged an answer or push that does not match its
 * shared schema. The client built for e2e (`npm run build:e2e`, which playwright.config.ts runs before
 * starting the server) checks every answer and logs each mismatch with ANSWER_MISMATCH_MARK; here every
 * browser context of the test is watched: the test's own, and those it opens with `browser.newContext()`.
 */
export const test = base.extend<{ answersMatchSchemas: void }>({
  answersMatchSchemas: [
    async ({ browser, context }, use) => {
      const found: string[] = [];
      const watch = (c: BrowserContext) => {
        c.on('console', (message) => {
          if (message.type() === 'error' && message.text().includes(ANSWER_MISMATCH_MARK)) found.push(message.text());
        });
        return c;
      };
      watch(context);
      // The worker's browser is shared by its tests: newContext is wrapped for this test only.
      const newContext = browser.newContext.bind(browser);
      browser.newContext = async (...args) => watch(await newContext(...args));
      try {
        await use();
      } finally {
        browser.newContext = newContext;
      }
      expect(found, 'answers or pushes that do not match their schemas (shared/protocol/rest.ts, commands.ts, socket.ts)').toEqual([]);
    },
    { auto: true },
  ],
});

export { expect };
