import { describe, expect, it } from 'vitest';
import type { RiskRow, MitigationRow } from '../../shared/schemas/risk.js';
import { ApiClient, DEMO } from '../helpers/http.js';
import { commitImport, previewImport, registerWorkbook } from '../helpers/imports.js';
import { DEMO_PLAN, P } from '../helpers/plans.js';
import type { PlanDetail } from '../../shared/schemas/plan.js';
import { useTestServer } from '../helpers/server.js';
import { openDoc } from '../helpers/yjs.js';

const HEADINGS = ['Ref', 'Risk', 'Risk description', 'Board', 'Lead agency', 'Risk owner', 'Likelihood', 'Impact', 'Tolerance'];

async function register(client: ApiClient): Promise<RiskRow[]> {
  return (await client.get<RiskRow[]>(`${P}/risks`)).body;
}

describe('importing a register from Excel', () => {
  const server = useTestServer();

  it('a register with a merged title, blank rows and bad rows: every error named by row and column, nothing stored until fixed, then stored as the person and seen live', async () => {
    const chair = await new ApiClient(server().url).login(DEMO.chair);
    const before = await register(chair);
    const first = before[0]!;
    const live = openDoc(chair, `risk:${first.id}`);
    await live.synced();
    const likelihood = first.current.likelihood === 2 ? 3 : 2;
    const rows: (string | number | null)[][] = [
      [first.reference, first.title, null, first.boardName, first.leadAgencyName, first.ownerName, likelihood, first.current.impact, first.tolerance],
      [null, 'Agency staff turnover in the MASH', 'Agency staff leave before cases are handed over', 'Improvement Board', 'Northshire Police', 'DCI Tom Brennan', 3, 4, 9],
      [null, null, null, null, null, null, null, null, null],
      [null, 'Unknown owner', '', 'Improvement Board', 'Northshire Police', 'Nobody Atall', 3, 3, 9],
      [null, 'Likelihood off the matrix', '', 'Improvement Board', 'Northshire Police', 'DCI Tom Brennan', 7, 3, 9],
      [first.reference, 'The same risk twice', '', first.boardName, first.leadAgencyName, first.ownerName, 2, 2, 4],
      ['R-999', 'A reference that is not ours', '', 'Improvement Board', 'Northshire Police', 'DCI Tom Brennan', 2, 2, 4],
    ];
    // The first row keeps its text (no description column value): the "description" cell is blank, so it is written as blank.
    rows[0]![2] = (await chair.get<{ event: string }>(`${P}/risks/${first.id}`)).body.event ?? '';
    const file = await registerWorkbook('Northbrook Safeguarding Children Partnership: risk register', HEADINGS, rows);
    const seen = await previewImport(chair, 'risks', file, 'register.xlsx');
    expect(seen.status, JSON.stringify(seen.body)).toBe(201);
    expect(seen.body.headingRow).toBe(3);
    expect(seen.body.columns.find((c) => c.field === 'owner')!.heading).toBe('Risk owner');
    const byRow = new Map(seen.body.rows.map((r) => [r.row, r]));
    expect(byRow.get(4)).toMatchObject({ action: 'update', errors: [] });
    expect(byRow.get(4)!.changes).toEqual([{ field: 'Current likelihood', from: String(first.current.likelihood), to: String(likelihood) }]);
    expect(byRow.get(5)).toMatchObject({ action: 'create', errors: [] });
    expect(byRow.has(6)).toBe(false);
    expect(byRow.get(7)!.errors).toEqual([{ column: 'Risk owner', message: 'No person called “Nobody Atall” in this partnership' }]);
    expect(byRow.get(8)!.errors).toEqual([{ column: 'Likelihood', message: 'Out of range: from 1 to 5' }]);
    expect(byRow.get(9)!.errors[0]).toEqual({ column: 'Ref', message: `${first.reference} is on an earlier row too` });
    expect(byRow.get(10)!.errors[0]!.column).toBe('Ref');
    expect(seen.body.counts).toMatchObject({ rows: 7 - 1, create: 1, update: 1, withErrors: 4 });

    const refused = await commitImport(chair, seen.body.id);
    expect(refused.status).toBe(400);
    expect(refused.body.error!.details).toContainEqual({ path: 'row 7, Risk owner', message: 'No person called “Nobody Atall” in this partnership' });
    expect(await register(chair)).toEqual(before);

    const fixed = await registerWorkbook('Risk register', HEADINGS, rows.slice(0, 2));
    const good = await previewImport(chair, 'risks', fixed, 'register.xlsx');
    expect(good.body.counts).toMatchObject({ create: 1, update: 1, withErrors: 0 });
    const done = await commitImport(chair, good.body.id);
    expect(done.status, JSON.stringify(done.body)).toBe(200);
    expect(done.body).toMatchObject({ status: 'committed', progress: { done: 2, total: 2 } });

    const after = await register(chair);
    expect(after.find((r) => r.id === first.id)!.current.likelihood).toBe(likelihood);
    const added = after.find((r) => r.title === 'Agency staff turnover in the MASH')!;
    expect(added).toMatchObject({ boardName: 'Improvement Board', ownerName: 'DCI Tom Brennan', current: { likelihood: 3, impact: 4 }, tolerance: 9 });
    expect((await chair.get<{ event: string }>(`${P}/risks/${added.id}`)).body.event).toBe('Agency staff leave before cases are handed over');
    // The open editor saw the change arrive, written as the chair.
    await expect.poll(() => live.doc.getMap('fields').get('currentLikelihood')).toBe(likelihood);
    const history = (await chair.get<{ changes: { field: string; editorName: string | null }[] }>(`${P}/risks/${first.id}/history`)).body;
    expect(JSON.stringify(history)).toContain('Margaret Ellison');

    // Committed once: a second commit of the same preview is refused.
    expect((await commitImport(chair, good.body.id)).status).toBe(409);
    // Imported again unchanged, the file changes nothing.
    const again = await previewImport(chair, 'risks', fixed, 'register.xlsx');
    expect(again.body.rows.map((r) => r.action)).toEqual(['unchanged', 'create']);
  });

  it('mitigations: a new one and a changed one on a risk, an impossible date refused', async () => {
    const police = await new ApiClient(server().url).login(DEMO.police);
    const mine = (await register(police)).find((r) => r.ownerName === 'DCI Tom Brennan' && r.status === 'open')!;
    const existing = (await police.get<MitigationRow[]>(`${P}/mitigations?riskIds=${mine.id}`)).body[0];
    const header = 'Risk reference,Mitigation ID,Mitigation,Owner,Due date,Status';
    const lines = [`${mine.reference},,Weekly MASH huddle with health,DCI Tom Brennan,14/01/2027,In progress`];
    if (existing) lines.push(`${mine.reference},${existing.key},${existing.action.replaceAll('"', '""')},${existing.ownerName ?? ''},${existing.dueDate ?? ''},Complete`);
    const bad = await previewImport(police, 'mitigations', [header, `${mine.reference},,Audit,DCI Tom Brennan,31/02/2027,Not started`].join('\n'), 'm.csv');
    expect(bad.body.rows[0]!.errors).toEqual([{ column: 'Due date', message: 'Not a real date: 31/02/2027' }]);
    const seen = await previewImport(police, 'mitigations', [header, ...lines].join('\n'), 'm.csv');
    expect(seen.body.counts.withErrors, JSON.stringify(seen.body.rows)).toBe(0);
    expect((await commitImport(police, seen.body.id)).status).toBe(200);
    const after = (await police.get<MitigationRow[]>(`${P}/mitigations?riskIds=${mine.id}`)).body;
    expect(after.find((m) => m.action === 'Weekly MASH huddle with health')).toMatchObject({ dueDate: '2027-01-14', status: 'in_progress', ownerName: 'DCI Tom Brennan' });
    if (existing) expect(after.find((m) => m.key === existing.key)!.status).toBe('complete');
  });

  it('an Excel workbook’s dates: a date cell, an Excel serial number and text all read as the same day', async () => {
    const police = await new ApiClient(server().url).login(DEMO.police);
    const mine = (await register(police)).find((r) => r.ownerName === 'DCI Tom Brennan' && r.status === 'open')!;
    const file = await registerWorkbook('Mitigations', ['Risk reference', 'Mitigation', 'Owner', 'Due date'], [
      [mine.reference, 'Date cell', 'DCI Tom Brennan', new Date(Date.UTC(2027, 0, 14))],
      [mine.reference, 'Serial number', 'DCI Tom Brennan', 46401],
      [mine.reference, 'Text', 'DCI Tom Brennan', '14 Jan 2027'],
      [mine.reference, 'Impossible', 'DCI Tom Brennan', '30/02/2027'],
    ]);
    const seen = await previewImport(police, 'mitigations', file, 'mitigations.xlsx');
    expect(seen.status, JSON.stringify(seen.body)).toBe(201);
    expect(seen.body.rows.slice(0, 3).map((r) => r.changes.find((c) => c.field === 'Due date')?.to)).toEqual(['2027-01-14', '2027-01-14', '2027-01-14']);
    expect(seen.body.rows[3]!.errors).toEqual([{ column: 'Due date', message: 'Not a real date: 30/02/2027' }]);
  });

  it('refusals: observers, another person’s import, unknown ids, no file, an unknown kind', async () => {
    const observer = await new ApiClient(server().url).login(DEMO.observer);
    const csv = 'Risk,Board,Lead agency,Owner\nX,Operational Group,Northshire Police,DCI Tom Brennan';
    expect((await previewImport(observer, 'risks', csv, 'r.csv')).status).toBe(403);
    const police = await new ApiClient(server().url).login(DEMO.police);
    const health = await new ApiClient(server().url).login(DEMO.health);
    const theirs = await previewImport(police, 'risks', csv, 'r.csv');
    expect(theirs.status).toBe(201);
    expect((await health.get(`${P}/imports/${theirs.body.id}`)).status).toBe(404);
    expect((await commitImport(health, theirs.body.id)).status).toBe(404);
    expect((await police.get(`${P}/imports/AAAAAAAAAAAAAAAAAAAAAAAA`)).status).toBe(404);
    expect((await police.get(`${P}/imports/..%2f..`)).status).toBe(400);
    const unknownKind = await previewImport(police, '__proto__', csv, 'r.csv');
    expect(unknownKind.status).toBe(400);
    expect(unknownKind.body.error!.details![0]!.path).toBe('kind');
    const anonymous = new ApiClient(server().url);
    expect((await anonymous.get(`${P}/imports/${theirs.body.id}`)).status).toBe(401);
    // Twice at once: one commit wins, the other is refused.
    const both = await Promise.all([commitImport(police, theirs.body.id), commitImport(police, theirs.body.id)]);
    expect(both.map((b) => b.status).sort()).toEqual([200, 409]);
  });
});

describe('importing an improvement plan’s actions', () => {
  const server = useTestServer();

  it('Action | Milestones | Timescales | Lead Officers | Progress: a new action and a changed one, the progress written into the objective’s doc', async () => {
    const chair = await new ApiClient(server().url).login(DEMO.chair);
    const plan = (await chair.get<PlanDetail>(`${P}/plans/${DEMO_PLAN}`)).body;
    const objective = plan.themes.flatMap((t) => t.objectives).find((o) => o.actions.length > 0 && o.can.edit)!;
    const action = objective.actions[0]!;
    const csv = [
      'Objective,Action ID,Action,Milestones,Timescales,Lead Officers,Status,Progress',
      `"${objective.outcome}",,Audit of strategy discussions,Sample of 40 cases,31/03/2027,Dr Aisha Rahman; DCI Tom Brennan,On track,Sample drawn`,
      `"${objective.outcome}",${action.id},"${action.description}","${action.milestones}",${action.dueDate ?? ''},${action.leadOfficers.map((l) => l.name).join('; ')},Off track,Two posts still vacant`,
      `No such objective,,An action,,,Dr Aisha Rahman,,`,
    ].join('\n');
    const seen = await previewImport(chair, 'plan-actions', csv, 'plan.csv', { planId: String(DEMO_PLAN) });
    expect(seen.status, JSON.stringify(seen.body)).toBe(201);
    expect(seen.body.rows.map((r) => r.action)).toEqual(['create', 'update', null]);
    expect(seen.body.rows[2]!.errors).toEqual([{ column: 'Objective', message: 'No objective of this plan is worded so' }]);
    expect((await commitImport(chair, seen.body.id)).status).toBe(400);
    const good = await previewImport(chair, 'plan-actions', csv.split('\n').slice(0, 3).join('\n'), 'plan.csv', { planId: String(DEMO_PLAN) });
    expect(good.body.rows[1]!.changes.map((c) => c.field)).toEqual(['Status', 'Progress']);
    expect((await commitImport(chair, good.body.id)).status).toBe(200);
    const after = (await chair.get<PlanDetail>(`${P}/plans/${DEMO_PLAN}`)).body.themes.flatMap((t) => t.objectives).find((o) => o.id === objective.id)!;
    expect(after.actions.find((a) => a.id === action.id)).toMatchObject({ status: 'off_track', progress: 'Two posts still vacant' });
    expect(after.actions.find((a) => a.description === 'Audit of strategy discussions')).toMatchObject({ dueDate: '2027-03-31', status: 'on_track', progress: 'Sample drawn', milestones: 'Sample of 40 cases' });
    // Without a plan the preview is refused naming the field.
    const noPlan = await previewImport(chair, 'plan-actions', csv, 'plan.csv');
    expect(noPlan.status).toBe(400);
    expect(noPlan.body.error!.details![0]!.path).toBe('planId');
  });
});

describe('closed risks in an import', () => {
  const server = useTestServer();

  it('a closed risk brought back unchanged is left alone; a change to it is refused on its row', async () => {
    const chair = await new ApiClient(server().url).login(DEMO.chair);
    const risk = (await register(chair)).find((r) => r.boardName === 'Improvement Board' && r.status === 'open')!;
    expect((await chair.request('POST', '/api/commands/risk:close', { riskId: risk.id, reason: 'Mitigated in full' })).status).toBe(200);
    const same = await previewImport(chair, 'risks', `Reference,Title\n${risk.reference},"${risk.title}"\n`, 'r.csv');
    expect(same.body.rows[0]).toMatchObject({ action: 'unchanged', errors: [] });
    const changed = await previewImport(chair, 'risks', `Reference,Title\n${risk.reference},A new title\n`, 'r.csv');
    expect(changed.body.rows[0]!.errors).toEqual([{ column: 'Reference', message: `${risk.reference} is closed: reopen it before changing it` }]);
  });
});
