import { describe, expect, it } from 'vitest';
import type { Me, PasswordResetPreview } from '../../shared/schemas/auth.js';
import { TestClock } from '../helpers/clock.js';
import { ApiClient, DEMO } from '../helpers/http.js';
import { startTestServer } from '../helpers/server.js';
import { useSmtp } from '../helpers/smtp.js';

const NEW_PASSWORD = 'a much longer new password';
/** What a person sees of an answer; headers aside, as their Date may tick over between two answers. */
const answer = (res: { status: number; body: unknown }) => ({ status: res.status, body: res.body });

describe('forgotten password', () => {
  it('a link by mail, the same answer for any address, once a quarter hour; the new password ends every session and the link works once', async () => {
    const smtp = await useSmtp();
    const clock = new TestClock(Date.now());
    const s = await startTestServer({ smtpUrl: smtp.url, clock: clock.now, publicUrl: 'https://board.example.org' });
    const before = await new ApiClient(s.url).login(DEMO.health);
    const ask = (email: string) => new ApiClient(s.url).post<{ message: string }>('/api/auth/forgotten-password', { email });

    const known = await ask(DEMO.health.toUpperCase());
    const unknown = await ask('nobody@nowhere.test');
    expect(known.status).toBe(200);
    expect(answer(unknown)).toEqual(answer(known));
    await expect.poll(() => smtp.mails.filter((m) => m.to.includes(DEMO.health)).length).toBe(1);
    const mail = smtp.mails.find((m) => m.to.includes(DEMO.health))!;
    expect(mail.subject).toBe('[OFFICIAL] Choose a new password');
    const token = /https:\/\/board\.example\.org\/reset\/([\w-]+)/.exec(mail.text)![1]!;
    // Asked again at once: no second mail (the first link still works).
    expect((await ask(DEMO.health)).status).toBe(200);
    await s.tick();
    expect(smtp.mails.filter((m) => m.to.includes(DEMO.health))).toHaveLength(1);

    const anyone = new ApiClient(s.url);
    expect((await anyone.get<PasswordResetPreview>(`/api/auth/reset/${token}`)).body.email).toBe(DEMO.health);
    expect((await anyone.get(`/api/auth/reset/${token.slice(0, -2)}xx`)).status).toBe(410);
    expect((await anyone.post('/api/auth/reset', { token, password: 'short' })).status).toBe(400);
    const reset = await anyone.post<Me>('/api/auth/reset', { token, password: NEW_PASSWORD });
    expect(reset.status).toBe(200);
    expect(reset.body.person.name).toBe('Dr Aisha Rahman');
    // The session from before the reset is over; the old password no longer opens the account; the new one does.
    expect((await before.get('/api/auth/me')).status).toBe(401);
    expect((await new ApiClient(s.url).post('/api/auth/login', { email: DEMO.health, password: 'demo' })).status).toBe(401);
    expect((await new ApiClient(s.url).post('/api/auth/login', { email: DEMO.health, password: NEW_PASSWORD })).status).toBe(200);
    // Once only.
    expect((await new ApiClient(s.url).post('/api/auth/reset', { token, password: 'yet another long password' })).status).toBe(410);

    // A link older than an hour is refused.
    clock.advance(16 * 60_000);
    await ask(DEMO.police);
    await expect.poll(() => smtp.mails.filter((m) => m.to.includes(DEMO.police)).length).toBe(1);
    const late = /\/reset\/([\w-]+)/.exec(smtp.mails.find((m) => m.to.includes(DEMO.police))!.text)![1]!;
    clock.advance(61 * 60_000);
    expect((await new ApiClient(s.url).post('/api/auth/reset', { token: late, password: NEW_PASSWORD })).status).toBe(410);
    expect((await new ApiClient(s.url).post('/api/auth/login', { email: DEMO.police, password: 'demo' })).status).toBe(200);
  });

  it('many requests from one address are refused after a few', async () => {
    const s = await startTestServer();
    const statuses: number[] = [];
    for (let i = 0; i < 7; i++) statuses.push((await new ApiClient(s.url).post('/api/auth/forgotten-password', { email: `someone${i}@nowhere.test` })).status);
    expect(statuses.slice(0, 5)).toEqual([200, 200, 200, 200, 200]);
    expect(statuses.slice(5)).toEqual([429, 429]);
    expect((await new ApiClient(s.url).post('/api/auth/forgotten-password', { email: 'not an address' })).status).toBe(400);
  });

  it('an account whose partnership requires single sign-on gets no link, and a link sent before it was required sets no password', async () => {
    const smtp = await useSmtp();
    const s = await startTestServer({ smtpUrl: smtp.url });
    const ask = (email: string) => new ApiClient(s.url).post<{ message: string }>('/api/auth/forgotten-password', { email });
    await ask(DEMO.police);
    await expect.poll(() => smtp.mails.filter((m) => m.to.includes(DEMO.police)).length).toBe(1);
    const token = /\/reset\/([\w-]+)/.exec(smtp.mails.find((m) => m.to.includes(DEMO.police))!.text)![1]!;
    (await s.ctx.database.sql.run(`insert into partnership_sso (partnership_id, label, issuer_url, client_id, client_secret_sealed, allowed_domains, required, creates_people, enabled, updated_at) values (1, 'Northbrook Council', 'https://login.example.org', 'board', ?, '["demo.test"]', true, false, true, ?)`, [s.ctx.secrets.seal('secret'), new Date().toISOString()]));

    const refused = await new ApiClient(s.url).post<{ error: { code: string; message: string } }>('/api/auth/reset', { token, password: NEW_PASSWORD });
    expect(refused.status).toBe(403);
    expect(refused.body.error.code).toBe('SSO_REQUIRED');
    expect((await new ApiClient(s.url).post('/api/auth/login', { email: DEMO.police, password: NEW_PASSWORD })).status).not.toBe(200);

    const known = await ask(DEMO.health);
    expect(answer(known)).toEqual(answer(await ask('nobody@nowhere.test')));
    await s.tick();
    expect(smtp.mails.filter((m) => m.to.includes(DEMO.health))).toEqual([]);
  });
});
