import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it, onTestFinished } from 'vitest';
import { addDays, todayIn } from '../../shared/domain/scoring.js';
import type { ChallengeRow } from '../../shared/schemas/challenge.js';
import type { MailPreferencesView, OutboxList } from '../../shared/schemas/mail.js';
import { countRows } from '../helpers/attack.js';
import { TestClock } from '../helpers/clock.js';
import { ApiClient, DEMO, errorCode } from '../helpers/http.js';
import { P, PERSON } from '../helpers/plans.js';
import { addSecondPartnership } from '../helpers/second-partnership.js';
import { launchServer, startTestServer, useTestServer, type TestServer } from '../helpers/server.js';
import { useSmtp, type Received } from '../helpers/smtp.js';

/*
 * Issue 15’s channels attacked from outside (a second pass beside issue15-attacks.test.ts): the mail preferences, the administrators' outbox, the
 * one-click unsubscribe (signed out, from a mail), and what the mails themselves carry (headers, HTML,
 * details, recipients), as a member, an observer, another partnership's administrator and nobody.
 */

const OG = 2;
const ICB = 3;
const POLICE_AGENCY = 2;
const QUESTION = 'Why were three strategy discussions held without health present?';
const LONG = { sessionIdleMs: 60 * 86_400_000, sessionAbsoluteMs: 60 * 86_400_000 };

async function raise(council: ApiClient, title: string, agencyId = ICB, today = todayIn(Date.now())): Promise<ChallengeRow> {
  const res = await council.post<ChallengeRow>('/api/commands/challenge:raise', { boardId: OG, title, question: QUESTION, directedAgencyId: agencyId, dueDate: addDays(today, 14) });
  if (res.status !== 200) throw new Error(JSON.stringify(res.body));
  return res.body;
}

const to = (mails: Received[], address: string) => mails.filter((m) => m.to.includes(address));
const modes = async (client: ApiClient) => (await client.get<MailPreferencesView>('/api/me/mail-preferences')).body.preferences;

describe('mail preferences: only one’s own, only well-formed', () => {
  const server = useTestServer();

  it('signed out, cross-site, odd bodies, prototype keys, duplicate kinds, huge arrays, another person’s id: refused, and nothing changes', async () => {
    const s = server();
    const anon = new ApiClient(s.url);
    expect((await anon.get('/api/me/mail-preferences')).status).toBe(401);
    expect((await anon.request('PUT', '/api/me/mail-preferences', { preferences: [{ kind: 'overdue', mode: 'off' }] })).status).toBe(401);

    const health = await new ApiClient(s.url).login(DEMO.health);
    const police = await new ApiClient(s.url).login(DEMO.police);
    const before = await modes(health);
    const policeBefore = await modes(police);
    const put = (body: unknown, headers: Record<string, string> = {}) => health.request('PUT', '/api/me/mail-preferences', body, headers);

    // A page of another site cannot change them with the person's cookie.
    expect((await put({ preferences: [{ kind: 'overdue', mode: 'off' }] }, { origin: 'https://evil.example' })).status).toBe(403);

    const bodies: unknown[] = [
      '{"preferences":[{"kind":"overdue","mode":"off"}],"__proto__":{"polluted":true}}',
      '{"preferences":[{"kind":"overdue","mode":"off","__proto__":{"polluted":true}}]}',
      '{"preferences":[{"kind":"overdue","mode":"off","constructor":{"prototype":{"polluted":true}}}]}',
      { preferences: [{ kind: '__proto__', mode: 'off' }] },
      { preferences: [{ kind: 'constructor', mode: 'off' }] },
      { preferences: [{ kind: 'digest', mode: 'off' }] },
      { preferences: [{ kind: 'invitation', mode: 'off' }] },
      { preferences: [{ kind: 'overdue', mode: 'weekly' }] },
      { preferences: [{ kind: 'overdue', mode: 'OFF' }] },
      { preferences: [{ kind: 1, mode: 'off' }] },
      { preferences: [{ kind: ['overdue'], mode: 'off' }] },
      { preferences: [{ kind: 'overdue' }] },
      { preferences: 'off' },
      { preferences: {} },
      { preferences: [] },
      { preferences: null },
      { preferences: [{ kind: 'overdue', mode: 'off' }], personId: PERSON.police },
      { preferences: [{ kind: 'overdue', mode: 'off', personId: PERSON.police }] },
      // Each kind once: the same kind twice in one request is no choice at all.
      { preferences: [{ kind: 'overdue', mode: 'off' }, { kind: 'overdue', mode: 'immediate' }] },
      [{ kind: 'overdue', mode: 'off' }],
      'null',
      '"off"',
      '{"preferences":[{"kind":"overdue","mode":"off"}',
    ];
    for (const body of bodies) {
      const res = await put(body);
      expect({ body: JSON.stringify(body).slice(0, 120), status: res.status }).toEqual({ body: JSON.stringify(body).slice(0, 120), status: 400 });
    }
    // Far past any real body: refused (by the schema, or at the door before it is parsed).
    const many = await put({ preferences: Array.from({ length: 10_000 }, () => ({ kind: 'overdue', mode: 'off' })) });
    expect([400, 413]).toContain(many.status);
    const huge = await put(JSON.stringify({ preferences: [{ kind: 'overdue', mode: 'off', pad: 'x'.repeat(2_000_000) }] }));
    expect([400, 413]).toContain(huge.status);

    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(await modes(health)).toEqual(before);
    expect(await modes(police)).toEqual(policeBefore);

    // A well-formed change is one's own only.
    expect((await put({ preferences: [{ kind: 'overdue', mode: 'off' }] })).status).toBe(200);
    expect((await modes(health)).find((p) => p.kind === 'overdue')!.mode).toBe('off');
    expect(await modes(police)).toEqual(policeBefore);
  });
});

describe('the outbox: the partnership’s administrators, of that partnership only', () => {
  const server = useTestServer();

  it('observer, member, chair, signed out and odd ids refused; another partnership’s administrator sees none of these mails, nor these administrators hers', async () => {
    const s = server();
    const council = await new ApiClient(s.url).login(DEMO.council);
    const challenge = await raise(council, 'Outbox tenancy check');
    for (const who of [DEMO.observer, DEMO.police, DEMO.chair, DEMO.council]) {
      const res = await (await new ApiClient(s.url).login(who)).get(`${P}/mail-outbox`);
      expect({ who, status: res.status }).toEqual({ who, status: 403 });
    }
    expect((await new ApiClient(s.url).get(`${P}/mail-outbox`)).status).toBe(401);
    const admin = await new ApiClient(s.url).login(DEMO.admin);
    for (const id of ['0', '-1', '1e9', 'abc', '1.5', '9999999999999999999999', '%00', '1%20or%201=1']) {
      const res = await admin.get(`/api/partnerships/${id}/mail-outbox`);
      expect({ id, status: res.status }).toEqual({ id, status: [400, 404].includes(res.status) ? res.status : 'refused' });
    }

    const far = await addSecondPartnership(s);
    // A mail of hers: a reminder written as the scheduler writes one.
    const delivery = await s.ctx.database.transaction(async () =>
      s.services.notifications.notify([far.personId], { partnershipId: far.partnershipId, kind: 'action_due', challengeId: null, text: 'Farshire action on county lines: due soon', link: '/boards/1/actions', dedupeKey: 'attack:farshire' }),
    );
    s.services.notifications.deliver(delivery);
    const ysolde = await new ApiClient(s.url).login(far.email, far.password);
    // Not hers to read: the demo partnership's outbox is not found for her.
    expect((await ysolde.get(`${P}/mail-outbox`)).status).toBe(404);
    const hers = await ysolde.get<OutboxList>(`/api/partnerships/${far.partnershipId}/mail-outbox`);
    expect(hers.status).toBe(200);
    expect(hers.body.items.map((m) => m.to)).toEqual([far.email]);
    expect(JSON.stringify(hers.body)).not.toContain(challenge.reference);
    expect(JSON.stringify(hers.body)).not.toContain('demo.test');
    expect((await admin.get(`/api/partnerships/${far.partnershipId}/mail-outbox`)).status).toBe(404);
    const ours = (await admin.get<OutboxList>(`${P}/mail-outbox`)).body;
    const mailed = ours.items.find((m) => m.subject.includes(challenge.reference))!;
    // The person's one-click link is theirs: the administrators see where it goes, never its signature
    // (with it they could stop anyone's mails of a kind, unknown to them).
    expect(mailed.textBody).toContain('/api/mail/unsubscribe?person=');
    for (const m of ours.items) expect(m.textBody).not.toMatch(/sig=[\w-]{8,}/);
    const shown = mailed.textBody.match(/\/api\/mail\/unsubscribe\?\S+/)![0];
    expect((await fetch(`${s.url}${shown}`, { method: 'POST' })).status).toBe(400);
    expect(JSON.stringify(ours)).not.toContain('Farshire');
    expect(JSON.stringify(ours)).not.toContain(far.email);
  });
});

describe('the one-click unsubscribe: signed for one person and one kind', () => {
  const server = useTestServer();

  it('forged, altered, another person’s, unknown kinds, prototype names, repeated and very long parameters: refused, never reflected, nothing changed', async () => {
    const s = server();
    const link = new URL(s.services.mail.addresses.unsubscribeUrl(PERSON.police, 'challenge_directed'));
    const sig = link.searchParams.get('sig')!;
    const at = (query: string, method = 'GET') => fetch(`${s.url}/api/mail/unsubscribe?${query}`, { method });
    const police = await new ApiClient(s.url).login(DEMO.police);
    const health = await new ApiClient(s.url).login(DEMO.health);
    const policeBefore = await modes(police);
    const healthBefore = await modes(health);
    const flipped = sig.slice(0, -1) + (sig.endsWith('A') ? 'B' : 'A');
    const script = encodeURIComponent('<script>alert(1)</script>');
    const queries = [
      '',
      `person=${PERSON.police}&kind=challenge_directed`,
      `person=${PERSON.police}&kind=challenge_directed&sig=`,
      `person=${PERSON.police}&kind=challenge_directed&sig=${flipped}`,
      `person=${PERSON.police}&kind=challenge_directed&sig=${sig}x`,
      `person=${PERSON.police}&kind=challenge_directed&sig=${sig.toUpperCase()}`,
      `person=${PERSON.health}&kind=challenge_directed&sig=${sig}`,
      `person=0${PERSON.police}&kind=challenge_directed&sig=${sig}`,
      `person=${PERSON.police}.0&kind=challenge_directed&sig=${sig}`,
      `person=${PERSON.police}&kind=overdue&sig=${sig}`,
      `person=${PERSON.police}&kind=digest&sig=${sig}`,
      `person=${PERSON.police}&kind=__proto__&sig=${sig}`,
      `person=${PERSON.police}&kind=constructor&sig=${sig}`,
      `person=${PERSON.police}&kind=${script}&sig=${sig}`,
      `person=${script}&kind=challenge_directed&sig=${sig}`,
      `person=${PERSON.police}&kind=challenge_directed&sig=${encodeURIComponent(`"><script>alert(1)</script>`)}`,
      `person=${PERSON.police}&person=${PERSON.health}&kind=challenge_directed&sig=${sig}`,
      `person=${PERSON.police}&kind=challenge_directed&kind=overdue&sig=${sig}`,
      `person=${PERSON.police}&kind=challenge_directed&sig=${sig}&sig=${sig}`,
      `person[]=${PERSON.police}&kind=challenge_directed&sig=${sig}`,
      `person[__proto__]=1&kind=challenge_directed&sig=${sig}`,
      `person=${'9'.repeat(5000)}&kind=challenge_directed&sig=${sig}`,
      `person=${PERSON.police}&kind=challenge_directed&sig=${'A'.repeat(8000)}`,
    ];
    for (const q of queries) {
      for (const method of ['GET', 'POST']) {
        const res = await at(q, method);
        const text = await res.text();
        expect({ q: q.slice(0, 100), method, status: res.status }).toEqual({ q: q.slice(0, 100), method, status: 400 });
        expect(text).not.toContain('<script>');
        expect(text).not.toContain('"><script');
      }
    }
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(await modes(police)).toEqual(policeBefore);
    expect(await modes(health)).toEqual(healthBefore);

    // The real link: the page asks first; its form posts back the same, escaped, address.
    const page = await at(link.search.slice(1));
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toMatch(/^text\/html/);
    expect(await page.text()).toContain(`action="/api/mail/unsubscribe?person=${PERSON.police}&amp;kind=challenge_directed&amp;sig=${sig}"`);
    expect(await modes(police)).toEqual(policeBefore);
    expect((await at(link.search.slice(1), 'POST')).status).toBe(200);
    expect((await modes(police)).find((p) => p.kind === 'challenge_directed')!.mode).toBe('off');
    // Only that kind, only that person.
    expect((await modes(police)).filter((p) => p.kind !== 'challenge_directed')).toEqual(policeBefore.filter((p) => p.kind !== 'challenge_directed'));
    expect(await modes(health)).toEqual(healthBefore);
  });
});

describe('what a mail carries', () => {
  it('a title with line breaks adds no header and no recipient; a title with HTML is text in the HTML part; the question stays out while details are off', async () => {
    const smtp = await useSmtp();
    const s = await startTestServer({ smtpUrl: smtp.url });
    const council = await new ApiClient(s.url).login(DEMO.council);
    const crlf = await council.post<ChallengeRow>('/api/commands/challenge:raise', {
      boardId: OG,
      title: 'Injected\r\nBcc: attacker@evil.example\r\nX-Injected: yes\r\n\r\n<b>body</b>',
      question: QUESTION,
      directedAgencyId: ICB,
      dueDate: addDays(todayIn(Date.now()), 14),
    });
    // Either refused, or mailed with the line breaks made harmless.
    expect([200, 400]).toContain(crlf.status);
    const html = await raise(council, '<img src=x onerror=alert(1)> & "quotes"');
    const challengeMails = () => to(smtp.mails, DEMO.health).filter((m) => m.subject.includes('Challenge to your agency'));
    await expect.poll(() => challengeMails().length).toBe(crlf.status === 200 ? 2 : 1);
    for (const mail of smtp.mails) {
      expect(Object.keys(mail.headers)).not.toContain('bcc');
      expect(Object.keys(mail.headers)).not.toContain('x-injected');
      expect(mail.to).not.toContain('evil.example');
      expect(mail.html).not.toContain('<img src=x');
      expect(mail.html).not.toContain('<b>body</b>');
      expect(mail.text).not.toContain(QUESTION);
      expect(mail.html).not.toContain('without health present');
    }
    const htmlMail = to(smtp.mails, DEMO.health).find((m) => m.subject.includes(html.reference))!;
    expect(htmlMail.html).toContain('&lt;img src=x onerror=alert(1)&gt; &amp; &quot;quotes&quot;');
    // Nobody outside the agency was told of these challenges (the raiser is not told of their own).
    expect(smtp.mails.filter((m) => m.subject.includes('Challenge to your agency')).every((m) => m.to.includes(DEMO.health))).toBe(true);
    // The outbox's copies say no more than the mails.
    const admin = await new ApiClient(s.url).login(DEMO.admin);
    expect(JSON.stringify((await admin.get<OutboxList>(`${P}/mail-outbox`)).body)).not.toContain(QUESTION);
  });

  it('a disabled person is mailed nothing, at once or in the digest; another partnership’s people nothing of this one', async () => {
    const smtp = await useSmtp();
    const clock = new TestClock(Date.parse('2027-01-12T07:00:00Z'));
    const s = await startTestServer({ smtpUrl: smtp.url, clock: clock.now, ...LONG });
    const far = await addSecondPartnership(s);
    const schools = await new ApiClient(s.url).login(DEMO.schools);
    expect((await schools.request('PUT', '/api/me/mail-preferences', { preferences: [{ kind: 'challenge_directed', mode: 'digest' }] })).status).toBe(200);
    const admin = await new ApiClient(s.url).login(DEMO.admin);
    const council = await new ApiClient(s.url).login(DEMO.council);
    const today = todayIn(clock.now());
    // Schools takes the digest; health at once. Both raised to, then both disabled before anything is sent.
    const schoolsAgency = (await s.ctx.database.sql.get<{ id: number }>('select agency_id as id from people where id = ?', [PERSON.schools]))!.id;
    await raise(council, 'Raised to schools before they were disabled', schoolsAgency, today);
    for (const id of [PERSON.health, PERSON.schools]) expect((await admin.patch(`${P}/people/${id}`, { disabled: true })).status).toBe(200);
    await raise(council, 'Raised to the ICB while health is disabled', ICB, today);
    await raise(council, 'Raised to the police as a marker', POLICE_AGENCY, today);
    await expect.poll(() => to(smtp.mails, DEMO.police).filter((m) => m.subject.includes('Raised to the police as a marker')).length).toBe(1);
    clock.current = Date.parse('2027-01-12T07:31:00Z');
    await s.tick();
    await s.tick();
    // Nothing to them after they were disabled (reminders written before, at the server's start, may have gone).
    const since = smtp.mails.filter((m) => /Raised to|update(s)? from/.test(m.subject) || /Raised to/.test(m.text));
    expect(to(since, DEMO.health)).toEqual([]);
    expect(to(since, DEMO.schools)).toEqual([]);
    expect(await countRows(s, `mail_outbox where person_id in (?, ?) and (kind = 'digest' or subject like '%Raised to%')`, PERSON.health, PERSON.schools)).toBe(0);
    expect(to(smtp.mails, far.email)).toEqual([]);
    expect(smtp.mails.some((m) => /Farshire/.test(m.text))).toBe(false);
  });

  it('two processes on one database at 07:30, each ticking again and again: one digest each', async () => {
    const smtp = await useSmtp();
    const clock = new TestClock(Date.parse('2027-01-12T07:00:00Z'));
    const seeded = await startTestServer({ clock: clock.now, ...LONG });
    const health = await new ApiClient(seeded.url).login(DEMO.health);
    await health.request('PUT', '/api/me/mail-preferences', { preferences: [{ kind: 'challenge_directed', mode: 'digest' }] });
    await raise(await new ApiClient(seeded.url).login(DEMO.council), 'Digested once by two processes', ICB, todayIn(clock.now()));
    await seeded.close();
    const dataDir = mkdtempSync(path.join(tmpdir(), 'board-digest-two-'));
    cpSync(seeded.dataDir, dataDir, { recursive: true });
    // On PostgreSQL the records are in the seeded server's database, not its directory: both processes use it.
    const shared = seeded.config.databaseUrl ? { databaseUrl: seeded.config.databaseUrl } : {};
    const a: TestServer = await launchServer({ smtpUrl: smtp.url, clock: clock.now, dataDir, ...LONG, ...shared });
    const b: TestServer = await launchServer({ smtpUrl: smtp.url, clock: clock.now, dataDir, ...LONG, ...shared });
    onTestFinished(async () => {
      await a.close();
      await b.close();
      rmSync(dataDir, { recursive: true, force: true });
    });
    clock.current = Date.parse('2027-01-12T07:30:00Z');
    await Promise.all([a.tick(), b.tick(), a.tick(), b.tick()]);
    await Promise.all([a.tick(), b.tick()]);
    const digests = () => to(smtp.mails, DEMO.health).filter((m) => /update(s)? from/.test(m.subject));
    await expect.poll(() => digests().length).toBe(1);
    await Promise.all([a.tick(), b.tick()]);
    expect(digests()).toHaveLength(1);
    expect(digests()[0]!.text).not.toContain(QUESTION);
    expect(errorCode({ status: 200, body: null, headers: new Headers() })).toBeUndefined();
  });

  it('a forgotten-password link asked for by anyone is not readable in the outbox: an administrator of one partnership cannot take an account that works in another', async () => {
    const smtp = await useSmtp();
    for (const smtpUrl of [undefined, smtp.url]) {
      const s = await startTestServer(smtpUrl ? { smtpUrl } : {});
      // The independent chair's one account works in Northbrook and Eastbridge; anyone may ask for its link.
      const anyone = new ApiClient(s.url);
      expect((await anyone.post('/api/auth/forgotten-password', { email: DEMO.chair })).status).toBe(200);
      const admin = await new ApiClient(s.url).login(DEMO.admin);
      const outbox = (await admin.get<OutboxList>(`${P}/mail-outbox`)).body;
      const reset = outbox.items.find((m) => m.kind === 'password_reset' && m.to === DEMO.chair);
      expect(reset, JSON.stringify(outbox.items.map((m) => m.kind))).toBeDefined();
      const token = /\/(?:reset|invite)\/([\w-]{16,})/.exec(reset!.textBody)?.[1];
      expect(token, reset!.textBody).toBeUndefined();
      if (smtpUrl) {
        // The chair's own mail has the link, whole.
        await expect.poll(() => to(smtp.mails, DEMO.chair).filter((m) => /\/reset\/[\w-]{16,}/.test(m.text)).length).toBe(1);
      }
    }
  });
});
