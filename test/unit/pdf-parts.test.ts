import { describe, expect, it } from 'vitest';
import { AppError } from '../../shared/errors.js';
import { printDocument } from '../../server/features/packs/document.js';
import { clockTime, dateAndTime, longDate } from '../../server/features/packs/format.js';
import { html, join, trusted } from '../../server/core/html.js';
import { mergePapers, paperPageCounts, winAnsi } from '../../server/features/packs/merge.js';
import { TurnQueue } from '../../server/features/packs/queue.js';
import { makePdf, pageCount, readPdf } from '../helpers/pdf.js';

describe('html: every value escaped, fragments kept', () => {
  it('escapes text in content and in quoted attributes, and keeps what html built', () => {
    const title = `<script>alert('x')</script> "quoted" & more`;
    const inner = html`<em>${title}</em>`;
    expect(html`<p title="${title}">${inner}</p>`.text).toBe(
      '<p title="&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &quot;quoted&quot; &amp; more"><em>&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &quot;quoted&quot; &amp; more</em></p>',
    );
  });

  it('writes lists one after another, nothing for null, undefined and false, and numbers as numbers (never NaN)', () => {
    expect(html`<ul>${['<a>', html`<li>b</li>`, null, undefined, false, 3, Number.NaN]}</ul>`.text).toBe('<ul>&lt;a&gt;<li>b</li>3</ul>');
    expect(join(['a', '<b>'], html`<br>`).text).toBe('a<br>&lt;b&gt;');
  });

  it('a string that looks like a fragment is still text: only Html objects pass', () => {
    const forged = { text: '<script>' } as unknown as string;
    expect(html`${forged}`.text).toBe('[object Object]');
    expect(html`${trusted('<b>')}`.text).toBe('<b>');
  });

  it('a print page carries its marking top and bottom, forbids scripts and requests itself, and escapes its title', () => {
    const page = printDocument({ title: 'A </title><script>x</script>', marking: 'OFFICIAL-SENSITIVE', body: html`<h1>Hi</h1>` });
    expect(page).toContain('<meta http-equiv="Content-Security-Policy" content="default-src &#39;none&#39;; style-src &#39;unsafe-inline&#39;; img-src data:; base-uri &#39;none&#39;; form-action &#39;none&#39;">');
    expect(page).toContain('<title>A &lt;/title&gt;&lt;script&gt;x&lt;/script&gt;</title>');
    expect(page.match(/data-marking>OFFICIAL-SENSITIVE</g)).toHaveLength(2);
    expect(page).not.toContain('<script');
  });
});

describe('dates as printed pages write them (GOV.UK style, London time)', () => {
  it('writes a meeting time in GMT and in BST, and midday and midnight', () => {
    expect(dateAndTime('2027-01-14T10:00:00.000Z')).toBe('14 January 2027, 10:00am');
    expect(dateAndTime('2027-07-14T13:30:00.000Z')).toBe('14 July 2027, 2:30pm');
    expect(clockTime(Date.parse('2027-01-14T12:00:00Z'))).toBe('12:00pm');
    expect(clockTime(Date.parse('2027-01-14T00:05:00Z'))).toBe('12:05am');
    // 23:30 UTC in summer is the next day in London.
    expect(longDate('2027-07-14T23:30:00.000Z')).toBe('15 July 2027');
    expect(longDate('2027-02-28')).toBe('28 February 2027');
  });
});

describe('the queue of PDFs: two at once, a few waiting, one more refused', () => {
  it('gives turns in order, refuses past the queue with SERVER_BUSY and Retry-After, and a released turn passes on', async () => {
    const queue = new TurnQueue(2, 1, 5);
    const a = await queue.turn();
    const b = await queue.turn();
    let cGot = false;
    const c = queue.turn().then((release) => {
      cGot = true;
      return release;
    });
    expect(queue.busy).toEqual({ running: 2, waiting: 1 });
    const refused = await queue.turn().catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(AppError);
    expect(refused).toMatchObject({ code: 'SERVER_BUSY', status: 503, details: { retryAfterSeconds: 5 } });
    expect(cGot).toBe(false);
    a();
    a(); // a second release of the same turn gives nothing back twice
    const releaseC = await c;
    expect(cGot).toBe(true);
    expect(queue.busy).toEqual({ running: 2, waiting: 0 });
    b();
    releaseC();
    expect(queue.busy).toEqual({ running: 0, waiting: 0 });
  });
});

describe('merging papers into a pack (pdf-lib)', () => {
  it('appends each paper in order, stamps its pages with the marking and their number out of the whole, and bookmarks each', async () => {
    const pack = await makePdf('Pack', 2);
    const papers = [
      { title: 'Finance report “Q3” ✓', bytes: await makePdf('Finance', 3) },
      { title: 'Not a PDF', bytes: new TextEncoder().encode('just text') },
      { title: 'Health update', bytes: await makePdf('Health', 1) },
    ];
    expect(await paperPageCounts(papers)).toEqual([3, 1, 1]);
    const merged = await mergePapers(pack, papers, 'OFFICIAL-SENSITIVE');
    expect(await pageCount(merged)).toBe(7);
    const pdf = await readPdf(merged);
    expect(pdf.pages.map((p) => p.text.match(/^(\w+ page \d|Not a PDF)/)?.[0])).toEqual(['Pack page 1', 'Pack page 2', 'Finance page 1', 'Finance page 2', 'Finance page 3', 'Not a PDF', 'Health page 1']);
    // The pack's own pages are left as the renderer made them; every paper page is stamped.
    expect(pdf.pages[0]!.text).not.toContain('OFFICIAL-SENSITIVE');
    pdf.pages.slice(2).forEach((page, i) => {
      expect(page.text).toContain(`Page ${i + 3} of 7`);
      const markings = page.runs.filter((r) => r.str === 'OFFICIAL-SENSITIVE');
      expect(markings.map((r) => r.y > page.height / 2)).toEqual([true, false]);
    });
    expect(pdf.pages[2]!.text).toContain('Finance report “Q3” ?');
    expect(pdf.pages[5]!.text).toContain('could not be included in the pack');
    expect(pdf.bookmarks).toEqual([
      { title: 'Attached papers', depth: 0, page: 3 },
      { title: 'Finance report “Q3” ✓', depth: 1, page: 3 },
      { title: 'Not a PDF', depth: 1, page: 6 },
      { title: 'Health update', depth: 1, page: 7 },
    ]);
  });

  it('leaves a pack without papers as it was', async () => {
    const pack = await makePdf('Pack', 1);
    expect(await mergePapers(pack, [], 'OFFICIAL')).toBe(pack);
  });

  it('writes only what the standard fonts can: anything else is "?"', () => {
    expect(winAnsi('Café – “quoted” ✓ 日本\nnext')).toBe('Café – “quoted” ? ?? next');
  });
});
