import { describe, expect, it } from 'vitest';
import type { Me } from '../../shared/schemas/auth.js';
import { LIMITS } from '../../shared/limits.js';
import { TestClock } from '../helpers/clock.js';
import { ApiClient, DEMO, errorCode } from '../helpers/http.js';
import { startTestServer, useTestServer } from '../helpers/server.js';

describe('health and unknown routes', () => {
  const server = useTestServer();

  it('answers health with ok', async () => {
    const res = await new ApiClient(server().url).get<{ ok: boolean }>('/api/health');
    expect(res.status).toBe(200);
    expect(res.body.ok).toBe(true);
  });

  it('gives a JSON 404 for an unknown API route', async () => {
    const res = await new ApiClient(server().url).get('/api/no-such-thing');
    expect(res.status).toBe(404);
    expect(errorCode(res)).toBe('NOT_FOUND');
  });
});

describe('signing in', () => {
  const server = useTestServer();

  it('sets an httpOnly SameSite=Lax cookie and names the chair’s board', async () => {
    const client = new ApiClient(server().url);
    const res = await client.post<Me>('/api/auth/login', { email: 'Chair@Demo.test', password: 'demo' });
    expect(res.status).toBe(200);
    const cookie = res.headers.getSetCookie().find((c) => c.startsWith('sg_session='))!;
    expect(cookie).toMatch(/HttpOnly/i);
    expect(cookie).toMatch(/SameSite=Lax/i);
    const me = await client.get<Me>('/api/auth/me');
    expect(me.status).toBe(200);
    expect(me.body.person.email).toBe(DEMO.chair);
    const improvement = me.body.memberships.find((m) => m.boardName === 'Improvement Board');
    expect(improvement?.role).toBe('chair');
  });

  it('refuses a wrong password with a clear error and no session', async () => {
    const client = new ApiClient(server().url);
    const res = await client.post('/api/auth/login', { email: DEMO.police, password: 'wrong' });
    expect(res.status).toBe(401);
    expect(errorCode(res)).toBe('INVALID_CREDENTIALS');
    expect(client.sessionCookie).toBeNull();
    expect((await client.get('/api/auth/me')).status).toBe(401);
  });

  it('gives the same answer for an unknown email as for a wrong password', async () => {
    const res = await new ApiClient(server().url).post('/api/auth/login', { email: 'nobody@demo.test', password: 'demo' });
    expect(res.status).toBe(401);
    expect(errorCode(res)).toBe('INVALID_CREDENTIALS');
  });

  it('names the bad fields of a malformed body', async () => {
    const res = await new ApiClient(server().url).post<{ error: { details: { path: string }[] } }>('/api/auth/login', { email: 'not-an-email' });
    expect(res.status).toBe(400);
    expect(errorCode(res)).toBe('VALIDATION_FAILED');
    expect(res.body.error.details.map((d) => d.path).sort()).toEqual(['email', 'password']);
  });

  it('rejects a body that is not JSON', async () => {
    const res = await new ApiClient(server().url).post('/api/auth/login', '{"email":', { 'content-type': 'application/json' });
    expect(res.status).toBe(400);
    expect(errorCode(res)).toBe('MALFORMED_JSON');
  });

  it('signs out: the cookie stops working', async () => {
    const client = await new ApiClient(server().url).login(DEMO.health);
    const stolen = client.sessionCookie!;
    expect((await client.post('/api/auth/logout')).status).toBe(204);
    const replay = await fetch(server().url + '/api/auth/me', { headers: { cookie: stolen } });
    expect(replay.status).toBe(401);
  });
});

describe('failed sign-ins are rate limited', () => {
  it('slows an account down after repeated failures, even for the right password, without locking it', async () => {
    const clock = new TestClock();
    const server = await startTestServer({ clock: clock.now });
    const client = new ApiClient(server.url);
    for (let i = 0; i < LIMITS.loginFreeFailures; i++) {
      expect((await client.post('/api/auth/login', { email: DEMO.schools, password: 'nope' })).status).toBe(401);
    }
    const held = await client.post('/api/auth/login', { email: DEMO.schools, password: 'demo' });
    expect(held.status).toBe(429);
    expect(errorCode(held)).toBe('RATE_LIMITED');
    // A short wait, not a lock-out: the first delay is a second.
    expect(Number(held.headers.get('retry-after'))).toBe(LIMITS.loginDelayFirstMs / 1000);
    expect((held.body as { error: { details: { retryAfterSeconds: number } } }).error.details.retryAfterSeconds).toBe(LIMITS.loginDelayFirstMs / 1000);
    // Other accounts are not slowed by someone guessing at this one.
    expect((await client.post('/api/auth/login', { email: DEMO.council, password: 'demo' })).status).toBe(200);
  });

  it('lets the account in once the delay has passed', async () => {
    const clock = new TestClock();
    const server = await startTestServer({ clock: clock.now });
    const client = new ApiClient(server.url);
    for (let i = 0; i < LIMITS.loginFreeFailures; i++) await client.post('/api/auth/login', { email: DEMO.schools, password: 'nope' });
    expect((await client.post('/api/auth/login', { email: DEMO.schools, password: 'demo' })).status).toBe(429);
    clock.advance(LIMITS.loginDelayFirstMs);
    expect((await client.post('/api/auth/login', { email: DEMO.schools, password: 'demo' })).status).toBe(200);
  });

  it('limits one address guessing across many accounts', async () => {
    const server = await startTestServer();
    const client = new ApiClient(server.url);
    for (let i = 0; i < LIMITS.loginFailuresPerAddress; i++) {
      await client.post('/api/auth/login', { email: `guess${i}@demo.test`, password: 'nope' });
    }
    const res = await client.post('/api/auth/login', { email: DEMO.police, password: 'demo' });
    expect(res.status).toBe(429);
  });
});

describe('session expiry', () => {
  it('ends a session left idle, and one past its absolute lifetime', async () => {
    const clock = new TestClock();
    const server = await startTestServer({ clock: clock.now, sessionIdleMs: 30 * 60_000, sessionAbsoluteMs: 2 * 3_600_000 });

    const idle = await new ApiClient(server.url).login(DEMO.police);
    clock.advance(31 * 60_000);
    const expired = await idle.get('/api/auth/me');
    expect(expired.status).toBe(401);
    expect(errorCode(expired)).toBe('SESSION_EXPIRED');

    const busy = await new ApiClient(server.url).login(DEMO.police);
    for (let minutes = 20; minutes <= 100; minutes += 20) {
      clock.advance(20 * 60_000);
      expect((await busy.get('/api/auth/me')).status).toBe(200);
    }
    // 100 minutes in and busy throughout; the two-hour lifetime still ends it.
    clock.advance(25 * 60_000);
    expect((await busy.get('/api/auth/me')).status).toBe(401);
  });
});

describe('cross-site requests', () => {
  const server = useTestServer();

  it('refuses a cookie-authenticated POST from another origin and changes nothing', async () => {
    const admin = await new ApiClient(server().url).login(DEMO.admin);
    const before = await admin.get<unknown[]>('/api/partnerships/1/agencies');
    const res = await admin.post('/api/partnerships/1/agencies', { name: 'Evil agency', kind: 'other' }, { origin: 'https://evil.example' });
    expect(res.status).toBe(403);
    expect(errorCode(res)).toBe('CROSS_SITE_REQUEST');
    const after = await admin.get<unknown[]>('/api/partnerships/1/agencies');
    expect(after.body).toEqual(before.body);
  });

  it('refuses a request a browser marks as cross-site', async () => {
    const client = new ApiClient(server().url, null);
    const res = await client.post('/api/auth/login', { email: DEMO.police, password: 'demo' }, { 'sec-fetch-site': 'cross-site' });
    expect(res.status).toBe(403);
    expect(client.sessionCookie).toBeNull();
  });

  it('refuses a cross-site sign-out, leaving the session alive', async () => {
    const client = await new ApiClient(server().url).login(DEMO.police);
    expect((await client.post('/api/auth/logout', {}, { origin: 'http://attacker.test' })).status).toBe(403);
    expect((await client.get('/api/auth/me')).status).toBe(200);
  });
});
