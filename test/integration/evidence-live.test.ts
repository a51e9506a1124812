import { describe, expect, it, vi } from 'vitest';
import { commandPath, type CommandInput } from '../../shared/protocol/commands.js';
import type { EvidenceView } from '../../shared/schemas/evidence.js';
import type { PlanDetail } from '../../shared/schemas/plan.js';
import { uploadEvidence } from '../helpers/evidence.js';
import { ApiClient, DEMO } from '../helpers/http.js';
import { DEMO_PLAN, planPage } from '../helpers/plans.js';
import { addSecondPartnership } from '../helpers/second-partnership.js';
import { addSecondPlan } from '../helpers/second-plan.js';
import { useTestServer } from '../helpers/server.js';
import { connectSocket } from '../helpers/socket.js';

/*
 * The evidence store is live: every addition, change and removal is pushed as "evidence:changed" to
 * the partnership's members (observers too: they read it), and to no one else; and a plan's page
 * reads the evidence on all its objectives and actions in one request (`?planId=`).
 */

const P = '/api/partnerships/1';
const link = (title: string, extra: Partial<CommandInput<'evidence:add-link'>> = {}): CommandInput<'evidence:add-link'> => ({ title, date: '2026-02-01', kind: 'data', url: 'https://example.org/figures', ...extra });

describe('evidence, live', () => {
  const server = useTestServer();
  const sign = (email: string) => new ApiClient(server().url).login(email);

  it('every change is pushed to the partnership’s open pages, observers included, and never to another partnership’s', async () => {
    const farshire = await addSecondPartnership(server());
    const [health, observer, farAdmin] = [await sign(DEMO.health), await sign(DEMO.observer), await new ApiClient(server().url).login(farshire.email, farshire.password)];
    const [northbrookSocket, farSocket] = [await connectSocket(observer), await connectSocket(farAdmin)];
    let northbrook = 0;
    let far = 0;
    northbrookSocket.on('evidence:changed', () => void northbrook++);
    farSocket.on('evidence:changed', () => void far++);

    // An item linked to nothing of the plan is still news to the evidence store.
    const added = await health.post<EvidenceView>(commandPath('evidence:add-link'), link('Unlinked figures'));
    expect(added.status).toBe(200);
    await vi.waitFor(() => expect(northbrook).toBe(1));
    expect((await uploadEvidence(health, 1, { name: 'figures.csv', bytes: 'a,b\n1,2\n' })).status).toBe(201);
    await vi.waitFor(() => expect(northbrook).toBe(2));
    expect((await health.post(commandPath('evidence:update'), { evidenceId: added.body.id, riskIds: [1] })).status).toBe(200);
    await vi.waitFor(() => expect(northbrook).toBe(3));
    expect((await health.post(commandPath('evidence:remove'), { evidenceId: added.body.id })).status).toBe(200);
    await vi.waitFor(() => expect(northbrook).toBe(4));
    // A refusal changes nothing and is not pushed (the next push is Farshire's own, then Northbrook's).
    expect((await observer.post(commandPath('evidence:add-link'), link('Observer link'))).status).toBe(403);

    // Farshire heard none of Northbrook's; its own change reaches it, and not Northbrook.
    expect((await farAdmin.post(commandPath('evidence:add-link'), link('Farshire figures'))).status).toBe(200);
    await vi.waitFor(() => expect(far).toBe(1));
    expect((await health.post(commandPath('evidence:add-note'), { title: 'A later note', date: '2026-02-02', kind: 'other', note: 'Said at the board' })).status).toBe(200);
    await vi.waitFor(() => expect(northbrook).toBe(5));
    expect(far).toBe(1);
  });

  it('a plan’s evidence in one read: items linked to any of its objectives or actions, not others; another partnership’s plan reads as nothing', async () => {
    const health = await sign(DEMO.health);
    const plan: PlanDetail = await planPage(health, DEMO_PLAN);
    const objectives = plan.themes.flatMap((t) => t.objectives);
    const action = objectives.flatMap((o) => o.actions)[0]!;
    const before = (await health.get<EvidenceView[]>(`${P}/evidence?planId=${DEMO_PLAN}`)).body;
    const onAction = (await health.post<EvidenceView>(commandPath('evidence:add-link'), link('On an action', { actionIds: [action.id] }))).body;
    const onRisk = (await health.post<EvidenceView>(commandPath('evidence:add-link'), link('On a risk only', { riskIds: [1] }))).body;
    const onObjective = (await health.post<EvidenceView>(commandPath('evidence:add-link'), link('On an objective', { objectiveIds: [objectives.at(-1)!.id] }))).body;
    const after = (await health.get<EvidenceView[]>(`${P}/evidence?planId=${DEMO_PLAN}`)).body;
    const ids = after.map((e) => e.id);
    expect(ids).toEqual(expect.arrayContaining([onAction.id, onObjective.id, ...before.map((e) => e.id)]));
    expect(ids).not.toContain(onRisk.id);
    expect(after).toHaveLength(before.length + 2);
    // Every item it lists links to something of the plan.
    const ofPlan = new Set([...objectives.map((o) => `objective:${o.id}`), ...objectives.flatMap((o) => o.actions.map((a) => `plan_action:${a.id}`))]);
    for (const e of after) expect(e.links.some((l) => ofPlan.has(`${l.kind}:${l.id}`))).toBe(true);

    const farPlan = await addSecondPlan(server(), await addSecondPartnership(server()));
    expect((await health.get<EvidenceView[]>(`${P}/evidence?planId=${farPlan.planId}`)).body).toEqual([]);
    expect((await health.get(`${P}/evidence?planId=nope`)).status).toBe(400);
  });
});
