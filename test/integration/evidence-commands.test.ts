import { describe, expect, it } from 'vitest';
import { commandPath, type CommandInput } from '../../shared/protocol/commands.js';
import type { ErrorBody } from '../../shared/errors.js';
import { EvidenceView } from '../../shared/schemas/evidence.js';
import type { RecommendationDetail } from '../../shared/schemas/plan.js';
import { ApiClient, DEMO, type JsonResponse } from '../helpers/http.js';
import { addSecondPartnership } from '../helpers/second-partnership.js';
import { useTestServer, type TestServer } from '../helpers/server.js';

/*
 * The evidence store's commands by role (links and notes, changes, soft removal) and its list with its
 * filters: any member adds, observers only read; whoever added an item, a board chair or an
 * administrator changes or removes it; every change on the record.
 */

const P = '/api/partnerships/1';
const code = (res: JsonResponse) => [res.status, (res.body as ErrorBody | null)?.error?.code ?? 'ok'];
const link = (title: string, extra: Partial<CommandInput<'evidence:add-link'>> = {}): CommandInput<'evidence:add-link'> => ({ title, date: '2026-02-01', kind: 'data', url: 'https://example.org/figures', ...extra });
const note = (title: string, extra: Partial<CommandInput<'evidence:add-note'>> = {}): CommandInput<'evidence:add-note'> => ({ title, date: '2026-02-02', kind: 'staff_feedback', note: 'What staff said', ...extra });
const list = async (who: ApiClient, query = '') => (await who.get<EvidenceView[]>(`${P}/evidence${query}`)).body;
const audit = async (s: TestServer, action: string, id: number) => (await s.ctx.database.sql.get('select count(*) as n from audit_log where action = ? and entity_id = ?', [action, id])) as { n: number };

describe('evidence commands and lists', () => {
  const server = useTestServer();
  const sign = (email: string) => new ApiClient(server().url).login(email);

  it('lists the demo evidence, newest first, with links and flags, and filters by search, kind and linked record', async () => {
    const observer = await sign(DEMO.observer);
    const all = await list(observer);
    expect(all.map((e) => e.form).sort()).toEqual(['file', 'link', 'note']);
    expect(all.map((e) => e.date)).toEqual([...all.map((e) => e.date)].sort().reverse());
    for (const e of all) {
      EvidenceView.parse(e);
      expect(e.can.edit).toBe(false);
      expect(e.links.some((l) => l.kind === 'recommendation' && l.label === 'Recommendation 4')).toBe(true);
    }
    expect((await list(observer, '?q=DIP%20sample')).map((e) => e.form)).toEqual(['file']);
    expect((await list(observer, '?q=100%25')).length).toBe(0);
    expect((await list(observer, '?kind=views_of_children_and_families')).map((e) => e.form)).toEqual(['note']);
    expect((await list(observer, '?recommendationId=4')).length).toBe(3);
    expect((await list(observer, '?recommendationId=5')).length).toBe(0);
    const objectiveId = all[0]!.links.find((l) => l.kind === 'objective')!.id;
    expect((await list(observer, `?objectiveId=${objectiveId}`)).length).toBe(3);
    expect((await observer.get(`${P}/evidence?kind=rumour`)).status).toBe(400);
    // The chair (of the Improvement Board) and the administrator may change any item.
    expect((await list(await sign(DEMO.chair))).every((e) => e.can.edit)).toBe(true);
    expect((await list(await sign(DEMO.admin))).every((e) => e.can.edit)).toBe(true);
  });

  it('the recommendation’s page carries its evidence: what an inspector asks to see', async () => {
    const observer = await sign(DEMO.observer);
    const detail = (await observer.get<RecommendationDetail>(`${P}/recommendations/4`)).body;
    expect(detail.evidence.map((e) => e.title)).toEqual((await list(observer, '?recommendationId=4')).map((e) => e.title));
    expect(detail.evidence.length).toBe(3);
  });

  it('every command by role: members add, observers do not; the adder, a chair or an administrator change and remove', async () => {
    const [health, police, observer, chair, admin] = [await sign(DEMO.health), await sign(DEMO.police), await sign(DEMO.observer), await sign(DEMO.chair), await sign(DEMO.admin)];
    const added = await health.post<EvidenceView>(commandPath('evidence:add-link'), link('Referral figures', { recommendationIds: [4], riskIds: [1] }));
    expect(code(added)).toEqual([200, 'ok']);
    expect(added.body).toMatchObject({ form: 'link', url: 'https://example.org/figures', file: null, note: null, can: { edit: true } });
    expect(code(await police.post(commandPath('evidence:add-note'), note('Police staff survey')))).toEqual([200, 'ok']);
    // Observers read only.
    expect(code(await observer.post(commandPath('evidence:add-link'), link('Observer link')))).toEqual([403, 'FORBIDDEN']);
    expect(code(await observer.post(commandPath('evidence:add-note'), note('Observer note')))).toEqual([403, 'FORBIDDEN']);
    expect(code(await observer.post(commandPath('evidence:update'), { evidenceId: added.body.id, title: 'Observed' }))).toEqual([403, 'FORBIDDEN']);
    // Another member may not change what health added; health, the chair and the administrator may.
    expect(code(await police.post(commandPath('evidence:update'), { evidenceId: added.body.id, title: 'Police took it' }))).toEqual([403, 'FORBIDDEN']);
    expect(code(await police.post(commandPath('evidence:remove'), { evidenceId: added.body.id }))).toEqual([403, 'FORBIDDEN']);
    const relinked = await health.post<EvidenceView>(commandPath('evidence:update'), { evidenceId: added.body.id, kind: 'audit', riskIds: [], objectiveIds: [1] });
    expect(code(relinked)).toEqual([200, 'ok']);
    expect(relinked.body.links.map((l) => `${l.kind}:${l.id}`)).toEqual(['objective:1', 'recommendation:4']);
    expect(relinked.body.kindLabel).toBe('Audit');
    expect(code(await chair.post(commandPath('evidence:update'), { evidenceId: added.body.id, title: 'Referral figures, checked by the chair' }))).toEqual([200, 'ok']);
    expect(code(await admin.post(commandPath('evidence:update'), { evidenceId: added.body.id, date: '2026-02-03' }))).toEqual([200, 'ok']);
    expect(code(await health.post(commandPath('evidence:update'), { evidenceId: added.body.id }))).toEqual([400, 'VALIDATION_FAILED']);
    expect((await audit(server(), 'evidence.update', added.body.id)).n).toBe(3);

    // Removal is soft: gone from the lists, kept in the database and on the record.
    expect(code(await health.post(commandPath('evidence:remove'), { evidenceId: added.body.id }))).toEqual([200, 'ok']);
    expect((await list(observer)).map((e) => e.id)).not.toContain(added.body.id);
    const row = (await server().ctx.database.sql.get('select removed_at as "removedAt", title from evidence_items where id = ?', [added.body.id])) as { removedAt: string | null; title: string };
    expect(row.removedAt).not.toBeNull();
    expect(row.title).toBe('Referral figures, checked by the chair');
    expect((await audit(server(), 'evidence.remove', added.body.id)).n).toBe(1);
    expect((await audit(server(), 'evidence.add_link', added.body.id)).n).toBe(1);
    // Removed is removed: not changed, not removed again.
    expect(code(await admin.post(commandPath('evidence:update'), { evidenceId: added.body.id, title: 'Back again' }))).toEqual([404, 'NOT_FOUND']);
    expect(code(await admin.post(commandPath('evidence:remove'), { evidenceId: added.body.id }))).toEqual([404, 'NOT_FOUND']);
  });

  it('evidence bearing on the plan is announced as "plan.changed" (the recommendation’s page follows it); other evidence and refusals are not', async () => {
    const [health, observer] = [await sign(DEMO.health), await sign(DEMO.observer)];
    const heard: number[] = [];
    const stop = server().ctx.bus.on('plan.changed', (e) => void heard.push(e.planId));
    try {
      expect(code(await health.post(commandPath('evidence:add-link'), link('Unlinked figures')))).toEqual([200, 'ok']);
      expect(code(await observer.post(commandPath('evidence:add-note'), note('Observer note', { recommendationIds: [4] })))).toEqual([403, 'FORBIDDEN']);
      expect(heard).toEqual([]);
      const linked = await health.post<EvidenceView>(commandPath('evidence:add-note'), note('Linked note', { recommendationIds: [4] }));
      expect(heard).toEqual([1]);
      await health.post(commandPath('evidence:remove'), { evidenceId: linked.body.id });
      expect(heard).toEqual([1, 1]);
    } finally {
      stop();
    }
  });

  it('links only to the partnership’s own records, naming the field; links are https only', async () => {
    const farshire = await addSecondPartnership(server());
    const health = await sign(DEMO.health);
    const count = async () => ((await server().ctx.database.sql.get('select count(*) as n from evidence_items')) as { n: number }).n;
    const before = await count();
    const cases: [Partial<CommandInput<'evidence:add-link'>>, string][] = [
      [{ riskIds: [farshire.riskId] }, 'riskIds'],
      [{ objectiveIds: [999_999] }, 'objectiveIds'],
      [{ actionIds: [999_999] }, 'actionIds'],
      [{ challengeIds: [999_999] }, 'challengeIds'],
      [{ recommendationIds: [4, 999_999] }, 'recommendationIds'],
      [{ url: 'http://example.org/plain' }, 'url'],
      [{ url: 'javascript:alert(1)' }, 'url'],
    ];
    for (const [extra, field] of cases) {
      const res = await health.post(commandPath('evidence:add-link'), link('Bad link', extra));
      expect([field, ...code(res), ((res.body as ErrorBody).error.details as { path: string }[]).map((d) => d.path)]).toEqual([field, 400, 'VALIDATION_FAILED', [field]]);
    }
    expect(await count()).toBe(before);
    // An item of another partnership is not there for them.
    const outsider = await new ApiClient(server().url).login(farshire.email, farshire.password);
    expect(code(await outsider.post(commandPath('evidence:update'), { evidenceId: 1, title: 'Not theirs' }))).toEqual([404, 'NOT_FOUND']);
    expect(code(await outsider.post(commandPath('evidence:remove'), { evidenceId: 1 }))).toEqual([404, 'NOT_FOUND']);
  });

  it('changing links is checked as adding them is: another partnership’s record (or none) is refused naming its field, and nothing changes', async () => {
    const farshire = await addSecondPartnership(server());
    const health = await sign(DEMO.health);
    const added = (await health.post<EvidenceView>(commandPath('evidence:add-link'), link('Links to change', { recommendationIds: [4] }))).body;
    const cases: [Partial<CommandInput<'evidence:update'>>, string][] = [
      [{ riskIds: [farshire.riskId] }, 'riskIds'],
      [{ objectiveIds: [999_999] }, 'objectiveIds'],
      [{ actionIds: [999_999] }, 'actionIds'],
      [{ challengeIds: [999_999] }, 'challengeIds'],
      [{ recommendationIds: [4, 999_999], riskIds: [1] }, 'recommendationIds'],
    ];
    for (const [extra, field] of cases) {
      const res = await health.post(commandPath('evidence:update'), { evidenceId: added.id, title: 'Changed meanwhile', ...extra });
      expect([field, ...code(res), ((res.body as ErrorBody).error.details as { path: string }[]).map((d) => d.path)]).toEqual([field, 400, 'VALIDATION_FAILED', [field]]);
    }
    const now = (await list(health)).find((e) => e.id === added.id)!;
    expect([now.title, now.links.map((l) => `${l.kind}:${l.id}`)]).toEqual(['Links to change', ['recommendation:4']]);
    expect((await audit(server(), 'evidence.update', added.id)).n).toBe(0);
    // Every kind at once, each replaced; a kind left out stays.
    const relinked = await health.post<EvidenceView>(commandPath('evidence:update'), { evidenceId: added.id, objectiveIds: [1], actionIds: [1], riskIds: [1, 2], challengeIds: [1] });
    expect(code(relinked)).toEqual([200, 'ok']);
    expect(relinked.body.links.map((l) => `${l.kind}:${l.id}`)).toEqual(['challenge:1', 'objective:1', 'plan_action:1', 'recommendation:4', 'risk:1', 'risk:2']);
  });
});
