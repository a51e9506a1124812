import { describe, expect, it, vi } from 'vitest';
import { periodOfDate, shiftPeriod } from '../../shared/domain/indicator-periods.js';
import { todayIn } from '../../shared/domain/scoring.js';
import type { IndicatorDetail, IndicatorRow } from '../../shared/schemas/scorecard.js';
import { addSecondPartnership } from '../helpers/second-partnership.js';
import { ApiClient, DEMO } from '../helpers/http.js';
import { P, PERSON, demoObjective, ok, planPage, refusal, run } from '../helpers/plans.js';
import { useTestServer } from '../helpers/server.js';
import { connectSocket, send } from '../helpers/socket.js';
import { loadActor } from '../../server/core/actors.js';
import { meetingToday } from '../helpers/meeting-time.js';
import type { MeetingState, MeetingSummary } from '../../shared/schemas/meeting.js';

const lastMonth = () => shiftPeriod('monthly', periodOfDate('monthly', todayIn(Date.now())), -1);
const thisMonth = () => periodOfDate('monthly', todayIn(Date.now()));
const ICB = 3;

async function scorecard(client: ApiClient): Promise<IndicatorRow[]> {
  const res = await client.get<IndicatorRow[]>(`${P}/indicators`);
  expect(res.status).toBe(200);
  return res.body;
}
const named = (rows: IndicatorRow[], starts: string) => rows.find((r) => r.name.startsWith(starts))!;

describe('the scorecard', () => {
  const server = useTestServer();

  it('reads as the seed’s scorecard does: areas, polarity, RAG, direction, England and the exceptions', async () => {
    const observer = await new ApiClient(server().url).login(DEMO.observer);
    const rows = await scorecard(observer);
    expect(new Set(rows.map((r) => r.area))).toEqual(new Set(['early_help', 'front_door', 'assessment', 'child_protection', 'looked_after_children', 'education', 'health', 'workforce']));
    // Re-referrals: SB, rising three months running past its band: red, deteriorated, an exception; better than England's 24.9.
    expect(named(rows, '% re-referrals')).toMatchObject({ polarity: 'smaller_is_better', latest: { period: lastMonth(), value: 19.1 }, rag: 'red', travel: 'deteriorated', exceptions: ['red', 'deteriorated_twice'], comparators: [{ kind: 'england', value: { value: 24.9 }, comparison: 'better' }], can: { edit: false, enterValues: false } });
    // Initial assessments: back in line with England ("In November 75.4%…"): green and improved.
    expect(named(rows, '% initial assessments')).toMatchObject({ rag: 'green', travel: 'improved', exceptions: [] });
    // The early help rate is there for context: no RAG, its caveat kept.
    expect(named(rows, 'Early Help rate')).toMatchObject({ polarity: 'neither', rag: null, travel: 'increased', caveat: expect.stringMatching(/under-estimation/) });
    const exceptions = (await observer.get<IndicatorRow[]>(`${P}/scorecard/exceptions`)).body;
    expect(exceptions.map((e) => e.id).sort()).toEqual(rows.filter((r) => r.exceptions.length > 0).map((r) => r.id).sort());
    expect(exceptions.length).toBeGreaterThanOrEqual(3);

    const detail = (await observer.get<IndicatorDetail>(`${P}/indicators/${named(rows, '% re-referrals').id}`)).body;
    expect(detail.series.map((s) => s.value)).toEqual([13.8, 14.8, 16.2, 17.9, 19.1]);
    expect(detail.comparatorSeries).toEqual([expect.objectContaining({ kind: 'england', values: [{ period: detail.series[0]!.period, value: 24.9 }] })]);
    expect(detail.risks.map((r) => r.reference)).toEqual(['R-001']);
    // A risk's page lists the indicators that evidence it.
    expect((await observer.get<IndicatorRow[]>(`${P}/indicators?riskId=${detail.risks[0]!.id}`)).body.map((r) => r.name)).toEqual(['% re-referrals within 12 months']);
    expect((await observer.get(`${P}/indicators?riskId=abc`)).status).toBe(400);
  });

  it('a value entered by its lead reaches every open scorecard; a correction keeps the earlier value, and who made each', async () => {
    const [health, police] = await Promise.all([new ApiClient(server().url).login(DEMO.health), new ApiClient(server().url).login(DEMO.police)]);
    const indicator = await ok(await new ApiClient(server().url).login(DEMO.chair), 'indicator:create', { area: 'health', name: 'Initial health assessments within 20 working days', polarity: 'bigger_is_better', unit: 'percentage', frequency: 'monthly', agencyId: ICB, leadPersonId: PERSON.health, target: 90, tolerance: 10 });
    expect(indicator.can).toEqual({ edit: true, enterValues: true });
    const watching = await connectSocket(police);
    const pushed: number[][] = [];
    watching.on('scorecard:changed', (e) => pushed.push(e.indicatorIds));

    const [row] = await ok(health, 'indicator:record-values', { values: [{ indicatorId: indicator.id, period: lastMonth(), value: 72, numerator: 36, denominator: 50 }] });
    expect(row).toMatchObject({ latest: { value: 72, enteredByName: 'Dr Aisha Rahman' }, rag: 'red', can: { edit: false, enterValues: true } });
    await vi.waitFor(() => expect(pushed).toContainEqual([indicator.id]));
    expect(named(await scorecard(police), 'Initial health assessments')).toMatchObject({ latest: { value: 72 }, can: { enterValues: false } });

    // Sent again unchanged: nothing new on the record.
    await ok(health, 'indicator:record-values', { values: [{ indicatorId: indicator.id, period: lastMonth(), value: 72, numerator: 36, denominator: 50 }] });
    await ok(health, 'indicator:record-values', { values: [{ indicatorId: indicator.id, period: lastMonth(), value: 82, numerator: 41, denominator: 50, note: 'Late returns from the trust added' }] });
    const detail = (await police.get<IndicatorDetail>(`${P}/indicators/${indicator.id}`)).body;
    expect(detail.series).toEqual([expect.objectContaining({ value: 82, note: 'Late returns from the trust added', rag: 'amber', corrections: [expect.objectContaining({ value: 72, enteredByName: 'Dr Aisha Rahman' })] })]);
    const audit = (await server().ctx.database.sql.all(`select action, actor_id as "actorId" from audit_log where entity_type = 'indicator' and entity_id = ? order by id`, [indicator.id]));
    expect(audit).toEqual([
      { action: 'indicator.create', actorId: PERSON.chair },
      { action: 'indicator.value_recorded', actorId: PERSON.health },
      { action: 'indicator.value_corrected', actorId: PERSON.health },
    ]);
  });

  it('defining is for chairs, vice-chairs and administrators; entering for the lead and the owning agency; observers change nothing', async () => {
    const clients = Object.fromEntries(await Promise.all((['admin', 'chair', 'police', 'health', 'schools', 'council', 'observer'] as const).map(async (k) => [k, await new ApiClient(server().url).login(DEMO[k])] as const)));
    const base = { area: 'workforce', polarity: 'smaller_is_better', unit: 'percentage', frequency: 'monthly', agencyId: ICB, leadPersonId: PERSON.health, target: 10, tolerance: 2 } as const;
    const outcome = async (who: keyof typeof clients, name: string) => (await run(clients[who]!, 'indicator:create', { ...base, name })).status;
    // Council chairs the Operational Group; health and police are members; schools a member; the observer observes.
    expect({ admin: await outcome('admin', 'Admin’s indicator'), chair: await outcome('chair', 'Chair’s indicator'), council: await outcome('council', 'Council’s indicator'), police: await outcome('police', 'Police indicator'), health: await outcome('health', 'Health indicator'), observer: await outcome('observer', 'Observer indicator') }).toEqual({ admin: 200, chair: 200, council: 200, police: 403, health: 403, observer: 403 });

    const indicator = named(await scorecard(clients.chair!), 'Chair’s indicator');
    const value = (v: number) => ({ values: [{ indicatorId: indicator.id, period: lastMonth(), value: v }] });
    const entered = Object.fromEntries(await Promise.all(Object.entries(clients).map(async ([k, c]) => [k, (await run(c, 'indicator:record-values', value(k.length))).status] as const)));
    expect(entered).toEqual({ admin: 200, chair: 200, police: 403, health: 200, schools: 403, council: 200, observer: 403 });
    expect(refusal(await run(clients.health!, 'indicator:update', { indicatorId: indicator.id, target: 50 })).code).toBe('FORBIDDEN');
    expect(refusal(await run(clients.observer!, 'indicator:set-comparators', { indicatorId: indicator.id, comparators: [] })).code).toBe('FORBIDDEN');
  });

  it('an indicator going out of tolerance weighs on the suggested RAG of the objectives it evidences, and open plan pages are told', async () => {
    const council = await new ApiClient(server().url).login(DEMO.council);
    const before = demoObjective(await planPage(council), 'Improved quality and timeliness');
    expect(before.suggestion.reasons.join('; ')).not.toMatch(/indicator/);
    const socket = await connectSocket(council);
    const plans: number[] = [];
    socket.on('plan:changed', (e) => plans.push(e.planId));
    const core = named(await scorecard(council), '% core assessments');
    await ok(council, 'indicator:record-values', { values: [{ indicatorId: core.id, period: thisMonth(), value: 61.5 }] });
    await vi.waitFor(() => expect(plans).toContain(before.planId));
    const after = demoObjective(await planPage(council), 'Improved quality and timeliness');
    expect(after.suggestion.reasons).toContain('1 indicator out of tolerance');
    // The decision is checked against the same suggestion: green against it needs a reason.
    const green = await run(council, 'objective:set-rag', { objectiveId: after.id, rag: 'green' });
    expect(after.suggestion.rag).not.toBe('green');
    expect(refusal(green).paths).toEqual(['rationale']);
  });

  it('"Build agenda" proposes the scorecard’s exceptions as one item linking each; an indicator of another partnership cannot be linked', async () => {
    const chair = await connectSocket(await new ApiClient(server().url).login(DEMO.chair));
    const m = await send<MeetingSummary>(chair, 'meeting:create', { boardId: 1, startsAt: meetingToday() });
    if (!m.ok) throw new Error(JSON.stringify(m));
    const built = await send<MeetingState>(chair, 'meeting:build-agenda', { meetingId: m.data.id });
    if (!built.ok) throw new Error(JSON.stringify(built));
    const item = built.data.agenda.find((i) => i.title === 'Scorecard exceptions')!;
    const exceptions = (await (await new ApiClient(server().url).login(DEMO.observer)).get<IndicatorDetail[]>(`${P}/scorecard/exceptions`)).body;
    expect(item.links.map((l) => l.kind)).toEqual(exceptions.map(() => 'indicator'));
    expect(item.links.map((l) => l.label).sort()).toEqual(exceptions.map((e) => `Indicator: ${e.name}`).sort());
    // Built again: nothing added twice.
    const again = await send<MeetingState>(chair, 'meeting:build-agenda', { meetingId: m.data.id });
    expect(again.ok && again.data.agenda.filter((i) => i.title === 'Scorecard exceptions').length).toBe(1);

  });

  it('values are stored all or none, and every bad row is named', async () => {
    const chair = await new ApiClient(server().url).login(DEMO.chair);
    const rows = await scorecard(chair);
    const monthly = named(rows, '% re-referrals');
    const annual = named(rows, 'Persistent absence');
    const before = (await chair.get<IndicatorDetail>(`${P}/indicators/${monthly.id}`)).body.series;
    const answer = await run(chair, 'indicator:record-values', {
      values: [
        { indicatorId: monthly.id, period: thisMonth(), value: 12 },
        { indicatorId: annual.id, period: thisMonth(), value: 5 },
        { indicatorId: 999_999, period: thisMonth(), value: 1 },
        { indicatorId: monthly.id, period: thisMonth(), value: 13 },
        { indicatorId: monthly.id, period: lastMonth(), value: 10, numerator: 1, denominator: null },
      ],
    });
    expect(refusal(answer)).toEqual({ status: 400, code: 'VALIDATION_FAILED', paths: ['values.1.period', 'values.2.indicatorId', 'values.3.period', 'values.4.denominator'] });
    expect((await chair.get<IndicatorDetail>(`${P}/indicators/${monthly.id}`)).body.series).toEqual(before);
    for (const bad of [{ value: Number.NaN }, { value: 'twelve' }, { value: 1e12 }, { period: '2026-13' }, { note: 'x'.repeat(1001) }, { denominator: 0, numerator: 1 }]) {
      const res = await run(chair, 'indicator:record-values', { values: [{ indicatorId: monthly.id, period: thisMonth(), value: 12, ...bad }] } as never);
      expect({ bad, status: res.status }).toEqual({ bad, status: 400 });
    }
    expect(refusal(await run(chair, 'indicator:set-comparators', { indicatorId: annual.id, comparators: [{ kind: 'england', name: 'England', values: [{ period: thisMonth(), value: 5 }] }] })).paths).toEqual(['comparators.0.values.0.period']);
  });

  it('another partnership’s indicators are not there: not listed, not opened, not written; ids of its records are refused by field', async () => {
    const farshire = await addSecondPartnership(server());
    const outsider = await new ApiClient(server().url).login(farshire.email, farshire.password);
    const own = `/api/partnerships/${farshire.partnershipId}/indicators`;
    expect((await outsider.get(own)).body).toEqual([]);
    expect((await outsider.get(`${P}/indicators`)).status).toBe(404);
    expect((await outsider.get(`/api/partnerships/${farshire.partnershipId}/indicators/1`)).status).toBe(404);
    const demoRow = named(await scorecard(await new ApiClient(server().url).login(DEMO.chair)), '% re-referrals');
    expect(refusal(await run(outsider, 'indicator:update', { indicatorId: demoRow.id, target: 1 })).code).toBe('NOT_FOUND');
    expect(refusal(await run(outsider, 'indicator:record-values', { values: [{ indicatorId: demoRow.id, period: lastMonth(), value: 1 }] })).paths).toEqual(['values.0.indicatorId']);
    const made = await run(outsider, 'indicator:create', { area: 'health', name: 'Farshire probe', polarity: 'neither', unit: 'count', frequency: 'monthly', agencyId: ICB, leadPersonId: PERSON.health, objectiveIds: [1], riskIds: [1] });
    expect(refusal(made)).toMatchObject({ status: 400, code: 'VALIDATION_FAILED' });
    expect((await outsider.get(own)).body).toEqual([]);
    // Nor linked from a demo meeting's agenda.
    const chair = await connectSocket(await new ApiClient(server().url).login(DEMO.chair));
    const m = await send<MeetingSummary>(chair, 'meeting:create', { boardId: 1, startsAt: meetingToday() });
    if (!m.ok) throw new Error(JSON.stringify(m));
    const theirs = await server().services.scorecard.create((await loadActor(server().ctx, farshire.personId))!, { area: 'other', name: 'Farshire secret indicator', definition: '', polarity: 'neither', unit: 'count', decimals: 0, frequency: 'annual', agencyId: null, leadPersonId: null, target: null, tolerance: 0, maintainedWithin: 0, caveat: '', objectiveIds: [], riskIds: [] });
    const refused = await send(chair, 'agenda:add', { meetingId: m.data.id, title: 'Probe', links: [{ kind: 'indicator', ref: String(theirs.id) }] });
    expect(refused).toMatchObject({ ok: false, error: { code: 'VALIDATION_FAILED', details: [{ path: 'links.0.ref', message: 'No such scorecard indicator in this partnership' }] } });

  });
});
