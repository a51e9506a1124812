import { defineConfig } from 'vitest/config';
import { fileURLToPath } from 'node:url';
import { svelte } from '@sveltejs/vite-plugin-svelte';
import { VitePWA } from 'vite-plugin-pwa';
import { OFFLINE_API_CACHE, OFFLINE_API_PATTERN, OFFLINE_NAVIGATE_DENYLIST } from './shared/protocol/offline.js';

const backend = 'http://127.0.0.1:3000';
const repoRoot = fileURLToPath(new URL('.', import.meta.url));

export default defineConfig({
  root: 'client',
  plugins: [
    svelte(),
    // The offline shell (issue 16 item 3): the built app precached, so any page opens with no signal;
    // the API reads a page was made of kept (network first), so a record seen before opens too, its
    // document coming from IndexedDB (y-indexeddb) and merging when the connection is back.
    VitePWA({
      injectRegister: null,
      registerType: 'autoUpdate',
      manifest: false,
      workbox: {
        globPatterns: ['**/*.{js,css,html,svg,png,woff2}'],
        navigateFallback: '/index.html',
        navigateFallbackDenylist: OFFLINE_NAVIGATE_DENYLIST,
        cleanupOutdatedCaches: true,
        runtimeCaching: [
          {
            // A regular expression, not a function: the build writes it into the worker as it is.
            urlPattern: OFFLINE_API_PATTERN,
            handler: 'NetworkFirst',
            options: { cacheName: OFFLINE_API_CACHE, networkTimeoutSeconds: 6, cacheableResponse: { statuses: [200] }, expiration: { maxEntries: 500 } },
          },
        ],
      },
    }),
  ],
  build: {
    outDir: '../dist/client',
    emptyOutDir: true,
    // Pages are their own chunks (client/src/lib/routes.ts `lazy`); scripts/check-bundle.ts holds the limit in CI.
    chunkSizeWarningLimit: 500,
    rollupOptions: {
      output: {
        // Zod and the module that turns off its eval probe (client/src/csp.ts) in one chunk: whichever
        // page's chunk parses first, the probe is off before anything parses (the CSP has no 'unsafe-eval').
        codeSplitting: { groups: [{ name: 'zod', test: /[\\/]node_modules[\\/]zod[\\/]|[\\/]client[\\/]src[\\/]csp\.ts$/ }] },
      },
    },
  },
  server: {
    proxy: {
      '/api': { target: backend, changeOrigin: false },
      '/socket.io': { target: backend, ws: true, changeOrigin: false },
      '/yjs': { target: backend, ws: true, changeOrigin: false },
    },
  },
  test: {
    // The root above is for the client build; tests live at the repository top.
    root: repoRoot,
    include: ['test/unit/**/*.test.ts', 'test/integration/**/*.test.ts', 'test/sync/**/*.test.ts', 'test/security/**/*.test.ts'],
    environment: 'node',
    testTimeout: 30000,
    hookTimeout: 30000,
    pool: 'forks',
    // Vitest's default is one worker fewer than the CPUs: one on the 2-CPU CI machine, where a file spends
    // much of its time waiting (a server's sockets, a child process, a disk sync) and the other CPU idles.
    // Three were tried (2026-12-06): on PostgreSQL the run was no faster (its server takes the CPU the
    // waits leave) and many tests came to within a second of the 30 s limit. Each file starts its own
    // servers on port 0 with their own data directories, so files share nothing.
    maxWorkers: 2,
    // Files share a worker's modules, not its servers: each file starts its own on port 0 with its own
    // data directory, and no module keeps a server's state. Loading the server's graph once per worker,
    // not once per file, took the suite's import time from about 500 s to a tenth of that.
    isolate: false,
  },
});
