import { describe, expect, it } from 'vitest';
import { stringify } from 'csv-stringify/sync';
import { download, readCsv, readWorkbook, sheetTable } from '../helpers/exports.js';
import { ApiClient, DEMO } from '../helpers/http.js';
import { previewImport, type ImportAnswer } from '../helpers/imports.js';
import { DEMO_PLAN, P } from '../helpers/plans.js';
import { useTestServer } from '../helpers/server.js';

const X = `${P}/exports`;

/** What a preview would do, row by row, with any errors in words (so a failure says which). */
function outcome(preview: ImportAnswer): { actions: string[]; errors: string[] } {
  expect(preview.status, JSON.stringify(preview.body)).toBe(201);
  return {
    actions: [...new Set(preview.body.rows.map((r) => String(r.action)))],
    errors: preview.body.rows.flatMap((r) => r.errors.map((e) => `row ${r.row} ${e.column}: ${e.message}`)),
  };
}

/**
 * An exported file imports back as it went out (issue 14): its columns are headed as the import reads
 * them, its dates are dates, its guarded text is taken back. Unchanged, it changes nothing; with one
 * cell edited, only that record changes, and only that field.
 */
describe('an export imports back unchanged', () => {
  const server = useTestServer();

  it('the register, as XLSX and as CSV (a formula-looking title included); one edited score is the only change', async () => {
    const admin = await new ApiClient(server().url).login(DEMO.admin);
    expect((await admin.post(`${P}/risks`, { boardId: 1, title: '-1 budget line: agency staff', leadAgencyId: 1, ownerId: 1, currentLikelihood: 2, currentImpact: 2 })).status).toBe(201);
    const xlsx = (await download(admin, `${X}/risks.xlsx?status=open`)).body;
    expect(outcome(await previewImport(admin, 'risks', xlsx, 'register.xlsx'))).toEqual({ actions: ['unchanged'], errors: [] });
    const csv = (await download(admin, `${X}/risks.csv?status=open`)).body;
    expect(csv.toString('utf8')).toContain("'-1 budget line");
    expect(outcome(await previewImport(admin, 'risks', csv, 'register.csv'))).toEqual({ actions: ['unchanged'], errors: [] });

    // One score edited in the workbook: that risk, that field, nothing else.
    const book = await readWorkbook(xlsx);
    const { rows } = sheetTable(book.worksheets[0]!);
    const row = rows.find((r) => r.get('Current likelihood')!.value === 3)!;
    row.get('Current likelihood')!.value = 4;
    const edited = await previewImport(admin, 'risks', new Uint8Array(await book.xlsx.writeBuffer()), 'register.xlsx');
    const changed = edited.body.rows.filter((r) => r.action !== 'unchanged');
    expect(changed).toHaveLength(1);
    expect(changed[0]!).toMatchObject({ action: 'update', errors: [], changes: [{ field: 'Current likelihood', from: '3', to: '4' }] });
    expect(changed[0]!.label.startsWith(String(row.get('Reference')!.value))).toBe(true);
  });

  it('mitigations, as CSV; a status edited is the only change', async () => {
    const admin = await new ApiClient(server().url).login(DEMO.admin);
    const csv = (await download(admin, `${X}/mitigations.csv?status=open`)).body;
    expect(outcome(await previewImport(admin, 'mitigations', csv, 'mitigations.csv'))).toEqual({ actions: ['unchanged'], errors: [] });
    const xlsx = (await download(admin, `${X}/mitigations.xlsx?status=open`)).body;
    expect(outcome(await previewImport(admin, 'mitigations', xlsx, 'mitigations.xlsx'))).toEqual({ actions: ['unchanged'], errors: [] });

    const [head, ...records] = readCsv(csv);
    const status = head!.indexOf('Status');
    const i = records.findIndex((r) => r[status] === 'In progress');
    records[i]![status] = 'Complete';
    const edited = await previewImport(admin, 'mitigations', `\ufeff${stringify([head!, ...records])}`, 'mitigations.csv');
    const changed = edited.body.rows.filter((r) => r.action !== 'unchanged');
    expect(changed).toEqual([expect.objectContaining({ row: i + 2, action: 'update', errors: [], changes: [{ field: 'Status', from: 'In progress', to: 'Complete' }] })]);
  });

  it('the plan’s actions, as XLSX; a due date edited is the only change', async () => {
    const chair = await new ApiClient(server().url).login(DEMO.chair);
    const xlsx = (await download(chair, `${X}/plan.xlsx?planId=${DEMO_PLAN}`)).body;
    expect(outcome(await previewImport(chair, 'plan-actions', xlsx, 'plan.xlsx', { planId: String(DEMO_PLAN) }))).toEqual({ actions: ['unchanged'], errors: [] });
    const csv = (await download(chair, `${X}/plan.csv?planId=${DEMO_PLAN}`)).body;
    expect(outcome(await previewImport(chair, 'plan-actions', csv, 'plan.csv', { planId: String(DEMO_PLAN) }))).toEqual({ actions: ['unchanged'], errors: [] });

    const book = await readWorkbook(xlsx);
    const { rows } = sheetTable(book.worksheets[0]!);
    const row = rows.find((r) => r.get('Timescales')!.value instanceof Date)!;
    const was = (row.get('Timescales')!.value as Date).toISOString().slice(0, 10);
    row.get('Timescales')!.value = new Date(Date.UTC(2031, 0, 31));
    const edited = await previewImport(chair, 'plan-actions', new Uint8Array(await book.xlsx.writeBuffer()), 'plan.xlsx', { planId: String(DEMO_PLAN) });
    const changed = edited.body.rows.filter((r) => r.action !== 'unchanged');
    expect(changed).toEqual([expect.objectContaining({ action: 'update', errors: [], changes: [{ field: 'Timescales', from: was, to: '2031-01-31' }] })]);
  });
});
