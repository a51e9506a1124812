import { eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { partnerships } from '../../server/db/schema.js';
import { PDF_LIMITS } from '../../shared/limits.js';
import type { EvidenceView } from '../../shared/schemas/evidence.js';
import type { MeetingDetail, MeetingSummary } from '../../shared/schemas/meeting.js';
import type { BoardView } from '../../shared/schemas/admin.js';
import type { Me } from '../../shared/schemas/auth.js';
import { uploadEvidence } from '../helpers/evidence.js';
import { ApiClient, DEMO } from '../helpers/http.js';
import { meetingInDays } from '../helpers/meeting-time.js';
import { getFile, makePdf, pageCount, readPdf, type PdfPage, type ReadPdf } from '../helpers/pdf.js';
import { addSecondPartnership, type SecondPartnership } from '../helpers/second-partnership.js';
import { useTestServer } from '../helpers/server.js';

/*
 * Board packs and minutes as PDFs, printed by the real Chromium (Debian's) of a real server, read back
 * with pdf.js and pdf-lib. One server (one warm browser) for the file; a second without Chromium.
 */

const P = '/api/partnerships/1';
const MARKING = 'OFFICIAL-SENSITIVE';
const squash = (s: string) => s.replace(/\s+/g, '');

/** The marking near the top edge and near the bottom edge of the page, and "Page n of N" with this n and N. */
function expectFurniture(page: PdfPage, n: number, total: number, marking: string): void {
  const markings = page.runs.filter((r) => r.str.includes(marking));
  expect(markings.some((r) => r.y > page.height - 60), `marking at the top of page ${n}`).toBe(true);
  expect(markings.some((r) => r.y < 60), `marking at the bottom of page ${n}`).toBe(true);
  expect(page.text, `page ${n}`).toContain(`Page ${n} of ${total}`);
}

function expectEveryPage(pdf: ReadPdf, marking: string): void {
  expect(pdf.pages.length).toBeGreaterThan(1);
  pdf.pages.forEach((page, i) => expectFurniture(page, i + 1, pdf.pages.length, marking));
}

describe('board packs and minutes as PDFs', () => {
  const server = useTestServer();
  let chair: ApiClient;
  let chairMe: Me;
  let next: MeetingSummary;
  let past: MeetingSummary;

  beforeAll(async () => {
    // The partnership's own marking is what is printed (not the default).
    await server().ctx.database.transaction(() => server().ctx.db.update(partnerships).set({ protectiveMarking: MARKING }).where(eq(partnerships.id, 1)).run());
    chair = await new ApiClient(server().url).login(DEMO.chair);
    chairMe = (await chair.get<Me>('/api/auth/me')).body;
    const meetings = (await chair.get<MeetingSummary[]>(`${P}/boards/1/meetings`)).body;
    next = meetings.find((m) => m.status === 'scheduled')!;
    past = meetings.find((m) => m.status === 'signed_off')!;
    expect(next && past).toBeTruthy();
  });

  it("the demo's next meeting's pack: tagged, the marking and \"Page n of N\" on every page, one bookmark per agenda item", { timeout: 60_000 }, async () => {
    const detail = (await chair.get<MeetingDetail>(`${P}/meetings/${next.id}`)).body;
    expect(detail.agenda.length).toBeGreaterThan(3);
    const res = await getFile(chair, `${P}/meetings/${next.id}/pack.pdf`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/pdf');
    expect(res.headers.get('content-disposition')).toMatch(/^attachment; filename="board-pack-improvement-board-\d{4}-\d{2}-\d{2}\.pdf"$/);
    const pdf = await readPdf(res.bytes);
    expect(await pageCount(res.bytes)).toBe(pdf.pages.length);
    expect(pdf.tagged).toBe(true);
    expectEveryPage(pdf, MARKING);

    // The cover: the partnership, the board, when (GOV.UK style, London time), where.
    const cover = pdf.pages[0]!.text;
    expect(cover).toContain('Northbrook Safeguarding Children Partnership');
    expect(cover).toContain('Improvement Board: board pack');
    expect(cover).toMatch(/\d{1,2} (January|February|March|April|May|June|July|August|September|October|November|December) \d{4}, 10:00am/);
    expect(cover).toContain('Committee Room 2, Civic Centre');

    // Each agenda item is one bookmark, at the page where it is printed (Chromium joins wrapped lines without a space).
    for (const [i, item] of detail.agenda.entries()) {
      const marks = pdf.bookmarks.filter((b) => squash(b.title) === squash(`${i + 1}. ${item.title}`));
      expect(marks, item.title).toHaveLength(1);
      expect(squash(pdf.pages[marks[0]!.page - 1]!.text)).toContain(squash(item.title.slice(0, 30)));
    }
    // Every section is there, each a bookmark of its own.
    for (const section of ['Agenda', 'Escalated and above-tolerance risks', 'Challenge log by agency', 'Improvement plan RAG summary', 'Scorecard exceptions', 'Actions log']) {
      expect(pdf.bookmarks.map((b) => b.title)).toContain(section);
    }
    const all = pdf.pages.map((p) => p.text).join(' ');
    // The escalated risks (the demo's ), the heat map's table, a challenge, an objective, an exception, an overdue action.
    expect(all).toContain('R-001');
    expect(all).toContain('Escalated from Operational Group');
    expect(all).toContain('Open risks by current likelihood (rows) and impact (columns)');
    expect(all).toContain('Northbrook Integrated Care Board');
    expect(all).toContain('Children’s Services Improvement Plan');
    expect(all).toContain('Why it is an exception');
    expect(all).toMatch(/A-\d{3}.*Overdue/);
  });

  it('an attached PDF paper is merged after the pack, in order: its pages carry the marking and the numbers of the whole, and a bookmark', { timeout: 60_000 }, async () => {
    const detail = (await chair.get<MeetingDetail>(`${P}/meetings/${next.id}`)).body;
    const before = await pageCount((await getFile(chair, `${P}/meetings/${next.id}/pack.pdf`)).bytes);
    const upload = async (label: string, pages: number) => {
      const res = await uploadEvidence(chair, 1, { name: `${label}.pdf`, bytes: await makePdf(label, pages), type: 'application/pdf' }, { title: label });
      expect(res.status).toBe(201);
      return (res.body as EvidenceView).id;
    };
    const finance = await upload('Finance paper', 3);
    const health = await upload('Health paper', 1);
    const removed = await upload('Withdrawn paper', 2);
    const csv = await uploadEvidence(chair, 1, { name: 'figures.csv', bytes: 'a,b\n1,2\n', type: 'text/csv' }, { title: 'Figures' });
    expect(csv.status).toBe(201);
    // Attached as the meeting's chair attaches them (paper:add); one is then removed (paper:remove).
    const add = async (itemIndex: number, title: string, evidenceId: number | null) => {
      const res = await chair.post<MeetingDetail>('/api/commands/paper:add', { meetingId: next.id, itemId: detail.agenda[itemIndex]!.id, title, evidenceId });
      expect(res.status).toBe(200);
      return res.body.papers.find((p) => p.title === title)!.id;
    };
    // Item order decides, then the order added: the health paper (item 2) comes before the finance paper (item 3).
    await add(2, 'Finance report “Q3” – draft ✓', finance);
    const withdrawn = await add(1, 'Withdrawn paper', removed);
    await add(1, 'Health engagement update', health);
    await add(1, 'Figures behind the update', (csv.body as EvidenceView).id);
    await add(3, 'Expected paper', null);
    expect((await chair.post('/api/commands/paper:remove', { meetingId: next.id, paperId: withdrawn })).status).toBe(200);

    const res = await getFile(chair, `${P}/meetings/${next.id}/pack.pdf`);
    expect(res.status).toBe(200);
    const pdf = await readPdf(res.bytes);
    // The pack's own pages now list the papers under their items, which may take it over a page: the
    // merged papers' four pages follow wherever it ends.
    const own = pdf.pages.findIndex((p) => p.text.includes('Health paper page 1'));
    expect(own).toBeGreaterThanOrEqual(before);
    expect(own).toBeLessThanOrEqual(before + 1);
    expect(await pageCount(res.bytes)).toBe(own + 4);
    expect(pdf.pages).toHaveLength(own + 4);
    expectEveryPage(pdf, MARKING);
    expect(pdf.pages[own]!.text).toContain('Health paper page 1');
    expect(pdf.pages.slice(own + 1).map((p) => p.text.match(/Finance paper page \d/)?.[0])).toEqual(['Finance paper page 1', 'Finance paper page 2', 'Finance paper page 3']);
    expect(pdf.pages.map((p) => p.text).join(' ')).not.toContain('Withdrawn paper page');
    // The pack's own pages still say which papers the items have, and the outline has a bookmark per paper at its first page.
    const agenda = pdf.pages.slice(0, own).map((p) => p.text).join(' ');
    expect(agenda).toContain('Health engagement update (received; at the end of this pack)');
    expect(agenda).toContain('Figures behind the update (received; not in this pack, which carries PDF papers only)');
    expect(agenda).toContain('Expected paper (expected)');
    expect(agenda).not.toContain('Withdrawn paper');
    const papers = pdf.bookmarks.filter((b) => b.depth === 1 && pdf.bookmarks.some((p) => p.title === 'Attached papers' && p.depth === 0));
    expect(pdf.bookmarks.find((b) => b.title === 'Attached papers')).toMatchObject({ depth: 0, page: own + 1 });
    expect(papers.filter((b) => b.page > own)).toEqual([
      { title: 'Health engagement update', depth: 1, page: own + 1 },
      { title: 'Finance report “Q3” – draft ✓', depth: 1, page: own + 2 },
    ]);
    // The pack's own bookmarks and structure survive the merge.
    expect(pdf.tagged).toBe(true);
    expect(pdf.bookmarks.filter((b) => /^\d+\. /.test(b.title))).toHaveLength(detail.agenda.length);
    for (const p of (await chair.get<MeetingDetail>(`${P}/meetings/${next.id}`)).body.papers) await chair.post('/api/commands/paper:remove', { meetingId: next.id, paperId: p.id });
  });

  it('what people typed is printed as text: a <script> in a risk title and an agenda item is escaped in the print page and read as text in the PDF', { timeout: 60_000 }, async () => {
    const evil = '<script>alert("pack")</script> & <img src=x onerror=alert(1)>';
    const risk = await chair.post(`${P}/risks`, { boardId: 1, title: `Risk ${evil}`, leadAgencyId: chairMe.agency.id, ownerId: chairMe.person.id, currentLikelihood: 5, currentImpact: 5, tolerance: 4 });
    expect(risk.status).toBe(201);
    const added = await chair.post('/api/commands/agenda:add', { meetingId: next.id, title: `Item ${evil}` });
    expect(added.status).toBe(200);

    const page = await getFile(chair, `${P}/meetings/${next.id}/pack.html`);
    expect(page.status).toBe(200);
    expect(page.text).not.toMatch(/<script|<img/i);
    expect(page.text).toContain('Risk &lt;script&gt;alert(&quot;pack&quot;)&lt;/script&gt; &amp; &lt;img src=x onerror=alert(1)&gt;');
    expect(page.text).toContain('Item &lt;script&gt;');

    const pdf = await readPdf((await getFile(chair, `${P}/meetings/${next.id}/pack.pdf`)).bytes);
    const all = pdf.pages.map((p) => p.text).join(' ');
    expect(all).toContain('<script>alert("pack")</script>');
    expect(pdf.bookmarks.some((b) => squash(b.title).includes(squash(`Item ${evil}`)))).toBe(true);
  });

  it('the print pages are self-contained: no script, nothing fetched, their own policy, never cached', async () => {
    for (const path of [`${P}/meetings/${next.id}/pack.html`, `${P}/meetings/${past.id}/minutes.html`]) {
      const res = await getFile(chair, path);
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toMatch(/^text\/html/);
      expect(res.headers.get('content-security-policy')).toBe("default-src 'none'; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; form-action 'none'; frame-ancestors 'none'");
      expect(res.headers.get('cache-control')).toBe('no-store');
      expect(res.text).not.toMatch(/<script|<link|<iframe|src="http|url\(/i);
      expect(res.text).toContain(`<p class="marking" data-marking>${MARKING}</p>`);
    }
  });

  it('the minutes as a PDF: the same minutes as the minutes page, the marking and "Page n of N" on every page, a bookmark per item', { timeout: 60_000 }, async () => {
    const minutes = (await chair.get<{ items: { title: string }[]; signedOff: { byName: string } | null }>(`${P}/meetings/${past.id}/minutes`)).body;
    const res = await getFile(chair, `${P}/meetings/${past.id}/minutes.pdf`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-disposition')).toMatch(/^attachment; filename="minutes-improvement-board-\d{4}-\d{2}-\d{2}\.pdf"$/);
    const pdf = await readPdf(res.bytes);
    expect(pdf.tagged).toBe(true);
    expectEveryPage(pdf, MARKING);
    expect(pdf.pages[0]!.text).toContain('Minutes of the Improvement Board');
    expect(pdf.pages.map((p) => p.text).join(' ')).toContain(`Signed off as a true record by ${minutes.signedOff!.byName}`);
    for (const [i, item] of minutes.items.entries()) expect(pdf.bookmarks.filter((b) => squash(b.title) === squash(`${i + 1}. ${item.title}`)), item.title).toHaveLength(1);
  });

  it(`prints ${PDF_LIMITS.rendersAtOnce} at once with ${PDF_LIMITS.queueMax} waiting: one more is 503 SERVER_BUSY with Retry-After, the rest are all made`, { timeout: 90_000 }, async () => {
    const asked = PDF_LIMITS.rendersAtOnce + PDF_LIMITS.queueMax + 3;
    const answers = await Promise.all(Array.from({ length: asked }, () => getFile(chair, `${P}/meetings/${past.id}/minutes.pdf`)));
    const busy = answers.filter((a) => a.status === 503);
    const made = answers.filter((a) => a.status === 200);
    expect(made.length + busy.length).toBe(asked);
    expect(made.length).toBeGreaterThanOrEqual(PDF_LIMITS.rendersAtOnce + PDF_LIMITS.queueMax);
    expect(busy.length).toBeGreaterThanOrEqual(1);
    for (const b of busy) {
      expect(b.error?.code).toBe('SERVER_BUSY');
      expect(b.headers.get('retry-after')).toBe(String(PDF_LIMITS.busyRetryAfterSeconds));
    }
    for (const m of made) expect(new TextDecoder().decode(m.bytes.subarray(0, 5))).toBe('%PDF-');
  });

  describe('who may have them: whoever may read the meeting', () => {
    let second: SecondPartnership;
    let ogMeeting: number;
    const routes = (pid: number, meetingId: number) => ['pack.html', 'pack.pdf', 'minutes.html', 'minutes.pdf'].map((r) => `/api/partnerships/${pid}/meetings/${meetingId}/${r}`);

    beforeAll(async () => {
      second = await addSecondPartnership(server());
      const council = await new ApiClient(server().url).login(DEMO.council);
      const og = (await council.get<BoardView[]>(`${P}/boards`)).body.find((b) => b.name === 'Operational Group')!;
      const created = await council.post<{ id: number }>('/api/commands/meeting:create', { boardId: og.id, title: 'Operational Group', startsAt: meetingInDays(3) });
      expect(created.status).toBe(200);
      ogMeeting = created.body.id;
    });

    it('signed out: 401 on every route', async () => {
      const anonymous = new ApiClient(server().url);
      for (const path of routes(1, next.id)) expect((await getFile(anonymous, path)).error?.code, path).toBe('UNAUTHENTICATED');
    });

    it("another partnership's person, or another partnership's meeting: 404 on every route", async () => {
      const outsider = await new ApiClient(server().url).login(second.email, second.password);
      for (const path of routes(1, next.id)) {
        const res = await getFile(outsider, path);
        expect([res.status, res.error?.code], path).toEqual([404, 'NOT_FOUND']);
      }
      const admin = await new ApiClient(server().url).login(DEMO.admin);
      for (const path of [...routes(1, second.meetingId), ...routes(second.partnershipId, second.meetingId)]) {
        const res = await getFile(admin, path);
        expect([res.status, res.error?.code], path).toEqual([404, 'NOT_FOUND']);
      }
    });

    it('an observer, a member and the chair get the print pages exactly where they get the meeting (an observer of the board reads it; of another board, 404)', { timeout: 60_000 }, async () => {
      for (const who of [DEMO.observer, DEMO.schools, DEMO.council, DEMO.chair]) {
        const client = await new ApiClient(server().url).login(who);
        for (const meetingId of [next.id, ogMeeting]) {
          const meeting = (await client.get(`${P}/meetings/${meetingId}`)).status;
          for (const path of routes(1, meetingId).filter((p) => p.endsWith('.html'))) expect((await getFile(client, path)).status, `${who} ${path}`).toBe(meeting);
        }
      }
      // The PDFs follow the same rule (printed once each here: a browser is warm).
      const observer = await new ApiClient(server().url).login(DEMO.observer);
      expect((await observer.get(`${P}/meetings/${next.id}`)).status).toBe(200);
      const pack = await getFile(observer, `${P}/meetings/${next.id}/pack.pdf`);
      expect(pack.status).toBe(200);
      expect((await getFile(observer, `${P}/meetings/${ogMeeting}/pack.pdf`)).error?.code).toBe('NOT_FOUND');
      expect((await getFile(observer, `${P}/meetings/${ogMeeting}/minutes.pdf`)).error?.code).toBe('NOT_FOUND');
    });
  });
});

describe('without Chromium', () => {
  const server = useTestServer({ chromiumPath: '/nonexistent/chromium' });

  it('the PDFs answer 503 PDF_UNAVAILABLE saying how to install Chromium and where the print page is; the print pages still work', async () => {
    const chair = await new ApiClient(server().url).login(DEMO.chair);
    const meetings = (await chair.get<MeetingSummary[]>(`${P}/boards/1/meetings`)).body;
    for (const m of meetings) {
      for (const kind of ['pack', 'minutes']) {
        const res = await getFile(chair, `${P}/meetings/${m.id}/${kind}.pdf`);
        expect(res.status).toBe(503);
        expect(res.error).toMatchObject({ code: 'PDF_UNAVAILABLE', details: { printPage: `${P}/meetings/${m.id}/${kind}.html` } });
        expect(res.error!.message).toContain('apt-get install chromium');
        expect(res.error!.message).toContain('print version still works');
        const page = await getFile(chair, `${P}/meetings/${m.id}/${kind}.html`);
        expect(page.status).toBe(200);
        expect(page.text).toContain('OFFICIAL');
      }
    }
  });
});
