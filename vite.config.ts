import { defineConfig } from 'vitest/config';
import { fileURLToPath } from 'node:url';
import { svelte } from '@sveltejs/vite-plugin-svelte';

const backend = 'http://127.0.0.1:3000';
const repoRoot = fileURLToPath(new URL('.', import.meta.url));

export default defineConfig({
  root: 'client',
  plugins: [svelte()],
  build: {
    outDir: '../dist/client',
    emptyOutDir: true,
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
  },
});
