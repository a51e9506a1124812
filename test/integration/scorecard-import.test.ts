import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { periodOfDate, shiftPeriod } from '../../shared/domain/indicator-periods.js';
import { todayIn } from '../../shared/domain/scoring.js';
import { IMPORT_LIMITS } from '../../shared/limits.js';
import { REST_ANSWERS } from '../../shared/protocol/rest.js';
import type { IndicatorDetail, IndicatorRow } from '../../shared/schemas/scorecard.js';
import { commitImport, previewImport } from '../helpers/imports.js';
import { addSecondPartnership } from '../helpers/second-partnership.js';
import { ApiClient, DEMO } from '../helpers/http.js';
import { P } from '../helpers/plans.js';
import { useTestServer } from '../helpers/server.js';

const thisMonth = () => periodOfDate('monthly', todayIn(Date.now()));
const lastMonth = () => shiftPeriod('monthly', thisMonth(), -1);

/** Sends a values file for a preview through the one import service, as the page does. */
const preview = (client: ApiClient, bytes: Buffer | string, name = 'values.csv') => previewImport(client, 'indicator-values', typeof bytes === 'string' ? bytes : new Uint8Array(bytes), name);

describe('importing a period’s values from a file', () => {
  const server = useTestServer();

  it('a CSV is previewed row by row (new, correction, unchanged), nothing stored; committed, it is the scorecard', async () => {
    const council = await new ApiClient(server().url).login(DEMO.council);
    const rows = (await council.get<IndicatorRow[]>(`${P}/indicators`)).body;
    const vacancy = rows.find((r) => r.name.startsWith('Social worker vacancy'))!;
    const turnover = rows.find((r) => r.name.startsWith('Social worker turnover'))!;
    const sickness = rows.find((r) => r.name.startsWith('Average days lost'))!;
    const csv = ['\ufeffIndicator,Month,Value,Note', `${vacancy.name},${thisMonth()},13.9,After the autumn recruitment`, `"${turnover.name}",${lastMonth()},14.0,`, `${sickness.name.toUpperCase()},${lastMonth()},${sickness.latest!.value},`].join('\r\n');
    const seen = await preview(council, csv);
    expect(seen.status).toBe(201);
    expect(REST_ANSWERS[`POST ${'/api/partnerships/:partnershipId'}/imports`].safeParse(seen.body).success).toBe(true);
    expect(Object.fromEntries(seen.body.columns.filter((c) => c.heading).map((c) => [c.field, c.heading]))).toEqual({ indicator: 'Indicator', period: 'Month', value: 'Value', note: 'Note' });
    expect(seen.body.rows.map((r) => [r.row, r.label, r.action, r.errors])).toEqual([
      [2, `${vacancy.name} ${thisMonth()}`, 'create', []],
      [3, `${turnover.name} ${lastMonth()}`, 'update', []],
      [4, `${sickness.name} ${lastMonth()}`, 'unchanged', []],
    ]);
    expect(seen.body.counts).toEqual({ rows: 3, create: 1, update: 1, unchanged: 1, withErrors: 0 });
    // A preview stores nothing.
    expect((await council.get<IndicatorDetail>(`${P}/indicators/${vacancy.id}`)).body.latest!.value).toBe(vacancy.latest!.value);

    expect((await commitImport(council, seen.body.id)).status).toBe(200);
    expect((await council.get<IndicatorDetail>(`${P}/indicators/${vacancy.id}`)).body.latest).toMatchObject({ period: thisMonth(), value: 13.9 });
    expect((await preview(council, csv)).body.counts).toMatchObject({ create: 0, update: 0, unchanged: 3 });
  });

  it('every bad row is named by row and column: unknown indicator, another’s indicator, a wrong period, not a number, a row given twice', async () => {
    const health = await new ApiClient(server().url).login(DEMO.health);
    const rows = (await health.get<IndicatorRow[]>(`${P}/indicators`)).body;
    const obesity = rows.find((r) => r.name.startsWith('% measured as overweight'))!;
    const council = rows.find((r) => r.name.startsWith('Social worker vacancy'))!;
    const year = String(Number(todayIn(Date.now()).slice(0, 4)) - 1);
    const csv = [
      'Indicator,Period,Value,Numerator,Denominator',
      `${obesity.name},${year},35.1,,`,
      'No such indicator,2026,1,,',
      `${council.name},${thisMonth()},12,,`,
      `${obesity.name},${thisMonth()},35,,`,
      `${obesity.name},${Number(year) - 1},tbc,,`,
      `${obesity.name},${year},35.2,,`,
      `${obesity.name},${Number(year) - 2},35,40,`,
    ].join('\n');
    const seen = (await preview(health, csv)).body;
    expect(seen.rows.map((r) => [r.row, r.errors.map((e) => `${e.column}: ${e.message}`)])).toEqual([
      [2, []],
      [3, ['Indicator: No indicator of that name on the scorecard']],
      [4, ['Indicator: You do not enter this indicator’s values']],
      [5, ['Period: Not a period of this indicator: a year as YYYY, e.g. 2026']],
      [6, ['Value: Not a number']],
      [7, ['Period: The same indicator and period is on an earlier row too']],
      [8, ['Denominator: Give both the numerator and the denominator, or neither']],
    ]);
    expect(seen.counts.withErrors).toBe(6);
  });

  it('an Excel workbook is read too: dates as months, numbers as numbers', async () => {
    const council = await new ApiClient(server().url).login(DEMO.council);
    const reReferrals = (await council.get<IndicatorRow[]>(`${P}/indicators`)).body.find((r) => r.name.startsWith('% re-referrals'))!;
    const book = new ExcelJS.Workbook();
    const sheet = book.addWorksheet('Values');
    sheet.addRow(['Indicator name', 'Month', 'Actual']);
    const [y, m] = thisMonth().split('-').map(Number) as [number, number];
    sheet.addRow([reReferrals.name, new Date(Date.UTC(y, m - 1, 1)), 18.2]);
    sheet.addRow([reReferrals.name, `${['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'][m === 1 ? 11 : m - 2]} ${m === 1 ? y - 1 : y}`, 19.1]);
    const bytes = Buffer.from(await book.xlsx.writeBuffer());
    const seen = (await preview(council, bytes, 'values.xlsx')).body;
    expect(seen.rows.map((r) => [r.label, r.changes, r.action])).toEqual([
      [`${reReferrals.name} ${thisMonth()}`, [{ field: 'Value', from: '', to: '18.2' }], 'create'],
      [`${reReferrals.name} ${lastMonth()}`, [], 'unchanged'],
    ]);
  });

  it('refuses a file with no headings it knows, too many rows, garbage, nothing; another partnership; no session', async () => {
    const council = await new ApiClient(server().url).login(DEMO.council);
    // No heading it knows: every row says what it lacks, and the columns are there to choose.
    const noHeadings = await preview(council, 'Title,When,How much\nX,2026-01,1');
    expect(noHeadings.body.columns.filter((c) => c.required && c.heading === null).map((c) => c.label)).toEqual(['Indicator', 'Period', 'Value']);
    expect(noHeadings.body.rows[0]!.errors.map((e) => e.column)).toEqual(['Indicator', 'Value']);
    const many = ['Indicator,Period,Value', ...Array.from({ length: IMPORT_LIMITS.rowsMax + 1 }, (_, i) => `X${i},2026-01,${i}`)].join('\n');
    expect((await preview(council, many)).body.error!.message).toMatch(/at most 10000/);
    expect((await preview(council, Buffer.from([0x50, 0x4b, 0x03, 0x04, 1, 2, 3]), 'broken.xlsx')).status).toBe(400);
    expect((await preview(council, Buffer.from([0, 1, 2, 0, 255]))).status).toBe(400);
    expect((await preview(council, '')).status).toBe(400);
    expect((await preview(council, 'x'.repeat(IMPORT_LIMITS.bytesMax + 1))).status).toBe(413);
    const farshire = await addSecondPartnership(server());
    const outsider = await new ApiClient(server().url).login(farshire.email, farshire.password);
    expect((await preview(outsider, 'Indicator,Period,Value\nX,2026-01,1')).status).toBe(404);
    expect((await preview(new ApiClient(server().url), 'a')).status).toBe(401);
  });
});
