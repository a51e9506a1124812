import { describe, expect, it, vi } from 'vitest';
import { addDays, todayIn } from '../../shared/domain/scoring.js';
import { docName } from '../../shared/protocol/yjs.js';
import type { AuditEntry } from '../../shared/schemas/admin.js';
import type { ChallengeDetail } from '../../shared/schemas/challenge.js';
import { download, readCsv, readWorkbook, sheetTable } from '../helpers/exports.js';
import { ApiClient, DEMO } from '../helpers/http.js';
import { ok, P, PERSON, refusal, run } from '../helpers/plans.js';
import { addSecondPartnership } from '../helpers/second-partnership.js';
import { useTestServer } from '../helpers/server.js';
import { openDoc } from '../helpers/yjs.js';

const OG = 2;
const ICB = 3;
const ICB_NAME = 'Northbrook Integrated Care Board';

async function writeResponse(health: ApiClient, challengeId: number, text: string): Promise<void> {
  const doc = openDoc(health, docName('challenge', challengeId, 'response'));
  await doc.synced();
  doc.doc.getText('response').insert(0, text);
  await vi.waitFor(async () => expect((await health.get<ChallengeDetail>(`${P}/challenges/${challengeId}`)).body.response).toBe(text));
  doc.destroy();
}

async function log(client: ApiClient, query = ''): Promise<AuditEntry[]> {
  const res = await client.get<AuditEntry[]>(`${P}/audit${query}`);
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return res.body;
}

/** The audit log read as people read it (issue 16, item 6), after real commands. */
describe('the audit log in words (GET …/audit)', () => {
  const server = useTestServer();
  const ids = { challenge: 0, reference: '', risk: 0, riskRef: '', seat: 0 };

  it('tells what real commands did as sentences, with their records and changes in words', async () => {
    const s = server();
    const admin = await new ApiClient(s.url).login(DEMO.admin);
    const council = await new ApiClient(s.url).login(DEMO.council);
    const health = await new ApiClient(s.url).login(DEMO.health);
    const police = await new ApiClient(s.url).login(DEMO.police);

    // A challenge raised, answered and accepted.
    const raised = await ok(council, 'challenge:raise', { boardId: OG, title: 'Health at strategy meetings', directedAgencyId: ICB, dueDate: addDays(todayIn(Date.now()), 14) });
    ids.challenge = raised.id;
    ids.reference = raised.reference;
    await writeResponse(health, raised.id, 'A named nurse attends every strategy meeting.');
    await ok(health, 'challenge:submit', { challengeId: raised.id });
    // Someone who may not decide tries: refused, and on the record.
    expect(refusal(await run(police, 'challenge:accept', { challengeId: raised.id })).code).toBe('FORBIDDEN');
    await ok(council, 'challenge:accept', { challengeId: raised.id, reason: 'Thank you' });

    // A seat given, then its role changed.
    const seat = await ok(admin, 'membership:add', { boardId: 4, personId: PERSON.dcs, role: 'member' });
    ids.seat = seat.id;
    await ok(admin, 'membership:update', { boardId: 4, membershipId: seat.id, role: 'vice_chair' });

    // A risk escalated.
    const risk = await ok(admin, 'risk:create', { boardId: OG, title: 'Exploitation of children missing from school', leadAgencyId: ICB, ownerId: PERSON.health });
    ids.risk = risk.id;
    ids.riskRef = risk.reference;
    await ok(admin, 'risk:escalate', { riskId: risk.id, reason: 'Needs the Improvement Board' });

    const entries = await log(admin, '?limit=20');
    const find = (action: string) => entries.find((e) => e.action === action)!;

    expect(find('challenge.accept')).toMatchObject({
      sentence: `Sarah Okafor accepted the response of ${ICB_NAME} to ${ids.reference}, giving the reason “Thank you”`,
      group: 'challenges',
      record: { kind: 'challenge', id: ids.challenge, label: `${ids.reference} Health at strategy meetings`, link: `/challenges/${ids.challenge}` },
      changes: [{ field: 'Status', before: 'Response submitted', after: 'Response accepted' }],
    });
    expect(find('challenge.submit').sentence).toBe(`Dr Aisha Rahman submitted the response of ${ICB_NAME} to ${ids.reference}`);
    expect(find('challenge.raise').sentence).toBe(`Sarah Okafor raised ${ids.reference} “Health at strategy meetings” with ${ICB_NAME}`);
    expect(find('command.refused')).toMatchObject({ group: 'refusals', actorName: 'DCI Tom Brennan', record: null });
    expect(find('command.refused').sentence).toMatch(/^DCI Tom Brennan was refused: \S/);

    expect(find('membership.update')).toMatchObject({
      sentence: 'Priya Shah changed the seat of David Marsh on Quality Assurance & Performance Committee',
      group: 'people',
      record: { kind: 'membership', id: ids.seat, label: 'David Marsh on Quality Assurance & Performance Committee', link: '/admin/memberships' },
      changes: [{ field: 'Role', before: 'Member', after: 'Vice-chair' }],
    });
    expect(find('membership.add').sentence).toBe('Priya Shah gave David Marsh a seat on Quality Assurance & Performance Committee as member');

    expect(find('risk.escalate')).toMatchObject({
      sentence: `Priya Shah escalated ${ids.riskRef} to Improvement Board, giving the reason “Needs the Improvement Board”`,
      group: 'risks',
      record: { kind: 'risk', id: ids.risk, label: `${ids.riskRef} Exploitation of children missing from school`, link: `/risks/${ids.risk}` },
      changes: [{ field: 'Escalated to', before: 'none', after: 'Improvement Board' }],
    });
    // No code and no JSON in what a person reads; the raw detail is still there for the tests and tools that read it.
    for (const e of entries) {
      expect(e.sentence).not.toMatch(/[{}]|\b[a-z]+_[a-z]+\b|\b[a-z]+\.[a-z]+\b/);
      for (const c of e.changes) expect(`${c.field} ${c.before} ${c.after}`).not.toMatch(/[{}]|\bnull\b|\bundefined\b/);
    }
    expect(find('risk.escalate').detail).toMatchObject({ reason: 'Needs the Improvement Board', after: { escalatedToBoardId: 1 } });
  });

  it('narrows by person, kind, record and London days, and pages with `before`', async () => {
    const admin = await new ApiClient(server().url).login(DEMO.admin);
    const byCouncil = await log(admin, `?person=${PERSON.council}`);
    expect(byCouncil.length).toBeGreaterThanOrEqual(2);
    expect(byCouncil.every((e) => e.actorId === PERSON.council)).toBe(true);

    const challenges = await log(admin, '?group=challenges&limit=500');
    expect(challenges.map((e) => e.action)).toEqual(expect.arrayContaining(['challenge.accept', 'challenge.submit', 'challenge.raise']));
    expect(challenges.every((e) => e.group === 'challenges')).toBe(true);
    expect((await log(admin, '?group=refusals')).every((e) => e.group === 'refusals')).toBe(true);

    const oneRisk = await log(admin, `?record=risk:${ids.risk}`);
    expect(oneRisk.map((e) => e.action)).toEqual(['risk.escalate', 'risk.create']);
    expect((await log(admin, `?record=membership:${ids.seat}`)).map((e) => e.action)).toEqual(['membership.update', 'membership.add']);
    expect((await log(admin, `?record=challenge:${ids.challenge}&person=${PERSON.health}`)).map((e) => e.action)).toEqual(['challenge.submit']);

    const today = todayIn(Date.now());
    expect((await log(admin, `?record=risk:${ids.risk}&from=${today}&to=${today}`)).length).toBe(2);
    expect(await log(admin, `?from=${addDays(today, 1)}`)).toEqual([]);
    expect(await log(admin, `?record=risk:${ids.risk}&to=${addDays(today, -1)}`)).toEqual([]);

    const all = await log(admin, '?limit=6');
    const first = await log(admin, '?limit=3');
    const older = await log(admin, `?limit=3&before=${first.at(-1)!.id}`);
    expect([...first, ...older].map((e) => e.id)).toEqual(all.map((e) => e.id));
    expect(older.every((e) => e.id < first.at(-1)!.id)).toBe(true);
  });

  it('downloads as CSV and Excel with the same filters, the sentences in words', async () => {
    const admin = await new ApiClient(server().url).login(DEMO.admin);
    const csv = await download(admin, `${P}/exports/audit.csv?group=challenges`);
    expect(csv.status).toBe(200);
    expect(csv.headers.get('content-disposition')).toMatch(/^attachment; filename="audit-log-\d{4}-\d{2}-\d{2}\.csv"$/);
    const [headings, ...rows] = readCsv(csv.body);
    expect(headings).toEqual(['When', 'Who', 'What happened', 'Record', 'Changes', 'Kind']);
    expect(rows.length).toBe((await log(admin, '?group=challenges&limit=500')).length);
    const accepted = rows.find((r) => r[2]!.startsWith('Sarah Okafor accepted the response'))!;
    expect(accepted).toEqual([expect.stringMatching(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}$|^\d{2}\/\d{2}\/\d{4}/), 'Sarah Okafor', `Sarah Okafor accepted the response of ${ICB_NAME} to ${ids.reference}, giving the reason “Thank you”`, `${ids.reference} Health at strategy meetings`, 'Status: Response submitted → Response accepted', 'Challenges']);
    expect(rows.every((r) => r[5] === 'Challenges')).toBe(true);

    const xlsx = await download(admin, `${P}/exports/audit.xlsx?record=risk:${ids.risk}`);
    expect(xlsx.status).toBe(200);
    const { headings: h, rows: sheet } = sheetTable((await readWorkbook(xlsx.body)).worksheets[0]!);
    expect(h).toEqual(['When', 'Who', 'What happened', 'Record', 'Changes', 'Kind']);
    expect(sheet.map((r) => String(r.get('What happened')!.value))).toEqual([`Priya Shah escalated ${ids.riskRef} to Improvement Board, giving the reason “Needs the Improvement Board”`, `Priya Shah added ${ids.riskRef} to the register`]);
    expect(sheet[0]!.get('When')!.value).toBeInstanceOf(Date);
  });

  it('is the administrators’ alone: other roles 403, another partnership 404, its ids find nothing, bad values 400 naming the field', async () => {
    const s = server();
    for (const who of [DEMO.chair, DEMO.police, DEMO.observer]) {
      const client = await new ApiClient(s.url).login(who);
      expect((await client.get(`${P}/audit`)).status).toBe(403);
      expect((await download(client, `${P}/exports/audit.csv`)).status).toBe(403);
    }
    expect((await download(new ApiClient(s.url), `${P}/exports/audit.csv`)).status).toBe(401);

    const far = await addSecondPartnership(s);
    const outsider = await new ApiClient(s.url).login(far.email, far.password);
    expect((await outsider.get(`${P}/audit`)).status).toBe(404);
    expect((await download(outsider, `${P}/exports/audit.xlsx`)).status).toBe(404);

    const admin = await new ApiClient(s.url).login(DEMO.admin);
    expect(await log(admin, `?person=${far.personId}`)).toEqual([]);
    expect(await log(admin, `?record=risk:${far.riskId}`)).toEqual([]);
    expect(await log(admin, `?record=board:${far.boardId}`)).toEqual([]);
    const mine = JSON.stringify(await log(admin, '?limit=500'));
    for (const name of far.names) expect(mine).not.toContain(name);

    for (const [query, field] of [
      ['person=abc', 'person'],
      ['person=0', 'person'],
      ['group=everything', 'group'],
      ['record=risk', 'record'],
      ['record=secret:1', 'record'],
      ['record=risk:99999999999', 'record'],
      ['from=2026-02-30', 'from'],
      ['from=2026-03-02&to=2026-03-01', 'to'],
      ['before=-1', 'before'],
      ['limit=999999', 'limit'],
      [`person=${'9'.repeat(5000)}`, 'person'],
    ] as const) {
      const res = await admin.get(`${P}/audit?${query}`);
      expect({ query, ...refusal(res) }).toEqual({ query, status: 400, code: 'VALIDATION_FAILED', paths: [field] });
      expect(refusal(await download(admin, `${P}/exports/audit.csv?${query}`).then((d) => ({ status: d.status, body: JSON.parse(d.body.toString()), headers: d.headers }))).paths).toEqual([field]);
    }
    // Keys a parser might trip over are ignored, not followed.
    expect((await admin.get(`${P}/audit?__proto__=1&constructor=x&prototype[x]=1&record[kind]=risk&__proto__[person]=1`)).status).toBe(200);
    expect(refusal(await admin.get(`${P}/audit?record=__proto__:1`)).paths).toEqual(['record']);
    expect(refusal(await admin.get(`${P}/audit?person=1&person=2`)).paths).toEqual(['person']);
  });
});
