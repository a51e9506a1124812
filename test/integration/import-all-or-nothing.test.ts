import { describe, expect, it, onTestFinished } from 'vitest';
import { periodOfDate, shiftPeriod } from '../../shared/domain/indicator-periods.js';
import { todayIn } from '../../shared/domain/scoring.js';
import { SCORECARD_LIMITS } from '../../shared/limits.js';
import type { PlanDetail } from '../../shared/schemas/plan.js';
import type { RiskRow } from '../../shared/schemas/risk.js';
import type { IndicatorDetail, IndicatorRow } from '../../shared/schemas/scorecard.js';
import { ApiClient, DEMO } from '../helpers/http.js';
import { commitImport, previewImport } from '../helpers/imports.js';
import { DEMO_PLAN, P } from '../helpers/plans.js';
import { refuseWrites } from '../helpers/refuse-writes.js';
import { useTestServer, type TestServer } from '../helpers/server.js';
import { openDoc } from '../helpers/yjs.js';

/**
 * A commit is all or nothing (issue 14): a write that fails part-way (here a real database trigger that
 * aborts one statement, as a full disk or a constraint would) leaves no row of the file written: no
 * new record, no edited document (nobody with it open sees anything), no half of the values.
 */
describe('an import that fails part-way writes nothing', () => {
  const server = useTestServer();

  /** The database refuses `write` on `table` (where `when` holds) until the undo answered or the test ends. */
  async function failing(s: TestServer, table: string, write: string, when?: string): Promise<() => Promise<void>> {
    const undo = await refuseWrites(s, table, 'the disk refused this write', { write, when });
    onTestFinished(undo);
    return undo;
  }

  const audited = async (s: TestServer, action: string) => (await s.ctx.database.sql.get<{ n: number }>('select count(*) as n from audit_log where action = ?', [action]))!.n;

  it('risks: the last step (a change of owner) fails, so the new risk and the edited score are not written either, and an open editor sees nothing', async () => {
    const chair = await new ApiClient(server().url).login(DEMO.chair);
    const before = (await chair.get<RiskRow[]>(`${P}/risks`)).body;
    const edited = before.find((r) => r.status === 'open')!;
    const handedOn = before.find((r) => r.status === 'open' && r.id !== edited.id && r.ownerName !== 'DCI Tom Brennan')!;
    const likelihood = edited.current.likelihood === 2 ? 3 : 2;
    const live = openDoc(chair, `risk:${edited.id}`);
    await live.synced();
    const csv = [
      'Ref,Risk,Risk description,Board,Lead agency,Risk owner,Likelihood,Impact',
      `${edited.reference},"${edited.title}",,${edited.boardName},${edited.leadAgencyName},${edited.ownerName},${likelihood},${edited.current.impact}`,
      `,Agency staff turnover in the MASH,Staff leave before cases are handed over,Improvement Board,Northshire Police,DCI Tom Brennan,3,4`,
      `${handedOn.reference},"${handedOn.title}",,${handedOn.boardName},Northshire Police,DCI Tom Brennan,${handedOn.current.likelihood ?? ''},${handedOn.current.impact ?? ''}`,
    ].join('\n');
    const seen = await previewImport(chair, 'risks', csv, 'register.csv', { mapping: JSON.stringify({ event: 'Risk description' }) });
    expect(seen.body.counts, JSON.stringify(seen.body.rows)).toMatchObject({ create: 1, update: 2, withErrors: 0 });
    const risksAudited = await audited(server(), 'risk.create');

    const undo = await failing(server(), 'risks', 'update of owner_id');
    const failed = await commitImport(chair, seen.body.id);
    expect(failed.status).toBeGreaterThanOrEqual(400);
    expect((await chair.get(`${P}/imports/${seen.body.id}`)).body).toMatchObject({ status: 'failed' });
    expect((await chair.get<RiskRow[]>(`${P}/risks`)).body).toEqual(before);
    expect(await audited(server(), 'risk.create')).toBe(risksAudited);
    expect(await audited(server(), 'import.committed')).toBe(0);

    // What an open editor receives arrives in order: a later edit of the chair's own arrives, and the
    // import's score never did.
    live.doc.getText('cause').insert(0, 'Checked after the failed import. ');
    await expect.poll(async () => (await chair.get<{ cause: string }>(`${P}/risks/${edited.id}`)).body.cause).toContain('Checked after the failed import.');
    expect(live.doc.getMap('fields').get('currentLikelihood')).toBe(edited.current.likelihood);

    // The trouble gone, the same file goes through whole.
    await undo();
    const again = await previewImport(chair, 'risks', csv, 'register.csv', { mapping: JSON.stringify({ event: 'Risk description' }) });
    const committed = await commitImport(chair, again.body.id);
    expect(committed.status, JSON.stringify(committed.body)).toBe(200);
    const after = (await chair.get<RiskRow[]>(`${P}/risks`)).body;
    expect(after.find((r) => r.id === edited.id)!.current.likelihood).toBe(likelihood);
    expect(after.find((r) => r.id === handedOn.id)!.ownerName).toBe('DCI Tom Brennan');
    const added = after.find((r) => r.title === 'Agency staff turnover in the MASH')!;
    expect((await chair.get<{ event: string }>(`${P}/risks/${added.id}`)).body.event).toBe('Staff leave before cases are handed over');
    await expect.poll(() => live.doc.getMap('fields').get('currentLikelihood')).toBe(likelihood);
  });

  it('plan actions: the progress cannot be stored in the objective’s doc, so the new action is not added either', async () => {
    const chair = await new ApiClient(server().url).login(DEMO.chair);
    const objectiveOf = async () => (await chair.get<PlanDetail>(`${P}/plans/${DEMO_PLAN}`)).body.themes.flatMap((t) => t.objectives).find((o) => o.actions.length > 0 && o.can.edit)!;
    const objective = await objectiveOf();
    const csv = ['Objective,Action ID,Action,Milestones,Timescales,Lead Officers,Status,Progress', `"${objective.outcome}",,Audit of strategy discussions,Sample of 40 cases,31/03/2027,Dr Aisha Rahman,On track,Sample drawn`].join('\n');
    const seen = await previewImport(chair, 'plan-actions', csv, 'plan.csv', { planId: String(DEMO_PLAN) });
    expect(seen.body.counts, JSON.stringify(seen.body.rows)).toMatchObject({ create: 1, withErrors: 0 });

    await failing(server(), 'doc_updates', 'insert', `new.doc_name = 'objective:${objective.id}'`);
    expect((await commitImport(chair, seen.body.id)).status).toBeGreaterThanOrEqual(400);
    expect((await objectiveOf()).actions.map((a) => a.id)).toEqual(objective.actions.map((a) => a.id));
  });

  it('indicator values: more than one command’s worth, the last cannot be stored, so none is (no half of a file)', async () => {
    const council = await new ApiClient(server().url).login(DEMO.council);
    const rows = (await council.get<IndicatorRow[]>(`${P}/indicators`)).body;
    const vacancy = rows.find((r) => r.name.startsWith('Social worker vacancy'))!;
    const turnover = rows.find((r) => r.name.startsWith('Social worker turnover'))!;
    const thisMonth = periodOfDate('monthly', todayIn(Date.now()));
    // Years of months of two indicators, more than SCORECARD_LIMITS.valuesPerCommandMax values: once sent in commands of that many.
    const months = Array.from({ length: SCORECARD_LIMITS.valuesPerCommandMax / 2 + 10 }, (_, i) => shiftPeriod('monthly', thisMonth, -(i + 30)));
    const csv = ['Indicator,Month,Value', ...months.map((m) => `${vacancy.name},${m},21.5`), ...months.map((m) => `"${turnover.name}",${m},19.5`)].join('\n');
    const seen = await previewImport(council, 'indicator-values', csv, 'values.csv');
    expect(seen.body.counts, JSON.stringify(seen.body.rows.find((r) => r.errors.length > 0))).toMatchObject({ create: months.length * 2, withErrors: 0 });
    const stored = async () => (await server().ctx.database.sql.get<{ n: number }>('select count(*) as n from indicator_values where indicator_id in (?, ?)', [vacancy.id, turnover.id]))!.n;
    const before = await stored();

    await failing(server(), 'indicator_values', 'insert', `new.indicator_id = ${turnover.id} and new.period = '${months.at(-1)}'`);
    expect((await commitImport(council, seen.body.id)).status).toBeGreaterThanOrEqual(400);
    expect(await stored()).toBe(before);
    expect((await council.get<IndicatorDetail>(`${P}/indicators/${vacancy.id}`)).body.latest).toEqual(vacancy.latest);
  });
});
