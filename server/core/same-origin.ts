import type { IncomingMessage } from 'node:http';
import type { TLSSocket } from 'node:tls';
import type { TrustProxy } from '../config.js';

/** What decides whether a request comes from our own pages (ServerConfig satisfies it). */
export interface OriginPolicy {
  /** Origins besides our own that may make cookie-authenticated requests. */
  allowedOrigins: readonly string[];
  /** When a proxy is trusted, its X-Forwarded-Proto names the scheme the browser used. */
  trustProxy: TrustProxy;
}

/** `scheme://host[:port]` as an Origin header spells it (default port dropped, lower case), or null. */
function normalOrigin(value: string): string | null {
  try {
    const origin = new URL(value).origin;
    return origin === 'null' ? null : origin;
  } catch {
    return null;
  }
}

/**
 * The origin the browser addressed: the scheme of the connection (a TLS socket is https) and the Host
 * header. Behind a trusted proxy that ends TLS the socket is plain http, so the proxy's
 * X-Forwarded-Proto is used instead. (A page on another site cannot add that header to a request
 * without a CORS preflight, which this server never grants, so it cannot be used to pass this check.)
 */
export function ownOrigin(req: IncomingMessage, trustProxy: TrustProxy): string | null {
  const host = req.headers.host;
  if (!host) return null;
  let scheme = (req.socket as Partial<TLSSocket>).encrypted ? 'https' : 'http';
  if (trustProxy !== false) {
    const raw = req.headers['x-forwarded-proto'];
    const forwarded = (Array.isArray(raw) ? raw[0] : raw)?.split(',')[0]?.trim().toLowerCase();
    if (forwarded === 'https' || forwarded === 'http') scheme = forwarded;
  }
  return normalOrigin(`${scheme}://${host}`);
}

/**
 * Cookie-authenticated requests must come from our own pages. Browsers send Origin on every
 * cross-site POST and on WebSocket handshakes, and Sec-Fetch-Site where they support it; a request
 * with neither comes from a non-browser client, which cannot ride on someone's cookie. The Origin is
 * compared whole, scheme included: `http://host` and `https://host` are different sites' pages.
 */
export function isCrossSite(req: IncomingMessage, policy: OriginPolicy): boolean {
  const origin = req.headers.origin;
  if (origin !== undefined) {
    const claimed = normalOrigin(origin);
    if (claimed === null) return true;
    if (policy.allowedOrigins.some((allowed) => allowed === origin || normalOrigin(allowed) === claimed)) return false;
    return claimed !== ownOrigin(req, policy.trustProxy);
  }
  return req.headers['sec-fetch-site'] === 'cross-site';
}
