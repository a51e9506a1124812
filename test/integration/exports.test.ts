import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { EXCHANGE_COLUMNS, exportHeading } from '../../shared/exchange/columns.js';
import type { ChallengeRow } from '../../shared/schemas/challenge.js';
import type { ActionView } from '../../shared/schemas/meeting.js';
import type { RegisterPage } from '../../shared/schemas/register.js';
import type { MitigationRow, RiskRow } from '../../shared/schemas/risk.js';
import { NPSA_MATRIX } from '../../shared/domain/scoring.js';
import { download, readCsv, readWorkbook, sheetTable } from '../helpers/exports.js';
import { ApiClient, DEMO } from '../helpers/http.js';
import { BOARD, DEMO_PLAN, P, planPage } from '../helpers/plans.js';
import { addSecondPartnership } from '../helpers/second-partnership.js';
import { useTestServer } from '../helpers/server.js';

const X = `${P}/exports`;

/** Every row of the register for a query, read a page at a time as its page reads it. */
async function registerRows(client: ApiClient, query: string): Promise<RiskRow[]> {
  const rows: RiskRow[] = [];
  let cursor: string | null = null;
  do {
    const res: { status: number; body: RegisterPage } = await client.get<RegisterPage>(`${P}/register?${query}&limit=7${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`);
    expect(res.status).toBe(200);
    rows.push(...res.body.rows);
    cursor = res.body.nextCursor;
  } while (cursor);
  return rows;
}

const text = (cell: ExcelJS.Cell | undefined) => (cell?.value === null || cell?.value === undefined ? '' : String(cell.value));

describe('lists as spreadsheets (GET …/exports/<kind>.<xlsx|csv>)', () => {
  const server = useTestServer();

  it('the register: every row its filters show in its order (not one page), under the import’s headings, with a frozen filtered header, dates as dates and bands in words and colour', async () => {
    const police = await new ApiClient(server().url).login(DEMO.police);
    const query = 'status=all&sort=reference&dir=desc&q=a';
    const expected = await registerRows(police, query);
    expect(expected.length).toBeGreaterThan(7);
    const file = await download(police, `${X}/risks.xlsx?${query}`);
    expect(file.status).toBe(200);
    expect(file.headers.get('content-type')).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    expect(file.headers.get('content-disposition')).toMatch(/^attachment; filename="risk-register-\d{4}-\d{2}-\d{2}\.xlsx"$/);
    expect(file.headers.get('cache-control')).toBe('no-store');
    const book = await readWorkbook(file.body);
    const sheet = book.worksheets[0]!;
    expect(sheet.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 });
    expect(sheet.getRow(1).font?.bold).toBe(true);
    const { headings, rows } = sheetTable(sheet);
    // Filters on every column, from the header to the last row (24 columns: A to X).
    expect(headings).toHaveLength(24);
    expect(sheet.autoFilter).toBe(`A1:X${expected.length + 1}`);
    // The importable columns first, each under the heading an import recognises first.
    expect(headings.slice(0, 16)).toEqual(Object.keys(EXCHANGE_COLUMNS.risks).map((f) => exportHeading('risks', f as never)));
    expect(headings.slice(16)).toEqual(['Current score', 'Band', 'Above tolerance', 'Trend', 'Status', 'Escalated to', 'Next review date', 'Last updated']);
    expect(rows.map((r) => text(r.get('Reference')))).toEqual(expected.map((r) => r.reference));

    const scored = expected.findIndex((r) => r.current.score !== null && r.current.score >= 15);
    expect(scored).toBeGreaterThanOrEqual(0);
    const row = rows[scored]!;
    const risk = expected[scored]!;
    const detail = (await police.get<{ event: string; ownerName: string }>(`${P}/risks/${risk.id}`)).body;
    expect(row.get('Risk description')!.value).toBe(detail.event);
    expect(row.get('Owner')!.value).toBe(risk.ownerName);
    expect(row.get('Current likelihood')!.value).toBe(risk.current.likelihood);
    expect(row.get('Current score')!.value).toBe(risk.current.score);
    // A band is its word, on the matrix's colour, in its text colour: never the colour alone.
    const extreme = NPSA_MATRIX.bands.find((b) => b.key === 'extreme')!;
    expect(row.get('Band')!.value).toBe('Extreme');
    expect(row.get('Band')!.fill).toMatchObject({ type: 'pattern', pattern: 'solid', fgColor: { argb: `FF${extreme.colour.slice(1).toUpperCase()}` } });
    expect(row.get('Band')!.font?.color?.argb).toBe(`FF${extreme.textColour.slice(1).toUpperCase()}`);
    expect(row.get('Above tolerance')!.value).toBe(risk.aboveTolerance ? 'Yes' : 'No');
    // Dates are dates (a number format, not text), and read back as the same day.
    const reviewed = expected.findIndex((r) => r.nextReviewDate !== null);
    expect(reviewed).toBeGreaterThanOrEqual(0);
    const review = rows[reviewed]!.get('Next review date')!;
    expect(review.value).toBeInstanceOf(Date);
    expect((review.value as Date).toISOString().slice(0, 10)).toBe(expected[reviewed]!.nextReviewDate);
    expect(review.numFmt).toBe('dd/mm/yyyy');
    expect(rows[0]!.get('Last updated')!.value).toBeInstanceOf(Date);
  });

  it('the register as CSV: a byte-order mark, the same rows and columns, dates as YYYY-MM-DD', async () => {
    const chair = await new ApiClient(server().url).login(DEMO.chair);
    const query = `boardId=${BOARD.ib}&aboveTolerance=true`;
    const expected = await registerRows(chair, query);
    expect(expected.length).toBeGreaterThan(0);
    const file = await download(chair, `${X}/risks.csv?${query}`);
    expect(file.status).toBe(200);
    expect(file.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(file.headers.get('content-disposition')).toMatch(/filename="risk-register-\d{4}-\d{2}-\d{2}\.csv"$/);
    const [head, ...records] = readCsv(file.body);
    expect(head![0]).toBe('Reference');
    expect(records.map((r) => r[0])).toEqual(expected.map((r) => r.reference));
    const review = head!.indexOf('Next review date');
    expect(records.every((r) => r[review] === '' || /^\d{4}-\d{2}-\d{2}$/.test(r[review]!))).toBe(true);
    expect(records.every((r) => r[head!.indexOf('Above tolerance')] === 'Yes')).toBe(true);
  });

  it('mitigations: those of the risks the register’s filters show, risk by risk, with the key an import finds them by', async () => {
    const health = await new ApiClient(server().url).login(DEMO.health);
    const query = 'overdueMitigation=true&sort=reference&dir=asc';
    const risks = await registerRows(health, query);
    const all = (await health.get<MitigationRow[]>(`${P}/mitigations`)).body;
    const expected = risks.flatMap((r) => all.filter((m) => m.riskId === r.id).map((m) => `${r.reference}/${m.key}`));
    expect(expected.length).toBeGreaterThan(0);
    const book = await readWorkbook((await download(health, `${X}/mitigations.xlsx?${query}`)).body);
    const { headings, rows } = sheetTable(book.worksheets[0]!);
    for (const field of Object.keys(EXCHANGE_COLUMNS.mitigations)) expect(headings).toContain(exportHeading('mitigations', field as never));
    expect(headings).toEqual(expect.arrayContaining(['Overdue', 'Last note date']));
    expect(rows.map((r) => `${text(r.get('Risk reference'))}/${text(r.get('Mitigation ID'))}`)).toEqual(expected);
    const overdue = rows.find((r) => r.get('Overdue')!.value === 'Yes')!;
    expect(overdue.get('Due date')!.value).toBeInstanceOf(Date);
    const csv = readCsv((await download(health, `${X}/mitigations.csv?${query}`)).body);
    expect(csv.length - 1).toBe(expected.length);
  });

  it('the challenge log: the list’s rows for the page’s filters, with its status groups and period applied as the page applies them', async () => {
    const council = await new ApiClient(server().url).login(DEMO.council);
    const all = (await council.get<ChallengeRow[]>(`${P}/challenges`)).body;
    const active = all.filter((c) => c.status !== 'accepted' && c.status !== 'closed');
    expect(active.length).toBeGreaterThan(0);
    expect(active.length).toBeLessThan(all.length);
    const book = await readWorkbook((await download(council, `${X}/challenges.xlsx?status=active`)).body);
    const { headings, rows } = sheetTable(book.worksheets[0]!);
    expect(headings.slice(0, 3)).toEqual(['Reference', 'Challenge', 'Board']);
    expect(rows.map((r) => text(r.get('Reference')))).toEqual(active.map((c) => c.reference));
    expect(rows[0]!.get('Response due')!.value).toBeInstanceOf(Date);
    expect(rows[0]!.get('Raised')!.value).toBeInstanceOf(Date);

    const agencyId = all[0]!.directedAgencyId;
    const overdue = (await council.get<ChallengeRow[]>(`${P}/challenges?agencyId=${agencyId}&overdue=true`)).body;
    const csv = readCsv((await download(council, `${X}/challenges.csv?agencyId=${agencyId}&overdue=true`)).body);
    expect(csv.slice(1).map((r) => r[0])).toEqual(overdue.map((c) => c.reference));
    // A period nobody raised anything in: the headings and nothing else.
    expect(readCsv((await download(council, `${X}/challenges.csv?from=2000-01-01&to=2000-12-31`)).body)).toHaveLength(1);
  });

  it('the actions log: the rows the person’s own list shows (an observer’s too), and only those not done when the page asks', async () => {
    const chair = await new ApiClient(server().url).login(DEMO.chair);
    const mine = (await chair.get<ActionView[]>(`${P}/actions?boardId=${BOARD.ib}`)).body;
    const open = mine.filter((a) => a.status !== 'done');
    expect(mine.length).toBeGreaterThan(0);
    const book = await readWorkbook((await download(chair, `${X}/actions.xlsx?boardId=${BOARD.ib}&open=true`)).body);
    const { rows } = sheetTable(book.worksheets[0]!);
    expect(rows.map((r) => text(r.get('Reference')))).toEqual(open.map((a) => a.reference));
    expect(rows[0]!.get('Due date')!.value).toBeInstanceOf(Date);
    expect(rows.every((r) => r.get('Board')!.value === 'Improvement Board')).toBe(true);

    const observer = await new ApiClient(server().url).login(DEMO.observer);
    const theirs = (await observer.get<ActionView[]>(`${P}/actions`)).body;
    const csv = readCsv((await download(observer, `${X}/actions.csv`)).body);
    expect(csv.slice(1).map((r) => r[0])).toEqual(theirs.map((a) => a.reference));
  });

  it('the plan: its actions as its actions page filters them, under the plan-actions headings, and its objectives with their RAG in words and colour', async () => {
    const chair = await new ApiClient(server().url).login(DEMO.chair);
    const plan = await planPage(chair);
    const actions = plan.themes.flatMap((t) => t.objectives.flatMap((o) => o.actions));
    const overdue = actions.filter((a) => a.overdue);
    expect(overdue.length).toBeGreaterThan(0);
    const file = await download(chair, `${X}/plan.xlsx?planId=${DEMO_PLAN}&overdue=true`);
    expect(file.headers.get('content-disposition')).toMatch(/filename="improvement-plan-1-\d{4}-\d{2}-\d{2}\.xlsx"$/);
    const book = await readWorkbook(file.body);
    expect(book.worksheets.map((s) => s.name)).toEqual(['Actions', 'Objectives']);
    const { headings, rows } = sheetTable(book.worksheets[0]!);
    for (const field of Object.keys(EXCHANGE_COLUMNS['plan-actions'])) expect(headings).toContain(exportHeading('plan-actions', field as never));
    expect(rows.map((r) => r.get('Action ID')!.value)).toEqual(overdue.map((a) => a.id));
    const first = overdue[0]!;
    expect(rows[0]!.get('Lead Officers')!.value).toBe(first.leadOfficers.map((l) => l.name).join('; '));
    expect(rows[0]!.get('Timescales')!.value).toBeInstanceOf(Date);

    // Unfiltered: every action, and every objective (as the plan's page shows them).
    const whole = await readWorkbook((await download(chair, `${X}/plan.xlsx?planId=${DEMO_PLAN}`)).body);
    expect(sheetTable(whole.worksheets[0]!).rows).toHaveLength(actions.length);
    const objectives = plan.themes.flatMap((t) => t.objectives);
    const o = sheetTable(whole.getWorksheet('Objectives')!);
    expect(o.rows.map((r) => r.get('Objective')!.value)).toEqual(objectives.map((x) => x.outcome));
    const rated = objectives.findIndex((x) => x.rag?.rag === 'red');
    expect(rated).toBeGreaterThanOrEqual(0);
    expect(o.rows[rated]!.get('RAG')!.value).toBe('Red');
    expect(o.rows[rated]!.get('RAG')!.fill).toMatchObject({ fgColor: { argb: 'FFB91C1C' } });
    expect(o.rows[rated]!.get('RAG')!.font?.color?.argb).toBe('FFFFFFFF');
    // The CSV is the actions sheet.
    const csv = readCsv((await download(chair, `${X}/plan.csv?planId=${DEMO_PLAN}&overdue=true`)).body);
    expect(csv[0]!.slice(0, 2)).toEqual(['Objective', 'Action ID']);
    expect(csv.slice(1).map((r) => Number(r[1]))).toEqual(overdue.map((a) => a.id));
  });

  it('text a spreadsheet would run as a formula is written as text: a string cell in XLSX, an apostrophe before it in CSV', async () => {
    const admin = await new ApiClient(server().url).login(DEMO.admin);
    const title = '=HYPERLINK("http://evil.example","Click")';
    const created = await admin.post<RiskRow>(`${P}/risks`, { boardId: BOARD.ib, title, leadAgencyId: 1, ownerId: 1, currentLikelihood: 2, currentImpact: 2 });
    expect(created.status).toBe(201);
    const book = await readWorkbook((await download(admin, `${X}/risks.xlsx?q=HYPERLINK`)).body);
    const cell = sheetTable(book.worksheets[0]!).rows[0]!.get('Title')!;
    expect(cell.type).toBe(ExcelJS.ValueType.String);
    expect(cell.value).toBe(title);
    const csv = readCsv((await download(admin, `${X}/risks.csv?q=HYPERLINK`)).body);
    expect(csv[1]![csv[0]!.indexOf('Title')]).toBe(`'${title}`);
  });

  it('refuses: no session 401, another partnership 404, an unknown kind or format 400 naming the file, a bad filter 400 naming the field', async () => {
    const chair = await new ApiClient(server().url).login(DEMO.chair);
    const unauthenticated = await download(null, `${server().url}${X}/risks.xlsx`);
    expect(unauthenticated.status).toBe(401);
    const farshire = await addSecondPartnership(server());
    const outsider = await new ApiClient(server().url).login(farshire.email, farshire.password);
    for (const kind of ['risks.xlsx', 'challenges.csv', 'plan.xlsx?planId=1', 'nonsense.pdf']) expect((await download(outsider, `${X}/${kind}`)).status).toBe(404);
    // A plan of another partnership, asked for in one's own: not found, as the plan's page answers.
    expect((await download(outsider, `/api/partnerships/${farshire.partnershipId}/exports/plan.xlsx?planId=${DEMO_PLAN}`)).status).toBe(404);
    // Another partnership's board named in one's own actions log: answered as the list answers it.
    const list = await chair.get(`${P}/actions?boardId=${farshire.boardId}`);
    expect(list.status).toBeGreaterThanOrEqual(400);
    expect((await download(chair, `${X}/actions.xlsx?boardId=${farshire.boardId}`)).status).toBe(list.status);

    const json = (d: { body: Buffer }) => JSON.parse(d.body.toString('utf8')) as { error: { code: string; message: string; details: { path: string; message: string }[] } };
    for (const file of ['register.xlsx', 'risks.pdf', 'risks', 'risks.xlsx.csv']) {
      const res = await download(chair, `${X}/${file}`);
      expect(res.status, file).toBe(400);
      expect(json(res).error.details[0]).toMatchObject({ path: 'file', message: expect.stringContaining('risks, mitigations, challenges, actions, plan, scorecard') });
    }
    const bad: [string, string][] = [
      ['risks.xlsx?band=Not%20a%20band', 'band'],
      ['risks.csv?likelihood=3', 'impact'],
      ['mitigations.xlsx?sort=colour', 'sort'],
      ['challenges.csv?from=2026-02-31', 'from'],
      ['challenges.xlsx?status=lost', 'status'],
      ['actions.xlsx?open=yes', 'open'],
      ['plan.xlsx', 'planId'],
      ['plan.csv?planId=1&status=late', 'status'],
      ['scorecard.xlsx?rag=purple', 'rag'],
    ];
    for (const [file, path] of bad) {
      const res = await download(chair, `${X}/${file}`);
      expect(res.status, file).toBe(400);
      expect(json(res).error.details.map((d) => d.path), file).toContain(path);
    }
  });
});
