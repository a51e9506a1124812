import { registerSW } from 'virtual:pwa-register';

/**
 * The offline shell (issue 16 item 3): the service worker the build writes (vite.config.ts) precaches
 * the app, so any page opens with no signal, and keeps the API reads pages are made of. A new release
 * takes over at once (the worker updates itself; pages pick it up on their next load). Not in the
 * development server, which has no worker.
 */
export function registerOfflineShell(): void {
  if (!import.meta.env.PROD || !('serviceWorker' in navigator)) return;
  registerSW({ immediate: true });
}
