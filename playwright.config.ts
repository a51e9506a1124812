import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { defineConfig } from '@playwright/test';

const port = Number(process.env.E2E_PORT ?? 3199);
// A fresh database for every run, seeded with the demo partnership on start. Kept in the environment,
// so the workers (which load this file again) know the same one: a spec may read a mail as stored there.
const dataDir = process.env.E2E_DATA_DIR ?? mkdtempSync(path.join(tmpdir(), 'board-e2e-'));
process.env.E2E_DATA_DIR = dataDir;

// The browser the tests drive: CHROMIUM_PATH if set; else Debian's old headless shell
// (chromium-headless-shell, which .ci/run installs), the same Blink without the full browser's windowing,
// about a quarter less CPU per test here; else Debian's Chromium. The server prints PDFs with its own
// CHROMIUM_PATH (Debian's Chromium by default), as in production.
const HEADLESS_SHELL = '/usr/bin/chromium-headless-shell';
const browserPath = process.env.CHROMIUM_PATH ?? (existsSync(HEADLESS_SHELL) ? HEADLESS_SHELL : '/usr/bin/chromium');

export default defineConfig({
  testDir: 'test/e2e',
  testMatch: '**/*.spec.ts',
  timeout: 60_000,
  expect: { timeout: 10_000 },
  fullyParallel: false,
  workers: 1,
  retries: 0,
  reporter: [['list']],
  use: {
    baseURL: `http://127.0.0.1:${port}`,
    // A trace records every action of every test (screenshots, DOM snapshots): about a fifth of the
    // suite's time on a 2-CPU machine. Off by default; E2E_TRACE=1 keeps one for each failing test.
    trace: process.env.E2E_TRACE === '1' ? 'retain-on-failure' : 'off',
    // A context's service worker precaches the whole client and, on the home page, keeps the person's
    // own risks for offline use (client/src/lib/sync/keep-offline.ts): every new context pays for it,
    // about a sixth of the suite's time. Blocked here; the specs about the device's copy and offline use
    // allow it (`test.use({ serviceWorkers: 'allow' })`): offline, partnerships, the CSP test, and the
    // register's signing-out tests.
    serviceWorkers: 'block',
    launchOptions: {
      executablePath: browserPath,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    },
  },
  // The client is built here, in e2e mode, into its own folder: a production build in every other
  // respect that also checks each answer and push against its shared schema (client/src/lib/api/check.ts),
  // so however the suite is started it runs against current code with the checks on (test/e2e/fixtures.ts).
  webServer: {
    command: 'npm run build:e2e && npx tsx server/index.ts',
    url: `http://127.0.0.1:${port}/api/health`,
    // E2E_REUSE_SERVER=1: a server already on E2E_PORT (started over E2E_DATA_DIR, with the client built in
    // e2e mode) is used as it is, for comparing runs without the build between them. CI never sets it.
    reuseExistingServer: process.env.E2E_REUSE_SERVER === '1',
    timeout: 180_000,
    env: { PORT: String(port), HOST: '127.0.0.1', PUBLIC_URL: `http://127.0.0.1:${port}`, DATA_DIR: dataDir, SEED_DEMO: '1', DEMO_PASSWORD: 'demo', CLIENT_DIR: path.resolve('dist/client-e2e') },
  },
});
