import { describe, expect, it, vi } from 'vitest';
import { addPeriods, periodOf } from '../../shared/domain/plan-rag.js';
import { addDays, todayIn } from '../../shared/domain/scoring.js';
import { docName } from '../../shared/protocol/yjs.js';
import type { AuditEntry } from '../../shared/schemas/admin.js';
import type { RiskRow } from '../../shared/schemas/risk.js';
import { TestClock } from '../helpers/clock.js';
import { ApiClient, DEMO } from '../helpers/http.js';
import { P, PERSON, actionOf, demoObjective, objectiveOf, ok, planPage, refusal, run } from '../helpers/plans.js';
import { startTestServer, useTestServer, type TestServer } from '../helpers/server.js';
import { openDoc } from '../helpers/yjs.js';

/*
 * An objective's monthly RAG (issue 12): suggested from evidence, decided by its lead or the chair, a
 * differing decision justified, every decision kept. The suggestion follows the evidence as it moves:
 * an action passing its due date, a linked risk rising above its tolerance.
 */

const decisionsIn = async (server: TestServer, objectiveId: number) =>
  ((await server.ctx.database.sql.get('select count(*) as n from objective_rags where objective_id = ?', [objectiveId])) as { n: number }).n;

describe('deciding an objective’s RAG', () => {
  const server = useTestServer();
  const login = (email: string) => new ApiClient(server().url).login(email);

  it('the lead decides; a RAG other than the suggestion needs a rationale; a later decision in the month supersedes, and both stay on the record', async () => {
    const [council, chair, police, health, observer, admin] = await Promise.all([login(DEMO.council), login(DEMO.chair), login(DEMO.police), login(DEMO.health), login(DEMO.observer), login(DEMO.admin)]);
    // "Feedback from individual children…": council leads it; R-001, linked, is above tolerance.
    const objective = demoObjective(await planPage(council), 'Feedback from individual children');
    expect(objective.suggestion).toEqual({ rag: 'red', reasons: ['risk R-001 above tolerance'] });
    expect(objective.can.setRag).toBe(true);
    const before = await decisionsIn(server(), objective.id);

    const refused = await run(council, 'objective:set-rag', { objectiveId: objective.id, rag: 'amber' });
    expect(refusal(refused)).toEqual({ status: 400, code: 'VALIDATION_FAILED', paths: ['rationale'] });
    expect((refused.body as unknown as { error: { message: string } }).error.message).toBe('Say why Amber rather than the suggested Red (risk R-001 above tolerance).');
    expect(await decisionsIn(server(), objective.id)).toBe(before);

    const amber = await ok(council, 'objective:set-rag', { objectiveId: objective.id, rag: 'amber', rationale: 'The ICS change plan is agreed; the risk will fall next month.' });
    const period = periodOf(todayIn(Date.now()));
    expect(amber.rag).toMatchObject({ period, rag: 'amber', suggestedRag: 'red', suggestedReasons: ['risk R-001 above tolerance'], rationale: 'The ICS change plan is agreed; the risk will fall next month.', decidedByName: 'Sarah Okafor', superseded: false });
    // Last month the board rated it red: amber is an improvement.
    expect(amber.history.at(-2)).toEqual({ period: addPeriods(period, -1), rag: 'red' });
    expect(amber.direction).toBe('improving');

    // At the board the chair takes it back to red, as suggested: no rationale needed.
    const red = await ok(chair, 'objective:set-rag', { objectiveId: objective.id, rag: 'red' });
    expect(red.rag).toMatchObject({ rag: 'red', rationale: null, decidedByName: 'Margaret Ellison' });
    expect(red.decisions.slice(0, 2).map((d) => [d.period, d.rag, d.superseded])).toEqual([[period, 'red', false], [period, 'amber', true]]);
    expect(red.history.at(-1)).toEqual({ period, rag: 'red' });
    expect(red.direction).toBe('same');

    // Not theirs to decide: a member, the lead of another objective, an observer.
    for (const who of [police, health, observer]) expect(refusal(await run(who, 'objective:set-rag', { objectiveId: objective.id, rag: 'red' })).code).toBe('FORBIDDEN');
    expect(await decisionsIn(server(), objective.id)).toBe(before + 2);
    await ok(admin, 'objective:set-rag', { objectiveId: objective.id, rag: 'red', rationale: 'Confirmed at the board.' });

    const audit = (await admin.get<AuditEntry[]>(`${P}/audit?entityType=plan_objective&limit=20`)).body.filter((e) => e.action === 'plan_objective.rag' && e.entityId === objective.id);
    expect(audit.map((e) => [e.actorName, (e.detail as { rag: string; suggested: string }).rag, (e.detail as { suggested: string }).suggested])).toEqual([
      ['Priya Shah', 'red', 'red'],
      ['Margaret Ellison', 'red', 'red'],
      ['Sarah Okafor', 'amber', 'red'],
    ]);
  });

  it('a RAG is decided for this month or the month just ended, never ahead nor further back', async () => {
    const council = await login(DEMO.council);
    const objective = demoObjective(await planPage(council), 'Improved quality and timeliness');
    const period = periodOf(todayIn(Date.now()));
    const lastMonth = await ok(council, 'objective:set-rag', { objectiveId: objective.id, rag: objective.suggestion.rag, period: addPeriods(period, -1) });
    expect(lastMonth.history.at(-2)).toEqual({ period: addPeriods(period, -1), rag: objective.suggestion.rag });
    for (const p of [addPeriods(period, -2), addPeriods(period, 1)]) {
      expect(refusal(await run(council, 'objective:set-rag', { objectiveId: objective.id, rag: objective.suggestion.rag, period: p }))).toEqual({ status: 400, code: 'VALIDATION_FAILED', paths: ['period'] });
    }
    expect(refusal(await run(council, 'objective:set-rag', { objectiveId: objective.id, rag: 'green', period: '2026-13' })).paths).toEqual(['period']);
  });
});

describe('the suggestion follows the evidence', () => {
  it('an action passing its due date turns the suggestion amber, with its reason; a rating against it then needs a rationale', async () => {
    const clock = new TestClock(Date.now());
    const server = await startTestServer({ clock: clock.now });
    const chair = await new ApiClient(server.url).login(DEMO.chair);
    let council = await new ApiClient(server.url).login(DEMO.council);
    const today = todayIn(clock.now());
    const theme = await ok(chair, 'theme:create', { planId: 1, title: 'Timeliness' });
    const objective = await ok(chair, 'objective:create', { themeId: theme.id, outcome: 'Assessments completed within timescales', leadPersonId: PERSON.council });
    expect(objective.suggestion).toEqual({ rag: 'amber', reasons: ['no actions yet'] });
    const soon = await ok(chair, 'plan-action:create', { objectiveId: objective.id, description: 'Weekly timeliness report to team managers', dueDate: addDays(today, 5), leadOfficerIds: [PERSON.council] });
    for (const description of ['Recruit two assessment team managers', 'Revise the assessment template']) {
      await ok(chair, 'plan-action:create', { objectiveId: objective.id, description, dueDate: addDays(today, 40), leadOfficerIds: [PERSON.council], status: 'on_track' });
    }
    const onTrack = objectiveOf(await planPage(council), objective.id);
    expect(onTrack.suggestion).toEqual({ rag: 'green', reasons: ['3 actions on track or completed, none overdue'] });
    await ok(council, 'objective:set-rag', { objectiveId: objective.id, rag: 'green' });
    const overdueBefore = (await planPage(council)).overdueActionCount;

    // Six days on (a new session: the last one idled out meanwhile).
    clock.advance(6 * 86_400_000);
    council = await new ApiClient(server.url).login(DEMO.council);
    const page = await planPage(council);
    const late = objectiveOf(page, objective.id);
    expect(late.suggestion).toEqual({ rag: 'amber', reasons: ['1 of 3 actions overdue'] });
    expect(actionOf(page, soon.id).overdue).toBe(true);
    expect(page.overdueActionCount).toBe(overdueBefore + 1);
    expect(refusal(await run(council, 'objective:set-rag', { objectiveId: objective.id, rag: 'green' })).paths).toEqual(['rationale']);

    // Off track too: red, every reason given.
    await ok(council, 'plan-action:update', { actionId: onTrack.actions[1]!.id, status: 'off_track' });
    expect(objectiveOf(await planPage(council), objective.id).suggestion).toEqual({ rag: 'red', reasons: ['1 of 3 actions off track', '1 of 3 actions overdue'] });
    // Done, and back on track: green again.
    await ok(council, 'plan-action:update', { actionId: soon.id, status: 'completed' });
    await ok(council, 'plan-action:update', { actionId: onTrack.actions[1]!.id, status: 'on_track' });
    expect(objectiveOf(await planPage(council), objective.id).suggestion.rag).toBe('green');
  });

  it('a linked risk rising above its tolerance turns the suggestion red, naming the risk; back within, it clears', async () => {
    const server = await startTestServer();
    const [chair, council, admin] = await Promise.all([new ApiClient(server.url).login(DEMO.chair), new ApiClient(server.url).login(DEMO.council), new ApiClient(server.url).login(DEMO.admin)]);
    // An open risk exactly at its tolerance (the demo's "Planned efficiencies not achieved", 3×3 = 9, tolerance 9).
    const risk = (await admin.get<RiskRow[]>(`${P}/risks`)).body.find((r) => r.status === 'open' && r.current.score !== null && r.current.score === r.tolerance)!;
    const theme = await ok(chair, 'theme:create', { planId: 1, title: 'Resources' });
    const objective = await ok(chair, 'objective:create', { themeId: theme.id, outcome: 'Savings made without cutting early help', leadPersonId: PERSON.council, riskIds: [risk.id] });
    await ok(chair, 'plan-action:create', { objectiveId: objective.id, description: 'Monthly budget scrutiny', dueDate: addDays(todayIn(Date.now()), 60), leadOfficerIds: [PERSON.council], status: 'on_track' });
    expect(objectiveOf(await planPage(council), objective.id)).toMatchObject({ suggestion: { rag: 'green' }, risks: [{ id: risk.id, aboveTolerance: false }] });

    const editor = openDoc(admin, docName('risk', risk.id));
    await editor.synced();
    editor.doc.getMap('fields').set('currentLikelihood', 4);
    await vi.waitFor(async () => expect(objectiveOf(await planPage(council), objective.id).suggestion).toEqual({ rag: 'red', reasons: [`risk ${risk.reference} above tolerance`] }));
    expect(objectiveOf(await planPage(council), objective.id).risks).toEqual([{ id: risk.id, reference: risk.reference, title: risk.title, status: 'open', aboveTolerance: true }]);
    // The decision is checked against the suggestion as it stands now.
    expect(refusal(await run(council, 'objective:set-rag', { objectiveId: objective.id, rag: 'green' })).paths).toEqual(['rationale']);
    const decided = await ok(council, 'objective:set-rag', { objectiveId: objective.id, rag: 'amber', rationale: 'Savings plan agreed at Cabinet this week.' });
    expect(decided.rag).toMatchObject({ suggestedRag: 'red', suggestedReasons: [`risk ${risk.reference} above tolerance`] });

    editor.doc.getMap('fields').set('currentLikelihood', 3);
    await vi.waitFor(async () => expect(objectiveOf(await planPage(council), objective.id).suggestion.rag).toBe('green'));
    editor.destroy();
  });
});
