import type { SqlValue } from '../../server/db/raw-sql.js';
import { describe, expect, it, onTestFinished } from 'vitest';
import { AppError } from '../../shared/errors.js';
import { addDays, todayIn } from '../../shared/domain/scoring.js';
import type { ChallengeRow } from '../../shared/schemas/challenge.js';
import type { MeetingState, MeetingSummary } from '../../shared/schemas/meeting.js';
import { loadActor } from '../../server/core/actors.js';
import { ApiClient, DEMO } from '../helpers/http.js';
import { meetingToday } from '../helpers/meeting-time.js';
import { refuseWrites } from '../helpers/refuse-writes.js';
import { useTestServer, type TestServer } from '../helpers/server.js';
import { connectSocket, send } from '../helpers/socket.js';

/**
 * The storage seam (issue 11, item 6): each change a meetings or challenges command makes is one call
 * to its feature's repository, written in one transaction, and re-checked there. A real failure inside
 * the transaction (a trigger refusing the last row, as a full disk or a broken constraint would) leaves
 * nothing of the change behind; two commands interleaved between their checks and their writes do not
 * both succeed.
 */

const IB = 1;
const OG = 2;
const ICB = 3;
const POLICE = 3;

async function count(server: TestServer, sql: string, ...params: SqlValue[]): Promise<number> {
  return (await server.ctx.database.sql.get<{ n: number }>(`select count(*) as n from ${sql}`, params))!.n;
}

/** From now until the test ends (or the undo answered), the database refuses every new notification row. */
async function refuseNotifications(server: TestServer): Promise<() => Promise<void>> {
  const undo = await refuseWrites(server, 'notifications', 'notifications refused');
  onTestFinished(undo);
  return undo;
}

function events(server: TestServer, names: string[]): string[] {
  const heard: string[] = [];
  for (const name of names) onTestFinished(server.ctx.bus.on(name as 'challenge.changed', () => heard.push(name)));
  return heard;
}

describe('a change that fails midway leaves nothing written', () => {
  const server = useTestServer();

  it('a challenge whose notification cannot be written: no row, no timeline, no document, no audit, no number used, nothing announced', async () => {
    const s = server();
    const council = await connectSocket(await new ApiClient(s.url).login(DEMO.council));
    const tables = async () => [await count(s, 'challenges'), await count(s, 'challenge_events'), await count(s, 'doc_updates'), await count(s, 'audit_log'), await count(s, 'notifications')];
    const before = await tables();
    const numbered = await count(s, 'challenges where partnership_id = 1');
    const heard = events(s, ['challenge.changed', 'notification.created']);
    const allowNotifications = await refuseNotifications(s);

    const payload = { boardId: OG, title: 'Refused midway', question: 'Who covers MAST?', directedAgencyId: ICB, dueDate: addDays(todayIn(Date.now()), 14) };
    expect(await send(council, 'challenge:raise', payload)).toMatchObject({ ok: false, error: { code: 'INTERNAL' } });
    expect(await tables()).toEqual(before);
    expect(heard).toEqual([]);

    // Once notifications can be written again, the same command goes through, numbered as if the failure never happened.
    await allowNotifications();
    const raised = await send<ChallengeRow>(council, 'challenge:raise', payload);
    expect(raised).toMatchObject({ ok: true, data: { title: 'Refused midway', reference: `C-${String(numbered + 1).padStart(3, '0')}` } });
    expect(heard).toContain('challenge.changed');
  });

  it('an action whose owner cannot be told: no action and no audit row', async () => {
    const s = server();
    const chair = await connectSocket(await new ApiClient(s.url).login(DEMO.chair));
    const meeting = (await send<MeetingSummary>(chair, 'meeting:create', { boardId: IB, title: 'Actions meeting', startsAt: meetingToday() })) as { ok: true; data: MeetingSummary };
    const actions = () => count(s, 'meeting_actions where meeting_id = ?', meeting.data.id);
    const audits = () => count(s, "audit_log where action = 'action.create'");
    const [actionsBefore, auditsBefore] = [await actions(), await audits()];
    await refuseNotifications(s);

    const action = { meetingId: meeting.data.id, itemId: null, description: 'Bring the plan back', ownerId: POLICE, agencyId: null, dueDate: addDays(todayIn(Date.now()), 30) };
    expect(await send(chair, 'action:create', action)).toMatchObject({ ok: false, error: { code: 'INTERNAL' } });
    expect([await actions(), await audits()]).toEqual([actionsBefore, auditsBefore]);
  });
});

describe('commands interleaved between their checks and their writes', () => {
  const server = useTestServer();

  it('two acceptances of one response started together: one is accepted, the other refused, one event on the timeline', async () => {
    const s = server();
    const council = await connectSocket(await new ApiClient(s.url).login(DEMO.council));
    const raised = (await send<ChallengeRow>(council, 'challenge:raise', { boardId: OG, title: 'Twice accepted', question: 'Q', directedAgencyId: ICB, dueDate: addDays(todayIn(Date.now()), 14) })) as { ok: true; data: ChallengeRow };
    const id = raised.data.id;
    // The response as the directed agency would have written and submitted it.
    await s.ctx.database.sql.run("update challenges set response = 'Fridays are covered by the named nurse.' where id = ?", [id]);
    const health = (await loadActor(s.ctx, 4))!;
    await s.services.challenges.command(health, 'submit', id);
    const councilActor = (await loadActor(s.ctx, 6))!;

    // Both start in one turn of the event loop, as two commands read from one network packet do:
    // each reads the challenge as "response submitted" before either writes.
    const outcomes = await Promise.allSettled([s.services.challenges.command(councilActor, 'accept', id), s.services.challenges.command(councilActor, 'accept', id)]);
    const [accepted, refused] = outcomes[0].status === 'fulfilled' ? outcomes : [outcomes[1], outcomes[0]];
    expect(accepted).toMatchObject({ status: 'fulfilled', value: { status: 'accepted' } });
    expect(refused.status).toBe('rejected');
    expect((refused as PromiseRejectedResult).reason).toBeInstanceOf(AppError);
    expect((refused as PromiseRejectedResult).reason).toMatchObject({ code: 'CONFLICT' });
    expect(await count(s, "challenge_events where challenge_id = ? and kind = 'accepted'", id)).toBe(1);
    expect(await count(s, "audit_log where entity_type = 'challenge' and entity_id = ? and action = 'challenge.accept'", id)).toBe(1);
  });

  it('two starts of one meeting started together: one starts it, the other is refused, one audit row', async () => {
    const s = server();
    const chair = (await loadActor(s.ctx, 2))!;
    const meeting = await s.services.meetings.create(chair, { boardId: IB, title: 'Started twice', startsAt: meetingToday(), location: '', onlineLink: '', papersDeadline: null });
    const outcomes = await Promise.allSettled([s.services.meetings.start(chair, meeting.id), s.services.meetings.start(chair, meeting.id)]);
    expect(outcomes.map((o) => o.status).sort()).toEqual(['fulfilled', 'rejected']);
    expect(outcomes.find((o) => o.status === 'rejected')).toMatchObject({ reason: { code: 'CONFLICT' } });
    expect(await count(s, "audit_log where entity_type = 'meeting' and entity_id = ? and action = 'meeting.start'", meeting.id)).toBe(1);
  });

  it('over Socket.io, two starts sent at once answer one ok and one CONFLICT, however the packets arrive', async () => {
    const s = server();
    const chair = await connectSocket(await new ApiClient(s.url).login(DEMO.chair));
    const meeting = (await send<MeetingSummary>(chair, 'meeting:create', { boardId: IB, title: 'Started twice again', startsAt: meetingToday() })) as { ok: true; data: MeetingSummary };
    const replies = await Promise.all([send<MeetingState>(chair, 'meeting:start', { meetingId: meeting.data.id }), send<MeetingState>(chair, 'meeting:start', { meetingId: meeting.data.id })]);
    expect(replies.map((r) => (r.ok ? 'ok' : r.error.code)).sort()).toEqual(['CONFLICT', 'ok']);
    expect(await count(s, "audit_log where entity_type = 'meeting' and entity_id = ? and action = 'meeting.start'", meeting.data.id)).toBe(1);
  });
});
