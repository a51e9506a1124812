import { describe, expect, it, vi } from 'vitest';
import { docName } from '../../shared/protocol/yjs.js';
import type { AgencyAccountability, ChallengeDetail, ChallengeRow, NotificationView } from '../../shared/schemas/challenge.js';
import { addDays, todayIn } from '../../shared/domain/scoring.js';
import { TestClock } from '../helpers/clock.js';
import { ApiClient, DEMO } from '../helpers/http.js';
import { startTestServer, useTestServer, type TestServer } from '../helpers/server.js';
import { connectSocket, send, type BoardClient } from '../helpers/socket.js';
import { openDoc } from '../helpers/yjs.js';

const P = '/api/partnerships/1';
const OG = 2;
const ICB = 3;

/** Raised at the Operational Group by its chair (council) to the ICB, whose member is health. */
async function raise(s: TestServer, council: BoardClient, title = 'MAST health rota'): Promise<ChallengeRow> {
  const reply = await send<ChallengeRow>(council, 'challenge:raise', { boardId: OG, title, question: 'Who covers MAST on Fridays?', directedAgencyId: ICB, dueDate: addDays(todayIn(Date.now()), 14) });
  if (!reply.ok) throw new Error(JSON.stringify(reply));
  void s;
  return reply.data;
}

async function writeResponse(health: ApiClient, challengeId: number, text: string): Promise<void> {
  const doc = openDoc(health, docName('challenge', challengeId, 'response'));
  await doc.synced();
  doc.doc.getText('response').insert(0, text);
  await vi.waitFor(async () => expect((await health.get<ChallengeDetail>(`${P}/challenges/${challengeId}`)).body.response).toBe(text));
  doc.destroy();
}

describe('every role against every transition', () => {
  const server = useTestServer();
  const roles = ['admin', 'chair', 'police', 'health', 'schools', 'council', 'observer'] as const;
  const allowed: Record<string, (typeof roles)[number]> = { submit: 'health', accept: 'council', press: 'council', close: 'council', escalate: 'council' };
  const from: Record<string, 'open' | 'response_submitted'> = { submit: 'open', accept: 'response_submitted', press: 'response_submitted', close: 'open', escalate: 'open' };

  for (const command of ['submit', 'accept', 'press', 'close', 'escalate'] as const) {
    it.each(roles)(`${command}: %s`, async (role) => {
      const s = server();
      const council = await connectSocket(await new ApiClient(s.url).login(DEMO.council));
      const health = await new ApiClient(s.url).login(DEMO.health);
      const c = await raise(s, council, `${command} by ${role}`);
      await writeResponse(health, c.id, `Response for ${command} by ${role}`);
      if (from[command] === 'response_submitted') expect(await send(await connectSocket(health), 'challenge:submit', { challengeId: c.id })).toMatchObject({ ok: true });

      const actor = await new ApiClient(s.url).login(DEMO[role]);
      const before = (await actor.get<ChallengeDetail>(`${P}/challenges/${c.id}`)).body;
      const payload = command === 'press' ? { challengeId: c.id, reason: 'Name the nurse', dueDate: addDays(todayIn(Date.now()), 7) } : { challengeId: c.id, reason: 'Agreed' };
      const reply = await send<ChallengeRow>(await connectSocket(actor), `challenge:${command}`, payload);
      const after = (await actor.get<ChallengeDetail>(`${P}/challenges/${c.id}`)).body;
      if (allowed[command] === role) {
        expect(reply).toMatchObject({ ok: true });
        expect(after.status).not.toBe(before.status);
        expect(after.timeline.at(-1)).toMatchObject({ actorName: expect.any(String) });
      } else {
        expect(reply).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
        expect(after.status).toBe(before.status);
        expect(after.timeline).toEqual(before.timeline);
      }
    });
  }

  it('hides a challenge from another partnership entirely', async () => {
    const s = server();
    const { createPartnership } = await import('../../server/features/admin/partnerships.js');
    await createPartnership(s.ctx, { name: 'Elsewhere', agency: { name: 'Elsewhere ICB', kind: 'health' }, admin: { name: 'E', email: 'e@elsewhere.test', password: 'elsewhere-pass' } });
    const outsider = await new ApiClient(s.url).login('e@elsewhere.test', 'elsewhere-pass');
    expect((await outsider.get(`${P}/challenges`)).status).toBe(404);
    const c = await raise(s, await connectSocket(await new ApiClient(s.url).login(DEMO.council)));
    expect(await send(await connectSocket(outsider), 'challenge:close', { challengeId: c.id })).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
  });

  it('refuses a transition that is not possible from the current status', async () => {
    const s = server();
    const council = await connectSocket(await new ApiClient(s.url).login(DEMO.council));
    const c = await raise(s, council);
    expect(await send(council, 'challenge:accept', { challengeId: c.id })).toMatchObject({ ok: false, error: { code: 'CONFLICT' } });
    expect(await send(await connectSocket(await new ApiClient(s.url).login(DEMO.health)), 'challenge:submit', { challengeId: c.id })).toMatchObject({ ok: false, error: { code: 'VALIDATION_FAILED' } });
  });
});

describe('the two documents of a challenge', () => {
  it('lets only the directed agency write the response, and freezes it on submission', async () => {
    const s = await startTestServer();
    const council = await connectSocket(await new ApiClient(s.url).login(DEMO.council));
    const c = await raise(s, council);
    const health = await new ApiClient(s.url).login(DEMO.health);
    const police = await new ApiClient(s.url).login(DEMO.police);

    const answer = openDoc(health, docName('challenge', c.id, 'response'));
    const meddler = openDoc(police, docName('challenge', c.id, 'response'));
    await Promise.all([answer.synced(), meddler.synced()]);
    await vi.waitFor(() => expect(meddler.readOnlyReasons).toContain('read-only'));
    expect(answer.readOnlyReasons).toEqual([]);
    meddler.doc.getText('response').insert(0, 'POLICE WROTE THIS ');
    answer.doc.getText('response').insert(0, 'A named nurse covers Fridays from January.');
    await vi.waitFor(async () => expect((await health.get<ChallengeDetail>(`${P}/challenges/${c.id}`)).body.response).toBe('A named nurse covers Fridays from January.'));

    expect(await send(await connectSocket(health), 'challenge:submit', { challengeId: c.id })).toMatchObject({ ok: true });
    await vi.waitFor(() => expect(answer.readOnlyReasons.length).toBeGreaterThan(0));
    answer.doc.getText('response').insert(0, 'EDITED AFTER SUBMISSION ');
    const detail = (await health.get<ChallengeDetail>(`${P}/challenges/${c.id}`)).body;
    expect(detail.response).toBe('A named nurse covers Fridays from January.');
    expect(detail.timeline.find((e) => e.kind === 'response_submitted')).toMatchObject({ actorName: 'Dr Aisha Rahman', response: 'A named nurse covers Fridays from January.' });

    // The question is the raiser's and the chair's to write, not the agency's.
    const question = openDoc(health, docName('challenge', c.id));
    await question.synced();
    expect(question.doc.getText('question').toString()).toBe('Who covers MAST on Fridays?');
    await vi.waitFor(() => expect(question.readOnlyReasons).toContain('read-only'));
  });
});

describe('notifications', () => {
  it('reach the right people only, live', async () => {
    const s = await startTestServer();
    const listen = async (email: string) => {
      const socket = await connectSocket(await new ApiClient(s.url).login(email));
      const heard: NotificationView[] = [];
      socket.on('notification:new', (n) => heard.push(n));
      return heard;
    };
    const [healthHeard, policeHeard, councilHeard, chairHeard] = await Promise.all([listen(DEMO.health), listen(DEMO.police), listen(DEMO.council), listen(DEMO.chair)]);
    const councilClient = await new ApiClient(s.url).login(DEMO.council);
    const c = await raise(s, await connectSocket(councilClient), 'Who covers MAST on Fridays');
    await vi.waitFor(() => expect(healthHeard.map((n) => n.kind)).toContain('challenge_directed'));
    expect(healthHeard.find((n) => n.kind === 'challenge_directed')).toMatchObject({ link: `/challenges/${c.id}` });

    const health = await new ApiClient(s.url).login(DEMO.health);
    await writeResponse(health, c.id, 'Covered.');
    await send(await connectSocket(health), 'challenge:submit', { challengeId: c.id });
    await vi.waitFor(() => expect(councilHeard.map((n) => n.kind)).toContain('response_submitted'));
    expect(policeHeard.filter((n) => n.link === `/challenges/${c.id}`)).toEqual([]);
    expect(chairHeard.filter((n) => n.link === `/challenges/${c.id}`)).toEqual([]);
    expect(healthHeard.filter((n) => n.kind === 'response_submitted')).toEqual([]);

    const list = (await health.get<{ items: NotificationView[]; unread: number }>('/api/notifications')).body;
    expect(list.unread).toBeGreaterThan(0);
    const after = (await health.post<{ unread: number }>('/api/notifications/read', { ids: 'all' })).body;
    expect(after.unread).toBe(0);
  });

  it('reminds three days before the due date and once overdue, once each', async () => {
    const clock = new TestClock(Date.now());
    const s = await startTestServer({ clock: clock.now, sessionIdleMs: 30 * 86_400_000, sessionAbsoluteMs: 30 * 86_400_000 });
    const council = await connectSocket(await new ApiClient(s.url).login(DEMO.council));
    const reply = await send<ChallengeRow>(council, 'challenge:raise', { boardId: OG, title: 'Reminder check', directedAgencyId: ICB, dueDate: addDays(todayIn(clock.now()), 5) });
    const id = (reply as { data: ChallengeRow }).data.id;
    const health = await new ApiClient(s.url).login(DEMO.health);
    const mine = async () => (await health.get<{ items: NotificationView[] }>('/api/notifications')).body.items.filter((n) => n.link === `/challenges/${id}`).map((n) => n.kind);

    await s.services.challenges.sendReminders();
    expect(await mine()).toEqual(['challenge_directed']);
    clock.advance(2 * 86_400_000);
    await s.services.challenges.sendReminders();
    await s.services.challenges.sendReminders();
    expect(await mine()).toEqual(['due_soon', 'challenge_directed']);
    clock.advance(4 * 86_400_000);
    await s.services.challenges.sendReminders();
    await s.services.challenges.sendReminders();
    expect(await mine()).toEqual(['overdue', 'due_soon', 'challenge_directed']);
  });
});

describe('accountability dashboard', () => {
  it('matches the figures of the demo fixture, and moves when an agency answers', async () => {
    const clock = new TestClock(Date.parse('2026-11-23T09:00:00Z'));
    const dataDir = (await import('node:fs')).mkdtempSync(`${(await import('node:os')).tmpdir()}/board-dash-`);
    const s = await startTestServer({ clock: clock.now, dataDir, sessionIdleMs: 30 * 86_400_000, sessionAbsoluteMs: 30 * 86_400_000 });
    const chair = await new ApiClient(s.url).login(DEMO.chair);
    const byAgency = async (query = '') => new Map((await chair.get<AgencyAccountability[]>(`${P}/accountability${query}`)).body.map((a) => [a.agencyName, a]));
    const pick = (a: AgencyAccountability | undefined) => a && [a.challengesOpen, a.challengesOverdue, a.challengesClosed, a.medianDaysToRespond];

    const figures = await byAgency();
    expect(pick(figures.get('Northbrook Integrated Care Board'))).toEqual([1, 1, 0, null]);
    expect(pick(figures.get('Northshire Police'))).toEqual([1, 1, 1, 14]);
    expect(pick(figures.get('Probation Service (Northbrook)'))).toEqual([1, 0, 0, 20]);
    expect(pick(figures.get('Northbrook Community NHS Trust'))).toEqual([0, 0, 1, 9]);
    expect(pick(figures.get("Northbrook Council Children's Services"))).toEqual([1, 0, 0, 25]);
    expect(figures.get('Northshire Police')!.risksByBand).toEqual({ High: 3 });

    // The period filter: C-006 (the trust's, raised 90 days ago) falls outside the last 45 days.
    const recent = await byAgency(`?from=${addDays('2026-11-23', -45)}`);
    expect(pick(recent.get('Northbrook Community NHS Trust'))).toEqual([0, 0, 0, null]);

    // Health answers C-001 two days later: 42 days after it was raised, and no longer overdue.
    clock.advance(2 * 86_400_000);
    const health = await new ApiClient(s.url).login(DEMO.health);
    await writeResponse(health, 1, 'A health practitioner is on site in the MAST every day from next week.');
    expect(await send(await connectSocket(health), 'challenge:submit', { challengeId: 1 })).toMatchObject({ ok: true });
    expect(pick((await byAgency()).get('Northbrook Integrated Care Board'))).toEqual([1, 0, 0, 42]);
  });
});

describe('a board may let the raiser decide', () => {
  it('lets the raiser accept only once an admin has allowed it for that board, on the record', async () => {
    const s = await startTestServer();
    const police = await new ApiClient(s.url).login(DEMO.police);
    const policeSocket = await connectSocket(police);
    const raised = await send<ChallengeRow>(policeSocket, 'challenge:raise', { boardId: 1, title: 'Health at strategy meetings', directedAgencyId: ICB, dueDate: addDays(todayIn(Date.now()), 10) });
    const id = (raised as { data: ChallengeRow }).data.id;
    const health = await new ApiClient(s.url).login(DEMO.health);
    await writeResponse(health, id, 'A named nurse attends every strategy meeting.');
    expect(await send(await connectSocket(health), 'challenge:submit', { challengeId: id })).toMatchObject({ ok: true });

    expect(await send(policeSocket, 'challenge:accept', { challengeId: id })).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    const admin = await new ApiClient(s.url).login(DEMO.admin);
    expect((await police.request('PUT', `${P}/boards/1/challenge-settings`, { raiserMayDecide: true })).status).toBe(403);
    expect((await admin.request('PUT', `${P}/boards/1/challenge-settings`, { raiserMayDecide: true })).status).toBe(200);
    expect(await send(policeSocket, 'challenge:accept', { challengeId: id })).toMatchObject({ ok: true, data: { status: 'accepted' } });
    const audit = (await admin.get<{ action: string; actorName: string }[]>(`${P}/audit?entityType=board`)).body;
    expect(audit[0]).toMatchObject({ action: 'board.challenge_settings', actorName: 'Priya Shah' });
  });
});
