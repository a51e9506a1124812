import { describe, expect, it } from 'vitest';
import { REST_ANSWERS } from '../../shared/protocol/rest.js';
import type { HighlightReport } from '../../shared/schemas/reports.js';
import type { RiskRow } from '../../shared/schemas/risk.js';
import type { PlanDetail } from '../../shared/schemas/plan.js';
import { todayIn } from '../../shared/domain/scoring.js';
import { ApiClient, DEMO } from '../helpers/http.js';
import { BOARD, DEMO_PLAN, P, ok } from '../helpers/plans.js';
import { addSecondPartnership } from '../helpers/second-partnership.js';
import { getFile, readPdf } from '../helpers/pdf.js';
import { meetingInDays } from '../helpers/meeting-time.js';
import { useTestServer } from '../helpers/server.js';

describe('a board’s highlight report', () => {
  const server = useTestServer();

  it('made from the month’s record: a risk escalated, a challenge escalated, a RAG changed, risks above tolerance, the scorecard’s exceptions', async () => {
    const council = await new ApiClient(server().url).login(DEMO.council);
    const chair = await new ApiClient(server().url).login(DEMO.chair);
    const risk = (await council.get<RiskRow[]>(`${P}/risks?boardId=${BOARD.og}`)).body.find((r) => r.boardId === BOARD.og && r.status === 'open' && r.escalatedToBoardId === null)!;
    await ok(council, 'risk:escalate', { riskId: risk.id, reason: 'Needs the Improvement Board’s decision on funding' });
    const raised = await ok(council, 'challenge:raise', { boardId: BOARD.og, title: 'Health visitor caseloads', directedAgencyId: 3, dueDate: '2099-01-01' });
    await ok(council, 'challenge:escalate', { challengeId: raised.id, reason: 'No answer in time' });

    const month = todayIn(Date.now()).slice(0, 7);
    const og = await council.get<HighlightReport>(`${P}/boards/${BOARD.og}/highlight-report?month=${month}`);
    expect(og.status).toBe(200);
    expect(REST_ANSWERS[`GET /api/partnerships/:partnershipId/boards/:boardId/highlight-report`].safeParse(og.body).success).toBe(true);
    expect(og.body).toMatchObject({ board: { id: BOARD.og, name: 'Operational Group' }, month, reportsTo: { id: BOARD.ib, name: 'Improvement Board' }, cycle: 'monthly', marking: 'OFFICIAL' });
    expect(og.body.escalated).toContainEqual(expect.objectContaining({ riskId: risk.id, reference: risk.reference, reason: 'Needs the Improvement Board’s decision on funding', byName: 'Sarah Okafor' }));
    expect(og.body.challengesEscalated).toContainEqual(expect.objectContaining({ challengeId: raised.id, title: 'Health visitor caseloads', reason: 'No answer in time' }));
    expect(og.body.aboveTolerance.every((r) => r.score !== null && r.tolerance !== null && r.score > r.tolerance)).toBe(true);
    expect(og.body.exceptions.length).toBeGreaterThan(0);
    // Another month holds none of this month's moves.
    const before = (await council.get<HighlightReport>(`${P}/boards/${BOARD.og}/highlight-report?month=2020-01`)).body;
    expect([before.escalated, before.challengesEscalated, before.ragChanges]).toEqual([[], [], []]);

    // The Improvement Board's own plan: a RAG decided this month differently from before is a change.
    const plan = (await chair.get<PlanDetail>(`${P}/plans/${DEMO_PLAN}`)).body;
    const objective = plan.themes.flatMap((t) => t.objectives).find((o) => o.can.setRag && o.rag !== null)!;
    const next = objective.rag!.rag === 'red' ? 'amber' : 'red';
    await ok(chair, 'objective:set-rag', { objectiveId: objective.id, rag: next, rationale: 'Tested by the highlight report' });
    const ib = (await chair.get<HighlightReport>(`${P}/boards/${BOARD.ib}/highlight-report`)).body;
    expect(ib.ragChanges).toContainEqual(expect.objectContaining({ objectiveId: objective.id, to: next }));
    expect(ib.reportsTo).toBeNull();
  });

  it('as a print page, a PDF with the marking on every page, and a section of the receiving board’s pack', async () => {
    const council = await new ApiClient(server().url).login(DEMO.council);
    const chair = await new ApiClient(server().url).login(DEMO.chair);
    await ok(council, 'challenge:raise', { boardId: BOARD.og, title: '<script>alert(1)</script> caseloads', directedAgencyId: 3, dueDate: '2099-01-01' }).then((c) => ok(council, 'challenge:escalate', { challengeId: c.id, reason: 'No answer' }));
    const page = await getFile(council, `${P}/boards/${BOARD.og}/highlight-report.html`);
    expect(page.status).toBe(200);
    expect(page.text).toContain('Highlight report: Operational Group');
    expect(page.text).toContain('&lt;script&gt;alert(1)&lt;/script&gt; caseloads');
    expect(page.text).not.toContain('<script>alert(1)');
    const pdf = await getFile(council, `${P}/boards/${BOARD.og}/highlight-report.pdf`);
    expect(pdf.status).toBe(200);
    const read = await readPdf(pdf.bytes);
    for (const p of read.pages) expect(p.text).toContain('OFFICIAL');
    expect(read.bookmarks.map((b) => b.title.replace(/\s/g, ''))).toContain('Risksabovetolerance');
    // The Improvement Board's next meeting's pack carries what the Operational Group reports to it.
    const meeting = await ok(chair, 'meeting:create', { boardId: BOARD.ib, title: 'IB with highlights', startsAt: meetingInDays(20) });
    const pack = await getFile(chair, `${P}/meetings/${meeting.id}/pack.html`);
    expect(pack.text).toContain('Highlight report: Operational Group');
  });

  it('read by the board, the board it reports to and administrators; refused to others, other partnerships and a bad month', async () => {
    const observer = await new ApiClient(server().url).login(DEMO.observer);
    // An observer of the Improvement Board reads what the Operational Group reports to it...
    expect((await observer.get(`${P}/boards/${BOARD.og}/highlight-report`)).status).toBe(200);
    // ...but not the Safeguarding Children Board's, which reports to nobody they sit on.
    const boards = (await observer.get<{ id: number; name: string }[]>(`${P}/boards`)).body;
    const scb = boards.find((b) => b.name === 'Safeguarding Children Board');
    expect(scb).toBeDefined();
    expect((await observer.get(`${P}/boards/${scb!.id}/highlight-report`)).status).toBe(404);
    expect((await observer.get(`${P}/boards/${BOARD.og}/highlight-report?month=2026-13`)).status).toBe(400);
    expect((await observer.get(`${P}/boards/99999/highlight-report`)).status).toBe(404);
    const far = await addSecondPartnership(server());
    const farshire = await new ApiClient(server().url).login(far.email, far.password);
    expect((await farshire.get(`${P}/boards/${BOARD.og}/highlight-report`)).status).toBe(404);
    expect((await farshire.get(`/api/partnerships/${far.partnershipId}/boards/${BOARD.og}/highlight-report`)).status).toBe(404);
    expect((await new ApiClient(server().url).get(`${P}/boards/${BOARD.og}/highlight-report`)).status).toBe(401);
  });
});
