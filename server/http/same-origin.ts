import type { IncomingMessage } from 'node:http';
import type { RequestHandler } from 'express';
import { AppError } from '../../shared/errors.js';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * Cookie-authenticated requests must come from our own pages. Browsers send Origin on every
 * cross-site POST and on WebSocket handshakes, and Sec-Fetch-Site where they support it; a request
 * with neither comes from a non-browser client, which cannot ride on someone's cookie.
 */
export function isCrossSite(req: IncomingMessage, allowedOrigins: readonly string[]): boolean {
  const fetchSite = req.headers['sec-fetch-site'];
  const origin = req.headers.origin;
  if (origin !== undefined) {
    if (allowedOrigins.includes(origin)) return false;
    try {
      return new URL(origin).host !== req.headers.host;
    } catch {
      return true;
    }
  }
  return fetchSite === 'cross-site';
}

export function sameOriginGuard(allowedOrigins: readonly string[]): RequestHandler {
  return (req, _res, next) => {
    if (!SAFE_METHODS.has(req.method) && isCrossSite(req, allowedOrigins)) {
      throw new AppError('CROSS_SITE_REQUEST', 'This request came from another site and was refused.');
    }
    next();
  };
}
