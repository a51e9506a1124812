import { SOCKET_LIMITS } from '../../shared/limits.js';
import { beforeAll, describe, expect, it } from 'vitest';
import type { AckReply } from '../../shared/protocol/socket.js';
import type { BoardDetail, BoardView, PersonView } from '../../shared/schemas/admin.js';
import type { ChallengeRow } from '../../shared/schemas/challenge.js';
import type { ActionView, MeetingState, MeetingSummary } from '../../shared/schemas/meeting.js';
import type { MitigationRow, RiskRow } from '../../shared/schemas/risk.js';
import { addDays, todayIn } from '../../shared/domain/scoring.js';
import { ApiClient, DEMO, type JsonResponse } from '../helpers/http.js';
import { addSecondPartnership, leakedNames, type SecondPartnership } from '../helpers/second-partnership.js';
import { useTestServer } from '../helpers/server.js';
import { meetingToday } from '../helpers/meeting-time.js';
import { connectSocket, send } from '../helpers/socket.js';

/*
 * Issue 9, item 8: ids of another partnership were accepted as a board's vice-chairs, a challenge's
 * meeting and agenda item, an action's owner and agency (whose names then showed here), and `true` was
 * taken as board 1. Every id a payload names must be a record of the sender's partnership, and a JSON
 * number: otherwise VALIDATION_FAILED naming the field, nothing changed, no name of the other
 * partnership in the answer.
 */

const P = '/api/partnerships/1';
// The demo partnership (server/features/demo/seed.ts): boards, people and agencies by seed order.
const IB = 1;
const OG = 2;
const POLICE = 3;
const POLICE_DEPUTY = 8;
const LSCB_CHAIR = 12;
const POLICE_AGENCY = 2;
const ICB = 3;

type Reply = AckReply<unknown> | JsonResponse;

/** The refusal every channel gives: VALIDATION_FAILED, naming `path` in its details. */
function expectRefused(reply: Reply, path: string): void {
  const error = 'ok' in reply ? (reply.ok ? null : reply.error) : (reply.body as { error?: unknown }).error;
  if ('status' in reply) expect(reply.status).toBe(400);
  expect(error).toMatchObject({ code: 'VALIDATION_FAILED', details: expect.arrayContaining([expect.objectContaining({ path, message: expect.any(String) })]) });
}

function ok<T>(reply: AckReply<T>): T {
  if (!reply.ok) throw new Error(`command refused: ${JSON.stringify(reply)}`);
  return reply.data;
}

const due = () => addDays(todayIn(Date.now()), 14);

describe('ids of another partnership are refused wherever a payload names them', () => {
  const server = useTestServer();
  let second: SecondPartnership;
  /** Every answer the attacks got, checked at the end of each test for the other partnership's names. */
  let replies: unknown[] = [];
  const attempt = async <R extends Reply>(reply: Promise<R>): Promise<R> => {
    const r = await reply;
    replies.push(r);
    return r;
  };

  beforeAll(async () => {
    second = await addSecondPartnership(server());
  });

  const noLeaks = () => {
    expect(leakedNames(second, replies)).toEqual([]);
    replies = [];
  };

  const signIn = (email: string) => new ApiClient(server().url).login(email);

  it('a challenge’s meeting, agenda item, subject, directed agency and person', async () => {
    const council = await connectSocket(await signIn(DEMO.council));
    const [next, past] = await server().services.meetings.queries.list(1, IB);
    const nextItem = (await server().services.meetings.queries.agenda(next!.id))[0]!.id;
    const pastItem = (await server().services.meetings.queries.agenda(past!.id))[0]!.id;
    const base = { boardId: OG, title: 'Cross-partnership check', question: 'Q', directedAgencyId: ICB, dueDate: due() };
    const count = async () => (await server().services.challenges.queries.list(1)).length;
    const before = await count();

    const attacks: [payload: Record<string, unknown>, path: string][] = [
      [{ meetingId: second.meetingId }, 'meetingId'],
      [{ meetingId: next!.id, agendaItemId: second.agendaItemId }, 'agendaItemId'],
      // An item of this partnership, but of another meeting than the one named.
      [{ meetingId: next!.id, agendaItemId: pastItem }, 'agendaItemId'],
      [{ agendaItemId: nextItem }, 'agendaItemId'],
      [{ subjectKind: 'risk', subjectRef: String(second.riskId) }, 'subjectRef'],
      [{ subjectKind: 'risk', subjectRef: '05' }, 'subjectRef'],
      [{ subjectKind: 'action', subjectRef: String(second.actionId) }, 'subjectRef'],
      [{ subjectKind: 'meeting_item', subjectRef: String(second.agendaItemId) }, 'subjectRef'],
      [{ subjectKind: 'mitigation', subjectRef: 'no-such-mitigation' }, 'subjectRef'],
      [{ subjectKind: 'none', subjectRef: '5' }, 'subjectRef'],
      [{ directedAgencyId: second.agencyId }, 'directedAgencyId'],
      [{ directedPersonId: second.personId }, 'directedPersonId'],
    ];
    for (const [payload, path] of attacks) expectRefused(await attempt(send(council, 'challenge:raise', { ...base, ...payload })), path);
    expect(await count()).toBe(before);
    noLeaks();

    // The same fields naming records of this partnership are accepted.
    const raised = ok(await send<ChallengeRow>(council, 'challenge:raise', { ...base, meetingId: next!.id, agendaItemId: nextItem, subjectKind: 'meeting_item', subjectRef: String(nextItem), directedPersonId: 4 }));
    expect(raised).toMatchObject({ meetingId: next!.id, agendaItemId: nextItem, subjectRef: String(nextItem), directedPersonName: 'Dr Aisha Rahman' });
    expect(ok(await send<ChallengeRow>(council, 'challenge:raise', { ...base, subjectKind: 'risk', subjectRef: '5' }))).toMatchObject({ subjectRef: '5' });
  });

  it('a challenge about a mitigation must name one of its own partnership’s mitigations', async () => {
    const demoAdmin = await signIn(DEMO.admin);
    const demoMitigation = (await demoAdmin.get<MitigationRow[]>(`${P}/mitigations`)).body[0]!;
    // The other partnership's administrator names a demo mitigation as the subject of their challenge.
    const outsider = await connectSocket(await new ApiClient(server().url).login(second.email, second.password));
    const before = (await server().services.challenges.queries.list(second.partnershipId)).length;
    const payload = { boardId: second.boardId, title: 'About a mitigation', directedAgencyId: second.agencyId, dueDate: due(), subjectKind: 'mitigation', subjectRef: demoMitigation.id };
    expectRefused(await send(outsider, 'challenge:raise', payload), 'subjectRef');
    expect(await server().services.challenges.queries.list(second.partnershipId)).toHaveLength(before);

    // A member of the demo partnership may name it.
    const council = await connectSocket(await signIn(DEMO.council));
    const raised = ok(await send<ChallengeRow>(council, 'challenge:raise', { boardId: OG, title: 'About a mitigation', directedAgencyId: ICB, dueDate: due(), subjectKind: 'mitigation', subjectRef: demoMitigation.id }));
    expect(raised.subjectRef).toBe(demoMitigation.id);
  });

  it('an action’s owner, agency and agenda item, over Socket.io and REST', async () => {
    const chairClient = await signIn(DEMO.chair);
    const chair = await connectSocket(chairClient);
    const meeting = ok(await send<MeetingSummary>(chair, 'meeting:create', { boardId: IB, startsAt: meetingToday() }));
    const itemId = ok(await send<MeetingState>(chair, 'agenda:add', { meetingId: meeting.id, title: 'Actions' })).agenda[0]!.id;
    const base = { meetingId: meeting.id, itemId, description: 'Bring the plan back', ownerId: POLICE, agencyId: POLICE_AGENCY, dueDate: due() };

    expectRefused(await attempt(send(chair, 'action:create', { ...base, ownerId: second.personId })), 'ownerId');
    expectRefused(await attempt(send(chair, 'action:create', { ...base, agencyId: second.agencyId })), 'agencyId');
    expectRefused(await attempt(send(chair, 'action:create', { ...base, itemId: second.agendaItemId })), 'itemId');
    const { meetingId: _m, ...body } = base;
    expectRefused(await attempt(chairClient.post(`${P}/meetings/${meeting.id}/actions`, { ...body, ownerId: second.personId })), 'ownerId');
    expectRefused(await attempt(chairClient.post(`${P}/meetings/${meeting.id}/actions`, { ...body, agencyId: second.agencyId })), 'agencyId');
    expect(await server().services.meetings.queries.actions(1, { meetingId: meeting.id })).toEqual([]);
    // The other partnership's action log is untouched too.
    expect((await server().services.meetings.queries.actions(second.partnershipId)).map((a) => a.id)).toEqual([second.actionId]);
    noLeaks();

    const created = ok(await send<ActionView>(chair, 'action:create', base));
    expect(created).toMatchObject({ ownerName: 'DCI Tom Brennan', agencyName: 'Northshire Police' });
  });

  it('attendance: the person and the deputy attending in their place', async () => {
    const chair = await connectSocket(await signIn(DEMO.chair));
    const meeting = ok(await send<MeetingSummary>(chair, 'meeting:create', { boardId: IB, startsAt: meetingToday() }));
    const state = async () => (await server().services.meetings.result(meeting.id)).state;
    const before = await state();

    expectRefused(await attempt(send(chair, 'attendance:set', { meetingId: meeting.id, personId: second.personId, status: 'present' })), 'personId');
    expectRefused(await attempt(send(chair, 'attendance:set', { meetingId: meeting.id, personId: POLICE, status: 'represented', deputyPersonId: second.personId })), 'deputyPersonId');
    // A deputy named with another status is dropped, but checked first: no id goes unchecked.
    expectRefused(await attempt(send(chair, 'attendance:set', { meetingId: meeting.id, personId: POLICE, status: 'present', deputyPersonId: second.personId })), 'deputyPersonId');
    expect(await state()).toEqual(before);
    noLeaks();

    const represented = ok(await send<MeetingState>(chair, 'attendance:set', { meetingId: meeting.id, personId: POLICE, status: 'represented', deputyPersonId: POLICE_DEPUTY }));
    expect(represented.attendance.find((a) => a.personId === POLICE)).toMatchObject({ status: 'represented', deputy: { id: POLICE_DEPUTY, name: 'DI Rachel Hughes' } });
  });

  it('an agenda item’s presenter and links', async () => {
    const chair = await connectSocket(await signIn(DEMO.chair));
    const meeting = ok(await send<MeetingSummary>(chair, 'meeting:create', { boardId: IB, startsAt: meetingToday() }));
    const itemId = ok(await send<MeetingState>(chair, 'agenda:add', { meetingId: meeting.id, title: 'Presented item' })).agenda[0]!.id;
    const agenda = () => server().services.meetings.queries.agenda(meeting.id);
    const before = await agenda();

    expectRefused(await attempt(send(chair, 'agenda:add', { meetingId: meeting.id, title: 'X', presenterPersonId: second.personId })), 'presenterPersonId');
    expectRefused(await attempt(send(chair, 'agenda:add', { meetingId: meeting.id, title: 'X', presenterAgencyId: second.agencyId })), 'presenterAgencyId');
    expectRefused(await attempt(send(chair, 'agenda:add', { meetingId: meeting.id, title: 'X', links: [{ kind: 'risk', ref: String(second.riskId) }] })), 'links.0.ref');
    expectRefused(await attempt(send(chair, 'agenda:add', { meetingId: meeting.id, title: 'X', links: [{ kind: 'action', ref: String(second.actionId) }] })), 'links.0.ref');
    expectRefused(await attempt(send(chair, 'agenda:update', { meetingId: meeting.id, itemId, presenterPersonId: second.personId })), 'presenterPersonId');
    expectRefused(await attempt(send(chair, 'agenda:update', { meetingId: meeting.id, itemId, presenterAgencyId: second.agencyId })), 'presenterAgencyId');
    expect(await agenda()).toEqual(before);
    noLeaks();
  });

  it('a board’s memberships: the person and their deputy', async () => {
    const admin = await signIn(DEMO.admin);
    const board = async () => (await admin.get<BoardDetail>(`${P}/boards/${IB}`)).body;
    const before = await board();
    const policeSeat = before.members.find((m) => m.personId === POLICE)!;

    expectRefused(await attempt(admin.post(`${P}/boards/${IB}/memberships`, { personId: second.personId, role: 'member' })), 'personId');
    expectRefused(await attempt(admin.post(`${P}/boards/${IB}/memberships`, { personId: LSCB_CHAIR, role: 'member', deputyPersonId: second.personId })), 'deputyPersonId');
    expectRefused(await attempt(admin.patch(`${P}/boards/${IB}/memberships/${policeSeat.id}`, { deputyPersonId: second.personId })), 'deputyPersonId');
    expect(await board()).toEqual(before);
    // And the other partnership's board gained no member.
    expect((await server().services.admin.members(second.boardId)).map((m) => m.personId)).toEqual([second.personId]);
    noLeaks();
  });

  it('a person’s agency and a board’s parent board', async () => {
    const admin = await signIn(DEMO.admin);
    const people = async () => (await admin.get<PersonView[]>(`${P}/people`)).body;
    const boards = async () => (await admin.get<BoardView[]>(`${P}/boards`)).body;
    const [peopleBefore, boardsBefore] = [await people(), await boards()];

    expectRefused(await attempt(admin.post(`${P}/people`, { name: 'New Person', email: 'new.person@demo.test', agencyId: second.agencyId })), 'agencyId');
    expectRefused(await attempt(admin.patch(`${P}/people/${POLICE_DEPUTY}`, { agencyId: second.agencyId })), 'agencyId');
    expectRefused(await attempt(admin.post(`${P}/boards`, { name: 'Child board', parentBoardId: second.boardId })), 'parentBoardId');
    expectRefused(await attempt(admin.patch(`${P}/boards/${OG}`, { parentBoardId: second.boardId })), 'parentBoardId');
    expect(await people()).toEqual(peopleBefore);
    expect(await boards()).toEqual(boardsBefore);
    noLeaks();
  });

  it('a risk’s owner and lead agency, over Socket.io and REST', async () => {
    const chairClient = await signIn(DEMO.chair);
    const chair = await connectSocket(chairClient);
    const risks = async () => server().services.risks.queries.list(1);
    const before = await risks();
    const base = { boardId: IB, title: 'A risk with a foreign owner', leadAgencyId: POLICE_AGENCY, ownerId: POLICE };

    expectRefused(await attempt(send(chair, 'risk:create', { ...base, ownerId: second.personId })), 'ownerId');
    expectRefused(await attempt(send(chair, 'risk:create', { ...base, leadAgencyId: second.agencyId })), 'leadAgencyId');
    expectRefused(await attempt(chairClient.post(`${P}/risks`, { ...base, ownerId: second.personId })), 'ownerId');
    // R-004 sits at the Improvement Board, which she chairs.
    expectRefused(await attempt(send(chair, 'risk:change-owner', { riskId: 4, ownerId: second.personId })), 'ownerId');
    expectRefused(await attempt(send(chair, 'risk:change-owner', { riskId: 4, ownerId: POLICE, leadAgencyId: second.agencyId })), 'leadAgencyId');
    expect((await risks())).toEqual(before);
    noLeaks();
  });
});

describe('ids are strict positive integers', () => {
  const server = useTestServer({ socketLimits: { ...SOCKET_LIMITS, commandsPerSecond: 10_000, commandBurst: 10_000 } });
  const BAD: [label: string, value: unknown][] = [
    ['true', true],
    ['"1"', '1'],
    ['1.5', 1.5],
    ['-1', -1],
    ['0', 0],
    ['2**53', 2 ** 53],
    ['2**31', 2 ** 31],
    ['null', null],
  ];

  // The attacks are many and quick; commands are rate limited per person, so the budget is raised here.
  it.each(BAD)('%s as an id is VALIDATION_FAILED on every channel and changes nothing', async (_label, bad) => {
    const chairClient = await new ApiClient(server().url).login(DEMO.chair);
    const chair = await connectSocket(chairClient);
    const council = await connectSocket(await new ApiClient(server().url).login(DEMO.council));
    const risks = (await server().services.risks.queries.list(1)).length;
    const challenges = (await server().services.challenges.queries.list(1)).length;
    const meetings = (await server().services.meetings.queries.list(1, IB)).length;
    const quorum = await server().services.meetings.queries.quorumRule(IB);
    const risk = { boardId: IB, title: 'Strict ids', leadAgencyId: POLICE_AGENCY, ownerId: POLICE };

    expectRefused(await send(chair, 'risk:create', { ...risk, boardId: bad }), 'boardId');
    expectRefused(await send(chair, 'risk:create', { ...risk, ownerId: bad }), 'ownerId');
    expectRefused(await chairClient.post(`${P}/risks`, { ...risk, boardId: bad }), 'boardId');
    expectRefused(await chairClient.post(`${P}/risks`, { ...risk, leadAgencyId: bad }), 'leadAgencyId');
    expectRefused(await send(council, 'challenge:raise', { boardId: bad, title: 'Strict ids', directedAgencyId: ICB, dueDate: due() }), 'boardId');
    expectRefused(await send(council, 'challenge:raise', { boardId: OG, title: 'Strict ids', directedAgencyId: bad, dueDate: due() }), 'directedAgencyId');
    expectRefused(await send(chair, 'meeting:create', { boardId: bad, startsAt: meetingToday() }), 'boardId');
    expectRefused(await send(chair, 'board:join', { boardId: bad }), 'boardId');

    expect((await server().services.risks.queries.list(1))).toHaveLength(risks);
    expect(await server().services.challenges.queries.list(1)).toHaveLength(challenges);
    expect(await server().services.meetings.queries.list(1, IB)).toHaveLength(meetings);
    expect(await server().services.meetings.queries.quorumRule(IB)).toEqual(quorum);
  });

  it('accepts ids in route parameters and query strings only as plain digits', async () => {
    const chair = await new ApiClient(server().url).login(DEMO.chair);
    const admin = await new ApiClient(server().url).login(DEMO.admin);
    for (const path of [
      '/api/partnerships/01/risks',
      '/api/partnerships/1.0/risks',
      '/api/partnerships/1e0/risks',
      `${P}/risks/1.5`,
      `${P}/risks/-1`,
      `${P}/risks/2147483648`,
      `${P}/risks/9007199254740992`,
      `${P}/risks?boardId=01`,
      `${P}/risks?boardId=true`,
      `${P}/risks?ids=1,01`,
      `${P}/risks?ids=1,2147483648`,
      `${P}/challenges?agencyId=0`,
      `${P}/actions?boardId=1.5`,
    ]) {
      const res = await chair.get(path);
      expect([path, res.status, (res.body as { error?: { code?: string } }).error?.code]).toEqual([path, 400, 'VALIDATION_FAILED']);
    }
    expect((await admin.get(`${P}/audit?limit=1e2`)).status).toBe(400);
    // The canonical spellings still work.
    // R-001 sits at the Operational Group, R-004 at the Improvement Board.
    expect((await chair.get<RiskRow[]>(`${P}/risks?boardId=${OG}&ids=1,4`)).body.map((r) => r.id)).toEqual([1]);
    expect((await chair.get<RiskRow>(`${P}/risks/1`)).status).toBe(200);
    expect((await admin.get(`${P}/audit?limit=5`)).status).toBe(200);
  });
});
