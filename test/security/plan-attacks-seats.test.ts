import { describe, expect, it } from 'vitest';
import { loadActor } from '../../server/core/actors.js';
import { AppError } from '../../shared/errors.js';
import { PLAN_LIMITS, SOCKET_LIMITS } from '../../shared/limits.js';
import type { ObjectiveView, RecommendationView } from '../../shared/schemas/plan.js';
import { SetRagPayload, UpdateObjectivePayload, UpdatePlanActionPayload, UpdatePlanPayload, UpdateRecommendationPayload } from '../../shared/schemas/plan.js';
import { periodOf } from '../../shared/domain/plan-rag.js';
import { addDays, todayIn } from '../../shared/domain/scoring.js';
import { parse } from '../../shared/validate.js';
import { ApiClient, DEMO } from '../helpers/http.js';
import { BOARD, P, PERSON, actionOf, objectiveOf, ok, planPage, refusal, run } from '../helpers/plans.js';
import { useTestServer, type TestServer } from '../helpers/server.js';
import { connectSocket, send } from '../helpers/socket.js';

/*
 * The improvement plan attacked from each seat of the plan's board: a member who leads no objective,
 * an action's lead officer reaching for what only the chair may change, an observer named as a lead,
 * a vice-chair deciding a RAG, a deputy, and two people racing one another. The `can` flags of the
 * plan's page must agree with what the server then allows, seat by seat.
 */

const inDays = (n: number) => addDays(todayIn(Date.now()), n);
const DEPUTY = 8; // DI Rachel Hughes, the police member's deputy at the Improvement Board.
const VICE_CHAIR = PERSON.dcs;

/** A plan of the Improvement Board made by its chair: an objective led by health, an action led by police and the observer. */
async function fixture(chair: ApiClient) {
  const plan = await ok(chair, 'plan:create', { boardId: BOARD.ib, title: `Attack plan ${Math.random().toString(36).slice(2, 8)}` });
  const theme = await ok(chair, 'theme:create', { planId: plan.id, title: 'Attack theme' });
  const objective = await ok(chair, 'objective:create', { themeId: theme.id, outcome: 'Attack outcome', leadPersonId: PERSON.health });
  const action = await ok(chair, 'plan-action:create', { objectiveId: objective.id, description: 'Attack action', dueDate: inDays(30), leadOfficerIds: [PERSON.police, PERSON.observer] });
  return { planId: plan.id, themeId: theme.id, objectiveId: objective.id, actionId: action.id };
}

/** Runs a service call as a person: true when it succeeds, the refusal's code otherwise. */
async function attempt(fn: () => Promise<unknown>): Promise<true | string> {
  try {
    await fn();
    return true;
  } catch (err) {
    if (err instanceof AppError) return err.code;
    throw err;
  }
}

async function refusalsOf(server: TestServer, personId: number): Promise<{ command: string; code: string }[]> {
  const rows = (await server.ctx.database.sql.all("select detail from audit_log where action = 'command.refused' and actor_id = ? order by id", [personId])) as { detail: string }[];
  return rows.map((r) => JSON.parse(r.detail) as { command: string; code: string });
}

describe('the improvement plan, attacked from each seat', () => {
  // A generous burst: these tests send many commands from one account; the budget is the last describe's.
  const server = useTestServer({ socketLimits: { ...SOCKET_LIMITS, commandBurst: 10_000 } });
  const login = (email: string) => new ApiClient(server().url).login(email);

  it('the can flags of the plan’s page agree, seat by seat, with what the server then allows', async () => {
    const f = await fixture(await login(DEMO.chair));
    const { services, ctx } = server();
    const seats = [PERSON.admin, PERSON.chair, VICE_CHAIR, PERSON.police, PERSON.health, PERSON.council, PERSON.observer, DEPUTY, 12];
    const seen: Record<number, { edit: boolean; setRag: boolean; reportProgress: boolean; writeNarrative: boolean; writeProgress: boolean }> = {};
    for (const personId of seats) {
      const actor = (await loadActor(ctx, personId))!;
      const page = await services.plans.detail(actor, f.planId);
      const o = objectiveOf(page, f.objectiveId);
      const a = actionOf(page, f.actionId);
      expect(o.can.edit).toBe(page.can.edit);
      expect(a.can.edit).toBe(page.can.edit);
      seen[personId] = { edit: page.can.edit, setRag: o.can.setRag, reportProgress: a.can.reportProgress, writeNarrative: o.can.writeNarrative, writeProgress: a.can.writeProgress };
      const allowed = (done: true | string, flag: boolean) => (flag ? done === true : done === 'FORBIDDEN');
      const tries = {
        setRag: await attempt(() => services.plans.setRag(actor, parse(SetRagPayload, { objectiveId: f.objectiveId, rag: 'amber', rationale: `Seat ${personId}` }))),
        reportProgress: await attempt(() => services.plans.updateAction(actor, parse(UpdatePlanActionPayload, { actionId: f.actionId, status: 'on_track' }))),
        editAction: await attempt(() => services.plans.updateAction(actor, parse(UpdatePlanActionPayload, { actionId: f.actionId, dueDate: inDays(40 + personId) }))),
        editObjective: await attempt(() => services.plans.updateObjective(actor, parse(UpdateObjectivePayload, { objectiveId: f.objectiveId, outcome: `Outcome from seat ${personId}` }))),
        editPlan: await attempt(() => services.plans.updatePlan(actor, parse(UpdatePlanPayload, { planId: f.planId, title: `Plan from seat ${personId}` }))),
      };
      // The recommendations page's flag too: an inspection recommendation is edited as it says.
      const rec = (await services.recommendations.list(actor))[0]!;
      const editRec = await attempt(() => services.recommendations.update(actor, parse(UpdateRecommendationPayload, { recommendationId: rec.id, text: `${rec.text.slice(0, 3_000)} (seat ${personId})` })));
      expect({ personId, editRec }).toEqual({ personId, editRec: rec.can.edit ? true : 'FORBIDDEN' });
      expect({ personId, tries, flags: seen[personId] }).toSatisfy(() =>
        allowed(tries.setRag, o.can.setRag) && allowed(tries.reportProgress, a.can.reportProgress) && allowed(tries.editAction, a.can.edit) && allowed(tries.editObjective, o.can.edit) && allowed(tries.editPlan, page.can.edit),
      );
    }
    // Who holds which right: the vice-chair shapes but does not rate; the observer, though a lead officer, reports nothing; the deputy stands in as a member only.
    expect(seen).toEqual({
      [PERSON.admin]: { edit: true, setRag: true, reportProgress: true, writeNarrative: true, writeProgress: true },
      [PERSON.chair]: { edit: true, setRag: true, reportProgress: true, writeNarrative: true, writeProgress: true },
      [VICE_CHAIR]: { edit: true, setRag: false, reportProgress: false, writeNarrative: false, writeProgress: false },
      [PERSON.police]: { edit: false, setRag: false, reportProgress: true, writeNarrative: false, writeProgress: true },
      [PERSON.health]: { edit: false, setRag: true, reportProgress: true, writeNarrative: true, writeProgress: true },
      [PERSON.council]: { edit: false, setRag: false, reportProgress: false, writeNarrative: false, writeProgress: false },
      [PERSON.observer]: { edit: false, setRag: false, reportProgress: false, writeNarrative: false, writeProgress: false },
      [DEPUTY]: { edit: false, setRag: false, reportProgress: false, writeNarrative: false, writeProgress: false },
      12: { edit: false, setRag: false, reportProgress: false, writeNarrative: false, writeProgress: false },
    });
  });

  it('an observer named an objective’s lead is shown no RAG right and is refused one', async () => {
    const chair = await login(DEMO.chair);
    const f = await fixture(chair);
    await ok(chair, 'objective:update', { objectiveId: f.objectiveId, leadPersonId: PERSON.observer });
    const observer = await login(DEMO.observer);
    const o = objectiveOf(await planPage(observer, f.planId), f.objectiveId);
    expect(o.can).toEqual({ setRag: false, writeNarrative: false, edit: false });
    expect(actionOf(await planPage(observer, f.planId), f.actionId).can).toEqual({ reportProgress: false, writeProgress: false, edit: false });
    expect(refusal(await run(observer, 'objective:set-rag', { objectiveId: f.objectiveId, rag: 'green', rationale: 'As lead' })).code).toBe('FORBIDDEN');
    expect(refusal(await run(observer, 'plan-action:update', { actionId: f.actionId, status: 'on_track' })).code).toBe('FORBIDDEN');
  });

  it('ids that are not plain positive integers are refused naming the field, in payloads and addresses', async () => {
    const chair = await login(DEMO.chair);
    for (const planId of ['1', true, 1.5, -1, 0, 1e300, null, [1], { id: 1 }]) {
      const res = await run(chair, 'plan:update', { planId, title: 'Probe plan' } as never);
      const { status, code, paths } = refusal(res);
      expect({ planId, status, code, paths: [...new Set(paths)] }).toEqual({ planId, status: 400, code: 'VALIDATION_FAILED', paths: ['planId'] });
    }
    for (const leadOfficerIds of [['3'], [3.5], [true], 3, [null]]) {
      const res = await run(chair, 'plan-action:create', { objectiveId: 1, description: 'Probe action', leadOfficerIds } as never);
      expect({ leadOfficerIds, status: res.status, code: refusal(res).code, path: refusal(res).paths[0]?.split('.')[0] }).toEqual({ leadOfficerIds, status: 400, code: 'VALIDATION_FAILED', path: 'leadOfficerIds' });
    }
    for (const id of ['01', '1.0', '-1', '0', 'abc', '1e3', '99999999999999999999']) {
      for (const path of [`${P}/plans/${id}`, `${P}/recommendations/${id}`]) {
        const res = await chair.get(path);
        expect({ path, status: res.status }).toEqual({ path, status: expect.toSatisfy((s: number) => s === 400 || s === 404) as number });
      }
    }
  });

  it('an action’s lead officer reports its progress and changes nothing only the chair may', async () => {
    const chair = await login(DEMO.chair);
    const f = await fixture(chair);
    const police = await login(DEMO.police);
    const before = actionOf(await planPage(chair, f.planId), f.actionId);
    const shaping: [string, Record<string, unknown>][] = [
      ['description', { description: 'Rewritten by the lead officer' }],
      ['milestones', { milestones: 'Moved by the lead officer' }],
      ['dueDate', { dueDate: inDays(365) }],
      ['leadOfficerIds', { leadOfficerIds: [PERSON.police] }],
      ['recommendationIds', { recommendationIds: [1] }],
      ['status and dueDate together', { status: 'on_track', dueDate: inDays(365) }],
    ];
    for (const [what, fields] of shaping) {
      const res = await run(police, 'plan-action:update', { actionId: f.actionId, ...fields });
      expect({ what, ...refusal(res) }).toEqual({ what, status: 403, code: 'FORBIDDEN', paths: [] });
    }
    expect(actionOf(await planPage(chair, f.planId), f.actionId)).toEqual(before);
    // Its progress fields are the lead officer's to set.
    const reported = await ok(police, 'plan-action:update', { actionId: f.actionId, status: 'completed' });
    expect(reported).toMatchObject({ status: 'completed', completedDate: todayIn(Date.now()), description: 'Attack action', dueDate: before.dueDate });
    // The objective's lead (health) is no shaper either.
    const health = await login(DEMO.health);
    expect(refusal(await run(health, 'objective:update', { objectiveId: f.objectiveId, leadPersonId: PERSON.health, outcome: 'Rewritten by the lead' })).code).toBe('FORBIDDEN');
    expect(refusal(await run(health, 'plan-action:create', { objectiveId: f.objectiveId, description: 'An action of the lead’s own', leadOfficerIds: [PERSON.health] })).code).toBe('FORBIDDEN');
  });

  it('a RAG is refused for a period outside this month and the last, malformed, with an overlong rationale; prototype keys change no right', async () => {
    const chair = await login(DEMO.chair);
    const f = await fixture(chair);
    const now = periodOf(todayIn(Date.now()));
    for (const period of ['1990-01', '2999-12', `${Number(now.slice(0, 4)) - 1}${now.slice(4)}`]) {
      expect({ period, ...refusal(await run(chair, 'objective:set-rag', { objectiveId: f.objectiveId, rag: 'green', rationale: 'Probe', period })) }).toEqual({ period, status: 400, code: 'VALIDATION_FAILED', paths: ['period'] });
    }
    for (const period of ['2026-13', '2026-00', '26-01', '2026-1', 'now', '', 202601, null, '2026-01-01', '2026-01\n']) {
      const answer = await run(chair, 'objective:set-rag', { objectiveId: f.objectiveId, rag: 'green', rationale: 'Probe', period } as never);
      expect({ period, ...refusal(answer) }).toEqual({ period, status: 400, code: 'VALIDATION_FAILED', paths: ['period'] });
    }
    const long = await run(chair, 'objective:set-rag', { objectiveId: f.objectiveId, rag: 'red', rationale: 'x'.repeat(10 * 1024) });
    expect(refusal(long)).toEqual({ status: 400, code: 'VALIDATION_FAILED', paths: ['rationale'] });
    expect(objectiveOf(await planPage(chair, f.planId), f.objectiveId).rag).toBeNull();

    // A member sends prototype keys claiming rights: still refused, and nothing of Object.prototype changes.
    const police = await login(DEMO.police);
    const forged = JSON.parse(`{"objectiveId":${f.objectiveId},"rag":"green","rationale":"forged","__proto__":{"isPartnershipAdmin":true,"leadPersonId":${PERSON.police}},"constructor":{"prototype":{"isPartnershipAdmin":true}}}`) as never;
    expect(refusal(await run(police, 'objective:set-rag', forged)).code).toBe('FORBIDDEN');
    expect(refusal(await run(police, 'plan-action:update', JSON.parse(`{"actionId":${f.actionId},"status":"on_track","__proto__":{"dueDate":"2099-01-01"}}`) as never)).status).toBe(200);
    expect(({} as Record<string, unknown>).isPartnershipAdmin).toBeUndefined();
    expect(actionOf(await planPage(chair, f.planId), f.actionId).dueDate).toBe(inDays(30));
  });

  it('the same RAG sent twice at once is decided once or refused as changed meanwhile, never twice as current; a replaced lead rates no more', async () => {
    const chair = await login(DEMO.chair);
    const f = await fixture(chair);
    const sockets = await Promise.all([connectSocket(chair), connectSocket(await login(DEMO.chair)), connectSocket(await login(DEMO.health))]);
    const replies = await Promise.all(sockets.map((s) => send<ObjectiveView>(s, 'objective:set-rag', { objectiveId: f.objectiveId, rag: 'red', rationale: 'At once' })));
    for (const r of replies) expect(r.ok || r.error.code === 'CONFLICT').toBe(true);
    expect(replies.filter((r) => r.ok).length).toBeGreaterThanOrEqual(1);
    const o = objectiveOf(await planPage(chair, f.planId), f.objectiveId);
    expect(o.rag).toMatchObject({ rag: 'red', period: periodOf(todayIn(Date.now())) });
    // Each accepted decision is on the record; only the latest is current, the others superseded.
    expect(o.decisions.filter((d) => d.period === o.rag!.period)).toHaveLength(replies.filter((r) => r.ok).length);
    expect(o.decisions.filter((d) => d.period === o.rag!.period && !d.superseded)).toEqual([o.rag]);

    // The chair hands the objective to the council: health's RAG is refused from then on, the council's accepted.
    await ok(chair, 'objective:update', { objectiveId: f.objectiveId, leadPersonId: PERSON.council });
    const health = await login(DEMO.health);
    expect(refusal(await run(health, 'objective:set-rag', { objectiveId: f.objectiveId, rag: 'green', rationale: 'Old lead' })).code).toBe('FORBIDDEN');
    await ok(await login(DEMO.council), 'objective:set-rag', { objectiveId: f.objectiveId, rag: 'green', rationale: 'New lead' });
    for (const s of sockets) s.disconnect();
  });

  it('lead officers: duplicates are one lead, more than the limit is refused, a thousand too', async () => {
    const chair = await login(DEMO.chair);
    const f = await fixture(chair);
    const twice = await ok(chair, 'plan-action:update', { actionId: f.actionId, leadOfficerIds: [PERSON.police, PERSON.police, PERSON.health, PERSON.police] });
    expect(twice.leadOfficers.map((l) => l.id)).toEqual([PERSON.police, PERSON.health]);
    for (const n of [PLAN_LIMITS.leadsMax + 1, 1000]) {
      const many = await run(chair, 'plan-action:update', { actionId: f.actionId, leadOfficerIds: Array.from({ length: n }, (_, i) => i + 1) });
      expect({ n, ...refusal(many) }).toEqual({ n, status: 400, code: 'VALIDATION_FAILED', paths: ['leadOfficerIds'] });
    }
    expect(refusal(await run(chair, 'plan-action:update', { actionId: f.actionId, leadOfficerIds: [] })).paths).toEqual(['leadOfficerIds']);
    expect(actionOf(await planPage(chair, f.planId), f.actionId).leadOfficers.map((l) => l.id)).toEqual([PERSON.police, PERSON.health]);
  });

  it('one report’s recommendation number is recorded once, whether sent one after the other or at once from two sockets', async () => {
    const admin = await login(DEMO.admin);
    const rec = { source: 'Attack inspection', reportDate: inDays(-10), number: 7, text: 'Recommendation seven of the attack inspection' };
    await ok(admin, 'recommendation:create', rec);
    const again = await run(admin, 'recommendation:create', { ...rec, text: 'A second seven' });
    expect(refusal(again)).toMatchObject({ status: 409, code: 'CONFLICT' });
    const sockets = [await connectSocket(admin), await connectSocket(await login(DEMO.chair))];
    const racing = await Promise.all(sockets.map((s, i) => send<RecommendationView>(s, 'recommendation:create', { ...rec, number: 8, text: `Eight from socket ${i}` })));
    expect(racing.filter((r) => r.ok)).toHaveLength(1);
    expect(racing.filter((r) => !r.ok).map((r) => (r.ok ? null : r.error.code))).toEqual(['CONFLICT']);
    const listed = (await admin.get<RecommendationView[]>(`${P}/recommendations`)).body.filter((r) => r.source === rec.source);
    expect(listed.map((r) => r.number).sort()).toEqual([7, 8]);
    // Renumbering onto a taken number is refused too.
    const eight = listed.find((r) => r.number === 8)!;
    expect(refusal(await run(admin, 'recommendation:update', { recommendationId: eight.id, number: 7 })).code).toBe('CONFLICT');
    for (const s of sockets) s.disconnect();
  });

});

describe('refused plan commands, on the record and on the budget', () => {
  const server = useTestServer();
  const login = (email: string) => new ApiClient(server().url).login(email);

  it('each refused plan command is on the record once, and refusals draw on the command budget', async () => {
    const police = await login(DEMO.police);
    const socket = await connectSocket(police);
    const before = (await refusalsOf(server(), PERSON.police)).length;
    const planId = (await planPage(police)).id;
    expect((await send(socket, 'plan:update', { planId, title: 'Taken over by a member' })).ok).toBe(false);
    expect(refusal(await run(police, 'theme:create', { planId, title: 'A member’s theme' })).code).toBe('FORBIDDEN');
    expect((await refusalsOf(server(), PERSON.police)).slice(before)).toEqual([
      expect.objectContaining({ command: 'socket plan:update', code: 'FORBIDDEN' }),
      expect.objectContaining({ command: expect.stringContaining('theme') as string, code: 'FORBIDDEN' }),
    ]);
    // A flood of refused commands runs the budget out: RATE_LIMITED, and those are not put on the record.
    const flood = await Promise.all(Array.from({ length: 60 }, () => send(socket, 'plan:update', { planId, title: 'Flood' })));
    const codes = flood.map((r) => (r.ok ? 'ok' : r.error.code));
    expect(codes).toContain('RATE_LIMITED');
    expect(codes.every((c) => c === 'FORBIDDEN' || c === 'RATE_LIMITED')).toBe(true);
    expect((await refusalsOf(server(), PERSON.police)).length - before).toBe(2 + codes.filter((c) => c === 'FORBIDDEN').length);
    socket.disconnect();
  });
});
