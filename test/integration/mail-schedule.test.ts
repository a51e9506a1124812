import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it, onTestFinished } from 'vitest';
import { addDays, todayIn } from '../../shared/domain/scoring.js';
import type { ChallengeRow } from '../../shared/schemas/challenge.js';
import { TestClock } from '../helpers/clock.js';
import { ApiClient, DEMO } from '../helpers/http.js';
import { launchServer, startTestServer } from '../helpers/server.js';
import { useSmtp, type Received } from '../helpers/smtp.js';

const OG = 2;
const ICB = 3;
const LONG = { sessionIdleMs: 60 * 86_400_000, sessionAbsoluteMs: 60 * 86_400_000 };

async function raise(council: ApiClient, clock: TestClock, title: string, days = 14): Promise<ChallengeRow> {
  const res = await council.post<ChallengeRow>('/api/commands/challenge:raise', { boardId: OG, title, question: 'Q', directedAgencyId: ICB, dueDate: addDays(todayIn(clock.now()), days) });
  if (res.status !== 200) throw new Error(JSON.stringify(res.body));
  return res.body;
}

const digestsTo = (mails: Received[], address: string) => mails.filter((m) => m.to.includes(address) && /update(s)? from/.test(m.subject));

describe('the scheduler: reminders and digests, each sent once', () => {
  it('the digest comes at 07:30 London time: 07:30 GMT in winter, 06:30 UTC once the clocks have gone forward, once a day', async () => {
    const smtp = await useSmtp();
    // Saturday 27 March 2027, the last day of GMT (the clocks go forward at 01:00 UTC on the 28th).
    const clock = new TestClock(Date.parse('2027-03-27T06:00:00Z'));
    const s = await startTestServer({ smtpUrl: smtp.url, clock: clock.now, ...LONG });
    const health = await new ApiClient(s.url).login(DEMO.health);
    expect((await health.request('PUT', '/api/me/mail-preferences', { preferences: [{ kind: 'challenge_directed', mode: 'digest' }] })).status).toBe(200);
    const council = await new ApiClient(s.url).login(DEMO.council);
    const first = await raise(council, clock, 'Gathered into Saturday’s digest');

    clock.current = Date.parse('2027-03-27T07:29:00Z');
    await s.tick();
    expect(digestsTo(smtp.mails, DEMO.health)).toEqual([]);
    clock.current = Date.parse('2027-03-27T07:30:00Z');
    await s.tick();
    await s.tick();
    const saturday = digestsTo(smtp.mails, DEMO.health);
    expect(saturday).toHaveLength(1);
    expect(saturday[0]!.subject).toBe('[OFFICIAL] 1 update from Northbrook Safeguarding Children Partnership');
    expect(saturday[0]!.text).toContain('Your digest for Saturday 27 March 2027');
    expect(saturday[0]!.text).toContain(first.reference);
    // Taken in the digest, it was not mailed at once.
    expect(smtp.mails.filter((m) => m.to.includes(DEMO.health) && m.subject.includes('Challenge to your agency'))).toEqual([]);

    const second = await raise(council, clock, 'Gathered into Sunday’s digest');
    // Sunday 28 March, BST: 07:30 in London is 06:30 UTC.
    clock.current = Date.parse('2027-03-28T06:29:00Z');
    await s.tick();
    expect(digestsTo(smtp.mails, DEMO.health)).toHaveLength(1);
    clock.current = Date.parse('2027-03-28T06:30:00Z');
    await s.tick();
    await s.tick();
    const sunday = digestsTo(smtp.mails, DEMO.health).slice(1);
    expect(sunday).toHaveLength(1);
    expect(sunday[0]!.text).toContain(second.reference);
    expect(sunday[0]!.text).not.toContain(first.reference);
  });

  it('a server that was down at 07:30 sends the day’s digest when it starts, and a restart does not send it again', async () => {
    const smtp = await useSmtp();
    const clock = new TestClock(Date.parse('2027-01-12T07:00:00Z'));
    const first = await startTestServer({ smtpUrl: smtp.url, clock: clock.now, ...LONG });
    const dataDir = first.dataDir;
    const health = await new ApiClient(first.url).login(DEMO.health);
    await health.request('PUT', '/api/me/mail-preferences', { preferences: [{ kind: 'challenge_directed', mode: 'digest' }] });
    await raise(await new ApiClient(first.url).login(DEMO.council), clock, 'Raised before the outage');
    await first.close();

    // Up again at 09:10: the start's own tick catches up the 07:30 digest.
    clock.current = Date.parse('2027-01-12T09:10:00Z');
    const again = await launchServer({ smtpUrl: smtp.url, clock: clock.now, dataDir, ...LONG });
    await again.tick();
    await expect.poll(() => digestsTo(smtp.mails, DEMO.health).length).toBe(1);
    await again.close();
    const third = await launchServer({ smtpUrl: smtp.url, clock: clock.now, dataDir, ...LONG });
    onTestFinished(() => third.close());
    await third.tick();
    expect(digestsTo(smtp.mails, DEMO.health)).toHaveLength(1);
  });

  it('two server processes on one database send each reminder once', async () => {
    const smtp = await useSmtp();
    const clock = new TestClock(Date.now());
    const seeded = await startTestServer({ clock: clock.now, ...LONG });
    await seeded.close();
    const dataDir = mkdtempSync(path.join(tmpdir(), 'board-two-'));
    cpSync(seeded.dataDir, dataDir, { recursive: true });
    const a = await launchServer({ smtpUrl: smtp.url, clock: clock.now, dataDir, ...LONG });
    const b = await launchServer({ smtpUrl: smtp.url, clock: clock.now, dataDir, ...LONG });
    onTestFinished(async () => {
      await a.close();
      await b.close();
      rmSync(dataDir, { recursive: true, force: true });
    });
    const council = await new ApiClient(a.url).login(DEMO.council);
    const challenge = await raise(council, clock, 'Reminded once by two processes', 5);
    // Three days before it is due: the due-soon reminder, ticked by both processes at once, again and again.
    clock.advance(2 * 86_400_000 + 3_600_000);
    await Promise.all([a.tick(), b.tick(), a.tick(), b.tick()]);
    await Promise.all([a.tick(), b.tick()]);
    const reminders = () => smtp.mails.filter((m) => m.to.includes(DEMO.health) && m.subject.startsWith('[OFFICIAL] Response due soon') && m.subject.includes(challenge.reference));
    await expect.poll(() => reminders().length).toBe(1);
    await Promise.all([a.tick(), b.tick()]);
    expect(reminders()).toHaveLength(1);
    expect(smtp.mails.filter((m) => m.to.includes(DEMO.health) && m.subject.includes(challenge.reference))).toHaveLength(2);
  });
});
