import type { SqlValue } from '../../server/db/raw-sql.js';
import { describe, expect, it, onTestFinished, vi } from 'vitest';
import type { PlanRepository } from '../../server/features/plans/repo.js';
import { loadActor } from '../../server/core/actors.js';
import { addDays, todayIn } from '../../shared/domain/scoring.js';
import { CreateObjectivePayload, CreatePlanActionPayload, SetRagPayload, UpdateObjectivePayload, UpdatePlanActionPayload } from '../../shared/schemas/plan.js';
import { parse } from '../../shared/validate.js';
import { ApiClient, DEMO } from '../helpers/http.js';
import { PERSON, refusal, run } from '../helpers/plans.js';
import { refuseWrites } from '../helpers/refuse-writes.js';
import { useTestServer, type TestServer } from '../helpers/server.js';

/*
 * The plan's storage seam: each change is one transaction, re-checked there. A decision taken on
 * facts another command changes meanwhile (the objective's lead, the action's lead officers) is
 * refused CONFLICT rather than written on a right that has gone; a change failing midway leaves nothing.
 */

async function count(server: TestServer, sql: string, ...params: SqlValue[]): Promise<number> {
  return (await server.ctx.database.sql.get<{ n: number }>(`select count(*) as n from ${sql}`, params))!.n;
}

function repoOf(server: TestServer): PlanRepository {
  return (server.services.plans as unknown as { repo: PlanRepository }).repo;
}

/**
 * The first call of `method` for which `when` holds waits for `meanwhile` (started then) to finish, then
 * goes on as it would have: another command lands exactly between a command's check and its write.
 */
function interleave<K extends 'decideRag' | 'updateAction'>(repo: PlanRepository, method: K, when: (...args: unknown[]) => boolean, meanwhile: () => Promise<unknown>): void {
  const original = (repo[method] as (...args: unknown[]) => Promise<unknown>).bind(repo);
  let done = false;
  const spy = vi.spyOn(repo, method as 'updateAction').mockImplementation((async (...args: unknown[]) => {
    if (!done && when(...args)) {
      done = true;
      await meanwhile().catch(() => undefined);
    }
    return original(...args);
  }) as never);
  onTestFinished(() => spy.mockRestore());
}

describe('plan commands interleaved between their checks and their writes', () => {
  const server = useTestServer();

  async function objectiveLedByCouncil(s: TestServer) {
    const chair = (await loadActor(s.ctx, PERSON.chair))!;
    const theme = await s.services.plans.createTheme(chair, { planId: 1, title: `Interleaved ${Math.random()}` });
    const objective = await s.services.plans.createObjective(chair, parse(CreateObjectivePayload, { themeId: theme.id, outcome: 'Decided while it changes hands', leadPersonId: PERSON.council }));
    const action = await s.services.plans.createAction(chair, parse(CreatePlanActionPayload, { objectiveId: objective.id, description: 'Reported while it changes hands', dueDate: addDays(todayIn(Date.now()), 20), leadOfficerIds: [PERSON.health] }));
    return { chair, objective, action };
  }

  it('the lead’s RAG, started as the chair hands the objective to another lead: the hand-over holds, the RAG is refused, nothing of it written', async () => {
    const s = server();
    const { chair, objective } = await objectiveLedByCouncil(s);
    const council = (await loadActor(s.ctx, PERSON.council))!;
    // The RAG has read the objective (led by council) and passed its check; the hand-over is written whole
    // before the RAG's own transaction starts, on either engine whatever their timing.
    let handOver!: Promise<unknown>;
    interleave(repoOf(s), 'decideRag', () => true, () => (handOver = s.services.plans.updateObjective(chair, parse(UpdateObjectivePayload, { objectiveId: objective.id, leadPersonId: PERSON.health }))));
    const rag = s.services.plans.setRag(council, parse(SetRagPayload, { objectiveId: objective.id, rag: 'amber', rationale: 'Mine to decide, a moment ago' }));
    const outcomes = await Promise.allSettled([rag.then(() => handOver, () => handOver), rag]);
    expect(outcomes[0]).toMatchObject({ status: 'fulfilled', value: { leadPersonId: PERSON.health } });
    expect(outcomes[1]).toMatchObject({ status: 'rejected', reason: { code: 'CONFLICT' } });
    expect(await count(s, 'objective_rags where objective_id = ?', objective.id)).toBe(0);
    expect(await count(s, "audit_log where action = 'plan_objective.rag' and entity_id = ?", objective.id)).toBe(0);
  });

  it('a lead officer’s report, started as the chair names other lead officers: the change holds, the report is refused', async () => {
    const s = server();
    const { chair, action } = await objectiveLedByCouncil(s);
    const health = (await loadActor(s.ctx, PERSON.health))!;
    // The report has passed its check as a lead officer; the chair's change is written whole before the report's own write.
    let change!: Promise<unknown>;
    const byHealth = (...args: unknown[]) => (args[3] as { actorId: number }).actorId === PERSON.health;
    interleave(repoOf(s), 'updateAction', byHealth, () => (change = s.services.plans.updateAction(chair, parse(UpdatePlanActionPayload, { actionId: action.id, leadOfficerIds: [PERSON.police] }))));
    const report = s.services.plans.updateAction(health, parse(UpdatePlanActionPayload, { actionId: action.id, status: 'completed' }));
    const outcomes = await Promise.allSettled([report.then(() => change, () => change), report]);
    expect(outcomes.map((o) => o.status)).toEqual(['fulfilled', 'rejected']);
    expect(outcomes[1]).toMatchObject({ reason: { code: 'CONFLICT' } });
    expect(await s.ctx.database.sql.get('select status, progress from plan_actions where id = ?', [action.id])).toEqual({ status: 'not_started', progress: '' });
  });

  it('an action whose lead officers cannot be written leaves no action, no audit row and no announcement', async () => {
    const s = server();
    const chair = await new ApiClient(s.url).login(DEMO.chair);
    onTestFinished(await refuseWrites(s, 'plan_action_leads', 'leads refused'));
    const heard: unknown[] = [];
    onTestFinished(s.ctx.bus.on('plan.changed', (e) => heard.push(e)));
    const before = [await count(s, 'plan_actions'), await count(s, 'audit_log')];
    const res = await run(chair, 'plan-action:create', { objectiveId: 1, description: 'Refused midway', leadOfficerIds: [PERSON.council] });
    expect(refusal(res)).toMatchObject({ status: 500, code: 'INTERNAL' });
    expect([await count(s, 'plan_actions'), await count(s, 'audit_log')]).toEqual(before);
    expect(heard).toEqual([]);
  });
});
