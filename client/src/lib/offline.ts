import { registerSW } from 'virtual:pwa-register';

/**
 * The offline shell (issue 16 item 3): the service worker the build writes (vite.config.ts) precaches
 * the app, so any page opens with no signal, and keeps the API reads pages are made of. A new release
 * takes over at once (the worker updates itself; pages an older worker served reload, see below). Not in the
 * development server, which has no worker.
 */
export function registerOfflineShell(): void {
  if (!import.meta.env.PROD || !('serviceWorker' in navigator)) return;
  // A page an older worker served may hold chunks of the older release, so it reloads when a new release
  // takes over. A page no worker served (the first visit, while the worker still installs) loaded
  // everything from the server: reloading it would only throw away what the person is doing (and cut short
  // a navigation under way), so it is left alone.
  const servedByWorker = navigator.serviceWorker.controller !== null;
  registerSW({
    immediate: true,
    onNeedReload: () => {
      if (servedByWorker) window.location.reload();
    },
  });
}
