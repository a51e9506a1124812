import ExcelJS from 'exceljs';
import JSZip from 'jszip';
import { describe, expect, it } from 'vitest';
import { periodOfDate, shiftPeriod } from '../../shared/domain/indicator-periods.js';
import { todayIn } from '../../shared/domain/scoring.js';
import { IMPORT_LIMITS, SCORECARD_LIMITS, SOCKET_LIMITS } from '../../shared/limits.js';
import { previewImport } from '../helpers/imports.js';
import { commandPath } from '../../shared/protocol/commands.js';
import type { IndicatorDetail, IndicatorRow } from '../../shared/schemas/scorecard.js';
import { ApiClient, DEMO } from '../helpers/http.js';
import { P, PERSON, ok, refusal, run } from '../helpers/plans.js';
import { addSecondPartnership, leakedNames } from '../helpers/second-partnership.js';
import { addSecondPlan } from '../helpers/second-plan.js';
import { useTestServer, type TestServer } from '../helpers/server.js';

/*
 * The performance scorecard (server/features/scorecard/) attacked from outside: another partnership's
 * ids in every field and address, names raced in parallel, values JSON can smuggle (1e400 is Infinity
 * once parsed), odd periods, the largest batch and one past it, prototype keys. Nothing refused is
 * stored, and nothing of another partnership is shown.
 */

const lastMonth = () => shiftPeriod('monthly', periodOfDate('monthly', todayIn(Date.now())), -1);
const ICB = 3;
const counts = async (s: TestServer) => (await s.ctx.database.sql.get('select (select count(*) from indicators) as indicators, (select count(*) from indicator_values) as vals, (select count(*) from indicator_objectives) as objectives, (select count(*) from indicator_risks) as risks'));
const base = { area: 'workforce', polarity: 'smaller_is_better', unit: 'percentage', frequency: 'monthly' } as const;

describe('the scorecard under attack', () => {
  // Many attempts from one account in a row: the command budget (tested elsewhere) is lifted.
  const server = useTestServer({ socketLimits: { ...SOCKET_LIMITS, commandsPerSecond: 10_000, commandBurst: 10_000 } });
  const login = (email: string) => new ApiClient(server().url).login(email);

  it('our chair naming Farshire’s agency, person, objective or risk is refused by field; their risk and indicator read nothing', async () => {
    const s = server();
    const second = await addSecondPartnership(s);
    const secondPlan = await addSecondPlan(s, second);
    const chair = await login(DEMO.chair);
    const mine = await ok(chair, 'indicator:create', { ...base, name: 'Attack target indicator' });
    const before = await counts(s);
    const tries: [string, Record<string, unknown>][] = [
      ['agencyId', { agencyId: second.agencyId }],
      ['leadPersonId', { leadPersonId: second.personId }],
      ['objectiveIds', { objectiveIds: [secondPlan.objectiveId] }],
      ['riskIds', { riskIds: [second.riskId] }],
      ['objectiveIds', { objectiveIds: [1, secondPlan.objectiveId] }],
      ['riskIds', { riskIds: [1, second.riskId] }],
    ];
    for (const [field, patch] of tries) {
      for (const res of [await run(chair, 'indicator:create', { ...base, name: `Probe ${field} ${Math.random()}`, ...patch } as never), await run(chair, 'indicator:update', { indicatorId: mine.id, ...patch } as never)]) {
        expect({ field, ...refusal(res) }).toEqual({ field, status: 400, code: 'VALIDATION_FAILED', paths: [field] });
        expect(leakedNames(second, res.body)).toEqual([]);
      }
    }
    expect(await counts(s)).toEqual(before);

    // Farshire's indicator, and our indicators filtered by Farshire's risk.
    const farshire = await new ApiClient(s.url).login(second.email, second.password);
    const theirs = await ok(farshire, 'indicator:create', { ...base, name: 'Farshire county lines indicator', riskIds: [second.riskId] });
    for (const path of [`${P}/indicators/${theirs.id}`, `${P}/indicators?riskId=${second.riskId}`, `${P}/scorecard/exceptions`]) {
      const res = await chair.get(path);
      expect(leakedNames(second, res.body)).toEqual([]);
      expect(JSON.stringify(res.body)).not.toContain('Farshire');
      if (path.includes('riskId')) expect(res.body).toEqual([]);
    }
    expect((await chair.get(`${P}/indicators/${theirs.id}`)).status).toBe(404);
    for (const [name, payload] of [
      ['indicator:update', { indicatorId: theirs.id, target: 1 }],
      ['indicator:set-comparators', { indicatorId: theirs.id, comparators: [] }],
    ] as const) expect(refusal(await run(chair, name, payload as never))).toMatchObject({ status: 404, code: 'NOT_FOUND' });
    expect(refusal(await run(chair, 'indicator:record-values', { values: [{ indicatorId: theirs.id, period: lastMonth(), value: 1 }] })).paths).toEqual(['values.0.indicatorId']);
    // Their query strings: odd risk ids are refused, never read as another.
    for (const q of ['riskId=01', 'riskId=-1', 'riskId=1&riskId=2', 'riskId=1e1']) expect((await chair.get(`${P}/indicators?${q}`)).status).toBe(400);
  });

  it('the same name sent at once by several chairs is created once; spaces around it name the same indicator', async () => {
    const s = server();
    const [admin, chair, council] = await Promise.all([login(DEMO.admin), login(DEMO.chair), login(DEMO.council)]);
    const answers = await Promise.all([admin, chair, council, admin, chair, council].map((who) => run(who, 'indicator:create', { ...base, name: 'Raced indicator' })));
    expect(answers.map((a) => a.status).sort()).toEqual([200, 400, 400, 400, 400, 400]);
    for (const a of answers.filter((x) => x.status === 400)) expect(refusal(a).paths).toEqual(['name']);
    expect(refusal(await run(chair, 'indicator:create', { ...base, name: '  Raced indicator \n' })).paths).toEqual(['name']);
    const other = await ok(chair, 'indicator:create', { ...base, name: 'Raced indicator two' });
    // Renamed at once: onto a name taken, refused by field; the others stand one after the other (or meet a CONFLICT).
    const renames = await Promise.all([
      run(chair, 'indicator:update', { indicatorId: other.id, name: 'Raced indicator' }),
      run(admin, 'indicator:update', { indicatorId: other.id, name: 'Raced indicator three' }),
      run(council, 'indicator:update', { indicatorId: other.id, name: 'Raced indicator four' }),
    ]);
    // Onto the taken name: refused by field, unless another rename landed first (then a CONFLICT);
    // which lands first is the engine's timing. Asked alone afterwards, it is refused by field.
    if (renames[0]!.status !== 409) expect(refusal(renames[0]!)).toMatchObject({ status: 400, paths: ['name'] });
    for (const r of renames.slice(1)) expect([200, 409]).toContain(r.status);
    expect(refusal(await run(chair, 'indicator:update', { indicatorId: other.id, name: 'Raced indicator' }))).toMatchObject({ status: 400, paths: ['name'] });
    const names = ((await s.ctx.database.sql.all("select name from indicators where name like 'Raced indicator%'")) as { name: string }[]).map((r) => r.name);
    expect(new Set(names).size).toBe(names.length);
  });

  it('values JSON can smuggle, odd periods and prototype keys are refused whole; the largest batch is taken, one past it is not', async () => {
    const s = server();
    const chair = await login(DEMO.chair);
    const indicator = await ok(chair, 'indicator:create', { ...base, name: 'Values under attack', agencyId: ICB, leadPersonId: PERSON.health });
    const before = await counts(s);
    const row = (extra: string) => `{"values":[{"indicatorId":${indicator.id},"period":"${lastMonth()}","value":12${extra}}]}`;
    const raw = [
      row(',"value":1e400'),
      row(',"value":-1e400'),
      row(',"value":1e308'),
      row(',"value":-1e308'),
      row(',"numerator":1,"denominator":-5'),
      row(',"numerator":-1,"denominator":5'),
      row(',"numerator":1,"denominator":1e400'),
      row(',"value":1000000001'),
      `{"values":[{"indicatorId":${indicator.id},"period":"${lastMonth()}\\n","value":1}]}`,
      `{"values":[{"indicatorId":${indicator.id},"period":" ${lastMonth()}","value":1}]}`,
      `{"values":[{"indicatorId":${indicator.id},"period":"${lastMonth()}\\u0000","value":1}]}`,
      `{"values":[{"indicatorId":${indicator.id},"period":"٢٠٢٦-01","value":1}]}`,
      `{"values":[{"indicatorId":${indicator.id},"period":"${lastMonth()}","value":"12"}]}`,
      `{"values":[{"indicatorId":"${indicator.id}","period":"${lastMonth()}","value":12}]}`,
      `{"values":[{"indicatorId":${indicator.id},"period":"${lastMonth()}","value":true}]}`,
      `{"values":{"0":{"indicatorId":${indicator.id},"period":"${lastMonth()}","value":12},"length":1}}`,
      `{"__proto__":{"values":[{"indicatorId":${indicator.id},"period":"${lastMonth()}","value":12}]}}`,
      `{"values":[{"__proto__":{"indicatorId":${indicator.id},"period":"${lastMonth()}","value":12}}]}`,
      `{"values":[]}`,
    ];
    for (const body of raw) {
      const res = await chair.post(commandPath('indicator:record-values'), body);
      expect({ body, status: res.status }).toEqual({ body, status: 400 });
    }
    expect(await counts(s)).toEqual(before);
    // A forged key beside a good row claims nothing: the row is stored as the chair's, the key ignored.
    const forged = await chair.post<IndicatorRow[]>(commandPath('indicator:record-values'), `{"values":[{"indicatorId":${indicator.id},"period":"${lastMonth()}","value":12,"enteredById":${PERSON.health},"partnershipId":2,"__proto__":{"isPartnershipAdmin":true}}],"actorId":${PERSON.health}}`);
    expect(forged.status).toBe(200);
    const detail = (await chair.get<IndicatorDetail>(`${P}/indicators/${indicator.id}`)).body;
    expect(detail.series.map((v) => [v.period, v.value, v.enteredByName])).toEqual([[lastMonth(), 12, expect.stringMatching(/.+/)]]);
    expect((await s.ctx.database.sql.all('select partnership_id as p, entered_by_id as "by" from indicator_values where indicator_id = ?', [indicator.id]))).toEqual([{ p: 1, by: PERSON.chair }]);

    // The largest batch: 500 distinct periods of one indicator, all stored; 501 refused, nothing stored.
    const periods = Array.from({ length: SCORECARD_LIMITS.valuesPerCommandMax + 1 }, (_, i) => shiftPeriod('monthly', '2040-01', -i));
    const batch = (n: number) => ({ values: periods.slice(0, n).map((period, i) => ({ indicatorId: indicator.id, period, value: i })) });
    const mid = await counts(s);
    expect(refusal(await run(chair, 'indicator:record-values', batch(SCORECARD_LIMITS.valuesPerCommandMax + 1))).status).toBe(400);
    expect(await counts(s)).toEqual(mid);
    expect((await run(chair, 'indicator:record-values', batch(SCORECARD_LIMITS.valuesPerCommandMax))).status).toBe(200);
    // The same batch again adds nothing: every value is already the period's.
    const full = await counts(s);
    expect((await run(chair, 'indicator:record-values', batch(SCORECARD_LIMITS.valuesPerCommandMax))).status).toBe(200);
    expect(await counts(s)).toEqual(full);
  });

  it('each seat defines and enters as the rule says, for comparators and updates too; an observer’s attempt stores nothing', async () => {
    const s = server();
    const clients = Object.fromEntries(await Promise.all((['admin', 'chair', 'police', 'health', 'schools', 'council', 'observer'] as const).map(async (k) => [k, await login(DEMO[k])] as const)));
    const indicator = await ok(clients.chair!, 'indicator:create', { ...base, name: 'Seats indicator', agencyId: ICB, leadPersonId: PERSON.health });
    const comparators = { indicatorId: indicator.id, comparators: [{ kind: 'england', name: 'England', values: [{ period: lastMonth(), value: 10 }] }] } as const;
    const outcome: Record<string, [number, number]> = {};
    for (const [who, c] of Object.entries(clients)) {
      // Each update names the indicator's current version implicitly: run one after the other.
      outcome[who] = [(await run(c, 'indicator:set-comparators', comparators as never)).status, (await run(c, 'indicator:update', { indicatorId: indicator.id, caveat: `Caveat by ${who}` })).status];
    }
    expect(outcome).toEqual({ admin: [200, 200], chair: [200, 200], police: [403, 403], health: [403, 403], schools: [403, 403], council: [200, 200], observer: [403, 403] });
    const audit = (await s.ctx.database.sql.get("select count(*) as n from audit_log where entity_type = 'indicator' and entity_id = ? and actor_id = ? and action like 'indicator.%'", [indicator.id, PERSON.observer]));
    expect(audit).toEqual({ n: 0 });
  });
});

describe('the scorecard’s file import under attack', () => {
  const server = useTestServer();

  /** A real workbook, its sheet padded with `padBytes` of whitespace: a small file that unpacks to a large one. */
  async function inflatingWorkbook(padBytes: number): Promise<Buffer> {
    const book = new ExcelJS.Workbook();
    const sheet = book.addWorksheet('Values');
    sheet.addRow(['Indicator name', 'Month', 'Actual']);
    sheet.addRow(['% re-referrals', lastMonth(), 12]);
    const zip = await JSZip.loadAsync(await book.xlsx.writeBuffer());
    const xml = await zip.file('xl/worksheets/sheet1.xml')!.async('string');
    zip.file('xl/worksheets/sheet1.xml', xml.replace('<sheetData>', `<sheetData>${' '.repeat(padBytes)}`));
    return zip.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE', compressionOptions: { level: 9 } });
  }

  it('a workbook that unpacks far beyond what an import holds is refused before it is read, naming the file', async () => {
    const council = await new ApiClient(server().url).login(DEMO.council);
    const bomb = await inflatingWorkbook(IMPORT_LIMITS.unpackedBytesMax + 1024 * 1024);
    expect(bomb.length).toBeLessThan(IMPORT_LIMITS.bytesMax);
    const post = (bytes: Buffer) => previewImport(council, 'indicator-values', new Uint8Array(bytes), 'values.xlsx');
    const res = await post(bomb);
    expect([res.status, res.body.error?.code, res.body.error?.details?.map((d) => d.path)]).toEqual([400, 'VALIDATION_FAILED', ['file']]);
    // A workbook within the limit, padded a little, is still read.
    expect((await post(await inflatingWorkbook(64 * 1024))).status).toBe(201);
  });
});

describe('the scorecard’s file import, made to work for nothing', () => {
  const server = useTestServer();

  it('millions of blank lines, millions of rows, or one cell a million rows down are answered at once: the work is bounded by the rows an import takes', async () => {
    const council = await new ApiClient(server().url).login(DEMO.council);
    const post = (bytes: Buffer, name: string) => previewImport(council, 'indicator-values', new Uint8Array(bytes), name);
    const room = IMPORT_LIMITS.bytesMax - 1024;
    const book = new ExcelJS.Workbook();
    const sheet = book.addWorksheet('Values');
    sheet.addRow(['Indicator name', 'Month', 'Actual']);
    sheet.getCell('A1000000').value = 'Far down';
    const files: [string, Buffer, RegExp][] = [
      ['blank.csv', Buffer.from(`Indicator,Period,Value\n% re-referrals,${lastMonth()},12\n${'\n'.repeat(room - 60)}`), /./],
      ['many.csv', Buffer.from(`Indicator,Period,Value\n${'x\n'.repeat(Math.floor((room - 30) / 2))}`), /at most 10000/],
      ['far.xlsx', Buffer.from(await book.xlsx.writeBuffer()), /at most 10000/],
    ];
    for (const [name, bytes, message] of files) {
      // Bounded by the test's own time limit: the unbounded parse took close to a minute.
      const { status, body } = await post(bytes, name);
      if (name === 'blank.csv') expect([status, body.rows?.length]).toEqual([201, 1]);
      else expect([name, status, body.error?.message]).toEqual([name, 400, expect.stringMatching(message)]);
    }
  });
});
