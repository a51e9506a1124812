import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { LIMITS } from '../../shared/limits.js';
import { YJS_PATH_PREFIX } from '../../shared/protocol/yjs.js';
import { ApiClient, DEMO, errorCode } from '../helpers/http.js';
import { startTestServer, useTestServer } from '../helpers/server.js';

/**
 * Issue 9, finding 12: no Content-Security-Policy or other security headers, and an Origin check that
 * compared only the host, so a page on `https://host` (or any scheme) passed as this server's own.
 */

/** A stand-in for the built client, so the app shell is served by the real static route. */
function clientDir(): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'board-client-'));
  writeFileSync(path.join(dir, 'index.html'), '<!doctype html><html lang="en-GB"><head><script type="module" src="/assets/app.js"></script></head><body><div id="app"></div></body></html>');
  writeFileSync(path.join(dir, 'app.css'), 'body { margin: 0 }');
  return dir;
}

function directives(csp: string | null): Map<string, string[]> {
  expect(csp, 'a Content-Security-Policy header').toBeTruthy();
  return new Map(
    csp!
      .split(';')
      .map((d) => d.trim().split(/\s+/))
      .filter((parts) => parts[0])
      .map(([name, ...values]) => [name!, values]),
  );
}

describe('security headers', () => {
  const dir = clientDir();
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const server = useTestServer({ clientDir: dir });

  const pages = ['/', '/register', '/risks/5', '/app.css', '/api/health', '/api/auth/me', '/api/no-such-thing'];

  it.each(pages)('%s carries a Content-Security-Policy that allows only our own scripts, styles and connections', async (page) => {
    const res = await fetch(server().url + page);
    const csp = directives(res.headers.get('content-security-policy'));
    expect(csp.get('default-src')).toEqual(["'self'"]);
    expect(csp.get('script-src')).toEqual(["'self'"]);
    expect(csp.get('script-src-attr')).toEqual(["'none'"]);
    expect(csp.get('style-src')).toEqual(["'self'"]);
    expect(csp.get('connect-src')).toEqual(["'self'"]);
    expect(csp.get('img-src')).toEqual(["'self'", 'data:']);
    expect(csp.get('object-src')).toEqual(["'none'"]);
    expect(csp.get('base-uri')).toEqual(["'self'"]);
    expect(csp.get('form-action')).toEqual(["'self'"]);
    expect(csp.get('frame-ancestors')).toEqual(["'none'"]);
    // Nothing that would let injected markup run, and no upgrade that would break plain-HTTP deployments.
    expect([...csp.values()].flat().filter((v) => /unsafe|\*/.test(v))).toEqual([]);
    expect(csp.has('upgrade-insecure-requests')).toBe(false);
  });

  it.each(pages)('%s keeps nosniff, Referrer-Policy and X-Frame-Options, and names no framework', async (page) => {
    const res = await fetch(server().url + page);
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(res.headers.get('referrer-policy')).toBe('same-origin');
    expect(res.headers.get('x-frame-options')).toBe('DENY');
    expect(res.headers.get('cross-origin-opener-policy')).toBe('same-origin');
    expect(res.headers.get('x-powered-by')).toBeNull();
    // Plain HTTP here: HSTS is only sent where the deployment says it is behind HTTPS.
    expect(res.headers.get('strict-transport-security')).toBeNull();
  });

  it('serves the app shell (the real static route is in use)', async () => {
    const res = await fetch(server().url + '/register');
    expect(res.status).toBe(200);
    expect(await res.text()).toContain('<div id="app">');
  });
});

describe('HSTS behind HTTPS', () => {
  it('is sent when SECURE_COOKIES says the deployment is behind HTTPS', async () => {
    const server = await startTestServer({ secureCookies: true });
    const res = await fetch(server.url + '/api/health');
    expect(res.headers.get('strict-transport-security')).toMatch(/max-age=\d{7,}/);
  });
});

describe('Origin is compared with scheme, host and port', () => {
  const server = useTestServer({ allowedOrigins: ['https://board.example.org'] });
  const login = (origin: string, headers: Record<string, string> = {}) =>
    new ApiClient(server().url, null).post('/api/auth/login', { email: DEMO.police, password: 'demo' }, { origin, ...headers });

  it('refuses a POST from https://<same host and port> against this http server', async () => {
    const res = await login(server().url.replace(/^http:/, 'https:'));
    expect(res.status).toBe(403);
    expect(errorCode(res)).toBe('CROSS_SITE_REQUEST');
    expect(res.headers.getSetCookie()).toEqual([]);
  });

  it('refuses the same host on another port', async () => {
    const url = new URL(server().url);
    const res = await login(`http://${url.hostname}:${Number(url.port) + 1}`);
    expect(errorCode(res)).toBe('CROSS_SITE_REQUEST');
  });

  it.each(['null', 'not a url', 'file:///etc/passwd'])('refuses the Origin %j', async (origin) => {
    expect(errorCode(await login(origin))).toBe('CROSS_SITE_REQUEST');
  });

  it('accepts its own origin, spelled exactly or with upper case', async () => {
    expect((await login(server().url)).status).toBe(200);
    expect((await login(server().url.replace('http://', 'HTTP://'))).status).toBe(200);
  });

  it('accepts a configured ALLOWED_ORIGINS entry', async () => {
    expect((await login('https://board.example.org')).status).toBe(200);
  });

  it('ignores X-Forwarded-Proto when no proxy is trusted', async () => {
    const res = await login(server().url.replace(/^http:/, 'https:'), { 'x-forwarded-proto': 'https' });
    expect(errorCode(res)).toBe('CROSS_SITE_REQUEST');
  });

  it('refuses Socket.io and Yjs connections from the https origin, and lets the http one through', async () => {
    const https = server().url.replace(/^http:/, 'https:');
    const polling = (origin: string) => fetch(`${server().url}/socket.io/?EIO=4&transport=polling`, { headers: { origin } });
    expect((await polling(https)).status).toBe(403);
    expect((await polling(server().url)).status).toBe(200);

    const client = await new ApiClient(server().url).login(DEMO.police);
    const upgrade = (origin: string) =>
      new Promise<number>((resolve, reject) => {
        const ws = new WebSocket(`${server().url.replace(/^http/, 'ws')}${YJS_PATH_PREFIX}risk:5`, { headers: { origin, cookie: client.sessionCookie! } });
        ws.on('unexpected-response', (_req, res) => {
          resolve(res.statusCode ?? 0);
          ws.terminate();
        });
        ws.on('open', () => {
          resolve(101);
          ws.close();
        });
        ws.on('error', reject);
      });
    expect(await upgrade(https)).toBe(403);
    expect(await upgrade(server().url)).toBe(101);
  });
});

describe('behind a trusted proxy that ends TLS', () => {
  const server = useTestServer({ trustProxy: 'loopback' });

  it('takes the scheme from X-Forwarded-Proto', async () => {
    const https = server().url.replace(/^http:/, 'https:');
    const post = (origin: string, proto: string) =>
      new ApiClient(server().url, null).post('/api/auth/login', { email: DEMO.police, password: 'demo' }, { origin, 'x-forwarded-proto': proto });
    expect((await post(https, 'https')).status).toBe(200);
    expect(errorCode(await post(server().url, 'https'))).toBe('CROSS_SITE_REQUEST');
    expect(errorCode(await post(https, 'http'))).toBe('CROSS_SITE_REQUEST');
  });
});

describe('keep-alive behind a load balancer', () => {
  const server = useTestServer();

  // A balancer keeps an idle connection to the server for 60 s: the server must keep its side longer, or a
  // request sent down it as the server closes it fails (the intermittent 502). Node's default is 5 s.
  it('keeps an idle connection longer than a balancer does, and says so', async () => {
    const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
    const get = () =>
      new Promise<{ keepAlive: string | undefined; socket: unknown }>((resolve, reject) => {
        const req = http.get(`${server().url}/api/health`, { agent }, (res) => {
          res.resume();
          res.on('end', () => resolve({ keepAlive: res.headers['keep-alive'] as string | undefined, socket: req.socket }));
        });
        req.on('error', reject);
      });
    const first = await get();
    expect(first.keepAlive).toBe(`timeout=${LIMITS.httpKeepAliveMs / 1000}`);
    expect(LIMITS.httpKeepAliveMs).toBeGreaterThan(60_000);
    // The same connection serves the next request.
    expect((await get()).socket).toBe(first.socket);
    agent.destroy();
  });
});
