import { createHash } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { encodeCursor } from '../../server/features/risks/register-cursor.js';
import { REGISTER_LIMITS, SOCKET_LIMITS } from '../../shared/limits.js';
import { commandPath } from '../../shared/protocol/commands.js';
import { RegisterFilters, RegisterPage, RegisterRows, RegisterSummary, type RiskLookupRow } from '../../shared/schemas/register.js';
import type { RiskRow } from '../../shared/schemas/risk.js';
import { ApiClient, DEMO, errorCode, type JsonResponse } from '../helpers/http.js';
import { addSecondPartnership, leakedNames, type SecondPartnership } from '../helpers/second-partnership.js';
import { useTestServer } from '../helpers/server.js';

/*
 * Attacks on the register paged on the server (GET /api/partnerships/:pid/register, /rows, /summary,
 * /lookup) by a member of the demo partnership, its observer, another partnership's administrator
 * and a signed-out client: other partnerships' ids as filters, forged and re-signed cursors, id lists,
 * LIKE wildcards and odd text, sort injection, prototype keys and repeated query keys. Whatever is
 * sent, a reader sees their own partnership's rows only, counted only among their own.
 */

const P = '/api/partnerships/1';
const POLICE = 3;
const big = { socketLimits: { ...SOCKET_LIMITS, commandsPerSecond: 10_000, commandBurst: 10_000 } };

/** Titles a LIKE pattern would confuse with each other, quotes, and text beyond ASCII. */
const TRICKY = ['100% of referrals late', '100 referrals late', 'snake_case risk', 'snakeXcase risk', 'back\\slash risk', 'backslash risk', 'O’Brien "quoted" \'risk\'', 'Ünïcödé Ωmega risk 🚸'];

describe('the paged register under attack', () => {
  const server = useTestServer(big);
  let police: ApiClient;
  let farshire: SecondPartnership;
  let outsider: ApiClient;
  let all: RiskRow[];
  let tricky: Map<string, number>;

  beforeAll(async () => {
    farshire = await addSecondPartnership(server());
    outsider = await new ApiClient(server().url).login(farshire.email, farshire.password);
    const admin = await new ApiClient(server().url).login(DEMO.admin);
    tricky = new Map();
    for (const title of TRICKY) {
      const made = await admin.post<RiskRow>(commandPath('risk:create'), { boardId: 1, title, leadAgencyId: 2, ownerId: POLICE, currentLikelihood: 5, currentImpact: 5 });
      expect(made.status).toBe(200);
      tricky.set(title, made.body.id);
    }
    // Farshire's risks sit in every heat-map cell and band the demo's do, and match the demo's words.
    for (const title of ['Farshire 100% risk', 'Farshire snake_case back\\slash risk', 'Farshire Ünïcödé risk R-001']) {
      const made = await outsider.post(commandPath('risk:create'), { boardId: farshire.boardId, title, leadAgencyId: farshire.agencyId, ownerId: farshire.personId, currentLikelihood: 5, currentImpact: 5, tolerance: 1 });
      expect(made.status).toBe(200);
    }
    police = await new ApiClient(server().url).login(DEMO.police);
    all = (await police.get<RiskRow[]>(`${P}/risks`)).body;
  });

  const page = async (client: ApiClient, query: string) => {
    const res = await client.get<RegisterPage>(`${P}/register?${query}`);
    expect([query, res.status]).toEqual([query, 200]);
    return RegisterPage.parse(res.body);
  };
  /** A 400 naming the field (or an item of it, as `ids.0`). */
  const refusedField = (res: JsonResponse, field: string) => {
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({ error: { code: 'VALIDATION_FAILED', details: expect.arrayContaining([expect.objectContaining({ path: expect.stringMatching(new RegExp(`^${field}(\\.|$)`)) })]) } });
  };

  it('another partnership’s board, owner, agency and mitigation agency as filters match nothing, and count nothing', async () => {
    const filters = [`boardId=${farshire.boardId}`, `ownerId=${farshire.personId}`, `agencyId=${farshire.agencyId}`, `mitigationAgencyId=${farshire.agencyId}`];
    for (const f of filters) {
      const got = await page(police, `status=all&${f}`);
      expect([f, got.rows, got.total, got.nextCursor]).toEqual([f, [], 0, null]);
      const summary = RegisterSummary.parse((await police.get(`${P}/register/summary?${f}`)).body);
      expect([f, summary.total, summary.cells.flat().every((n) => n === 0), summary.status]).toEqual([f, 0, true, { open: 0, closed: 0 }]);
      const placed = RegisterRows.parse((await police.get(`${P}/register/rows?ids=${farshire.riskId},1&${f}`)).body);
      expect([f, placed]).toEqual([f, { rows: [], total: 0 }]);
    }
    expect((await police.get<RiskLookupRow[]>(`${P}/register/lookup?boardId=${farshire.boardId}`)).body).toEqual([]);
    // And the other way round: the demo's board, owner and agency in Farshire's register.
    for (const f of ['boardId=1', `ownerId=${POLICE}`, 'agencyId=2', 'mitigationAgencyId=4']) {
      const res = await outsider.get(`/api/partnerships/${farshire.partnershipId}/register?status=all&${f}`);
      expect([f, RegisterPage.parse(res.body).total]).toEqual([f, 0]);
    }
  });

  it('another partnership’s address is not found on every register route, for a member and for the observer, and names nothing', async () => {
    const observer = await new ApiClient(server().url).login(DEMO.observer);
    const routes = ['/register', '/register?status=all&boardId=1', '/register/summary', `/register/rows?ids=${farshire.riskId}`, `/register/lookup?ids=${farshire.riskId}`, '/register/lookup?status=open'];
    for (const client of [police, observer]) {
      for (const route of routes) {
        const res = await client.get(`/api/partnerships/${farshire.partnershipId}${route}`);
        expect([route, res.status, errorCode(res)]).toEqual([route, 404, 'NOT_FOUND']);
        expect(leakedNames(farshire, res.body)).toEqual([]);
      }
      // A partnership that does not exist answers the same: existence is not disclosed.
      const none = await client.get('/api/partnerships/999999/register');
      expect([none.status, errorCode(none)]).toEqual([404, 'NOT_FOUND']);
    }
    for (const route of routes) {
      const res = await outsider.get(`${P}${route}`);
      expect([route, res.status]).toEqual([route, 404]);
      expect(JSON.stringify(res.body)).not.toContain(all[0]!.title);
    }
  });

  it('the observer reads the register; a signed-out client reads none of it', async () => {
    const observer = await new ApiClient(server().url).login(DEMO.observer);
    expect((await page(observer, 'status=all&limit=500')).total).toBe(all.length);
    const anonymous = new ApiClient(server().url);
    for (const route of ['/register', '/register/summary', '/register/rows?ids=1', '/register/lookup?ids=1', '/register/lookup']) {
      const res = await anonymous.get(`${P}${route}`);
      expect([route, res.status, errorCode(res)]).toEqual([route, 401, 'UNAUTHENTICATED']);
      expect(JSON.stringify(res.body)).not.toContain(all[0]!.title);
    }
  });

  it('totals and heat-map counts are the reader’s partnership’s alone', async () => {
    const summary = RegisterSummary.parse((await police.get(`${P}/register/summary`)).body);
    expect(summary.total).toBe(all.length);
    const fullCell = all.filter((r) => r.current.likelihood === 5 && r.current.impact === 5).length;
    expect(summary.cells[4]![4]).toBe(fullCell);
    expect(summary.aboveTolerance).toBe(all.filter((r) => r.current.score !== null && r.tolerance !== null && r.current.score > r.tolerance).length);
    // The cell Farshire's risks also sit in: the demo's rows only, in the page and its total.
    const cell = await page(police, 'status=all&likelihood=5&impact=5&limit=500');
    expect(cell.total).toBe(fullCell);
    expect(cell.rows.every((r) => all.some((a) => a.id === r.id))).toBe(true);
    expect(leakedNames(farshire, cell)).toEqual([]);
    const theirs = RegisterSummary.parse((await outsider.get(`/api/partnerships/${farshire.partnershipId}/register/summary`)).body);
    expect(theirs.total).toBe(4);
    expect(theirs.cells[4]![4]).toBe(3);
  });

  it('a cursor re-signed by hand (its check has no secret) pages only the reader’s own rows, wherever it claims to start', async () => {
    const filters = RegisterFilters.parse({ status: 'all' });
    const sign = (p: number, sort: 'title' | 'reference', value: string | number | null, id: number) => encodeCursor({ partnershipId: p, sort, dir: 'asc', filters }, { value, id });
    // Another partnership's number in the cursor: refused, whoever's register it is used on.
    const theirs = sign(farshire.partnershipId, 'title', '', 1);
    refusedField(await police.get(`${P}/register?status=all&sort=title&dir=asc&cursor=${theirs}`), 'cursor');
    // A NUL no stored text can hold (PostgreSQL refuses it): refused alike on either engine.
    refusedField(await police.get(`${P}/register?status=all&sort=title&dir=asc&cursor=${sign(1, 'title', 'a\u0000', 1)}`), 'cursor');
    // Starting at another partnership's row, or at text that looks like SQL: the reader's rows, in order, and nothing else.
    const ours = all.map((r) => r.id);
    for (const [value, id] of [
      ['', farshire.riskId],
      ["'; delete from risks; --", 1],
      ["' or 1=1 or v > '", 1],
      ['%', 1],
      ['z'.repeat(200), 2 ** 31 - 1],
    ] as const) {
      const got = await page(police, `status=all&sort=title&dir=asc&limit=500&cursor=${sign(1, 'title', value, id)}`);
      expect(got.rows.every((r) => ours.includes(r.id))).toBe(true);
      expect(got.total).toBe(all.length);
    }
    expect((await police.get<RiskRow[]>(`${P}/risks`)).body).toHaveLength(all.length);
    // Made for another sort, direction or filters than the page it is used on.
    refusedField(await police.get(`${P}/register?status=all&sort=reference&dir=asc&cursor=${sign(1, 'title', 'a', 1)}`), 'cursor');
    refusedField(await police.get(`${P}/register?status=all&sort=title&dir=desc&cursor=${sign(1, 'title', 'a', 1)}`), 'cursor');
    refusedField(await police.get(`${P}/register?status=open&sort=title&dir=asc&cursor=${sign(1, 'title', 'a', 1)}`), 'cursor');
    // A value of the wrong kind for the sort: a number sort given text, a text sort given a number.
    refusedField(await police.get(`${P}/register?status=all&sort=reference&dir=asc&cursor=${sign(1, 'reference', 'text', 1)}`), 'cursor');
    refusedField(await police.get(`${P}/register?status=all&sort=title&dir=asc&cursor=${sign(1, 'title', 42, 1)}`), 'cursor');
  });

  it('refuses cursors that are not numbers where numbers go, negative ids, other layouts and 10 KB of text', async () => {
    const filters = RegisterFilters.parse({ status: 'all' });
    const good = encodeCursor({ partnershipId: 1, sort: 'reference', dir: 'asc', filters }, { value: 1, id: 1 });
    const [body] = good.split('.') as [string];
    const payload = JSON.parse(Buffer.from(body, 'base64url').toString()) as Record<string, unknown>;
    // Each is signed as the server signs (sha256 of the JSON), so only the contents can refuse it.
    const signed = (json: string) => `${Buffer.from(json).toString('base64url')}.${digest(json)}`;
    const variants = [
      JSON.stringify({ ...payload, k: 'NaN' }),
      JSON.stringify(payload).replace('"k":1', '"k":NaN'),
      JSON.stringify(payload).replace('"k":1', '"k":1e999'),
      JSON.stringify({ ...payload, i: -1 }),
      JSON.stringify({ ...payload, i: 0 }),
      JSON.stringify({ ...payload, i: 1.5 }),
      JSON.stringify({ ...payload, i: 2 ** 53 }),
      JSON.stringify({ ...payload, p: '1' }),
      JSON.stringify({ ...payload, v: 2 }),
      JSON.stringify({ ...payload, k: { toString: 1 } }),
      JSON.stringify({ ...payload, k: [1] }),
      JSON.stringify({ ...payload, extra: true }),
      `{"__proto__":{"admin":true},${JSON.stringify(payload).slice(1)}`,
      JSON.stringify([payload]),
      'null',
    ];
    for (const json of variants) {
      const res = await police.get(`${P}/register?status=all&sort=reference&dir=asc&cursor=${signed(json)}`);
      expect([json, res.status, errorCode(res)]).toEqual([json, 400, 'VALIDATION_FAILED']);
    }
    expect(({} as Record<string, unknown>).admin).toBeUndefined();
    for (const cursor of ['x'.repeat(10 * 1024), '.', `${body}.`, `${body}..${body}`, `${body}.${'A'.repeat(16)}`, encodeURIComponent(`${body}.abc/def+ghi=jkl`)]) {
      refusedField(await police.get(`${P}/register?status=all&sort=reference&dir=asc&cursor=${cursor}`), 'cursor');
    }
  });

  it('id lists: duplicates count once, another partnership’s ids are neither returned nor counted, and overlong or odd lists are refused', async () => {
    const [a, b] = [all[0]!.id, all[1]!.id];
    const dup = RegisterRows.parse((await police.get(`${P}/register/rows?status=all&ids=${a},${a},${b},${a}`)).body);
    expect(dup.rows.map((r) => r.row.id).sort()).toEqual([a, b].sort());
    expect(dup.total).toBe(all.length);
    const lookup = (await police.get<RiskLookupRow[]>(`${P}/register/lookup?ids=${a},${a},${farshire.riskId}`)).body;
    expect(lookup.map((r) => r.id)).toEqual([a]);
    const mixed = RegisterRows.parse((await police.get(`${P}/register/rows?status=all&ids=${farshire.riskId},${a}`)).body);
    expect(mixed.rows.map((r) => r.row.id)).toEqual([a]);
    expect(leakedNames(farshire, [dup, lookup, mixed])).toEqual([]);

    const ids = (n: number) => Array.from({ length: n }, (_, i) => i + 1).join(',');
    refusedField(await police.get(`${P}/register/rows?ids=${ids(REGISTER_LIMITS.placeIdsMax + 1)}`), 'ids');
    refusedField(await police.get(`${P}/register/lookup?ids=${ids(REGISTER_LIMITS.lookupIdsMax + 1)}`), 'ids');
    expect((await police.get(`${P}/register/rows?ids=${ids(REGISTER_LIMITS.placeIdsMax)}`)).status).toBe(200);
    // 10,000 ids (49 KB of address) are refused before any route runs; the server carries on.
    const huge = await fetch(`${server().url}${P}/register/rows?ids=${ids(10_000)}`, { headers: { cookie: police.sessionCookie! } });
    expect([400, 414, 431]).toContain(huge.status);
    for (const bad of ['', '0', '-1', '01', '1e3', '1.0', '1,,2', ',1', '1,', ' 1', '1;2', '99999999999', '2147483648', '0x10']) {
      refusedField(await police.get(`${P}/register/rows?ids=${encodeURIComponent(bad)}`), 'ids');
    }
    expect((await police.get('/api/health')).status).toBe(200);
  });

  it('text search: LIKE wildcards, the escape character and quotes are plain text; unicode matches; long text is refused', async () => {
    // The oracle: what the reader sees of each row (reference, title, category, owner, lead agency, board), as plain text.
    const seen = (r: RiskRow) => [r.reference, r.title, r.category, r.ownerName, r.leadAgencyName, r.boardName].join('\n').toLowerCase();
    const expected = (q: string) => all.filter((r) => seen(r).includes(q.toLowerCase())).map((r) => r.title).sort();
    const found = async (q: string) => (await page(police, `status=all&limit=500&q=${encodeURIComponent(q)}`)).rows.map((r) => r.title).sort();
    for (const q of ['%', '_', '\\', "'", '"', '%%', '_%_', '\\%', '\\_', 'e_c', '100%', 'k\\s']) expect([q, await found(q)]).toEqual([q, expected(q)]);
    expect(await found('100%')).toEqual(['100% of referrals late']);
    expect(await found('e_c')).toEqual(['snake_case risk']);
    expect(await found('k\\s')).toEqual(['back\\slash risk']);
    expect(await found('\\%')).toEqual([]);
    expect(await found('"quoted" \'risk\'')).toEqual(['O’Brien "quoted" \'risk\'']);
    expect(await found('Ωmega')).toEqual(['Ünïcödé Ωmega risk 🚸']);
    expect(await found('🚸')).toEqual(['Ünïcödé Ωmega risk 🚸']);
    expect(await found("') or 1=1 --")).toEqual([]);
    // A NUL would end SQLite's LIKE pattern early (matching every row): refused, naming the field.
    for (const q of ['\u0000', 'a\u0000b', '%\u0000']) refusedField(await police.get(`${P}/register?q=${encodeURIComponent(q)}`), 'q');
    // Another partnership's words find none of its rows.
    expect(await found('Farshire')).toEqual([]);
    // Blank is no search at all.
    expect((await page(police, `status=all&limit=500&q=${encodeURIComponent('   ')}`)).total).toBe(all.length);
    refusedField(await police.get(`${P}/register?q=${'x'.repeat(REGISTER_LIMITS.searchMax + 1)}`), 'q');
    refusedField(await police.get(`${P}/register?q=${'%25'.repeat(5_000)}`), 'q');
    refusedField(await police.get(`${P}/register/summary?q=${'x'.repeat(5_000)}`), 'q');
  });

  it('sort, direction, kind, band and limit are chosen from fixed lists: injection is refused, an unknown band matches nothing', async () => {
    for (const [key, value] of [
      ['sort', 'title;drop table risks'],
      ['sort', 'r.title'],
      ['sort', '__proto__'],
      ['sort', 'constructor'],
      ['sort', 'TITLE'],
      ['dir', 'asc--'],
      ['dir', 'ASC'],
      ['dir', 'asc, id desc'],
      ['kind', '__proto__'],
      ['kind', 'current) or (1'],
      ['band', "high' or '1'='1"],
      ['band', 'x'.repeat(31)],
      ['limit', '1e3'],
      ['limit', '99999999999'],
      ['limit', '500 '],
      ['likelihood', '6'],
      ['likelihood', '0'],
      ['escalated', '1'],
      ['escalated', 'TRUE'],
      ['status', 'deleted'],
      ['boardId', '1 or 1=1'],
    ] as const) {
      const res = await police.get(`${P}/register?${key}=${encodeURIComponent(value)}${key === 'likelihood' ? '&impact=1' : ''}`);
      expect([key, value, res.status]).toEqual([key, value, 400]);
      expect(res.body).toMatchObject({ error: { details: expect.arrayContaining([expect.objectContaining({ path: key })]) } });
    }
    for (const band of ['__proto__', 'constructor', 'tostring']) {
      expect([band, (await page(police, `status=all&band=${band}`)).total]).toEqual([band, 0]);
      const summary = RegisterSummary.parse((await police.get(`${P}/register/summary?band=${band}`)).body);
      expect(summary.total).toBe(0);
    }
    // Half a heat-map cell is refused, naming the missing half.
    refusedField(await police.get(`${P}/register?likelihood=3`), 'impact');
  });

  it('prototype keys are ignored and repeated keys are refused, never merged or half-applied', async () => {
    const plain = await page(police, 'status=open&limit=500');
    const withProto = await page(police, 'status=open&limit=500&__proto__=x&constructor=y&__proto__[status]=closed&prototype=1&hasOwnProperty=1');
    expect(withProto).toEqual(plain);
    for (const repeated of ['status=open&status=closed', 'status=open&status=open', 'boardId=1&boardId=2', 'sort=title&sort=score', 'dir=asc&dir=desc', 'q=a&q=b', 'limit=1&limit=500', 'ownerId=3&ownerId=4', 'cursor=a&cursor=b']) {
      const res = await police.get(`${P}/register?${repeated}`);
      expect([repeated, res.status, errorCode(res)]).toEqual([repeated, 400, 'VALIDATION_FAILED']);
    }
    for (const [route, repeated] of [
      ['/register/rows', 'ids=1&ids=2'],
      ['/register/lookup', 'ids=1&ids=2'],
      ['/register/lookup', 'status=open&status=closed'],
      ['/register/summary', 'kind=current&kind=target'],
    ] as const) {
      const res = await police.get(`${P}${route}?${repeated}`);
      expect([route, repeated, res.status]).toEqual([route, repeated, 400]);
    }
    expect(({} as Record<string, unknown>).status).toBeUndefined();
  });
});

/** The cursor's check as the server computes it: no secret, so anyone can compute it (see register-cursor.ts). */
function digest(text: string): string {
  return createHash('sha256').update(text).digest('base64url').slice(0, 16);
}
