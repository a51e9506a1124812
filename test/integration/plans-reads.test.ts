import { describe, expect, it } from 'vitest';
import type { DomainEventMap } from '../../server/bus.js';
import { lastPeriods, periodOf } from '../../shared/domain/plan-rag.js';
import { todayIn } from '../../shared/domain/scoring.js';
import type { PlanSummary, RecommendationDetail, RecommendationView } from '../../shared/schemas/plan.js';
import { ApiClient, DEMO } from '../helpers/http.js';
import { DEMO_PLAN, P, PERSON, demoObjective, ok, planPage, run } from '../helpers/plans.js';
import { useTestServer } from '../helpers/server.js';

/*
 * Reading the improvement plan (issue 12): Northbrook's plan as seeded from the council reports, the
 * page an inspector asks for ("what did you do about recommendation 4?"), what each seat may do on it,
 * and the announcement a change makes once it is committed.
 */

describe('the Northbrook improvement plan, as the board reads it', () => {
  const server = useTestServer();
  const login = (email: string) => new ApiClient(server().url).login(email);

  it('the plan: three themes and their outcomes, actions from the inspection’s action plan, six months of RAG, linked risks', async () => {
    const observer = await login(DEMO.observer);
    const [summary] = (await observer.get<PlanSummary[]>(`${P}/plans`)).body;
    const period = periodOf(todayIn(Date.now()));
    expect(summary).toMatchObject({ id: DEMO_PLAN, title: 'Children’s Services Improvement Plan', boardName: 'Improvement Board', period, themeCount: 3, objectiveCount: 21, actionCount: 22, can: { edit: false } });
    expect(summary!.overdueActionCount).toBeGreaterThan(0);

    const plan = await planPage(observer);
    expect(plan.themes.map((t) => [t.title, t.objectives.length])).toEqual([
      ['Quality and effectiveness of front line practice', 10],
      ['Improving the quality and effectiveness of partnerships and governance', 4],
      ['Capacity, capability and culture', 7],
    ]);
    expect(plan.periods).toEqual(lastPeriods(period, 12));
    // Every objective rated in each of the last six months, none yet this month.
    for (const o of plan.themes.flatMap((t) => t.objectives)) {
      expect(o.history.map((h) => h.rag !== null)).toEqual([...Array(5).fill(false), ...Array(6).fill(true), false]);
      expect(o.can).toEqual({ setRag: false, writeNarrative: false, edit: false });
    }
    expect(plan.rollUpHistory.at(-1)).toEqual({ period, red: 0, amber: 0, green: 0, none: 21 });
    expect(plan.rollUpHistory.at(-2)).toMatchObject({ red: 3, green: 4, amber: 14, none: 0 });
    expect(plan.rollUp).toEqual({ red: 3, amber: 14, green: 4, none: 0 });

    // Seed 002 Appendix One: "(RECOMMENDATION 2)", "ACTION COMPLETED".
    const assurance = demoObjective(plan, 'Effective assurance arrangements');
    expect(assurance.recommendations.map((r) => r.label)).toEqual(['Recommendation 2']);
    expect(assurance.actions.map((a) => [a.status, a.progress.endsWith('ACTION COMPLETED'), a.completedDate !== null])).toEqual([
      ['completed', true, true],
      ['completed', true, true],
    ]);
    expect(assurance.suggestion).toEqual({ rag: 'green', reasons: ['all 2 actions completed'] });
    expect(assurance.direction).toBe('same');
    // Linked to R-001, above tolerance: red suggested; its latest rating red, worse than the month before.
    const feedback = demoObjective(plan, 'Feedback from individual children');
    expect(feedback).toMatchObject({ risks: [{ reference: 'R-001', aboveTolerance: true }], suggestion: { rag: 'red' }, rag: { rag: 'red' }, direction: 'worsening' });
    // Policies: one action off track, two of four overdue.
    expect(demoObjective(plan, 'Policies, procedures').suggestion).toEqual({ rag: 'red', reasons: ['1 of 4 actions off track', '2 of 4 actions overdue'] });
    // Corporate parents: the lead's green last month was superseded by the chair's amber, both on the record.
    const parents = demoObjective(plan, 'Elected members act as effective');
    const lastMonth = parents.decisions.filter((d) => d.period === plan.periods.at(-2));
    expect(lastMonth.map((d) => [d.rag, d.decidedByName, d.superseded, d.rationale !== null])).toEqual([
      ['amber', 'Margaret Ellison', false, true],
      ['green', 'David Marsh', true, true],
    ]);
    expect(parents.actions.flatMap((a) => a.leadOfficers.map((l) => l.agencyName))).toContain('Northbrook Community NHS Trust');
  });

  it('a recommendation’s page shows every action and objective answering it', async () => {
    const observer = await login(DEMO.observer);
    const list = (await observer.get<RecommendationView[]>(`${P}/recommendations`)).body;
    expect(list.map((r) => r.label)).toEqual(Array.from({ length: 11 }, (_, i) => `Recommendation ${i + 1}`));
    expect(list.every((r) => r.actionCount >= 1 && !r.can.edit)).toBe(true);
    const four = (await observer.get<RecommendationDetail>(`${P}/recommendations/${list[3]!.id}`)).body;
    expect(four.text).toMatch(/^Ensure that, when children and young people are placed with family and friends/);
    expect(four.actions.map((a) => [a.description.slice(0, 30), a.status, a.overdue])).toEqual([
      ['Review the permanency policy, ', 'on_track', true],
      ['Audit all child protection cas', 'off_track', true],
    ]);
    expect(four.actions[0]!.leadOfficers.map((l) => l.name)).toEqual(['Sarah Okafor', 'David Marsh']);
    expect(four.objectives).toEqual([expect.objectContaining({ planTitle: 'Children’s Services Improvement Plan', themeTitle: 'Capacity, capability and culture', rag: 'red' })]);
    expect((await observer.get(`${P}/recommendations/99999`)).status).toBe(404);
    expect((await observer.get(`${P}/plans/99999`)).status).toBe(404);
  });

  it('what each seat may do shows on the page: the chair everything, an objective’s lead its RAG, a lead officer their action', async () => {
    const [chair, council, health, police] = await Promise.all([login(DEMO.chair), login(DEMO.council), login(DEMO.health), login(DEMO.police)]);
    const byChair = await planPage(chair);
    expect(byChair.can.edit).toBe(true);
    expect(byChair.themes.flatMap((t) => t.objectives).every((o) => o.can.setRag && o.can.edit && o.actions.every((a) => a.can.reportProgress))).toBe(true);
    const byCouncil = await planPage(council);
    const ledByCouncil = byCouncil.themes.flatMap((t) => t.objectives).filter((o) => o.can.setRag).map((o) => o.leadPersonId);
    expect(ledByCouncil.length).toBeGreaterThan(0);
    expect(new Set(ledByCouncil)).toEqual(new Set([PERSON.council]));
    const byHealth = await planPage(health);
    const healthActions = byHealth.themes.flatMap((t) => t.objectives.flatMap((o) => o.actions)).filter((a) => a.can.reportProgress);
    expect(healthActions.map((a) => a.leadOfficers.some((l) => l.id === PERSON.health))).toEqual([true]);
    // Police lead one outcome (the response to child protection referrals) and no action: that RAG is all they may change.
    const byPolice = (await planPage(police)).themes.flatMap((t) => t.objectives);
    expect(byPolice.filter((o) => o.can.setRag).map((o) => o.outcome.slice(0, 50))).toEqual(['An improved response to child protection referrals']);
    expect(byPolice.some((o) => o.can.edit || o.actions.some((a) => a.can.reportProgress || a.can.edit))).toBe(false);
  });

  it('a change is announced as "plan.changed" once it is committed; a refused one announces nothing', async () => {
    const [chair, police] = await Promise.all([login(DEMO.chair), login(DEMO.police)]);
    const heard: DomainEventMap['plan.changed'][] = [];
    const reads: Promise<boolean>[] = [];
    const { sql } = server().ctx.database;
    const stop = server().ctx.bus.on('plan.changed', (e) => {
      // What a listener reads when it hears the event is the change itself: the read starts as it hears it.
      heard.push(e);
      reads.push(sql.get<{ n: number }>("select count(*) as n from plan_themes where title = 'Announced theme'").then((r) => r!.n === 1));
    });
    try {
      expect((await run(police, 'theme:create', { planId: DEMO_PLAN, title: 'Refused theme' })).status).toBe(403);
      expect(heard).toEqual([]);
      await ok(chair, 'theme:create', { planId: DEMO_PLAN, title: 'Announced theme' });
      expect(heard).toEqual([{ partnershipId: 1, planId: DEMO_PLAN }]);
      expect(await Promise.all(reads)).toEqual([true]);
      // A recommendation's change is announced on the plans answering it.
      await ok(chair, 'recommendation:update', { recommendationId: 4, text: 'Ensure that, when children and young people are placed with family and friends, social workers know what must be done.' });
      expect(heard.at(-1)).toMatchObject({ partnershipId: 1, planId: DEMO_PLAN });
      expect(heard).toHaveLength(2);
    } finally {
      stop();
    }
  });
});
