import { describe, expect, it } from 'vitest';
import type { AuditEntry, BoardDetail } from '../../shared/schemas/admin.js';
import type { PlanSummary, RecommendationView } from '../../shared/schemas/plan.js';
import { addDays, todayIn } from '../../shared/domain/scoring.js';
import { ApiClient, DEMO } from '../helpers/http.js';
import { BOARD, P, PERSON, actionOf, demoObjective, objectiveOf, ok, planPage, refusal, run } from '../helpers/plans.js';
import { addSecondPartnership } from '../helpers/second-partnership.js';
import { addSecondPlan } from '../helpers/second-plan.js';
import { useTestServer } from '../helpers/server.js';

/*
 * Every improvement plan command, by seat (issue 12): the owning board's chair and vice-chair shape
 * the plan, an objective's lead rates it, an action's lead officers report on it, members and observers
 * read it, an administrator does all of it, and another partnership reaches none of it. Each test
 * asserts what a person would see on the plan's page or the recommendations page.
 */

describe('improvement plan commands, by seat', () => {
  const server = useTestServer();
  const login = (email: string) => new ApiClient(server().url).login(email);
  const inDays = (n: number) => addDays(todayIn(Date.now()), n);

  it('the owning board’s chair shapes a plan; members and observers see it and change nothing; an administrator may do all of it; every change is on the record', async () => {
    const [chair, police, observer, admin] = await Promise.all([login(DEMO.chair), login(DEMO.police), login(DEMO.observer), login(DEMO.admin)]);
    const plan = await ok(chair, 'plan:create', { boardId: BOARD.ib, title: 'Early help improvement plan' });
    expect(plan).toMatchObject({ boardName: 'Improvement Board', themeCount: 0, can: { edit: true } });
    const theme = await ok(chair, 'theme:create', { planId: plan.id, title: 'Early help and prevention' });
    const objective = await ok(chair, 'objective:create', { themeId: theme.id, outcome: 'Families get help before problems escalate', leadPersonId: PERSON.council, leadAgencyId: 1, recommendationIds: [4], riskIds: [1] });
    expect(objective).toMatchObject({ leadPersonName: 'Sarah Okafor', recommendations: [{ id: 4, label: 'Recommendation 4' }], risks: [{ reference: 'R-001', aboveTolerance: true }], rag: null });
    const action = await ok(chair, 'plan-action:create', { objectiveId: objective.id, description: 'Launch the early help hub', milestones: 'Hub open; first 100 families', dueDate: inDays(30), leadOfficerIds: [PERSON.health, PERSON.police] });
    expect(action.leadOfficers.map((l) => l.name)).toEqual(['Dr Aisha Rahman', 'DCI Tom Brennan']);

    // Everyone of the partnership reads it; only the chair (and administrators) may shape it.
    for (const [who, edit] of [[police, false], [observer, false], [admin, true], [chair, true]] as const) {
      const listed = (await who.get<PlanSummary[]>(`${P}/plans`)).body.find((p) => p.id === plan.id);
      expect(listed).toMatchObject({ title: 'Early help improvement plan', themeCount: 1, objectiveCount: 1, actionCount: 1, can: { edit } });
    }
    // A member, or an observer, is refused every change of structure, and the page is as it was.
    for (const who of [police, observer]) {
      const attempts = [
        await run(who, 'plan:update', { planId: plan.id, title: 'Renamed' }),
        await run(who, 'theme:create', { planId: plan.id, title: 'Another theme' }),
        await run(who, 'theme:update', { themeId: theme.id, title: 'Renamed' }),
        await run(who, 'objective:create', { themeId: theme.id, outcome: 'Another outcome' }),
        await run(who, 'objective:update', { objectiveId: objective.id, outcome: 'Renamed' }),
        await run(who, 'plan-action:create', { objectiveId: objective.id, description: 'Another action', leadOfficerIds: [PERSON.police] }),
        await run(who, 'plan-action:update', { actionId: action.id, dueDate: inDays(90) }),
      ];
      expect(attempts.map((r) => refusal(r).code)).toEqual(Array(7).fill('FORBIDDEN'));
    }
    const page = await planPage(police, plan.id);
    expect(page.title).toBe('Early help improvement plan');
    expect(page.themes.map((t) => t.title)).toEqual(['Early help and prevention']);
    expect(actionOf(page, action.id)).toMatchObject({ dueDate: inDays(30), can: { reportProgress: true, edit: false } });

    // The administrator renames, reorders and moves; the chair's changes show the same way.
    await ok(admin, 'plan:update', { planId: plan.id, title: 'Early help improvement plan 2026–28' });
    const second = await ok(chair, 'theme:create', { planId: plan.id, title: 'Workforce', position: 0 });
    expect((await planPage(chair, plan.id)).themes.map((t) => t.title)).toEqual(['Workforce', 'Early help and prevention']);
    await ok(admin, 'theme:update', { themeId: second.id, position: 5, title: 'Workforce and caseloads' });
    await ok(chair, 'objective:update', { objectiveId: objective.id, themeId: second.id, riskIds: [], recommendationIds: [4, 5] });
    await ok(chair, 'plan-action:update', { actionId: action.id, dueDate: inDays(45), leadOfficerIds: [PERSON.health] });
    const after = await planPage(observer, plan.id);
    expect(after.title).toBe('Early help improvement plan 2026–28');
    expect(after.themes.map((t) => [t.title, t.objectives.length])).toEqual([['Early help and prevention', 0], ['Workforce and caseloads', 1]]);
    expect(objectiveOf(after, objective.id)).toMatchObject({ risks: [], recommendations: [{ number: 4 }, { number: 5 }], can: { setRag: false, edit: false } });
    expect(actionOf(after, action.id)).toMatchObject({ dueDate: inDays(45), leadOfficers: [{ name: 'Dr Aisha Rahman' }] });

    // Nothing to change is refused; an update naming nothing new writes nothing.
    expect(refusal(await run(chair, 'theme:update', { themeId: second.id })).code).toBe('VALIDATION_FAILED');
    const audit = (await admin.get<AuditEntry[]>(`${P}/audit?limit=500`)).body.map((e) => e.action);
    for (const entry of ['plan.create', 'plan.update', 'plan_theme.create', 'plan_theme.update', 'plan_objective.create', 'plan_objective.update', 'plan_action.create', 'plan_action.update']) expect(audit).toContain(entry);
  });

  it('a vice-chair shapes the plan but does not rate it; a chair of another board cannot make a plan here, only at their own board', async () => {
    const [admin, council] = await Promise.all([login(DEMO.admin), login(DEMO.council)]);
    const seat = (await admin.get<BoardDetail>(`${P}/boards/${BOARD.ib}`)).body.members.find((m) => m.personId === PERSON.council)!;
    expect(refusal(await run(council, 'plan:create', { boardId: BOARD.ib, title: 'A plan of her own' })).code).toBe('FORBIDDEN');
    const ogPlan = await ok(council, 'plan:create', { boardId: BOARD.og, title: 'Operational Group delivery plan' });
    expect(ogPlan.boardName).toBe('Operational Group');

    expect((await admin.patch(`${P}/boards/${BOARD.ib}/memberships/${seat.id}`, { role: 'vice_chair' })).status).toBe(200);
    const theme = await ok(council, 'theme:create', { planId: 1, title: 'Vice-chair’s theme' });
    const objective = await ok(council, 'objective:create', { themeId: theme.id, outcome: 'An outcome led by health', leadPersonId: PERSON.health });
    expect(objective.can).toEqual({ setRag: false, writeNarrative: false, edit: true });
    expect(refusal(await run(council, 'objective:set-rag', { objectiveId: objective.id, rag: 'amber' })).code).toBe('FORBIDDEN');
    // Handing the Operational Group's plan to the Improvement Board needs the right at both.
    await ok(council, 'plan:update', { planId: ogPlan.id, boardId: BOARD.ib });
    expect((await planPage(council, ogPlan.id)).boardName).toBe('Improvement Board');
    expect((await admin.patch(`${P}/boards/${BOARD.ib}/memberships/${seat.id}`, { role: 'member' })).status).toBe(200);
    expect(refusal(await run(council, 'theme:create', { planId: 1, title: 'No longer hers to add' })).code).toBe('FORBIDDEN');
  });

  it('progress is reported by the action’s lead officers, the objective’s lead, the chair and administrators; members and observers are refused', async () => {
    const [health, police, council, chair, observer] = await Promise.all([login(DEMO.health), login(DEMO.police), login(DEMO.council), login(DEMO.chair), login(DEMO.observer)]);
    const demo = await planPage(health);
    // "Regularly review reports on out of city health assessments": health leads it.
    const outOfCity = demo.themes.flatMap((t) => t.objectives.flatMap((o) => o.actions)).find((a) => a.description.startsWith('Regularly review reports on out of city'))!;
    expect(outOfCity).toMatchObject({ status: 'at_risk', can: { reportProgress: true, edit: false } });
    const reported = await ok(health, 'plan-action:update', { actionId: outOfCity.id, status: 'on_track' });
    expect(reported).toMatchObject({ status: 'on_track', completedDate: null });
    // Reporting is not shaping: her own action's due date is not hers to move.
    expect(refusal(await run(health, 'plan-action:update', { actionId: outOfCity.id, dueDate: inDays(200) })).code).toBe('FORBIDDEN');
    expect(refusal(await run(health, 'plan-action:update', { actionId: outOfCity.id, status: 'completed', dueDate: inDays(200) })).code).toBe('FORBIDDEN');
    for (const who of [police, observer]) expect(refusal(await run(who, 'plan-action:update', { actionId: outOfCity.id, status: 'off_track' })).code).toBe('FORBIDDEN');

    // Council leads "Policies, procedures…": she reports on its actions, whoever their lead officers are.
    const policies = demoObjective(await planPage(council), 'Policies, procedures');
    const audit = policies.actions.find((a) => a.status === 'off_track')!;
    expect(audit.can.reportProgress).toBe(true);
    const completed = await ok(council, 'plan-action:update', { actionId: audit.id, status: 'completed' });
    expect(completed).toMatchObject({ status: 'completed', completedDate: todayIn(Date.now()), overdue: false });
    // The chair reopens it: a reopened action has no completed date.
    expect(await ok(chair, 'plan-action:update', { actionId: audit.id, status: 'on_track' })).toMatchObject({ completedDate: null, overdue: true });
    expect(refusal(await run(chair, 'plan-action:update', { actionId: audit.id, completedDate: inDays(-3) }))).toMatchObject({ code: 'VALIDATION_FAILED', paths: ['completedDate'] });
    expect(refusal(await run(chair, 'plan-action:update', { actionId: audit.id, status: 'completed', completedDate: inDays(2) }))).toMatchObject({ code: 'VALIDATION_FAILED', paths: ['completedDate'] });
    await ok(chair, 'plan-action:update', { actionId: audit.id, status: 'completed', completedDate: inDays(-3) });
    expect(actionOf(await planPage(observer), audit.id)).toMatchObject({ status: 'completed', completedDate: inDays(-3), can: { reportProgress: false, edit: false } });
  });

  it('recommendations are recorded by administrators and the chairs of plan boards; members and observers read them', async () => {
    const [police, observer, chair] = await Promise.all([login(DEMO.police), login(DEMO.observer), login(DEMO.chair)]);
    const payload = { source: 'Joint targeted area inspection', reportDate: inDays(-20), number: 1, text: 'Improve the timeliness of strategy discussions.' };
    for (const who of [police, observer]) expect(refusal(await run(who, 'recommendation:create', payload)).code).toBe('FORBIDDEN');
    const recommendation = await ok(chair, 'recommendation:create', payload);
    expect(recommendation).toMatchObject({ label: 'Recommendation 1', actionCount: 0, can: { edit: true } });
    expect(refusal(await run(chair, 'recommendation:create', payload)).code).toBe('CONFLICT');
    for (const who of [police, observer]) expect(refusal(await run(who, 'recommendation:update', { recommendationId: recommendation.id, text: 'Changed' })).code).toBe('FORBIDDEN');
    await ok(chair, 'recommendation:update', { recommendationId: recommendation.id, number: 2, text: 'Improve the timeliness and quality of strategy discussions.' });
    const listed = (await police.get<RecommendationView[]>(`${P}/recommendations`)).body.find((r) => r.id === recommendation.id);
    expect(listed).toMatchObject({ label: 'Recommendation 2', text: 'Improve the timeliness and quality of strategy discussions.', can: { edit: false } });
  });

  it('another partnership reaches none of it; a record naming another partnership’s person, agency, risk, recommendation or board is refused, naming the field', async () => {
    const farshire = await addSecondPartnership(server());
    const theirs = await addSecondPlan(server(), farshire);
    const [outsider, chair] = await Promise.all([new ApiClient(server().url).login(farshire.email, farshire.password), login(DEMO.chair)]);
    // Reads: the demo's address, and the demo's ids at their own address.
    expect((await outsider.get(`${P}/plans`)).status).toBe(404);
    expect((await outsider.get(`${P}/recommendations/1`)).status).toBe(404);
    expect((await outsider.get(`/api/partnerships/${farshire.partnershipId}/plans/1`)).status).toBe(404);
    expect((await outsider.get(`/api/partnerships/${farshire.partnershipId}/recommendations/1`)).status).toBe(404);
    expect((await chair.get(`${P}/plans/${theirs.planId}`)).status).toBe(404);
    expect((await chair.get(`${P}/recommendations/${theirs.recommendationId}`)).status).toBe(404);
    // Commands on the demo's records: not found.
    expect(refusal(await run(outsider, 'objective:set-rag', { objectiveId: 1, rag: 'green', rationale: 'Outsider' })).code).toBe('NOT_FOUND');
    expect(refusal(await run(outsider, 'plan-action:update', { actionId: 1, status: 'completed' })).code).toBe('NOT_FOUND');

    const theme = await ok(chair, 'theme:create', { planId: 1, title: 'References theme' });
    const refusals = [
      refusal(await run(chair, 'objective:create', { themeId: theme.id, outcome: 'Names their person', leadPersonId: farshire.personId })),
      refusal(await run(chair, 'objective:create', { themeId: theme.id, outcome: 'Names their agency', leadAgencyId: farshire.agencyId })),
      refusal(await run(chair, 'objective:create', { themeId: theme.id, outcome: 'Names their risk', riskIds: [1, farshire.riskId] })),
      refusal(await run(chair, 'objective:create', { themeId: theme.id, outcome: 'Names their recommendation', recommendationIds: [theirs.recommendationId] })),
      refusal(await run(chair, 'plan-action:create', { objectiveId: 1, description: 'Names their officer', leadOfficerIds: [PERSON.health, farshire.personId] })),
      refusal(await run(chair, 'plan:update', { planId: 1, boardId: farshire.boardId })),
    ];
    expect(refusals).toEqual([
      { status: 400, code: 'VALIDATION_FAILED', paths: ['leadPersonId'] },
      { status: 400, code: 'VALIDATION_FAILED', paths: ['leadAgencyId'] },
      { status: 400, code: 'VALIDATION_FAILED', paths: ['riskIds'] },
      { status: 400, code: 'VALIDATION_FAILED', paths: ['recommendationIds'] },
      { status: 400, code: 'VALIDATION_FAILED', paths: ['leadOfficerIds.1'] },
      { status: 400, code: 'VALIDATION_FAILED', paths: ['boardId'] },
    ]);
    // None was made: the theme is empty, and no answer or page names anything of theirs.
    const page = await planPage(chair);
    expect(page.themes.find((t) => t.id === theme.id)!.objectives).toEqual([]);
    expect(JSON.stringify(page)).not.toContain('Farshire');
  });
});
