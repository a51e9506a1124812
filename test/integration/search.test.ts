import { describe, expect, it, vi } from 'vitest';
import type * as Y from 'yjs';
import { loadActor } from '../../server/core/actors.js';
import { addDays, todayIn } from '../../shared/domain/scoring.js';
import { SOCKET_LIMITS } from '../../shared/limits.js';
import { docName } from '../../shared/protocol/yjs.js';
import { newMitigation } from '../../shared/docs/risk-doc.js';
import { CreateActionPayload, CreateMeetingPayload } from '../../shared/schemas/meeting.js';
import { RISK_DOC, type RiskRow } from '../../shared/schemas/risk.js';
import { SearchAnswer, type SearchKind } from '../../shared/schemas/search.js';
import type { ErrorBody } from '../../shared/errors.js';
import { parse } from '../../shared/validate.js';
import { searchRepository } from '../../server/features/search/index.js';
import { ApiClient, DEMO } from '../helpers/http.js';
import { addSecondPartnership } from '../helpers/second-partnership.js';
import { startTestServer, useTestServer, type TestServer } from '../helpers/server.js';
import { openDoc } from '../helpers/yjs.js';

const P = '/api/partnerships/1';

interface Me {
  person: { id: number };
  agency: { id: number };
  memberships: { boardId: number; boardName: string }[];
}

async function search(who: ApiClient, q: string, kind?: SearchKind, partnership = P): Promise<SearchAnswer> {
  const res = await who.get<SearchAnswer>(`${partnership}/search?q=${encodeURIComponent(q)}${kind ? `&kind=${kind}` : ''}`);
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return parse(SearchAnswer, res.body);
}
const group = (a: SearchAnswer, kind: SearchKind) => a.groups.find((g) => g.kind === kind)!;
const hitText = (a: SearchAnswer) => JSON.stringify(a.groups.flatMap((g) => g.hits));

async function boardId(server: TestServer, who: ApiClient, name: string): Promise<number> {
  const boards = (await who.get<{ id: number; name: string }[]>(`${P}/boards`)).body;
  return boards.find((b) => b.name === name)!.id;
}

/** A document's edit reaching the search tables: a round trip through the server, given room on a busy machine. */
const SYNCED = { timeout: 5_000 };

describe('search (issue 16): full-text across the partnership’s records, within the reader’s rights', () => {
  const server = useTestServer({ socketLimits: { ...SOCKET_LIMITS, commandsPerSecond: 10_000, commandBurst: 10_000 } });

  it('finds a mitigation’s words as its risk, and forgets removed words once the document changes', async () => {
    const police = await new ApiClient(server().url).login(DEMO.police);
    const observer = await new ApiClient(server().url).login(DEMO.observer);
    const me = (await police.get<Me>('/api/auth/me')).body;
    const board = me.memberships.find((m) => m.boardName === 'Improvement Board')!;
    const created = await police.post<RiskRow>(`${P}/risks`, { boardId: board.boardId, title: 'Exploitation hotspots unmapped', leadAgencyId: me.agency.id, ownerId: me.person.id });
    expect(created.status).toBe(201);
    const risk = created.body;

    const doc = openDoc(police, docName('risk', risk.id));
    await doc.synced();
    newMitigation(doc.doc, 'm-search', { action: 'Map the Quillfeather estate hotspots with the youth service', ownerId: me.person.id, agencyId: me.agency.id, dueDate: null });

    // Found by a word of the mitigation, and by the start of one; as the risk, opening the risk.
    await vi.waitFor(async () => expect(group(await search(police, 'quillfeather'), 'risk').count).toBe(1), SYNCED);
    for (const q of ['Quillfeather estate', 'quillfeath', 'QUILLFEATHER hotspots']) {
      const hit = group(await search(observer, q), 'risk').hits[0]!;
      expect(hit).toMatchObject({ kind: 'risk', id: risk.id, reference: risk.reference, title: 'Exploitation hotspots unmapped', link: `/risks/${risk.id}` });
      expect(hit.snippet.filter((p) => p.hit).map((p) => p.text.toLowerCase())).toContain('quillfeather');
    }

    // Words in both the risk and its mitigation: the risk is one hit, counted once.
    const both = group(await search(police, 'hotspots'), 'risk');
    expect(both.hits.filter((h) => h.id === risk.id)).toHaveLength(1);
    expect(both.count).toBe(new Set(both.hits.map((h) => h.id)).size);

    // The words are changed in the document: the old ones are no longer found, the new ones are.
    const action = (doc.doc.getMap(RISK_DOC.mitigations).get('m-search') as Y.Map<unknown>).get(RISK_DOC.mitigationAction) as Y.Text;
    doc.doc.transact(() => {
      action.delete(0, action.length);
      action.insert(0, 'Map the Brackenridge estate with the youth service');
    });
    await vi.waitFor(async () => expect(group(await search(police, 'brackenridge'), 'risk').count).toBe(1), SYNCED);
    expect((await search(police, 'quillfeather')).total).toBe(0);

    // The mitigation is removed: its words go with it; the risk's own words stay.
    doc.doc.getMap(RISK_DOC.mitigations).delete('m-search');
    await vi.waitFor(async () => expect((await search(police, 'brackenridge')).total).toBe(0), SYNCED);
    expect(group(await search(police, 'hotspots unmapped'), 'risk').hits.map((h) => h.id)).toEqual([risk.id]);

    // A risk's own text, typed in its document, likewise.
    doc.doc.getText('cause').insert(0, 'Saltmarsh outreach lapsed. ');
    await vi.waitFor(async () => expect(group(await search(police, 'saltmarsh'), 'risk').count).toBe(1), SYNCED);
  });

  it('finds challenges, board actions, the improvement plan and people, each opening its page', async () => {
    const admin = await new ApiClient(server().url).login(DEMO.admin);
    const answer = await search(admin, 'children');
    for (const kind of ['risk', 'challenge', 'objective', 'plan_action', 'recommendation', 'person'] as const) expect(group(answer, kind).count, kind).toBeGreaterThan(0);
    expect(answer.total).toBe(answer.groups.reduce((n, g) => n + g.count, 0));
    const challenge = group(answer, 'challenge').hits[0]!;
    expect(challenge.reference).toMatch(/^C-\d{3}$/);
    expect(challenge.link).toBe(`/challenges/${challenge.id}`);
    expect(group(answer, 'objective').hits[0]!.link).toMatch(/^\/plans\/\d+\/objectives\/\d+$/);
    expect(group(answer, 'recommendation').hits[0]!.reference).toMatch(/^Recommendation \d+$/);

    const actions = group(await search(admin, 'recruitment campaign timetable'), 'action');
    expect(actions.count).toBe(1);
    expect(actions.hits[0]).toMatchObject({ reference: expect.stringMatching(/^A-\d{3}$/), link: expect.stringMatching(/^\/boards\/\d+\/actions$/) });

    // A reference finds its record, first of its kind, however it is typed.
    for (const [q, kind, reference] of [['R-005', 'risk', 'R-005'], ['r5', 'risk', 'R-005'], ['c-001', 'challenge', 'C-001'], ['A-1', 'action', 'A-001']] as const) {
      const byRef = await search(admin, q);
      expect(group(byRef, kind).hits[0]?.reference, q).toBe(reference);
      expect(group(byRef, kind).count, q).toBe(1);
    }

    const people = group(await search(admin, 'okafor'), 'person');
    expect(people.hits.map((h) => h.title)).toEqual(['Sarah Okafor']);
    expect(people.hits[0]!.context).toContain('Assistant Director');

    // One kind asked: only its hits are listed, every kind still counted.
    const risksOnly = await search(admin, 'children', 'risk');
    expect(risksOnly.kind).toBe('risk');
    expect(group(risksOnly, 'risk').hits.length).toBe(group(risksOnly, 'risk').count);
    expect(group(risksOnly, 'challenge').hits).toEqual([]);
    expect(group(risksOnly, 'challenge').count).toBe(group(answer, 'challenge').count);
  });

  it('never answers a hit, nor a count, from another partnership', async () => {
    const s = server();
    const second = await addSecondPartnership(s);
    const farshire = await new ApiClient(s.url).login(second.email, second.password);
    // Margaret Ellison also works in Eastbridge (the demo's neighbour): working in Northbrook she finds only Northbrook's.
    const chair = await new ApiClient(s.url).login(DEMO.chair);
    for (const email of Object.values(DEMO)) {
      const who = email === DEMO.chair ? chair : await new ApiClient(s.url).login(email);
      for (const q of ['farshire', 'Ysolde Quarrington', 'county lines', 'exploitation']) {
        const answer = await search(who, q);
        expect(hitText(answer)).not.toMatch(/Farshire|Ysolde/);
        if (q !== 'exploitation') expect(answer.total, `${email} ${q}`).toBe(0);
      }
      // Eastbridge's people are not Northbrook's.
      expect((await search(who, 'Joanne Pike')).total).toBe(0);
      // Asking under the other partnership's id is "not found", not an empty answer.
      const other = await who.get<ErrorBody>(`/api/partnerships/${second.partnershipId}/search?q=farshire`);
      expect(other.status).toBe(404);
    }
    // And the other way: Farshire's administrator finds Farshire's, and nothing of Northbrook's.
    const own = await search(farshire, 'farshire', undefined, `/api/partnerships/${second.partnershipId}`);
    expect(group(own, 'risk').hits.map((h) => h.id)).toEqual([second.riskId]);
    expect(group(own, 'action').hits.map((h) => h.id)).toEqual([second.actionId]);
    expect(group(await search(farshire, 'R-001', undefined, `/api/partnerships/${second.partnershipId}`), 'risk').hits.map((h) => h.id)).toEqual([second.riskId]);
    expect(group(await search(chair, 'R-001'), 'risk').hits.map((h) => h.id)).not.toContain(second.riskId);
    expect(group(await search(chair, `A-${second.actionId}`), 'action').count).toBe(0);
    for (const q of ['children', 'okafor', 'campaign', 'quillfeather']) expect((await search(farshire, q, undefined, `/api/partnerships/${second.partnershipId}`)).total, q).toBe(0);
    expect((await farshire.get(`${P}/search?q=children`)).status).toBe(404);
  });

  it('lists a board’s actions to its members (observers too), their owner and administrators only; disabled people to administrators only', async () => {
    const s = server();
    const council = await new ApiClient(s.url).login(DEMO.council);
    const observer = await new ApiClient(s.url).login(DEMO.observer);
    const schools = await new ApiClient(s.url).login(DEMO.schools);
    const admin = await new ApiClient(s.url).login(DEMO.admin);
    const chair = await new ApiClient(s.url).login(DEMO.chair);
    const og = await boardId(s, council, 'Operational Group');
    const councilMe = (await council.get<Me>('/api/auth/me')).body;
    const observerMe = (await observer.get<Me>('/api/auth/me')).body;
    const actor = (await loadActor(s.ctx, councilMe.person.id))!;
    const meeting = await s.services.meetings.create(actor, parse(CreateMeetingPayload, { boardId: og, title: 'Operational Group', startsAt: `${addDays(todayIn(s.ctx.clock()), 7)}T10:00:00.000Z` }));
    const due = addDays(todayIn(s.ctx.clock()), 30);
    const { action: backlog } = await s.services.meetings.createAction(actor, parse(CreateActionPayload, { meetingId: meeting.id, description: 'Audit the Wintergreen referrals backlog', ownerId: councilMe.person.id, agencyId: councilMe.agency.id, dueDate: due }));
    await s.services.meetings.createAction(actor, parse(CreateActionPayload, { meetingId: meeting.id, description: 'Brief the DfE on the Wintergreen audit', ownerId: observerMe.person.id, agencyId: null, dueDate: due }));

    const count = async (who: ApiClient) => group(await search(who, 'wintergreen'), 'action').count;
    expect(await count(council)).toBe(2); // the Operational Group's chair
    expect(await count(schools)).toBe(2); // a member
    expect(await count(admin)).toBe(2); // an administrator
    expect(await count(chair)).toBe(0); // not at the Operational Group
    expect(await count(observer)).toBe(1); // not at the Operational Group: only the action they own
    expect(hitText(await search(observer, 'wintergreen'))).not.toContain('backlog');
    // Nor by its reference.
    expect(group(await search(observer, backlog.reference), 'action').count).toBe(0);
    expect(group(await search(schools, backlog.reference), 'action').hits.map((h) => h.id)).toEqual([backlog.id]);
    // An observer reads the register, the challenge log and the plan as everyone does.
    const all = await search(observer, 'children');
    for (const kind of ['risk', 'challenge', 'objective', 'person'] as const) expect(group(all, kind).count).toBe(group(await search(admin, 'children'), kind).count);

    // A disabled person: administrators still find them (to enable them again); nobody else does.
    const people = (await admin.get<{ id: number; name: string }[]>(`${P}/people`)).body;
    const lorraine = people.find((p) => p.name === 'Lorraine Price')!;
    expect((await admin.patch(`${P}/people/${lorraine.id}`, { disabled: true })).status).toBe(200);
    expect(group(await search(admin, 'lorraine'), 'person').count).toBe(1);
    for (const who of [council, observer, chair]) expect(group(await search(who, 'lorraine'), 'person').count).toBe(0);
    expect((await admin.patch(`${P}/people/${lorraine.id}`, { disabled: false })).status).toBe(200);
    expect(group(await search(council, 'lorraine'), 'person').count).toBe(1);
  });

  it('answers odd queries 200 or a clear 400, never 500: FTS5 syntax is only words', async () => {
    const police = await new ApiClient(server().url).login(DEMO.police);
    const odd = ['"', '*', 'NEAR(', 'NEAR(children police, 2)', 'AND', 'OR', 'NOT', 'children OR', 'children AND NOT police', '^children', 'title:children', 'children*', '(((', '-', '"children', "child's", '__proto__', 'constructor', 'toString', '🙂', 'Ω≈ç√', '%', '%25', '\\', ' ', '', '{}', '[]', 'a'.repeat(200)];
    for (const q of odd) {
      const res = await police.get<SearchAnswer | ErrorBody>(`${P}/search?q=${encodeURIComponent(q)}`);
      expect(res.status, q).toBe(200);
      parse(SearchAnswer, res.body);
    }
    // Operators are words like any other: "and" alone finds what has the word "and" in it.
    expect((await search(police, 'AND')).total).toBeGreaterThan(0);
    expect((await search(police, 'NEAR(')).total).toBe(0);
    expect((await search(police, '"')).terms).toEqual([]);
    expect((await search(police, '__proto__')).terms).toEqual(['proto']);

    const refused = async (query: string, field: string) => {
      const res = await police.get<ErrorBody>(`${P}/search${query}`);
      expect(res.status, query).toBe(400);
      expect(res.body.error.code).toBe('VALIDATION_FAILED');
      expect(JSON.stringify(res.body.error.details)).toContain(field);
    };
    await refused(`?q=${'a'.repeat(500)}`, 'q');
    await refused('?q=a%00b', 'q');
    await refused('', 'q');
    await refused('?q=a&q=b', 'q');
    await refused('?q=children&kind=__proto__', 'kind');
    await refused('?q=children&kind=risk&kind=person', 'kind');
    expect((await new ApiClient(server().url).get(`${P}/search?q=children`)).status).toBe(401);
  });

  it('reads query-language characters as text on either engine: tsquery’s & | ! :* and quotes never become operators', async () => {
    const s = server();
    const police = await new ApiClient(s.url).login(DEMO.police);
    const me = (await police.get<Me>('/api/auth/me')).body;
    const board = me.memberships.find((m) => m.boardName === 'Improvement Board')!;
    const created = await police.post<RiskRow>(`${P}/risks`, { boardId: board.boardId, title: "Zephyrine & Oakhollow | referrals: !urgent's pathway", leadAgencyId: me.agency.id, ownerId: me.person.id });
    expect(created.status).toBe(201);
    const risk = created.body;
    // Every term required, whatever stands between them: `!` is no negation, `|` no alternative.
    for (const q of ['zephyrine & oakhollow', 'oakhollow & !zephyrine', "'oakhollow'", "urgent's", 'zephyr:* | oakhol', '(zephyrine <-> pathway)', 'zephyrine\\']) {
      const hits = group(await search(police, q), 'risk').hits;
      expect(hits.map((h) => h.id), q).toEqual([risk.id]);
    }
    expect(group(await search(police, 'zephyrine'), 'risk').hits[0]!.snippet.filter((p) => p.hit).map((p) => p.text.toLowerCase())).toEqual(['zephyrine']);
    for (const q of ['zephyrine | !nothingatall:*', 'zephyrine | nothingatall', "zephyrine ' | 'nothingatall"]) expect((await search(police, q)).total, q).toBe(0);

    // Below the service's word splitting: terms holding query syntax are still each one quoted phrase.
    const repo = searchRepository(s.ctx);
    const scope = { partnershipId: 1, personId: me.person.id, isAdmin: false, boardIds: [board.boardId] };
    const limits = { risk: 5, challenge: 0, action: 0, plan_action: 0, objective: 0, recommendation: 0, person: 0 };
    const risks = async (terms: string[]) => (await repo.search(scope, terms, limits)).find((g) => g.kind === 'risk')!;
    for (const terms of [['zephyrine', 'nothing | oakhollow'], ['zephyrine', "x' | 'oakhollow"], ['zephyrine', 'nothing:* | !zephyrine'], ['zephyrine', '"nothing']]) {
      expect((await risks(terms)).count, terms.join(' ')).toBe(0);
    }
    for (const terms of [['zephyrine\\'], ["oakhollow'"], ['zephyrine & oakhollow']]) expect((await risks(terms)).records.map((r) => r.id), terms.join(' ')).toEqual([risk.id]);
  });
});

describe('search draws on the person’s budget, as other costly reads do', () => {
  it('answers 429 with a retry time once the budget is spent', async () => {
    const s = await startTestServer({ socketLimits: { ...SOCKET_LIMITS, commandsPerSecond: 0.01, commandBurst: 3 } });
    const police = await new ApiClient(s.url).login(DEMO.police);
    for (let i = 0; i < 3; i++) expect((await police.get(`${P}/search?q=children`)).status).toBe(200);
    const res = await police.get<ErrorBody>(`${P}/search?q=children`);
    expect(res.status).toBe(429);
    expect(res.body.error.code).toBe('RATE_LIMITED');
    expect(res.body.error.details).toMatchObject({ retryAfterSeconds: expect.any(Number) });
  });
});
