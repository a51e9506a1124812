import helmet from 'helmet';
import type { RequestHandler } from 'express';
import type { ServerConfig } from '../config.js';

/**
 * What the built client needs, and nothing else. Scripts come only from our own files (the build
 * emits no inline script), so injected markup cannot run. Styles too: Svelte sets dynamic `style=`
 * values through the CSSOM (`element.style.cssText`), which CSP does not govern, and its component
 * CSS is built into a file. `connect-src 'self'` covers the same-origin WebSockets of Socket.io and
 * Yjs (CSP 3 matches ws:/wss: to the page's own host under 'self'; checked in Chromium by the
 * browser tests, which fail on any violation).
 */
export const CONTENT_SECURITY_POLICY = {
  'default-src': ["'self'"],
  'script-src': ["'self'"],
  'script-src-attr': ["'none'"],
  'style-src': ["'self'"],
  'img-src': ["'self'", 'data:'],
  'font-src': ["'self'"],
  'connect-src': ["'self'"],
  'object-src': ["'none'"],
  'base-uri': ["'self'"],
  'form-action': ["'self'"],
  'frame-ancestors': ["'none'"],
} as const;

/** helmet's headers on every response, the app shell and the API alike. */
export function securityHeaders(config: ServerConfig): RequestHandler {
  return helmet({
    // No defaults: helmet's add upgrade-insecure-requests, which breaks a deployment on plain HTTP.
    contentSecurityPolicy: { useDefaults: false, directives: CONTENT_SECURITY_POLICY },
    referrerPolicy: { policy: 'same-origin' },
    xFrameOptions: { action: 'deny' },
    // HSTS only where the deployment says it is behind HTTPS (the same switch as Secure cookies).
    strictTransportSecurity: config.secureCookies ? { maxAge: 365 * 24 * 60 * 60 } : false,
  }) as RequestHandler;
}
