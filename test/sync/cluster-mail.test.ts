import { describe, expect, it } from 'vitest';
import { addDays, todayIn } from '../../shared/domain/scoring.js';
import type { ChallengeRow } from '../../shared/schemas/challenge.js';
import { startTwoProcesses } from '../helpers/cluster.js';
import { ApiClient, DEMO } from '../helpers/http.js';
import { useSmtp } from '../helpers/smtp.js';

/*
 * Issue 17: two processes over one database both run the scheduler, on the same minute. A reminder is
 * claimed in the transaction that writes it (its dedupe key) and a mail by one conditional UPDATE, so
 * the person gets it once. The database is shared whatever REDIS_URL says: this holds without Redis too.
 */

const OG = 2;
const ICB = 3;

describe('reminders with two server processes', () => {
  it('a challenge response due soon is mailed once, though both processes tick on the same minute', async () => {
    const smtp = await useSmtp();
    const { a, b, read } = await startTwoProcesses({ SMTP_URL: smtp.url });
    const council = await new ApiClient(a.url).login(DEMO.council);
    // Due today: the next tick's reminders find it due soon, in both processes at once.
    const res = await council.post<ChallengeRow>('/api/commands/challenge:raise', { boardId: OG, title: 'MAST health cover', question: 'Who covers MAST on Fridays?', directedAgencyId: ICB, dueDate: addDays(todayIn(Date.now()), 0) });
    expect(res.status).toBe(200);
    const reminders = () => smtp.mails.filter((m) => m.to.includes(DEMO.health) && (m.headers['list-unsubscribe'] ?? '').includes('kind=due_soon'));
    // Both crons tick at the next minute (croner, every minute on the minute): up to a minute away.
    await expect.poll(() => reminders().length, { timeout: 75_000, interval: 200 }).toBeGreaterThan(0);
    const firstAt = Date.now();
    // Let the next minute's ticks of both processes pass too, each finding the reminder claimed.
    const nextMinute = Math.ceil(firstAt / 60_000) * 60_000 + 5_000;
    await expect.poll(async () => Date.now() >= nextMinute && (await read<{ n: number }>("select count(*) as n from mail_outbox where status in ('queued', 'sending')"))[0]!.n === 0, { timeout: 75_000, interval: 500 }).toBe(true);
    expect(reminders()).toHaveLength(1);
    const notices = await read<{ n: number }>("select count(*) as n from notifications where kind = 'due_soon' and challenge_id = ?", res.body.id);
    expect(notices[0]!.n).toBeGreaterThan(0);
    expect((await read<{ n: number }>("select count(*) as n from mail_outbox where kind = 'due_soon' and to_address = ?", DEMO.health))[0]!.n).toBe(1);
    expect(b.url).not.toBe(a.url);
  }, 200_000);
});
