import { describe, expect, it } from 'vitest';
import { periodOfDate, shiftPeriod } from '../../shared/domain/indicator-periods.js';
import { todayIn } from '../../shared/domain/scoring.js';
import type { PlanDetail } from '../../shared/schemas/plan.js';
import type { RiskDetail, RiskRow } from '../../shared/schemas/risk.js';
import type { IndicatorRow } from '../../shared/schemas/scorecard.js';
import { ApiClient, DEMO } from '../helpers/http.js';
import { commitImport, previewImport } from '../helpers/imports.js';
import { BOARD, DEMO_PLAN, P, PERSON, ok } from '../helpers/plans.js';
import { useTestServer } from '../helpers/server.js';

/**
 * The commit no longer weighs a row's label (f0a7d0d): a record renamed meanwhile does not void it. But a
 * row found by a name (an indicator, an objective) may now find ANOTHER record under that name, the view
 * the person saw unchanged: the commit must be refused, not write to the record they never saw.
 */
describe('imports: what the label no longer guards', () => {
  const server = useTestServer();
  const recorded = async (indicatorId: number, period: string) =>
    (await server().ctx.database.sql.get<{ n: number }>('select count(*) as n from indicator_values where indicator_id = ? and period = ?', [indicatorId, period]))!.n;

  it('indicator values: the name the file gives now belongs to another indicator (its case aside): refused, nothing recorded on it', async () => {
    const council = await new ApiClient(server().url).login(DEMO.council);
    const admin = await new ApiClient(server().url).login(DEMO.admin);
    const rows = (await council.get<IndicatorRow[]>(`${P}/indicators`)).body;
    const vacancy = rows.find((r) => r.name.startsWith('Social worker vacancy'))!;
    const turnover = rows.find((r) => r.name.startsWith('Social worker turnover'))!;
    const month = shiftPeriod('monthly', periodOfDate('monthly', todayIn(Date.now())), -60);
    const seen = await previewImport(council, 'indicator-values', `Indicator,Month,Value\n"${vacancy.name}",${month},21.5\n`, 'values.csv');
    expect(seen.body.rows[0], JSON.stringify(seen.body.rows)).toMatchObject({ label: `${vacancy.name} ${month}`, action: 'create' });
    // Renamed in the meantime: the vacancy indicator set aside, the turnover one given its name (in capitals).
    await ok(admin, 'indicator:update', { indicatorId: vacancy.id, name: `${vacancy.name} (old)` });
    await ok(admin, 'indicator:update', { indicatorId: turnover.id, name: vacancy.name.toUpperCase() });
    const refused = await commitImport(council, seen.body.id);
    expect(refused.status, JSON.stringify(refused.body)).toBe(409);
    expect(await recorded(turnover.id, month)).toBe(0);
    expect(await recorded(vacancy.id, month)).toBe(0);
  });

  it('indicator values: two indicators’ names swapped exactly: refused (the label was the same, the record is not)', async () => {
    const council = await new ApiClient(server().url).login(DEMO.council);
    const admin = await new ApiClient(server().url).login(DEMO.admin);
    const rows = (await council.get<IndicatorRow[]>(`${P}/indicators`)).body.filter((r) => r.can.enterValues && r.frequency === 'monthly');
    const [a, b] = [rows[0]!, rows[1]!];
    const month = shiftPeriod('monthly', periodOfDate('monthly', todayIn(Date.now())), -61);
    const seen = await previewImport(council, 'indicator-values', `Indicator,Month,Value\n"${a.name}",${month},7\n`, 'values.csv');
    expect(seen.body.rows[0], JSON.stringify(seen.body.rows)).toMatchObject({ action: 'create' });
    await ok(admin, 'indicator:update', { indicatorId: a.id, name: 'Set aside for the swap' });
    await ok(admin, 'indicator:update', { indicatorId: b.id, name: a.name });
    await ok(admin, 'indicator:update', { indicatorId: a.id, name: b.name });
    expect((await commitImport(council, seen.body.id)).status).toBe(409);
    expect(await recorded(b.id, month)).toBe(0);
  });

  it('indicator values: a correction, the period’s value recorded again by a colleague meanwhile: refused, theirs kept', async () => {
    const council = await new ApiClient(server().url).login(DEMO.council);
    const colleague = await new ApiClient(server().url).login(DEMO.council);
    const indicator = (await council.get<IndicatorRow[]>(`${P}/indicators`)).body.find((r) => r.can.enterValues && r.latest !== null)!;
    const { period, value } = indicator.latest!;
    const seen = await previewImport(council, 'indicator-values', `Indicator,Period,Value\n"${indicator.name}",${period},${value + 1}\n`, 'values.csv');
    expect(seen.body.rows[0], JSON.stringify(seen.body.rows)).toMatchObject({ action: 'update', changes: [{ field: 'Value', from: String(value), to: String(value + 1) }] });
    await ok(colleague, 'indicator:record-values', { values: [{ indicatorId: indicator.id, period, value: value + 2, numerator: null, denominator: null, note: 'Checked again' }] });
    expect((await commitImport(council, seen.body.id)).status).toBe(409);
    expect((await council.get<IndicatorRow[]>(`${P}/indicators`)).body.find((r) => r.id === indicator.id)!.latest).toMatchObject({ period, value: value + 2 });
  });

  it('plan actions: the objective the file names by its wording is now another objective: refused, no action added under it', async () => {
    const chair = await new ApiClient(server().url).login(DEMO.chair);
    const admin = await new ApiClient(server().url).login(DEMO.admin);
    const plan = async () => (await chair.get<PlanDetail>(`${P}/plans/${DEMO_PLAN}`)).body.themes.flatMap((t) => t.objectives);
    const [first, second] = (await plan()).filter((o) => o.can.edit);
    const csv = `Objective,Action,Lead Officers\n"${first!.outcome}",Audit of strategy discussions,Dr Aisha Rahman\n`;
    const seen = await previewImport(chair, 'plan-actions', csv, 'plan.csv', { planId: String(DEMO_PLAN) });
    expect(seen.body.rows[0], JSON.stringify(seen.body.rows)).toMatchObject({ action: 'create' });
    await ok(admin, 'objective:update', { objectiveId: first!.id, outcome: `${first!.outcome} (reworded)` });
    await ok(admin, 'objective:update', { objectiveId: second!.id, outcome: first!.outcome });
    expect((await commitImport(chair, seen.body.id)).status).toBe(409);
    const after = await plan();
    expect(after.find((o) => o.id === second!.id)!.actions.map((a) => a.id)).toEqual(second!.actions.map((a) => a.id));
    expect(after.find((o) => o.id === first!.id)!.actions.map((a) => a.id)).toEqual(first!.actions.map((a) => a.id));
  });

  it('risks: a new risk’s board, named in the file, is now another board: refused, nothing added to it', async () => {
    const admin = await new ApiClient(server().url).login(DEMO.admin);
    const csv = 'Title,Board,Lead agency,Owner\nA risk added to the Operational Group,Operational Group,Northshire Police,DCI Tom Brennan\n';
    const seen = await previewImport(admin, 'risks', csv, 'r.csv');
    expect(seen.body.rows[0], JSON.stringify(seen.body.rows)).toMatchObject({ action: 'create' });
    await ok(admin, 'board:update', { boardId: BOARD.og, name: 'Operational Group (until today)' });
    await ok(admin, 'board:update', { boardId: BOARD.ib, name: 'Operational Group' });
    expect((await commitImport(admin, seen.body.id)).status).toBe(409);
    expect((await admin.get<RiskRow[]>(`${P}/risks`)).body.some((r) => r.title === 'A risk added to the Operational Group')).toBe(false);
  });

  it('plan actions: the lead officer named in the file is now another person (renamed meanwhile): refused, no action led by them', async () => {
    const chair = await new ApiClient(server().url).login(DEMO.chair);
    const admin = await new ApiClient(server().url).login(DEMO.admin);
    const objective = (await chair.get<PlanDetail>(`${P}/plans/${DEMO_PLAN}`)).body.themes.flatMap((t) => t.objectives).filter((o) => o.can.edit).at(-1)!;
    const csv = `Objective,Action,Lead Officers\n"${objective.outcome}",Review of health chronologies,Dr Aisha Rahman\n`;
    const seen = await previewImport(chair, 'plan-actions', csv, 'plan.csv', { planId: String(DEMO_PLAN) });
    expect(seen.body.rows[0], JSON.stringify(seen.body.rows)).toMatchObject({ action: 'create' });
    await ok(admin, 'person:update', { personId: PERSON.health, name: 'Dr Aisha Rahman (on leave)' });
    await ok(admin, 'person:update', { personId: 9, name: 'Dr Aisha Rahman' });
    expect((await commitImport(chair, seen.body.id)).status).toBe(409);
    const after = (await chair.get<PlanDetail>(`${P}/plans/${DEMO_PLAN}`)).body.themes.flatMap((t) => t.objectives).find((o) => o.id === objective.id)!;
    expect(after.actions.map((a) => a.id)).toEqual(objective.actions.map((a) => a.id));
  });

  it('mitigations: the action reworded meanwhile, a row that changes only its status still commits, on that mitigation', async () => {
    const admin = await new ApiClient(server().url).login(DEMO.admin);
    const risk = (await admin.get<RiskDetail>(`${P}/risks/3`)).body;
    const m = risk.mitigations.find((x) => x.status !== 'complete')!;
    const seen = await previewImport(admin, 'mitigations', `Risk reference,Mitigation ID,Status\n${risk.reference},${m.key},Complete\n`, 'm.csv');
    expect(seen.body.rows[0], JSON.stringify(seen.body.rows)).toMatchObject({ action: 'update', label: `${risk.reference}: ${m.action.slice(0, 80)}` });
    const reword = await previewImport(admin, 'mitigations', `Risk reference,Mitigation ID,Action\n${risk.reference},${m.key},${m.action} (reworded)\n`, 'w.csv');
    expect((await commitImport(admin, reword.body.id)).status).toBe(200);
    const committed = await commitImport(admin, seen.body.id);
    expect(committed.status, JSON.stringify(committed.body)).toBe(200);
    const now = (await admin.get<RiskDetail>(`${P}/risks/3`)).body.mitigations;
    expect(now.find((x) => x.key === m.key)).toMatchObject({ action: `${m.action} (reworded)`, status: 'complete' });
    expect(now.length).toBe(risk.mitigations.length);
  });

  it('an observer may not preview; another person cannot commit a preview not theirs', async () => {
    const observer = await new ApiClient(server().url).login(DEMO.observer);
    expect((await previewImport(observer, 'risks', 'Reference,Title\nR-001,Observer’s title\n', 'r.csv')).status).toBe(403);
    const chair = await new ApiClient(server().url).login(DEMO.chair);
    const seen = await previewImport(chair, 'risks', 'Reference,Title\nR-001,Chair’s title\n', 'r.csv');
    expect((await commitImport(observer, seen.body.id)).status).toBe(404);
    const admin = await new ApiClient(server().url).login(DEMO.admin);
    expect((await commitImport(admin, seen.body.id)).status).toBe(404);
  });
});
