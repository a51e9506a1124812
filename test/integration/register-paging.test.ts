import { beforeAll, describe, expect, it, vi } from 'vitest';
import type { RowsChangedEvent } from '../../shared/protocol/socket.js';
import { docName } from '../../shared/protocol/yjs.js';
import type { RiskMatrix } from '../../shared/domain/scoring.js';
import { REGISTER_LIMITS } from '../../shared/limits.js';
import type { RiskLookupRow} from '../../shared/schemas/register.js';
import { REGISTER_SORTS, RegisterPage, RegisterRows, RegisterSummary, type RegisterSort } from '../../shared/schemas/register.js';
import type { MitigationRow, RiskRow } from '../../shared/schemas/risk.js';
import { ApiClient, DEMO } from '../helpers/http.js';
import { expectedOrder, expectedSummary, matches, overdueByRisk, queryOf, walk, type OracleFilters } from '../helpers/register-oracle.js';
import { addSecondPartnership, type SecondPartnership } from '../helpers/second-partnership.js';
import { useSeededRegister } from '../helpers/seeded-register.js';
import { connectSocket } from '../helpers/socket.js';
import { openDoc } from '../helpers/yjs.js';

const P = '/api/partnerships/1';
const RISKS = 10_000;

/**
 * The register read a page at a time, against 10,000 risks and 50,000 mitigations seeded with the
 * server's own code (bench/lib/seed-register.ts). The whole list (the old API) read once is the oracle.
 */
describe('the paged register of 10,000 risks', () => {
  const seeded = useSeededRegister(RISKS, 5);
  let admin: ApiClient;
  let all: RiskRow[];
  let matrix: RiskMatrix;
  let overdue: Map<number, MitigationRow[]>;
  let second: SecondPartnership;
  let farshire: ApiClient;

  beforeAll(async () => {
    second = await addSecondPartnership(seeded().server);
    farshire = await new ApiClient(seeded().server.url).login(second.email, second.password);
    admin = await new ApiClient(seeded().server.url).login(DEMO.admin);
    all = (await admin.get<RiskRow[]>(`${P}/risks`)).body;
    matrix = (await admin.get<RiskMatrix>(`${P}/risk-matrix`)).body;
    overdue = overdueByRisk((await admin.get<MitigationRow[]>(`${P}/mitigations`)).body);
  }, 60_000);

  it('holds the seeded register, in every state the filters tell apart', () => {
    expect(all).toHaveLength(RISKS);
    expect(all.some((r) => r.status === 'closed')).toBe(true);
    expect(all.some((r) => r.escalatedToBoardId !== null)).toBe(true);
    expect(all.some((r) => r.current.score === null)).toBe(true);
    expect(all.some((r) => r.ownerId === null)).toBe(true);
    expect(all.some((r) => r.nextReviewDate === null)).toBe(true);
    expect(overdue.size).toBeGreaterThan(1000);
  });

  it.each(REGISTER_SORTS.flatMap((s) => (['asc', 'desc'] as const).map((d) => [s, d] as const)))('sorts by %s %s, nulls last, ties by id', async (sort: RegisterSort, dir) => {
    const got = await walk(admin, `${P}/register`, { status: 'all', sort, dir, limit: 500 });
    expect(got.ids).toEqual(expectedOrder(all, sort, dir));
    expect(got.totals.every((t) => t === RISKS)).toBe(true);
  });

  // Each with whether it matches nothing (the others must match something, or they prove little).
  const filters: [string, OracleFilters, 'none'?][] = [
    ['open', { status: 'open' }],
    ['closed', { status: 'closed' }],
    ['every status (none given)', {}],
    ['a band', { status: 'all', band: 'high' }],
    ['an unknown band', { status: 'all', band: 'catastrophic' }, 'none'],
    ['a board’s register (its own and escalated to it)', { status: 'all', boardId: 1 }],
    ['another board', { status: 'open', boardId: 2 }],
    ['a lead agency', { status: 'all', agencyId: 2 }],
    ['an owner', { status: 'all', ownerId: 3 }],
    ['escalated', { status: 'all', escalated: true }],
    ['not escalated', { status: 'open', escalated: false }],
    ['above tolerance', { status: 'all', aboveTolerance: true }],
    ['within tolerance', { status: 'open', aboveTolerance: false }],
    ['review overdue', { status: 'all', overdueReview: true }],
    ['an overdue mitigation', { status: 'all', overdueMitigation: true }],
    ['an overdue mitigation of an agency', { status: 'all', mitigationAgencyId: 4 }],
    ['text in a title', { status: 'all', q: 'Return HOME' }],
    ['a reference', { status: 'all', q: 'R-123' }],
    ['an owner’s name', { status: 'all', q: 'brennan' }],
    ['a LIKE wildcard is plain text', { status: 'all', q: '%_' }, 'none'],
    ['a heat-map cell of current scores', { status: 'all', likelihood: 3, impact: 4 }],
    ['a heat-map cell of target scores', { status: 'open', kind: 'target', likelihood: 5, impact: 1 }],
    ['all at once', { status: 'open', band: 'extreme', agencyId: 3, escalated: false, q: 'in', overdueMitigation: true }],
  ];

  it.each(filters)('filters on the server: %s', async (_name, f, none) => {
    const expected = expectedOrder(
      all.filter((r) => matches(r, f, matrix, overdue)),
      'score',
      'desc',
    );
    const got = await walk(admin, `${P}/register`, { ...f, limit: 500 });
    expect(got.ids).toEqual(expected);
    expect(got.totals.every((t) => t === expected.length)).toBe(true);
    if (none) expect(expected).toEqual([]);
    else expect(expected.length).toBeGreaterThan(0);
  });

  it('walks all 10,000 rows exactly once while risks are added before and after the cursor', async () => {
    const added: number[] = [];
    const create = async (likelihood: number, impact: number, n: number) => {
      const res = await admin.post<RiskRow>(`${P}/risks`, { boardId: 1, title: `Added during the walk ${n}`, leadAgencyId: 2, ownerId: 3, currentLikelihood: likelihood, currentImpact: impact });
      expect(res.status).toBe(201);
      added.push(res.body.id);
      return res.body;
    };
    const before = new Set(all.map((r) => r.id));
    const early: number[] = [];
    const late: number[] = [];
    // Score descending: after a few pages the cursor is below 25 and above 1 (unscored risks come last),
    // so a new 25 lands behind it and a new 1 ahead of it.
    const got = await walk(admin, `${P}/register`, { status: 'all', sort: 'score', dir: 'desc', limit: 500 }, async (page) => {
      if (page === 5 || page === 10) {
        early.push((await create(5, 5, page)).id);
        late.push((await create(1, 1, page)).id);
      }
    });
    const seen = new Set(got.ids);
    expect(seen.size).toBe(got.ids.length);
    for (const id of before) expect(seen.has(id)).toBe(true);
    // Rows added behind the cursor are not read again by this walk; rows ahead of it are read once.
    for (const id of early) expect(seen.has(id)).toBe(false);
    for (const id of late) expect(seen.has(id)).toBe(true);
    expect(got.ids.length).toBe(RISKS + late.length);
    expect(got.pages).toBe(Math.ceil(got.ids.length / 500));
    all = (await admin.get<RiskRow[]>(`${P}/risks`)).body;
    expect(all).toHaveLength(RISKS + added.length);
  });

  it('gives the heat map and counts from one aggregate, with every filter but the cell', async () => {
    for (const f of [{ status: 'open' }, { status: 'all', kind: 'target', boardId: 2, aboveTolerance: true }, { status: 'all', q: 'MASH', likelihood: 1, impact: 1 }] as OracleFilters[]) {
      const res = await admin.get(`${P}/register/summary${queryOf(f)}`);
      expect(res.status).toBe(200);
      expect(RegisterSummary.parse(res.body)).toEqual(expectedSummary(all, f, matrix, overdue));
    }
  });

  it('places the rows a push named: where each sits now, in this sort and these filters', async () => {
    const f: OracleFilters = { status: 'open', band: 'high' };
    const order = expectedOrder(all.filter((r) => matches(r, f, matrix, overdue)), 'title', 'asc');
    const closed = all.find((r) => r.status === 'closed')!.id;
    const named = [order[0]!, order[777]!, order.at(-1)!, closed];
    const res = await admin.get(`${P}/register/rows${queryOf({ ...f, sort: 'title', dir: 'asc' })}&ids=${named.join(',')}`);
    expect(res.status).toBe(200);
    const placed = RegisterRows.parse(res.body);
    expect(placed.rows.map((p) => [p.row.id, p.position])).toEqual([
      [order[0], 0],
      [order[777], 777],
      [order.at(-1), order.length - 1],
    ]);
    expect(placed.total).toBe(order.length);
  });

  it('after a score is typed into a risk, the push names it and the server places it where a fresh page has it', async () => {
    const socket = await connectSocket(admin);
    const pushes: RowsChangedEvent[] = [];
    socket.on('rows:changed', (e) => pushes.push(e));
    const f = { status: 'open', sort: 'score', dir: 'desc', limit: 500 } as const;
    const before = RegisterPage.parse((await admin.get(`${P}/register${queryOf(f)}`)).body).rows;
    const moving = before.find((r, i) => i > 300 && r.current.score !== null && r.current.score < 25)!;
    const editor = openDoc(admin, docName('risk', moving.id));
    await editor.synced();
    editor.doc.transact(() => {
      editor.doc.getMap('fields').set('currentLikelihood', 5);
      editor.doc.getMap('fields').set('currentImpact', 5);
    });
    await vi.waitFor(() => expect(pushes.some((p) => p.kind === 'risk' && p.ids.includes(moving.id))).toBe(true));
    const placed = RegisterRows.parse((await admin.get(`${P}/register/rows${queryOf(f)}&ids=${moving.id}`)).body);
    const fresh = RegisterPage.parse((await admin.get(`${P}/register${queryOf(f)}`)).body).rows;
    expect(placed.rows).toHaveLength(1);
    expect(placed.rows[0]!.row.current.score).toBe(25);
    expect(placed.rows[0]!.position).toBe(fresh.findIndex((r) => r.id === moving.id));
    expect(placed.rows[0]!.position).toBeLessThan(before.findIndex((r) => r.id === moving.id));
    editor.destroy();
    all = (await admin.get<RiskRow[]>(`${P}/risks`)).body;
  });

  it('names risks for pickers with a small lookup, by ids or by status', async () => {
    const some = await admin.get<RiskLookupRow[]>(`${P}/register/lookup?ids=3,2,1`);
    expect(some.body).toEqual(all.filter((r) => r.id <= 3).map((r) => ({ id: r.id, reference: r.reference, title: r.title, status: r.status })));
    const open = (await admin.get<RiskLookupRow[]>(`${P}/register/lookup?status=open`)).body;
    expect(open.map((r) => r.id)).toEqual(all.filter((r) => r.status === 'open').map((r) => r.id));
    expect(Object.keys(open[0]!).sort()).toEqual(['id', 'reference', 'status', 'title']);
  });

  it('refuses a page larger than the limit, naming the field', async () => {
    const big = await admin.get(`${P}/register?limit=${REGISTER_LIMITS.pageMax + 1}`);
    expect(big.status).toBe(400);
    expect(big.body).toMatchObject({ error: { code: 'VALIDATION_FAILED', details: [{ path: 'limit' }] } });
    for (const bad of ['0', '-1', '1.5', 'ten']) expect((await admin.get(`${P}/register?limit=${bad}`)).status).toBe(400);
    expect(RegisterPage.parse((await admin.get(`${P}/register?limit=${REGISTER_LIMITS.pageMax}`)).body).rows).toHaveLength(REGISTER_LIMITS.pageMax);
    expect(RegisterPage.parse((await admin.get(`${P}/register`)).body).rows).toHaveLength(REGISTER_LIMITS.pageDefault);
  });

  it('refuses a forged cursor, one made for another query, and another partnership’s, naming the cursor', async () => {
    const first = RegisterPage.parse((await admin.get(`${P}/register?status=open&limit=10`)).body);
    const cursor = first.nextCursor!;
    const expectRefused = async (url: string, message: RegExp, client = admin) => {
      const res = await client.get(url);
      expect(res.status).toBe(400);
      expect(res.body).toMatchObject({ error: { code: 'VALIDATION_FAILED', details: [{ path: 'cursor', message: expect.stringMatching(message) }] } });
    };
    // Altered: the same layout with another id, and the check no longer holds.
    const [body, check] = cursor.split('.') as [string, string];
    const payload = JSON.parse(Buffer.from(body, 'base64url').toString()) as { i: number };
    const altered = `${Buffer.from(JSON.stringify({ ...payload, i: payload.i + 1 })).toString('base64url')}.${check}`;
    for (const forged of [altered, 'not-a-cursor', `${body}.AAAAAAAAAAAAAAAA`, 'e30.' + check]) {
      await expectRefused(`${P}/register?status=open&limit=10&cursor=${encodeURIComponent(forged)}`, /not made by this register/);
    }
    await expectRefused(`${P}/register?status=open&limit=10&sort=title&cursor=${cursor}`, /another sort or other filters/);
    await expectRefused(`${P}/register?status=closed&limit=10&cursor=${cursor}`, /another sort or other filters/);
    expect((await admin.get(`${P}/register?status=open&limit=10&cursor=${'x'.repeat(REGISTER_LIMITS.cursorMax + 1)}`)).body).toMatchObject({ error: { details: [{ path: 'cursor' }] } });
    await expectRefused(`/api/partnerships/${second.partnershipId}/register?status=open&limit=10&cursor=${cursor}`, /another partnership/, farshire);
  });

  it('keeps rights as the whole list: a partnership’s members read it, nobody else', async () => {
    const observer = await new ApiClient(seeded().server.url).login(DEMO.observer);
    expect((await observer.get(`${P}/register?limit=5`)).status).toBe(200);
    for (const path of ['/register', '/register/summary', '/register/rows?ids=1', '/register/lookup', '/mitigations?riskIds=1']) {
      const res = await farshire.get(`${P}${path}`);
      expect(res.status).toBe(404);
      expect(JSON.stringify(res.body)).not.toContain(all[0]!.title);
    }
    // Their own register holds only their own risk.
    const theirs = RegisterPage.parse((await farshire.get(`/api/partnerships/${second.partnershipId}/register?status=all`)).body);
    expect(theirs.rows.every((r) => r.title.startsWith('Farshire'))).toBe(true);
    expect((await new ApiClient(seeded().server.url).get(`${P}/register`)).status).toBe(401);
  });
});
