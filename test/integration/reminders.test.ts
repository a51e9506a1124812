import { describe, expect, it } from 'vitest';
import { addDays, todayIn } from '../../shared/domain/scoring.js';
import type { NotificationList } from '../../shared/schemas/challenge.js';
import type { RiskRow } from '../../shared/schemas/risk.js';
import { TestClock } from '../helpers/clock.js';
import { ApiClient, DEMO } from '../helpers/http.js';
import { commitImport, previewImport } from '../helpers/imports.js';
import { P } from '../helpers/plans.js';
import { startTestServer } from '../helpers/server.js';
import { useSmtp } from '../helpers/smtp.js';

const LONG = { sessionIdleMs: 60 * 86_400_000, sessionAbsoluteMs: 60 * 86_400_000 };

describe('reminders that keep the cycle', () => {
  it('a mitigation is reminded to its owner three days ahead and once overdue, by notification and mail, once each; done, never again', async () => {
    const smtp = await useSmtp();
    const clock = new TestClock(Date.parse('2027-01-04T09:00:00Z'));
    const s = await startTestServer({ smtpUrl: smtp.url, clock: clock.now, ...LONG });
    const police = await new ApiClient(s.url).login(DEMO.police);
    const risk = (await police.get<RiskRow[]>(`${P}/risks`)).body.find((r) => r.ownerName === 'DCI Tom Brennan' && r.status === 'open')!;
    const due = addDays(todayIn(clock.now()), 10);
    const csv = ['Risk reference,Mitigation ID,Mitigation,Owner,Due date,Status', `${risk.reference},,Weekly huddle on missing children,DCI Tom Brennan,${due},In progress`].join('\n');
    const seen = await previewImport(police, 'mitigations', csv, 'm.csv');
    expect((await commitImport(police, seen.body.id)).status).toBe(200);
    const reminders = async () => (await police.get<NotificationList>('/api/notifications')).body.items.filter((n) => n.text.includes('Weekly huddle on missing children')).map((n) => n.kind);

    await s.tick();
    expect(await reminders()).toEqual([]);
    clock.advance(7 * 86_400_000);
    await s.tick();
    await s.tick();
    expect(await reminders()).toEqual(['mitigation_due']);
    clock.advance(4 * 86_400_000);
    await s.tick();
    await s.tick();
    expect(await reminders()).toEqual(['mitigation_overdue', 'mitigation_due']);
    const mails = () => smtp.mails.filter((m) => m.to.includes(DEMO.police) && m.text.includes('Weekly huddle on missing children'));
    await expect.poll(() => mails().map((m) => m.subject.replace(/:.*/, ''))).toEqual(['[OFFICIAL] Mitigation due soon', '[OFFICIAL] Mitigation overdue']);
    expect(mails()[1]!.text).toContain(`/risks/${risk.id}`);

    // Marked complete: nothing more, whatever the ticks.
    const key = (await police.get<{ key: string; action: string }[]>(`${P}/mitigations?riskIds=${risk.id}`)).body.find((m) => m.action === 'Weekly huddle on missing children')!.key;
    const done = await previewImport(police, 'mitigations', ['Risk reference,Mitigation ID,Mitigation,Owner,Due date,Status', `${risk.reference},${key},Weekly huddle on missing children,DCI Tom Brennan,${due},Complete`].join('\n'), 'm.csv');
    expect((await commitImport(police, done.body.id)).status).toBe(200);
    clock.advance(30 * 86_400_000);
    await s.tick();
    expect(await reminders()).toEqual(['mitigation_overdue', 'mitigation_due']);
  });
});
