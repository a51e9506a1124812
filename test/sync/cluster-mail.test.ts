import { describe, expect, it } from 'vitest';
import { addDays, todayIn } from '../../shared/domain/scoring.js';
import type { ChallengeRow } from '../../shared/schemas/challenge.js';
import { startTwoProcesses } from '../helpers/cluster.js';
import { ApiClient, DEMO } from '../helpers/http.js';
import { useSmtp } from '../helpers/smtp.js';

/*
 * Issue 17: two processes over one database both run the scheduler, on the same second. A reminder is
 * claimed in the transaction that writes it (its dedupe key) and a mail by one conditional UPDATE, so
 * the person gets it once. The database is shared whatever REDIS_URL says: this holds without Redis too.
 */

const OG = 2;
const ICB = 3;

describe('reminders with two server processes', () => {
  it('a challenge response due soon is mailed once, though both processes tick on the same second', async () => {
    const smtp = await useSmtp();
    // Both schedulers tick every second on the second (croner), not every minute: many more passes of
    // both processes at once than a minute would give, and the test waits seconds, not minutes.
    const { a, b, read } = await startTwoProcesses({ SMTP_URL: smtp.url, SCHEDULER_TICK_SECONDS: '1' });
    const council = await new ApiClient(a.url).login(DEMO.council);
    // Due today: the next tick's reminders find it due soon, in both processes at once.
    const res = await council.post<ChallengeRow>('/api/commands/challenge:raise', { boardId: OG, title: 'MAST health cover', question: 'Who covers MAST on Fridays?', directedAgencyId: ICB, dueDate: addDays(todayIn(Date.now()), 0) });
    expect(res.status).toBe(200);
    const reminders = () => smtp.mails.filter((m) => m.to.includes(DEMO.health) && (m.headers['list-unsubscribe'] ?? '').includes('kind=due_soon'));
    await expect.poll(() => reminders().length, { timeout: 20_000, interval: 100 }).toBeGreaterThan(0);
    // Let three more seconds' ticks of both processes pass, each finding the reminder and its mail claimed.
    const later = Date.now() + 3_000;
    await expect.poll(async () => Date.now() >= later && (await read<{ n: number }>("select count(*) as n from mail_outbox where status in ('queued', 'sending')"))[0]!.n === 0, { timeout: 20_000, interval: 250 }).toBe(true);
    expect(reminders()).toHaveLength(1);
    const notices = await read<{ n: number }>("select count(*) as n from notifications where kind = 'due_soon' and challenge_id = ?", res.body.id);
    expect(notices[0]!.n).toBeGreaterThan(0);
    expect((await read<{ n: number }>("select count(*) as n from mail_outbox where kind = 'due_soon' and to_address = ?", DEMO.health))[0]!.n).toBe(1);
    expect(b.url).not.toBe(a.url);
  }, 60_000);
});
