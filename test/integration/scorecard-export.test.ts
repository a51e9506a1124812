import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import type { IndicatorRow } from '../../shared/schemas/scorecard.js';
import { addSecondPartnership } from '../helpers/second-partnership.js';
import { ApiClient, DEMO } from '../helpers/http.js';
import { P } from '../helpers/plans.js';
import { useTestServer } from '../helpers/server.js';

/** The raw bytes of a GET, with its headers. */
async function download(client: ApiClient, path: string): Promise<{ status: number; headers: Headers; body: Buffer }> {
  const res = await fetch(`${client.baseUrl}${path}`, { headers: { cookie: client.sessionCookie! } });
  return { status: res.status, headers: res.headers, body: Buffer.from(await res.arrayBuffer()) };
}

describe('the scorecard as a spreadsheet', () => {
  const server = useTestServer();

  it('XLSX: the rows the page shows with the same filters, a frozen styled header with filters, numbers as numbers, RAG in words and colour', async () => {
    const police = await new ApiClient(server().url).login(DEMO.police);
    const all = (await police.get<IndicatorRow[]>(`${P}/indicators`)).body;
    const red = all.filter((r) => r.rag === 'red');
    const file = await download(police, `${P}/exports/scorecard.xlsx?rag=red`);
    expect(file.status).toBe(200);
    expect(file.headers.get('content-type')).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    expect(file.headers.get('content-disposition')).toMatch(/^attachment; filename="scorecard-\d{4}-\d{2}-\d{2}\.xlsx"$/);
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(file.body as unknown as ArrayBuffer);
    const sheet = book.getWorksheet('Scorecard')!;
    expect(sheet.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 });
    expect(sheet.autoFilter).toBeTruthy();
    const headers = (sheet.getRow(1).values as unknown[]).slice(1);
    expect(headers).toContain('Direction of travel');
    expect(sheet.getRow(1).font?.bold).toBe(true);
    expect(sheet.rowCount).toBe(red.length + 1);
    const col = (name: string) => headers.indexOf(name) + 1;
    const reReferrals = red.find((r) => r.name.startsWith('% re-referrals'))!;
    const row = [...Array(sheet.rowCount).keys()].map((i) => sheet.getRow(i + 1)).find((r) => r.getCell(col('Indicator')).value === reReferrals.name)!;
    expect(row.getCell(col('Latest value')).value).toBe(reReferrals.latest!.value);
    expect(row.getCell(col('Polarity')).value).toBe('SB');
    expect(row.getCell(col('RAG')).value).toBe('Red');
    expect(row.getCell(col('RAG')).fill).toMatchObject({ type: 'pattern', fgColor: { argb: 'FFB91C1C' } });
    expect(row.getCell(col('Direction of travel')).value).toBe('Deteriorated');
    expect(row.getCell(col('England')).value).toBe(24.9);
  });

  it('CSV: the same columns, quoted where they must be, readable by Excel (a byte-order mark)', async () => {
    const chair = await new ApiClient(server().url).login(DEMO.chair);
    const all = (await chair.get<IndicatorRow[]>(`${P}/indicators`)).body;
    const file = await download(chair, `${P}/exports/scorecard.csv?area=workforce`);
    expect(file.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    const text = file.body.toString('utf8');
    expect(text.charCodeAt(0)).toBe(0xfeff);
    const lines = text.slice(1).trimEnd().split('\n');
    expect(lines[0]).toMatch(/^Area,Indicator,Polarity,Unit,Frequency,/);
    expect(lines.length - 1).toBe(all.filter((r) => r.area === 'workforce').length);
    expect(lines.slice(1).every((l) => l.startsWith('Workforce,'))).toBe(true);
  });

  it('refuses a format it does not make, another partnership, and no session', async () => {
    const chair = await new ApiClient(server().url).login(DEMO.chair);
    expect((await download(chair, `${P}/exports/scorecard.pdf`)).status).toBe(400);
    expect((await download(chair, `${P}/exports/scorecard.xlsx?rag=purple`)).status).toBe(400);
    // The old address is gone: the exports serve every list.
    expect((await download(chair, `${P}/scorecard/export?format=csv`)).status).toBe(404);
    const farshire = await addSecondPartnership(server());
    const outsider = await new ApiClient(server().url).login(farshire.email, farshire.password);
    expect((await download(outsider, `${P}/exports/scorecard.csv`)).status).toBe(404);
    expect((await fetch(`${server().url}${P}/exports/scorecard.csv`)).status).toBe(401);
  });
});
