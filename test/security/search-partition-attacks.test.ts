import { describe, expect, it, vi } from 'vitest';
import { loadActor } from '../../server/core/actors.js';
import { addDays, todayIn } from '../../shared/domain/scoring.js';
import { SOCKET_LIMITS } from '../../shared/limits.js';
import { docName } from '../../shared/protocol/yjs.js';
import { newMitigation } from '../../shared/docs/risk-doc.js';
import { RaiseChallengePayload } from '../../shared/schemas/challenge.js';
import { CreateRiskPayload, type RiskRow } from '../../shared/schemas/risk.js';
import { SearchAnswer, type SearchKind } from '../../shared/schemas/search.js';
import { parse } from '../../shared/validate.js';
import { ApiClient, DEMO } from '../helpers/http.js';
import { addSecondPartnership, type SecondPartnership } from '../helpers/second-partnership.js';
import { addSecondPlan } from '../helpers/second-plan.js';
import { useTestServer, type TestServer } from '../helpers/server.js';
import { openDoc } from '../helpers/yjs.js';

const P = '/api/partnerships/1';

async function search(who: ApiClient, q: string, partnership = P): Promise<SearchAnswer> {
  const res = await who.get<SearchAnswer>(`${partnership}/search?q=${encodeURIComponent(q)}`);
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return parse(SearchAnswer, res.body);
}
const group = (a: SearchAnswer, kind: SearchKind) => a.groups.find((g) => g.kind === kind)!;

interface Me {
  person: { id: number };
  agency: { id: number };
  memberships: { boardId: number; boardName: string }[];
}

/** A risk in the second partnership, made as its administrator through the running server's service. */
async function farshireRisk(s: TestServer, second: SecondPartnership, title: string): Promise<number> {
  const actor = (await loadActor(s.ctx, second.personId))!;
  return (await s.services.risks.create(actor, parse(CreateRiskPayload, { boardId: second.boardId, title, leadAgencyId: second.agencyId, ownerId: second.personId }))).id;
}

/** Each search table, its record table, and how a search row's record names its partnership. */
const SEARCH_TABLES = [
  ['search_risks', 'select s.rid as rid, s.partnership_id as filed, r.partnership_id as owner from search_risks s join risks r on r.id = s.rid'],
  ['search_mitigations', 'select s.rid as rid, s.partnership_id as filed, r.partnership_id as owner from search_mitigations s join mitigations m on m.id = s.rid join risks r on r.id = m.risk_id'],
  ['search_challenges', 'select s.rid as rid, s.partnership_id as filed, c.partnership_id as owner from search_challenges s join challenges c on c.id = s.rid'],
  ['search_meeting_actions', 'select s.rid as rid, s.partnership_id as filed, x.partnership_id as owner from search_meeting_actions s join meeting_actions x on x.id = s.rid'],
  ['search_plan_objectives', 'select s.rid as rid, s.partnership_id as filed, x.partnership_id as owner from search_plan_objectives s join plan_objectives x on x.id = s.rid'],
  ['search_plan_actions', 'select s.rid as rid, s.partnership_id as filed, x.partnership_id as owner from search_plan_actions s join plan_actions x on x.id = s.rid'],
  ['search_recommendations', 'select s.rid as rid, s.partnership_id as filed, x.partnership_id as owner from search_recommendations s join inspection_recommendations x on x.id = s.rid'],
  ['search_people', 'select s.rid as rid, s.partnership_id as filed, x.partnership_id as owner from search_people s join people x on x.id = s.rid'],
] as const;

describe('search across partnerships: what another partnership’s records can and cannot give away', () => {
  const server = useTestServer({ socketLimits: { ...SOCKET_LIMITS, commandsPerSecond: 10_000, commandBurst: 10_000 } });

  it('files every kind of another partnership’s record under that partnership, and never counts, headlines nor references it here', async () => {
    const s = server();
    const second = await addSecondPartnership(s);
    await addSecondPlan(s, second);
    const actor = (await loadActor(s.ctx, second.personId))!;
    const challenge = await s.services.challenges.raise(
      actor,
      parse(RaiseChallengePayload, { boardId: second.boardId, title: 'Farshire challenge on county lines', question: 'Why is Farshire late?', directedAgencyId: second.agencyId, dueDate: addDays(todayIn(s.ctx.clock()), 20) }),
    );
    const farshire = await new ApiClient(s.url).login(second.email, second.password);
    const doc = openDoc(farshire, docName('risk', second.riskId));
    await doc.synced();
    newMitigation(doc.doc, 'm-farshire', { action: 'Farshire mitigation: Wyvernholt outreach', ownerId: second.personId, agencyId: second.agencyId, dueDate: null });
    const own = `/api/partnerships/${second.partnershipId}`;
    // Every kind is found at home: the rows are there to be leaked.
    await vi.waitFor(async () => expect(group(await search(farshire, 'wyvernholt', own), 'risk').count).toBe(1), { timeout: 5_000 });
    const home = await search(farshire, 'farshire', own);
    for (const kind of ['risk', 'challenge', 'action', 'plan_action', 'objective', 'recommendation'] as const) expect(group(home, kind).count, kind).toBeGreaterThan(0);
    expect(group(await search(farshire, 'quarrington', own), 'person').count).toBe(1);
    doc.destroy();

    if (s.ctx.database.dialect === 'postgres') {
      // Each row says its record's partnership (a mitigation's is its risk's), whichever trigger wrote it.
      for (const [table, rows] of SEARCH_TABLES) {
        const wrong = await s.ctx.database.sql.all<{ rid: unknown; filed: number; owner: number }>(`select * from (${rows}) x where x.filed <> x.owner`, []);
        expect(wrong, table).toEqual([]);
        const farshireRows = await s.ctx.database.sql.all<{ n: number }>(`select count(*) as n from ${table} where partnership_id = ?`, [second.partnershipId]);
        expect(Number(farshireRows[0]!.n), table).toBeGreaterThan(0);
      }
    }

    for (const email of [DEMO.admin, DEMO.police, DEMO.observer]) {
      const who = await new ApiClient(s.url).login(email);
      for (const q of ['farshire', 'wyvernholt', 'Ysolde', 'quarrington', 'county lines', `R-${second.riskId}`, challenge.reference, `A-${second.actionId}`]) {
        const answer = await search(who, q);
        const text = JSON.stringify(answer.groups);
        expect(text, `${email} ${q}`).not.toMatch(/Farshire|Wyvernholt|Ysolde/);
        if (!/^[RC]-/.test(q)) expect(answer.total, `${email} ${q}`).toBe(0);
      }
    }
  });

  it('orders one’s own hits the same whatever words another partnership’s records hold (no statistics of theirs leak through the ranking)', async () => {
    const s = server();
    const police = await new ApiClient(s.url).login(DEMO.police);
    const me = (await police.get<Me>('/api/auth/me')).body;
    const board = me.memberships.find((m) => m.boardName === 'Improvement Board')!;
    const risk = async (title: string) => (await police.post<RiskRow>(`${P}/risks`, { boardId: board.boardId, title, leadAgencyId: me.agency.id, ownerId: me.person.id })).body.id;
    // Two of one's own records, alike but for which of two rare words each repeats.
    const twiceVexmoor = await risk('Vexmoor vexmoor tallowick');
    const twiceTallowick = await risk('Vexmoor tallowick tallowick');
    const order = async () => group(await search(police, 'vexmoor tallowick'), 'risk').hits.map((h) => h.id);
    const before = await order();
    expect([...before].sort((a, b) => a - b)).toEqual([twiceVexmoor, twiceTallowick]);

    // Another partnership writes one of the words often: a member here must not be able to tell, from
    // the order of their own two records, which word that partnership uses (a child's surname, say).
    const second = await addSecondPartnership(s);
    for (let i = 0; i < 8; i++) await farshireRisk(s, second, `Vexmoor estate concern ${i}`);
    expect(await order()).toEqual(before);
    for (let i = 0; i < 16; i++) await farshireRisk(s, second, `Tallowick family concern ${i}`);
    expect(await order()).toEqual(before);
  });
});
