import { beforeAll, describe, expect, it } from 'vitest';
import { SOCKET_LIMITS } from '../../shared/limits.js';
import type { CommandInput, CommandName } from '../../shared/protocol/commands.js';
import type { PlanDetail, RecommendationDetail, RecommendationView } from '../../shared/schemas/plan.js';
import { addDays, todayIn } from '../../shared/domain/scoring.js';
import { ApiClient, DEMO, type JsonResponse } from '../helpers/http.js';
import { BOARD, P, PERSON, actionOf, demoObjective, planPage, refusal, run } from '../helpers/plans.js';
import { addSecondPartnership, leakedNames, type SecondPartnership } from '../helpers/second-partnership.js';
import { addSecondPlan, type SecondPlan } from '../helpers/second-plan.js';
import { useTestServer } from '../helpers/server.js';

/*
 * The improvement plan attacked with another partnership's ids: an administrator of the demo
 * partnership (who may do everything to its own plan) names, in every field and address, a record of
 * Farshire's. The answer must be word for word the answer to an id that does not exist at all, nothing
 * is changed, and no Farshire name reaches the answer. A signed-out client reaches none of it.
 */

const NOWHERE = 999_999;
const inDays = (n: number) => addDays(todayIn(Date.now()), n);

describe('the improvement plan against another partnership’s ids', () => {
  // A generous burst: this file counts answers, not the command budget (plan-attacks-seats does).
  const server = useTestServer({ socketLimits: { ...SOCKET_LIMITS, commandBurst: 10_000 } });
  let second: SecondPartnership;
  let farPlan: SecondPlan;
  let admin: ApiClient;
  let plan: PlanDetail;

  beforeAll(async () => {
    second = await addSecondPartnership(server());
    farPlan = await addSecondPlan(server(), second);
    admin = await new ApiClient(server().url).login(DEMO.admin);
    plan = await planPage(admin);
  });

  const leaks = (value: unknown) => [...leakedNames(second, value), ...farPlan.names.filter((n) => JSON.stringify(value).includes(n))];

  it('answers a foreign id in every command field exactly as an id that does not exist, and changes nothing', async () => {
    const themeId = plan.themes[0]!.id;
    const objective = plan.themes.flatMap((t) => t.objectives).find((o) => o.actions.length > 0)!;
    const actionId = objective.actions[0]!.id;
    // [command, payload naming `id` where the attack puts it, the field the refusal should name (or none: NOT_FOUND)]
    const attacks: [CommandName, (id: number) => unknown, string | null][] = [
      ['plan:create', (id) => ({ boardId: id, title: 'Probe plan' }), null],
      ['plan:update', (id) => ({ planId: id, title: 'Probe plan' }), null],
      ['plan:update', (id) => ({ planId: plan.id, boardId: id }), 'boardId'],
      ['theme:create', (id) => ({ planId: id, title: 'Probe theme' }), null],
      ['theme:update', (id) => ({ themeId: id, title: 'Probe theme' }), null],
      ['objective:create', (id) => ({ themeId: id, outcome: 'Probe outcome' }), null],
      ['objective:create', (id) => ({ themeId, outcome: 'Probe outcome', leadPersonId: id }), 'leadPersonId'],
      ['objective:create', (id) => ({ themeId, outcome: 'Probe outcome', leadAgencyId: id }), 'leadAgencyId'],
      ['objective:create', (id) => ({ themeId, outcome: 'Probe outcome', recommendationIds: [id] }), 'recommendationIds'],
      ['objective:create', (id) => ({ themeId, outcome: 'Probe outcome', riskIds: [id] }), 'riskIds'],
      ['objective:update', (id) => ({ objectiveId: id, outcome: 'Probe outcome' }), null],
      ['objective:update', (id) => ({ objectiveId: objective.id, themeId: id }), 'themeId'],
      ['objective:update', (id) => ({ objectiveId: objective.id, leadPersonId: id }), 'leadPersonId'],
      ['objective:update', (id) => ({ objectiveId: objective.id, leadAgencyId: id }), 'leadAgencyId'],
      ['objective:update', (id) => ({ objectiveId: objective.id, recommendationIds: [id] }), 'recommendationIds'],
      ['objective:update', (id) => ({ objectiveId: objective.id, riskIds: [1, id] }), 'riskIds'],
      ['objective:set-rag', (id) => ({ objectiveId: id, rag: 'green', rationale: 'probe' }), null],
      ['plan-action:create', (id) => ({ objectiveId: id, description: 'Probe action', leadOfficerIds: [PERSON.police] }), null],
      ['plan-action:create', (id) => ({ objectiveId: objective.id, description: 'Probe action', leadOfficerIds: [PERSON.police, id] }), 'leadOfficerIds.1'],
      ['plan-action:create', (id) => ({ objectiveId: objective.id, description: 'Probe action', leadOfficerIds: [PERSON.police], recommendationIds: [id] }), 'recommendationIds'],
      ['plan-action:update', (id) => ({ actionId: id, status: 'on_track' }), null],
      ['plan-action:update', (id) => ({ actionId, leadOfficerIds: [id] }), 'leadOfficerIds.0'],
      // Named after a duplicate: the refusal names the index the sender wrote, not one after deduplication.
      ['plan-action:update', (id) => ({ actionId, leadOfficerIds: [PERSON.police, PERSON.police, id] }), 'leadOfficerIds.2'],
      ['plan-action:create', (id) => ({ objectiveId: objective.id, description: 'Probe action', leadOfficerIds: [PERSON.health, PERSON.health, PERSON.health, id] }), 'leadOfficerIds.3'],
      ['plan-action:update', (id) => ({ actionId, recommendationIds: [id] }), 'recommendationIds'],
      ['recommendation:update', (id) => ({ recommendationId: id, text: 'Probe recommendation text' }), null],
    ];
    const foreignIds: Record<string, number> = {
      boardId: second.boardId, planId: farPlan.planId, themeId: farPlan.themeId, objectiveId: farPlan.objectiveId, actionId: farPlan.actionId,
      recommendationId: farPlan.recommendationId, leadPersonId: second.personId, leadOfficerIds: second.personId, leadAgencyId: second.agencyId,
      recommendationIds: farPlan.recommendationId, riskIds: second.riskId,
    };
    const before = await planPage(admin);
    for (const [name, payload, field] of attacks) {
      // The field the id sits in: the one the refusal names, else the record addressed.
      const key = field?.split('.')[0] ?? Object.keys(payload(0) as object).find((k) => k.endsWith('Id'))!;
      const foreign = await run(admin, name, payload(foreignIds[key]!) as CommandInput<typeof name>);
      const missing = await run(admin, name, payload(NOWHERE) as CommandInput<typeof name>);
      expect({ name, key, status: foreign.status, body: foreign.body }).toEqual({ name, key, status: missing.status, body: missing.body });
      expect({ name, key, refusal: refusal(foreign) }).toEqual({ name, key, refusal: field === null ? { status: 404, code: 'NOT_FOUND', paths: [] } : { status: 400, code: 'VALIDATION_FAILED', paths: [field] } });
      expect(leaks(foreign.body)).toEqual([]);
    }
    expect(await planPage(admin)).toEqual(before);
    // Farshire's plan is as it was made.
    const far = await server().services.plans.detail((await (await import('../../server/core/actors.js')).loadActor(server().ctx, second.personId))!, farPlan.planId);
    expect(far.themes.map((t) => t.title)).toEqual(['Farshire theme of county lines']);
    expect(actionOf(far, farPlan.actionId)).toMatchObject({ description: 'Farshire action: map the county lines', progress: '' });
  });

  it('answers a foreign id in every read address exactly as an id that does not exist, and the lists show none of Farshire', async () => {
    for (const [foreign, missing] of [
      [`${P}/plans/${farPlan.planId}`, `${P}/plans/${NOWHERE}`],
      [`${P}/recommendations/${farPlan.recommendationId}`, `${P}/recommendations/${NOWHERE}`],
      [`/api/partnerships/${second.partnershipId}/plans`, `/api/partnerships/${NOWHERE}/plans`],
      [`/api/partnerships/${second.partnershipId}/plans/${farPlan.planId}`, `/api/partnerships/${NOWHERE}/plans/${farPlan.planId}`],
      [`/api/partnerships/${second.partnershipId}/recommendations`, `/api/partnerships/${NOWHERE}/recommendations`],
      [`/api/partnerships/${second.partnershipId}/recommendations/${farPlan.recommendationId}`, `/api/partnerships/${NOWHERE}/recommendations/${farPlan.recommendationId}`],
    ]) {
      const [a, b] = [await admin.get(foreign!), await admin.get(missing!)];
      expect({ foreign, status: a.status, body: a.body }).toEqual({ foreign, status: b.status, body: b.body });
      expect(a.status).toBeGreaterThanOrEqual(400);
      expect(leaks(a.body)).toEqual([]);
    }
    const lists: JsonResponse[] = [await admin.get(`${P}/plans`), await admin.get(`${P}/recommendations`), await admin.get(`${P}/plans/${plan.id}`)];
    const recs = lists[1]!.body as RecommendationView[];
    for (const r of recs) lists.push(await admin.get<RecommendationDetail>(`${P}/recommendations/${r.id}`));
    for (const res of lists) {
      expect(res.status).toBe(200);
      expect(leaks(res.body)).toEqual([]);
    }
    expect(recs.map((r) => r.id)).not.toContain(farPlan.recommendationId);
  });

  it('a plan handed to another partnership’s board, or to a board where the sender is not chair, stays where it is', async () => {
    const chair = await new ApiClient(server().url).login(DEMO.chair);
    // The chair of the Improvement Board is no chair of the Operational Group (the council's).
    const refusedHere = await run(chair, 'plan:update', { planId: plan.id, boardId: BOARD.og });
    expect(refusal(refusedHere)).toEqual({ status: 403, code: 'FORBIDDEN', paths: [] });
    const foreign = await run(chair, 'plan:update', { planId: plan.id, boardId: second.boardId });
    const missing = await run(chair, 'plan:update', { planId: plan.id, boardId: NOWHERE });
    expect(foreign.body).toEqual(missing.body);
    expect(refusal(foreign)).toEqual({ status: 400, code: 'VALIDATION_FAILED', paths: ['boardId'] });
    // The council chairs the Operational Group but not the plan's board: it cannot take the plan.
    const council = await new ApiClient(server().url).login(DEMO.council);
    expect(refusal(await run(council, 'plan:update', { planId: plan.id, boardId: BOARD.og })).code).toBe('FORBIDDEN');
    expect((await planPage(admin)).boardId).toBe(BOARD.ib);
  });

  it('an objective moves only between the themes of its own plan', async () => {
    const other = (await run(admin, 'plan:create', { boardId: BOARD.ib, title: 'A second plan of the board' })).body as { id: number };
    const theme = (await run(admin, 'theme:create', { planId: other.id, title: 'Theme of the second plan' })).body as { id: number };
    const objective = plan.themes[0]!.objectives[0]!;
    const moved = await run(admin, 'objective:update', { objectiveId: objective.id, themeId: theme.id });
    expect(refusal(moved)).toEqual({ status: 400, code: 'VALIDATION_FAILED', paths: ['themeId'] });
    expect(moved.body).toEqual((await run(admin, 'objective:update', { objectiveId: objective.id, themeId: NOWHERE })).body);
    expect(demoObjective(await planPage(admin), objective.outcome).id).toBe(objective.id);
    expect((await planPage(admin, other.id)).themes[0]!.objectives).toEqual([]);
  });

  it('a signed-out client reads nothing and changes nothing', async () => {
    const anon = new ApiClient(server().url);
    for (const path of [`${P}/plans`, `${P}/plans/${plan.id}`, `${P}/recommendations`, `${P}/recommendations/1`]) {
      const res = await anon.get(path);
      expect({ path, status: res.status, code: refusal(res).code }).toEqual({ path, status: 401, code: 'UNAUTHENTICATED' });
    }
    const objectiveId = plan.themes[0]!.objectives[0]!.id;
    const actionId = plan.themes.flatMap((t) => t.objectives.flatMap((o) => o.actions))[0]!.id;
    const before = await planPage(admin);
    const attempts = [
      await run(anon, 'plan:create', { boardId: BOARD.ib, title: 'Anonymous plan' }),
      await run(anon, 'objective:set-rag', { objectiveId, rag: 'red', rationale: 'anonymous' }),
      await run(anon, 'plan-action:update', { actionId, status: 'on_track' }),
      await run(anon, 'recommendation:create', { source: 'Anonymous', reportDate: inDays(-1), number: 900, text: 'Anonymous recommendation' }),
    ];
    expect(attempts.map((r) => [r.status, refusal(r).code])).toEqual(Array(4).fill([401, 'UNAUTHENTICATED']));
    expect(await planPage(admin)).toEqual(before);
  });
});
