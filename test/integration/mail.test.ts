import { longDate } from '../../shared/domain/date-words.js';
import { describe, expect, it } from 'vitest';
import { addDays, todayIn } from '../../shared/domain/scoring.js';
import type { ChallengeRow } from '../../shared/schemas/challenge.js';
import type { MailPreferencesView, OutboxList } from '../../shared/schemas/mail.js';
import { ApiClient, DEMO } from '../helpers/http.js';
import { startTestServer, type TestServer } from '../helpers/server.js';
import { useSmtp, type Received } from '../helpers/smtp.js';

const P = '/api/partnerships/1';
const OG = 2;
const ICB = 3;
const QUESTION = 'Why were three strategy discussions held without health present?';

/** Raised by the council (the Operational Group's chair) to the ICB, whose member is health. */
async function raise(council: ApiClient, title: string): Promise<ChallengeRow> {
  const res = await council.post<ChallengeRow>('/api/commands/challenge:raise', { boardId: OG, title, question: QUESTION, directedAgencyId: ICB, dueDate: addDays(todayIn(Date.now()), 14) });
  if (res.status !== 200) throw new Error(JSON.stringify(res.body));
  return res.body;
}

const to = (mails: Received[], address: string) => mails.filter((m) => m.to.includes(address));

describe('mail people act on', () => {
  it('a challenge to an agency is mailed at once to its people: marking, subject, link, and no more than the title unless the partnership allows it', async () => {
    const smtp = await useSmtp();
    const s = await startTestServer({ smtpUrl: smtp.url, publicUrl: 'https://board.example.org' });
    const council = await new ApiClient(s.url).login(DEMO.council);
    const challenge = await raise(council, 'MAST health cover');
    await expect.poll(() => to(smtp.mails, DEMO.health).length).toBe(1);
    const mail = to(smtp.mails, DEMO.health)[0]!;
    expect(mail.subject).toBe(`[OFFICIAL] Challenge to your agency: ${challenge.reference} MAST health cover: a challenge to Northbrook Integrated Care Board, response due ${longDate(challenge.dueDate)}`);
    expect(mail.text).toContain(`https://board.example.org/challenges/${challenge.id}`);
    expect(mail.text.startsWith('OFFICIAL')).toBe(true);
    expect(mail.html).toContain(`href="https://board.example.org/challenges/${challenge.id}"`);
    // The question is more than the title: not mailed unless the partnership allows it.
    expect(mail.text).not.toContain(QUESTION);
    expect(mail.html).not.toContain('strategy discussions');
    // One click out of this kind (RFC 8058), signed for this person.
    expect(mail.headers['list-unsubscribe']).toMatch(/^<https:\/\/board\.example\.org\/api\/mail\/unsubscribe\?person=\d+&kind=challenge_directed&sig=[\w-]+>$/);
    expect(mail.headers['list-unsubscribe-post']).toBe('List-Unsubscribe=One-Click');
    // The raiser is not told of their own challenge.
    expect(to(smtp.mails, DEMO.council)).toEqual([]);

    await s.ctx.database.sql.run('update partnerships set mail_details = true where id = 1');
    await raise(council, 'Second challenge');
    await expect.poll(() => to(smtp.mails, DEMO.health).length).toBe(2);
    expect(to(smtp.mails, DEMO.health)[1]!.text).toContain(QUESTION);
  });

  it('preferences: off sends nothing; the unsubscribe link works, and a forged or altered one changes nothing', async () => {
    const smtp = await useSmtp();
    const s = await startTestServer({ smtpUrl: smtp.url });
    const health = await new ApiClient(s.url).login(DEMO.health);
    const council = await new ApiClient(s.url).login(DEMO.council);
    const mine = await health.get<MailPreferencesView>('/api/me/mail-preferences');
    expect(mine.body).toMatchObject({ email: DEMO.health, sending: true });
    expect(mine.body.preferences.every((p) => p.mode === 'immediate')).toBe(true);

    expect((await health.request('PUT', '/api/me/mail-preferences', { preferences: [{ kind: 'challenge_directed', mode: 'off' }] })).status).toBe(200);
    await raise(council, 'Nobody mails this');
    // Another mail, sent after, arrives: the first was never queued.
    await council.post('/api/commands/challenge:raise', { boardId: OG, title: 'Told to the police', question: 'Q', directedAgencyId: 2, dueDate: addDays(todayIn(Date.now()), 14) });
    await expect.poll(() => to(smtp.mails, DEMO.police).length).toBe(1);
    expect(to(smtp.mails, DEMO.health)).toEqual([]);

    // Bad choices are refused with the field named, and change nothing.
    const bad = await health.request<{ error: { details: { path: string }[] } }>('PUT', '/api/me/mail-preferences', { preferences: [{ kind: '__proto__', mode: 'off' }] });
    expect(bad.status).toBe(400);
    expect(bad.body.error.details[0]!.path).toContain('kind');

    // The police officer's one-click link: a forged signature, another person's id, another kind: refused.
    const link = new URL(to(smtp.mails, DEMO.police)[0]!.headers['list-unsubscribe']!.slice(1, -1));
    const forged = new URL(link);
    forged.searchParams.set('kind', 'overdue');
    expect((await fetch(`${s.url}${forged.pathname}${forged.search}`, { method: 'POST' })).status).toBe(400);
    const other = new URL(link);
    other.searchParams.set('person', String(Number(link.searchParams.get('person')) + 1));
    expect((await fetch(`${s.url}${other.pathname}${other.search}`, { method: 'POST' })).status).toBe(400);
    const police = await new ApiClient(s.url).login(DEMO.police);
    const modeOf = async (client: ApiClient, kind: string) => (await client.get<MailPreferencesView>('/api/me/mail-preferences')).body.preferences.find((p) => p.kind === kind)!.mode;
    expect(await modeOf(police, 'challenge_directed')).toBe('immediate');
    // Opened in a browser, the link asks first (a link scanner unsubscribes nobody); the mail program's one-click POST does it.
    const page = await fetch(`${s.url}${link.pathname}${link.search}`);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('Stop these e-mails');
    expect(await modeOf(police, 'challenge_directed')).toBe('immediate');
    expect((await fetch(`${s.url}${link.pathname}${link.search}`, { method: 'POST' })).status).toBe(200);
    expect(await modeOf(police, 'challenge_directed')).toBe('off');
  });

  it('without SMTP_URL nothing pretends to be sent: the mails are held in the outbox, which only the partnership’s administrators read', async () => {
    const s = await startTestServer();
    const council = await new ApiClient(s.url).login(DEMO.council);
    const challenge = await raise(council, 'Held in the outbox');
    const admin = await new ApiClient(s.url).login(DEMO.admin);
    const outbox = await admin.get<OutboxList>(`${P}/mail-outbox`);
    expect(outbox.status).toBe(200);
    expect(outbox.body.sending).toBe(false);
    expect(outbox.body.items.find((m) => m.to === DEMO.health && m.subject.includes(challenge.reference))).toMatchObject({ status: 'held', kind: 'challenge_directed', sentAt: null });
    // The chair's account was added to Eastbridge too: that news is the account's, not Northbrook's administrators'.
    expect(JSON.stringify(outbox.body.items)).not.toContain('Eastbridge');
    expect(((await s.ctx.database.sql.get("select count(*) as n from mail_outbox where kind = 'partnership_added'")) as { n: number }).n).toBeGreaterThan(0);
    for (const who of [DEMO.chair, DEMO.council, DEMO.observer]) {
      expect((await (await new ApiClient(s.url).login(who)).get(`${P}/mail-outbox`)).status).toBe(403);
    }
    expect((await admin.get('/api/partnerships/99/mail-outbox')).status).toBe(404);
    expect((await new ApiClient(s.url).get(`${P}/mail-outbox`)).status).toBe(401);
  });

  it('an SMTP server that refuses keeps the mail queued with the reason; once it accepts, the mail goes, once', async () => {
    const smtp = await useSmtp();
    const s: TestServer = await startTestServer({ smtpUrl: smtp.url });
    smtp.refuse(true);
    const council = await new ApiClient(s.url).login(DEMO.council);
    const challenge = await raise(council, 'Retried after a refusal');
    const admin = await new ApiClient(s.url).login(DEMO.admin);
    const mailOf = async () => (await admin.get<OutboxList>(`${P}/mail-outbox`)).body.items.find((m) => m.to === DEMO.health && m.subject.includes(challenge.reference));
    await expect.poll(async () => (await mailOf())?.lastError ?? '').toContain('Mailbox unavailable');
    expect((await mailOf())!.status).toBe('queued');
    smtp.refuse(false);
    await s.tick();
    await s.tick();
    expect((await mailOf())!.status).toBe('sent');
    expect(to(smtp.mails, DEMO.health).filter((m) => m.subject.includes(challenge.reference))).toHaveLength(1);
  });
});
