import { rmSync } from 'node:fs';
import { describe, expect, it, onTestFinished } from 'vitest';
import { addDays, todayIn } from '../../shared/domain/scoring.js';
import type { ChallengeRow } from '../../shared/schemas/challenge.js';
import type { MailPreferencesView, OutboxList } from '../../shared/schemas/mail.js';
import { countRows } from '../helpers/attack.js';
import { TestClock } from '../helpers/clock.js';
import { ApiClient, DEMO } from '../helpers/http.js';
import { PERSON } from '../helpers/plans.js';
import { addSecondPartnership, leakedNames } from '../helpers/second-partnership.js';
import { launchServer, startTestServer, useTestServer, type TestServer } from '../helpers/server.js';
import { useSmtp, type Received } from '../helpers/smtp.js';

/*
 * Issue 15's mail attacked from outside (the import commit's attacks are in import-commit-attacks.test.ts):
 * the preferences route with odd bodies, the outbox as every role and another partnership, the signed
 * one-click unsubscribe with forged, altered, repeated and injected parameters, and the mails themselves
 * (a disabled person, header and HTML injection through a challenge's title, a digest's details).
 */

const P = '/api/partnerships/1';
const OG = 2;
const POLICE_AGENCY = 2;
const ICB = 3;
const QUESTION = 'Why were three strategy discussions held without health present?';
const EASTBRIDGE_ADMIN = 'admin@eastbridge.demo.test';

async function raise(council: ApiClient, title: string, agencyId = ICB, now = Date.now()): Promise<ChallengeRow> {
  const res = await council.post<ChallengeRow>('/api/commands/challenge:raise', { boardId: OG, title, question: QUESTION, directedAgencyId: agencyId, dueDate: addDays(todayIn(now), 14) });
  if (res.status !== 200) throw new Error(JSON.stringify(res.body));
  return res.body;
}

const modesOf = async (client: ApiClient) => Object.fromEntries((await client.get<MailPreferencesView>('/api/me/mail-preferences')).body.preferences.map((p) => [p.kind, p.mode]));
const to = (mails: Received[], address: string) => mails.filter((m) => m.to.includes(address));

describe('issue 15 attacks: mail', () => {
  describe('held mail (no SMTP server)', () => {
    const server = useTestServer();

    it('mail preferences: signed out, another origin, odd bodies (__proto__, duplicates, huge arrays, wrong types, another person’s id) are refused and change nothing', async () => {
      const s = server();
      const anon = new ApiClient(s.url);
      expect((await anon.get('/api/me/mail-preferences')).status).toBe(401);
      expect((await anon.request('PUT', '/api/me/mail-preferences', { preferences: [{ kind: 'overdue', mode: 'off' }] })).status).toBe(401);

      const health = await new ApiClient(s.url).login(DEMO.health);
      const police = await new ApiClient(s.url).login(DEMO.police);
      const rowsBefore = await countRows(s, 'mail_preferences');
      const one = (kind: unknown, mode: unknown) => ({ preferences: [{ kind, mode }] });
      const bodies: unknown[] = [
        '{"__proto__":{"preferences":[{"kind":"overdue","mode":"off"}]}}',
        '{"preferences":[{"kind":"overdue","mode":"off","__proto__":{"personId":6}}]}',
        one('__proto__', 'off'),
        one('constructor', 'off'),
        one('toString', 'off'),
        one('overdue', '__proto__'),
        one('overdue', 'never'),
        one('OVERDUE', 'off'),
        one(1, 0),
        one(null, null),
        { preferences: 'off' },
        { preferences: {} },
        { preferences: [] },
        { preferences: [null] },
        { preferences: [{ kind: 'overdue', mode: 'off', personId: PERSON.police }] },
        { preferences: [{ kind: 'overdue', mode: 'off' }], personId: PERSON.police },
        { preferences: [{ kind: 'overdue', mode: 'off' }, { kind: 'overdue', mode: 'digest' }] },
        { preferences: Array.from({ length: 5000 }, () => ({ kind: 'overdue', mode: 'off' })) },
        [],
        'null',
        '"off"',
        '{"preferences":',
      ];
      for (const body of bodies) {
        const res = await health.request('PUT', '/api/me/mail-preferences', body);
        expect({ body: JSON.stringify(body).slice(0, 120), refused: res.status === 400 || res.status === 413 }).toEqual({ body: JSON.stringify(body).slice(0, 120), refused: true });
      }
      // A page of another site cannot change them for the person signed in.
      expect((await health.request('PUT', '/api/me/mail-preferences', one('overdue', 'off'), { origin: 'https://evil.example' })).status).toBe(403);
      expect(await countRows(s, 'mail_preferences')).toBe(rowsBefore);
      expect(Object.values(await modesOf(health)).every((m) => m === 'immediate')).toBe(true);

      // Each session changes its own person's choices only: not another person's, not the same account's person in another partnership.
      expect((await health.request('PUT', '/api/me/mail-preferences', one('overdue', 'off'))).status).toBe(200);
      expect((await modesOf(await new ApiClient(s.url).login(DEMO.health))).overdue).toBe('off');
      expect((await modesOf(police)).overdue).toBe('immediate');
      const chair = await new ApiClient(s.url).login(DEMO.chair);
      expect((await chair.request('PUT', '/api/me/mail-preferences', one('pack_published', 'off'))).status).toBe(200);
      const me = (await chair.get<{ partnerships: { id: number; current: boolean }[] }>('/api/auth/me')).body;
      const eastbridge = me.partnerships.find((p) => !p.current)!;
      expect((await chair.post('/api/auth/partnership', { partnershipId: eastbridge.id })).status).toBe(200);
      expect((await modesOf(chair)).pack_published).toBe('immediate');
    });

    it('the outbox: the partnership’s administrators only; another partnership’s administrator gets 404 and neither outbox holds the other’s mail; odd ids are refused', async () => {
      const s = server();
      const far = await addSecondPartnership(s);
      const farAdmin = await new ApiClient(s.url).login(far.email, far.password);
      // A mail of Farshire's: an invitation of a new person of theirs.
      const invited = await farAdmin.post(`/api/partnerships/${far.partnershipId}/people`, { name: 'Farshire Invitee Quennell', email: 'quennell@farshire.test', agencyId: far.agencyId });
      expect(invited.status, JSON.stringify(invited.body)).toBe(201);
      // Mails of Northbrook's.
      const council = await new ApiClient(s.url).login(DEMO.council);
      const challenge = await raise(council, 'Held for the outbox attack');

      const admin = await new ApiClient(s.url).login(DEMO.admin);
      const ours = await admin.get<OutboxList>(`${P}/mail-outbox`);
      expect(ours.status).toBe(200);
      expect(ours.body.items.some((m) => m.subject.includes(challenge.reference))).toBe(true);
      expect(leakedNames(far, ours.body)).toEqual([]);
      expect(JSON.stringify(ours.body)).not.toContain('quennell@farshire.test');

      const theirs = await farAdmin.get<OutboxList>(`/api/partnerships/${far.partnershipId}/mail-outbox`);
      expect(theirs.status).toBe(200);
      expect(theirs.body.items.map((m) => m.to)).toContain('quennell@farshire.test');
      expect(JSON.stringify(theirs.body)).not.toMatch(/Northbrook|demo\.test/);

      // Each administrator, at the other's address: not found (the same answer as a partnership that is none).
      expect((await admin.get(`/api/partnerships/${far.partnershipId}/mail-outbox`)).status).toBe(404);
      expect((await farAdmin.get(`${P}/mail-outbox`)).status).toBe(404);
      const east = await new ApiClient(s.url).login(EASTBRIDGE_ADMIN);
      expect((await east.get(`${P}/mail-outbox`)).status).toBe(404);
      const eastMe = (await east.get<{ partnership: { id: number } }>('/api/auth/me')).body;
      const eastOutbox = await east.get<OutboxList>(`/api/partnerships/${eastMe.partnership.id}/mail-outbox`);
      expect(eastOutbox.status).toBe(200);
      expect(JSON.stringify(eastOutbox.body)).not.toContain(challenge.reference);

      // Every other role of the partnership: refused (the chair, last working in Eastbridge, is not in this partnership at all: 404).
      for (const who of [DEMO.police, DEMO.council, DEMO.observer]) {
        const res = await (await new ApiClient(s.url).login(who)).get(`${P}/mail-outbox`);
        expect({ who, status: res.status }).toEqual({ who, status: 403 });
      }
      const chair = await new ApiClient(s.url).login(DEMO.chair);
      expect([403, 404]).toContain((await chair.get(`${P}/mail-outbox`)).status);
      expect((await new ApiClient(s.url).get(`${P}/mail-outbox`)).status).toBe(401);
      for (const id of ['0', '-1', '1e9', '1000000000', 'abc', '1.5', '%20', '99999999999999999999', '__proto__', '1%00']) {
        const res = await admin.get(`/api/partnerships/${id}/mail-outbox`);
        expect({ id, refused: res.status === 400 || res.status === 404 }).toEqual({ id, refused: true });
      }
    });
  });

  it('unsubscribe: forged, altered, repeated, unknown, __proto__ and very long parameters are refused and change nothing; nothing typed into the address is reflected', async () => {
    const smtp = await useSmtp();
    const s = await startTestServer({ smtpUrl: smtp.url });
    const council = await new ApiClient(s.url).login(DEMO.council);
    const challenge = await raise(council, 'Unsubscribe link attack');
    // The link as health's mail program has it (the outbox shows administrators no signature).
    await expect.poll(() => to(smtp.mails, DEMO.health).filter((m) => m.subject.includes(challenge.reference)).length).toBe(1);
    const received = to(smtp.mails, DEMO.health).find((m) => m.subject.includes(challenge.reference))!;
    const link = new URL(received.headers['list-unsubscribe']!.slice(1, -1));
    const person = link.searchParams.get('person')!;
    const sig = link.searchParams.get('sig')!;
    expect(person).toBe(String(PERSON.health));
    const health = await new ApiClient(s.url).login(DEMO.health);
    const police = await new ApiClient(s.url).login(DEMO.police);
    const prefsBefore = await countRows(s, 'mail_preferences');
    const healthBefore = await modesOf(health);
    const policeBefore = await modesOf(police);

    const flipped = sig.slice(0, -1) + (sig.endsWith('A') ? 'B' : 'A');
    const q = (parts: Record<string, string> | string) => `/api/mail/unsubscribe?${typeof parts === 'string' ? parts : new URLSearchParams(parts).toString()}`;
    const script = '"><script>alert(1)</script>';
    const bad = [
      q({ person, kind: 'challenge_directed', sig: flipped }),
      q({ person, kind: 'challenge_directed', sig: sig.slice(0, -2) }),
      q({ person, kind: 'challenge_directed', sig: `${sig}A` }),
      q({ person, kind: 'challenge_directed' }),
      q({ person: String(PERSON.police), kind: 'challenge_directed', sig }),
      q({ person: `0${person}`, kind: 'challenge_directed', sig }),
      q({ person: `${person}.0`, kind: 'challenge_directed', sig }),
      q({ person: '__proto__', kind: 'challenge_directed', sig }),
      q({ person, kind: 'overdue', sig }),
      q({ person, kind: '__proto__', sig }),
      q({ person, kind: 'constructor', sig }),
      q({ person, kind: 'digest', sig }),
      q({ person, kind: 'password_reset', sig }),
      q(`person=${person}&person=${PERSON.police}&kind=challenge_directed&sig=${sig}`),
      q(`person=${person}&person=${person}&kind=challenge_directed&sig=${sig}`),
      q(`person=${person}&kind=challenge_directed&kind=overdue&sig=${sig}`),
      q(`person=${person}&kind=challenge_directed&sig=${sig}&sig=${sig}`),
      q(`person[]=${person}&kind=challenge_directed&sig=${sig}`),
      q(`person[__proto__]=${person}&kind=challenge_directed&sig=${sig}`),
      q({ person: '1'.repeat(4000), kind: 'challenge_directed', sig }),
      q({ person, kind: 'challenge_directed', sig: 'A'.repeat(6000) }),
      q({ person, kind: script, sig }),
      q({ person, kind: 'challenge_directed', sig: script }),
      q({ person: script, kind: 'challenge_directed', sig }),
    ];
    for (const path of bad) {
      for (const method of ['GET', 'POST']) {
        const res = await fetch(`${s.url}${path}`, { method });
        const page = await res.text();
        expect({ path: path.slice(0, 160), method, status: res.status }).toEqual({ path: path.slice(0, 160), method, status: 400 });
        expect(res.headers.get('content-type')).toMatch(/^text\/html/);
        expect(page).not.toContain('<script>');
        expect(page).not.toContain(sig);
      }
    }
    // An address too long for any server is refused before it is read.
    const huge = await fetch(`${s.url}${q({ person, kind: 'challenge_directed', sig: 'A'.repeat(40_000) })}`, { method: 'POST' });
    expect(huge.status).toBeGreaterThanOrEqual(400);
    expect(huge.status).toBeLessThan(500);
    expect(await countRows(s, 'mail_preferences')).toBe(prefsBefore);

    // The real link with something added: the page reflects none of it, and asks before changing anything.
    const extra = `${link.pathname}${link.search}&x=${encodeURIComponent(script)}&next=${encodeURIComponent('https://evil.example')}`;
    const page = await fetch(`${s.url}${extra}`);
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).not.toContain('<script>');
    expect(html).not.toContain('evil.example');
    expect(await countRows(s, 'mail_preferences')).toBe(prefsBefore);
    // Posted, it turns off that kind for that person alone.
    expect((await fetch(`${s.url}${link.pathname}${link.search}`, { method: 'POST' })).status).toBe(200);
    expect(await modesOf(health)).toEqual({ ...healthBefore, challenge_directed: 'off' });
    expect(await modesOf(police)).toEqual(policeBefore);
  });

  it('what is mailed: nothing to a disabled person; a challenge title cannot add headers or recipients, and its HTML is escaped', async () => {
    const smtp = await useSmtp();
    const s: TestServer = await startTestServer({ smtpUrl: smtp.url, publicUrl: 'https://board.example.org' });
    const admin = await new ApiClient(s.url).login(DEMO.admin);
    const disabled = await admin.post('/api/commands/person:update', { personId: PERSON.health, disabled: true });
    expect(disabled.status, JSON.stringify(disabled.body)).toBe(200);

    const council = await new ApiClient(s.url).login(DEMO.council);
    const toIcb = await raise(council, 'Told to a disabled person');
    const title = 'Cover <img src=x onerror=alert(1)>\r\nBcc: attacker@evil.test\r\nX-Injected: yes\r\n\r\n<b>body</b>';
    const injected = await council.post<ChallengeRow>('/api/commands/challenge:raise', { boardId: OG, title, question: QUESTION, directedAgencyId: POLICE_AGENCY, dueDate: addDays(todayIn(Date.now()), 14) });
    if (injected.status === 200) {
      await expect.poll(() => to(smtp.mails, DEMO.police).filter((m) => m.subject.includes(injected.body.reference)).length).toBe(1);
      const mail = to(smtp.mails, DEMO.police).find((m) => m.subject.includes(injected.body.reference))!;
      expect(mail.headers).not.toHaveProperty('bcc');
      expect(mail.headers).not.toHaveProperty('x-injected');
      expect(mail.subject).not.toMatch(/[\r\n]/);
      expect(mail.html).not.toContain('<img src=x');
      expect(mail.html).not.toContain('<b>body</b>');
      expect(mail.html).toContain('&lt;img src=x onerror=alert(1)&gt;');
    } else {
      // Refused at the door is as good: nothing of it is mailed.
      expect(injected.status).toBe(400);
    }
    // The held mails are all sent (the outbox empties), and none went to the disabled person or to the injected address.
    await expect.poll(async () => (await admin.get<OutboxList>(`${P}/mail-outbox`)).body.items.filter((m) => m.status === 'queued' || m.status === 'sending').length).toBe(0);
    expect(smtp.mails.filter((m) => /evil\.test/.test(m.to))).toEqual([]);
    expect(to(smtp.mails, DEMO.health)).toEqual([]);
    expect((await admin.get<OutboxList>(`${P}/mail-outbox`)).body.items.filter((m) => m.to === DEMO.health && m.subject.includes(toIcb.reference))).toEqual([]);
    // Her notification is still there in the product, for when she is enabled again.
    expect(await countRows(s, 'notifications where person_id = ? and challenge_id = ?', PERSON.health, toIcb.id)).toBe(1);
  });

  it('the digest carries titles only while the partnership keeps details out of mail, and two servers on one database make it once', async () => {
    const smtp = await useSmtp();
    const clock = new TestClock(Date.parse('2027-01-12T07:00:00Z'));
    const LONG = { sessionIdleMs: 60 * 86_400_000, sessionAbsoluteMs: 60 * 86_400_000 };
    const a = await launchServer({ smtpUrl: smtp.url, clock: clock.now, ...LONG });
    const b = await launchServer({ smtpUrl: smtp.url, clock: clock.now, dataDir: a.dataDir, ...LONG });
    onTestFinished(async () => {
      await a.close();
      await b.close();
      rmSync(a.dataDir, { recursive: true, force: true });
    });
    const health = await new ApiClient(a.url).login(DEMO.health);
    expect((await health.request('PUT', '/api/me/mail-preferences', { preferences: [{ kind: 'challenge_directed', mode: 'digest' }] })).status).toBe(200);
    const challenge = await raise(await new ApiClient(b.url).login(DEMO.council), 'Gathered for the digest attack', ICB, clock.now());

    clock.current = Date.parse('2027-01-12T07:30:00Z');
    await Promise.all([a.tick(), b.tick(), a.tick(), b.tick()]);
    const digests = () => to(smtp.mails, DEMO.health).filter((m) => /update(s)? from/.test(m.subject));
    await expect.poll(() => digests().length).toBe(1);
    await Promise.all([a.tick(), b.tick()]);
    expect(digests()).toHaveLength(1);
    expect(digests()[0]!.text).toContain(challenge.reference);
    expect(digests()[0]!.text).not.toContain('strategy discussions');
    expect(digests()[0]!.html).not.toContain('strategy discussions');
  });

  it('a notification already mailed at once is not mailed again in the first digest after the person moves that kind to the digest', async () => {
    const smtp = await useSmtp();
    const clock = new TestClock(Date.parse('2027-01-12T08:00:00Z'));
    const s = await startTestServer({ smtpUrl: smtp.url, clock: clock.now, sessionIdleMs: 60 * 86_400_000, sessionAbsoluteMs: 60 * 86_400_000 });
    const council = await new ApiClient(s.url).login(DEMO.council);
    const health = await new ApiClient(s.url).login(DEMO.health);
    const first = await raise(council, 'Mailed at once on Tuesday', ICB, clock.now());
    await expect.poll(() => to(smtp.mails, DEMO.health).filter((m) => m.subject.includes(first.reference)).length).toBe(1);

    clock.current = Date.parse('2027-01-12T09:00:00Z');
    expect((await health.request('PUT', '/api/me/mail-preferences', { preferences: [{ kind: 'challenge_directed', mode: 'digest' }] })).status).toBe(200);
    clock.current = Date.parse('2027-01-12T10:00:00Z');
    const second = await raise(council, 'Gathered for Wednesday', ICB, clock.now());

    clock.current = Date.parse('2027-01-13T07:30:00Z');
    await s.tick();
    const digests = () => to(smtp.mails, DEMO.health).filter((m) => /update(s)? from/.test(m.subject));
    await expect.poll(() => digests().length).toBe(1);
    expect(digests()[0]!.text).toContain(second.reference);
    // Told once: at once on Tuesday, not again on Wednesday morning.
    expect(digests()[0]!.text).not.toContain(first.reference);
    expect(smtp.mails.filter((m) => m.to.includes(DEMO.health) && m.text.includes(first.reference))).toHaveLength(1);
  });
});
