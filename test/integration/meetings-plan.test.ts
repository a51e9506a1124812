import type { RawSql } from '../../server/db/raw-sql.js';
import { describe, expect, it, vi } from 'vitest';
import { commandPath } from '../../shared/protocol/commands.js';
import { YJS_CLOSE, docName } from '../../shared/protocol/yjs.js';
import { PLAN_LIMITS } from '../../shared/limits.js';
import type { AuditEntry } from '../../shared/schemas/admin.js';
import type { MeetingState } from '../../shared/schemas/meeting.js';
import type { ObjectiveDetail } from '../../shared/schemas/plan.js';
import { addDays, todayIn } from '../../shared/domain/scoring.js';
import { ApiClient, DEMO } from '../helpers/http.js';
import { meetingToday } from '../helpers/meeting-time.js';
import { BOARD, P, PERSON, demoObjective, objectiveOf, ok, planPage, refusal, run } from '../helpers/plans.js';
import { addSecondPartnership } from '../helpers/second-partnership.js';
import { addSecondPlan } from '../helpers/second-plan.js';
import { useTestServer } from '../helpers/server.js';
import { connectSocket } from '../helpers/socket.js';
import { openDoc } from '../helpers/yjs.js';

/*
 * The improvement plan in board meetings (issue 12 §5): "Build agenda" proposes the objectives of the
 * board's own plans that are red, worsening or have overdue actions; while the meeting runs, members
 * present propose an objective's RAG for its lead or the chair to decide with.
 */

const proposalsIn = async (database: { sql: RawSql }, objectiveId: number) =>
  (await database.sql.get<{ n: number }>('select count(*) as n from objective_rag_proposals where objective_id = ?', [objectiveId]))!.n;

describe('the improvement plan in board meetings', () => {
  const server = useTestServer();
  const login = (email: string) => new ApiClient(server().url).login(email);

  it('"Build agenda" proposes the red, worsening or overdue objectives of the board’s own plans, each once, presented by its lead', async () => {
    const [chair, council] = await Promise.all([login(DEMO.chair), login(DEMO.council)]);
    const plan = await planPage(chair);
    const feedback = demoObjective(plan, 'Feedback from individual children');
    const policies = demoObjective(plan, 'Policies, procedures and practice standards');
    const workloads = demoObjective(plan, 'Social workers’ responsibilities and workloads');
    const members = demoObjective(plan, 'Elected members act as effective');
    const assessments = demoObjective(plan, 'Improved quality and timeliness');

    // A plan of the Operational Group's own, with an overdue action: for its meetings, not the Improvement Board's.
    const ogPlan = await ok(council, 'plan:create', { boardId: BOARD.og, title: 'Operational Group plan' });
    const ogTheme = await ok(council, 'theme:create', { planId: ogPlan.id, title: 'Front door' });
    const ogObjective = await ok(council, 'objective:create', { themeId: ogTheme.id, outcome: 'Referrals are screened within a day', leadPersonId: PERSON.council });
    await ok(council, 'plan-action:create', { objectiveId: ogObjective.id, description: 'Screen the backlog of referrals', dueDate: addDays(todayIn(Date.now()), -3), leadOfficerIds: [PERSON.council] });

    const ib = (await ok(chair, 'meeting:create', { boardId: BOARD.ib, startsAt: meetingToday() })).id;
    const built = await ok(chair, 'meeting:build-agenda', { meetingId: ib });
    const planItems = built.agenda.filter((i) => i.links.some((l) => l.kind === 'objective'));
    const byObjective = new Map(planItems.map((i) => [Number(i.links[0]!.ref), i]));
    expect([...byObjective.keys()].sort((a, b) => a - b)).toEqual([feedback.id, policies.id, workloads.id, members.id].sort((a, b) => a - b));
    expect(byObjective.has(assessments.id)).toBe(false);
    expect(byObjective.has(ogObjective.id)).toBe(false);
    // Worst first: the red ones, worsening before steady, then the amber one with overdue actions.
    expect(planItems.map((i) => Number(i.links[0]!.ref))).toEqual([policies.id, feedback.id, workloads.id, members.id]);
    const item = byObjective.get(policies.id)!;
    expect(item.title).toMatch(/^Improvement plan: Policies, procedures and practice standards support safe/);
    expect(item.title.length).toBeLessThanOrEqual('Improvement plan: '.length + PLAN_LIMITS.agendaOutcomeChars);
    expect(item.links).toEqual([{ kind: 'objective', ref: String(policies.id), label: expect.stringMatching(/^Objective: Policies, procedures/) }]);
    expect(item.presenterPersonId).toBe(policies.leadPersonId);
    expect(item.presenterAgencyId).toBe(policies.leadAgencyId);
    expect(built.agenda.some((i) => i.links.some((l) => l.kind === 'objective' && l.ref === String(ogObjective.id)))).toBe(false);

    // Building again adds nothing: each objective is already linked.
    const again = await ok(chair, 'meeting:build-agenda', { meetingId: ib });
    expect(again.agenda.filter((i) => i.links.some((l) => l.kind === 'objective'))).toHaveLength(4);

    // The Operational Group's meeting proposes its own plan's objective, and none of the Improvement Board's.
    const og = (await ok(council, 'meeting:create', { boardId: BOARD.og, startsAt: meetingToday() })).id;
    const ogItems = (await ok(council, 'meeting:build-agenda', { meetingId: og })).agenda.filter((i) => i.links.some((l) => l.kind === 'objective'));
    expect(ogItems.map((i) => [i.title, i.links[0]!.ref, i.presenterPersonId])).toEqual([['Improvement plan: Referrals are screened within a day', String(ogObjective.id), PERSON.council]]);
  });

  it('the demo’s next Improvement Board meeting builds the plan’s items without anything linked beforehand', async () => {
    const chair = await login(DEMO.chair);
    const next = (await server().services.meetings.queries.list(1, BOARD.ib)).find((m) => m.status === 'scheduled')!;
    expect(next).toBeDefined();
    const before = (await server().services.meetings.queries.agenda(next.id)).filter((i) => i.links.some((l) => l.kind === 'objective'));
    expect(before).toEqual([]);
    const built = await ok(chair, 'meeting:build-agenda', { meetingId: next.id });
    expect(built.agenda.filter((i) => i.title.startsWith('Improvement plan: ')).length).toBe(4);
  });

  it('the reason names why: RAG, direction and overdue actions', async () => {
    const chair = await login(DEMO.chair);
    const meeting = (await server().services.meetings.queries.row((await ok(chair, 'meeting:create', { boardId: BOARD.ib, startsAt: meetingToday() })).id))!;
    const proposals = await server().services.agenda.proposals(meeting);
    const plan = await planPage(chair);
    const reasonOf = (startsWith: string) => proposals.find((p) => p.links.some((l) => l.kind === 'objective' && l.ref === String(demoObjective(plan, startsWith).id)))?.reason;
    expect(reasonOf('Policies, procedures and practice standards')).toBe('RAG red, worsening; 2 of 4 actions overdue');
    expect(reasonOf('Feedback from individual children')).toBe('RAG red, worsening');
    expect(reasonOf('Social workers’ responsibilities')).toBe('RAG red');
    expect(reasonOf('Elected members act as effective')).toBe('2 of 8 actions overdue');
    expect(reasonOf('Improved quality and timeliness')).toBeUndefined();
  });

  it('a member present proposes a RAG live; the absent, observers, other boards and other partnerships may not', async () => {
    const [chair, police, health, schools, observer, admin, council] = await Promise.all([login(DEMO.chair), login(DEMO.police), login(DEMO.health), login(DEMO.schools), login(DEMO.observer), login(DEMO.admin), login(DEMO.council)]);
    const objective = demoObjective(await planPage(chair), 'Feedback from individual children');
    const other = demoObjective(await planPage(chair), 'Social workers’ responsibilities');
    const meetingId = (await ok(chair, 'meeting:create', { boardId: BOARD.ib, startsAt: meetingToday() })).id;
    await ok(chair, 'agenda:add', { meetingId, title: 'Improvement plan RAG', links: [{ kind: 'objective', ref: String(objective.id) }] });
    const propose = { meetingId, objectiveId: objective.id, rag: 'amber' as const, rationale: 'The training cohorts have started; feedback is being gathered.' };

    // Not in progress yet: refused, even to the chair.
    expect(refusal(await run(police, 'objective:propose-rag', propose))).toMatchObject({ status: 409, code: 'CONFLICT' });
    expect(refusal(await run(chair, 'objective:propose-rag', propose))).toMatchObject({ status: 409, code: 'CONFLICT' });

    await ok(chair, 'meeting:start', { meetingId });
    await ok(chair, 'attendance:set', { meetingId, personId: PERSON.police, status: 'present' });
    await ok(chair, 'attendance:set', { meetingId, personId: PERSON.health, status: 'apologies' });
    await ok(chair, 'attendance:set', { meetingId, personId: PERSON.observer, status: 'present' });
    const before = await proposalsIn(server().ctx.database, objective.id);
    // The item panel asks, with the meeting named, whether its reader may propose: the same rule.
    const may = async (who: ApiClient, query = `?meetingId=${meetingId}`) => (await who.get<ObjectiveDetail>(`${P}/objectives/${objective.id}${query}`)).body.canProposeRag;
    expect([await may(police), await may(health), await may(schools), await may(observer), await may(chair), await may(police, '')]).toEqual([true, false, false, false, true, false]);
    expect((await police.get(`${P}/objectives/${objective.id}?meetingId=abc`)).status).toBe(400);

    // A second client with the plan's page open hears of the proposal.
    const watcher = await connectSocket(await login(DEMO.schools));
    const pushed = new Promise<{ planId: number }>((resolve) => watcher.on('plan:changed', resolve));

    const proposed = await ok(police, 'objective:propose-rag', propose);
    expect(proposed.proposals[0]).toMatchObject({ meetingId, rag: 'amber', rationale: propose.rationale, proposedById: PERSON.police, proposedByName: expect.any(String), proposedByAgencyName: expect.any(String), meetingTitle: expect.any(String) });
    expect(await pushed).toEqual({ planId: objective.planId });
    watcher.disconnect();

    // Refused: a member with apologies, a member not recorded, an observer present, an objective not on the agenda.
    for (const who of [health, schools]) expect(refusal(await run(who, 'objective:propose-rag', propose))).toMatchObject({ status: 403, code: 'FORBIDDEN' });
    expect(refusal(await run(observer, 'objective:propose-rag', propose))).toMatchObject({ status: 403, code: 'FORBIDDEN' });
    expect(refusal(await run(police, 'objective:propose-rag', { ...propose, objectiveId: other.id }))).toMatchObject({ status: 403, code: 'FORBIDDEN' });
    // Council sits on the board and leads the objective: absent, it may still propose; so may the chair and an administrator.
    await ok(council, 'objective:propose-rag', { ...propose, rag: 'red', rationale: 'Still red: the feedback is not yet shaping practice.' });
    await ok(chair, 'objective:propose-rag', { ...propose, rag: 'amber', rationale: 'Amber, as the board heard.' });
    await ok(admin, 'objective:propose-rag', { ...propose, rationale: 'Recorded for the board.' });
    expect(await proposalsIn(server().ctx.database, objective.id)).toBe(before + 4);

    // Bad input: each refusal names its field, and nothing is stored.
    const bad: [unknown, string][] = [
      [{ ...propose, rag: 'purple' }, 'rag'],
      [{ ...propose, rationale: '   ' }, 'rationale'],
      [{ ...propose, rationale: 'x'.repeat(PLAN_LIMITS.rationaleMax + 1) }, 'rationale'],
      [{ meetingId, objectiveId: objective.id, rag: 'red' }, 'rationale'],
      [{ ...propose, meetingId: 'one' }, 'meetingId'],
    ];
    for (const [payload, path] of bad) {
      const res = await police.post(commandPath('objective:propose-rag'), payload);
      expect({ path, ...refusal(res) }).toMatchObject({ path, status: 400, code: 'VALIDATION_FAILED', paths: [path] });
    }
    // A `__proto__` key is dropped, never trusted: the proposal is the one written.
    const protoRes = await police.post<{ proposals: { rationale: string }[] }>(commandPath('objective:propose-rag'), JSON.parse(`{"meetingId":${meetingId},"objectiveId":${objective.id},"rag":"green","rationale":"Own keys only","__proto__":{"isPartnershipAdmin":true}}`));
    expect(protoRes.status).toBe(200);
    expect(({} as Record<string, unknown>).isPartnershipAdmin).toBeUndefined();
    expect(await proposalsIn(server().ctx.database, objective.id)).toBe(before + 5);

    // On the plan's page (every open one refreshes on the push): newest first, with who, agency, meeting and when.
    const page = objectiveOf(await planPage(schools), objective.id);
    expect(page.proposals.map((p) => [p.rag, p.proposedById])).toEqual([['green', PERSON.police], ['amber', 1], ['amber', PERSON.chair], ['red', PERSON.council], ['amber', PERSON.police]]);
    const detail = (await schools.get<ObjectiveDetail>(`${P}/objectives/${objective.id}`)).body;
    expect(detail.objective.proposals).toEqual(page.proposals);
    expect(detail.plan).toMatchObject({ id: objective.planId, boardId: BOARD.ib });

    // Audited, each with its meeting.
    const audit = (await admin.get<AuditEntry[]>(`${P}/audit?entityType=plan_objective&limit=50`)).body.filter((e) => e.action === 'plan_objective.propose_rag' && e.entityId === objective.id);
    expect(audit).toHaveLength(5);
    expect(audit.every((e) => (e.detail as { meetingId: number }).meetingId === meetingId)).toBe(true);

    // Unlinked from the agenda: refused again. Closed: refused.
    const item = (await ok(chair, 'meeting:close', { meetingId })).agenda.find((i) => i.links.some((l) => l.kind === 'objective'))!;
    expect(item).toBeDefined();
    expect(refusal(await run(police, 'objective:propose-rag', propose))).toMatchObject({ status: 409, code: 'CONFLICT' });
  });

  it('a meeting of another board, or the objective removed from the agenda, lends nothing', async () => {
    const [chair, council, police] = await Promise.all([login(DEMO.chair), login(DEMO.council), login(DEMO.police)]);
    const objective = demoObjective(await planPage(chair), 'Feedback from individual children');
    // The Operational Group (council chairs it, police sits on it) links the Improvement Board's objective and runs.
    const og = (await ok(council, 'meeting:create', { boardId: BOARD.og, startsAt: meetingToday() })).id;
    await ok(council, 'agenda:add', { meetingId: og, title: 'The board’s plan', links: [{ kind: 'objective', ref: String(objective.id) }] });
    await ok(council, 'meeting:start', { meetingId: og });
    await ok(council, 'attendance:set', { meetingId: og, personId: PERSON.police, status: 'present' });
    expect(refusal(await run(police, 'objective:propose-rag', { meetingId: og, objectiveId: objective.id, rag: 'red', rationale: 'From the group' }))).toMatchObject({ status: 403, code: 'FORBIDDEN' });

    const ib = (await ok(chair, 'meeting:create', { boardId: BOARD.ib, startsAt: meetingToday() })).id;
    const state: MeetingState = await ok(chair, 'agenda:add', { meetingId: ib, title: 'Plan', links: [{ kind: 'objective', ref: String(objective.id) }] });
    await ok(chair, 'meeting:start', { meetingId: ib });
    await ok(chair, 'attendance:set', { meetingId: ib, personId: PERSON.police, status: 'present' });
    await ok(chair, 'agenda:remove', { meetingId: ib, itemId: state.agenda.at(-1)!.id });
    expect(refusal(await run(police, 'objective:propose-rag', { meetingId: ib, objectiveId: objective.id, rag: 'red', rationale: 'After removal' }))).toMatchObject({ status: 403, code: 'FORBIDDEN' });
  });

  it('while a meeting runs, linking, unlinking, starting, closing and attendance re-check the open editors of its objectives', async () => {
    const chair = await login(DEMO.chair);
    const objective = demoObjective(await planPage(chair), 'Feedback from individual children');
    const rechecks: { command: string; recheck: { kind?: string; id?: number }[] }[] = [];
    const stop = server().ctx.bus.on('meeting.changed', (e) => rechecks.push({ command: e.command, recheck: e.recheck }));
    const objectiveRecheck = { kind: 'objective', id: objective.id };
    try {
      const meetingId = (await ok(chair, 'meeting:create', { boardId: BOARD.ib, startsAt: meetingToday() })).id;
      // Before the meeting starts, a link lends nothing: nothing to re-check.
      await ok(chair, 'agenda:add', { meetingId, title: 'Before', links: [{ kind: 'objective', ref: String(objective.id) }] });
      expect(rechecks.at(-1)!.recheck).not.toContainEqual(objectiveRecheck);
      await ok(chair, 'meeting:start', { meetingId });
      expect(rechecks.at(-1)).toMatchObject({ command: 'start' });
      expect(rechecks.at(-1)!.recheck).toContainEqual(objectiveRecheck);
      await ok(chair, 'attendance:set', { meetingId, personId: PERSON.police, status: 'present' });
      expect(rechecks.at(-1)!.recheck).toContainEqual(objectiveRecheck);
      const added = await ok(chair, 'agenda:add', { meetingId, title: 'During', links: [{ kind: 'objective', ref: String(objective.id) }] });
      expect(rechecks.at(-1)!.recheck).toContainEqual(objectiveRecheck);
      await ok(chair, 'agenda:update', { meetingId, itemId: added.agenda.at(-1)!.id, links: [] });
      expect(rechecks.at(-1)).toMatchObject({ command: 'agenda.update' });
      expect(rechecks.at(-1)!.recheck).toContainEqual(objectiveRecheck);
      await ok(chair, 'agenda:remove', { meetingId, itemId: added.agenda.at(-2)!.id });
      expect(rechecks.at(-1)!.recheck).toContainEqual(objectiveRecheck);
      await ok(chair, 'meeting:close', { meetingId });
      expect(rechecks.at(-1)!.recheck).toContainEqual(objectiveRecheck);
    } finally {
      stop();
    }
  });

  it('with real clients: linking an objective mid-meeting lends a member present its pen at once; unlinking takes it back', async () => {
    const chair = await login(DEMO.chair);
    const schools = await login(DEMO.schools);
    // Council leads it and schools leads none of its actions: what schools may write, it owes to the meeting.
    const objective = demoObjective(await planPage(chair), 'Feedback from individual children');
    const meetingId = (await ok(chair, 'meeting:create', { boardId: BOARD.ib, startsAt: meetingToday() })).id;
    await ok(chair, 'meeting:start', { meetingId });
    await ok(chair, 'attendance:set', { meetingId, personId: PERSON.schools, status: 'present' });
    const before = openDoc(schools, docName('objective', objective.id));
    await before.synced();
    await vi.waitFor(() => expect(before.readOnlyReasons.length).toBeGreaterThan(0));

    const added = await ok(chair, 'agenda:add', { meetingId, title: 'Improvement plan RAG', links: [{ kind: 'objective', ref: String(objective.id) }] });
    await vi.waitFor(() => expect(before.closes.map((c) => c.code)).toContain(YJS_CLOSE.ACCESS_CHANGED));
    before.destroy();
    const during = openDoc(schools, docName('objective', objective.id));
    await during.synced();
    expect(during.readOnlyReasons).toEqual([]);

    await ok(chair, 'agenda:remove', { meetingId, itemId: added.agenda.at(-1)!.id });
    await vi.waitFor(() => expect(during.readOnlyReasons.length).toBeGreaterThan(0));
    during.destroy();
  });

  it('another partnership’s meeting or objective is not found, and nothing of it leaks', async () => {
    const s = server();
    const second = await addSecondPartnership(s);
    const secondPlan = await addSecondPlan(s, second);
    const [chair, farshire] = await Promise.all([login(DEMO.chair), new ApiClient(s.url).login(second.email, second.password)]);
    const objective = demoObjective(await planPage(chair), 'Feedback from individual children');
    const ib = (await ok(chair, 'meeting:create', { boardId: BOARD.ib, startsAt: meetingToday() })).id;
    await ok(chair, 'agenda:add', { meetingId: ib, title: 'Plan', links: [{ kind: 'objective', ref: String(objective.id) }] });
    await ok(chair, 'meeting:start', { meetingId: ib });
    // Farshire's administrator at the demo's meeting and objective; the demo's chair at Farshire's.
    for (const [who, payload] of [
      [farshire, { meetingId: ib, objectiveId: objective.id }],
      [farshire, { meetingId: second.meetingId, objectiveId: objective.id }],
      [chair, { meetingId: ib, objectiveId: secondPlan.objectiveId }],
      [chair, { meetingId: second.meetingId, objectiveId: objective.id }],
    ] as const) {
      const res = await run(who, 'objective:propose-rag', { ...payload, rag: 'red', rationale: 'Probe' });
      expect(refusal(res)).toMatchObject({ status: 404, code: 'NOT_FOUND' });
      expect(JSON.stringify(res.body)).not.toContain('Farshire');
    }
    expect((await farshire.get(`${P}/objectives/${objective.id}`)).status).toBe(404);
    expect((await chair.get(`${P}/objectives/${secondPlan.objectiveId}`)).status).toBe(404);
  });
});
