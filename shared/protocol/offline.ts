/**
 * The offline shell (issue 16 item 3), declared once for the build (vite.config.ts, which writes the
 * service worker) and the client (which forgets what it kept on signing out).
 */

/** The Cache Storage cache holding the API answers a page read, for opening it again with no signal. */
export const OFFLINE_API_CACHE = 'board-api';

/**
 * The API answers kept for offline use, matched against the whole address (as Workbox matches a
 * route): the reads a page is made of. Downloads (exports, PDFs, printable pages, evidence files)
 * are not kept, nor anything of signing in, links, mail or single sign-on.
 */
export const OFFLINE_API_PATTERN =
  /^https?:\/\/[^/]+\/api\/(?:(?:auth\/me|notifications)(?:\?|$)|partnerships\/\d+\/(?!exports\/|mail-outbox|sso(?:\/|\?|$))(?![^?]*(?:\.pdf|\.html|\/file)(?:\?|$)))/;

/** Navigations the service worker leaves to the network (the API and the live channels). */
export const OFFLINE_NAVIGATE_DENYLIST = [/^\/api\//, /^\/yjs/, /^\/socket\.io/];
