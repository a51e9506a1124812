import {
  PDFArray,
  PDFDict,
  PDFDocument,
  PDFHexString,
  PDFName,
  PDFNumber,
  StandardFonts,
  beginMarkedContent,
  degrees,
  endMarkedContent,
  rgb,
  type PDFFont,
  type PDFPage,
  type PDFRef,
} from 'pdf-lib';

/*
 * The papers attached to a meeting, appended to its pack. The pack Chromium printed stays the document
 * (its tagged structure, its bookmarks); each paper's pages are copied into it, stamped with the
 * marking and "Page n of N" as Chromium stamped the pack's own, and bookmarked under "Attached papers".
 */

export interface Paper {
  title: string;
  bytes: Uint8Array;
}

/** How many pages a paper adds: its own, or the one page that says it could not be read. */
export async function paperPageCounts(papers: readonly Paper[]): Promise<number[]> {
  return Promise.all(papers.map(async (p) => (await readPaper(p))?.getPageCount() ?? 1));
}

/**
 * `pdf` with every paper's pages after its own, in order. The pack's own footers must already count
 * them ("of N" with N = its pages + `paperPageCounts`): the renderer's `totalPages` does that.
 */
export async function mergePapers(pdf: Uint8Array, papers: readonly Paper[], marking: string): Promise<Uint8Array> {
  if (papers.length === 0) return pdf;
  const doc = await PDFDocument.load(pdf, { updateMetadata: false });
  const regular = await doc.embedFont(StandardFonts.Helvetica);
  const bold = await doc.embedFont(StandardFonts.HelveticaBold);
  const counts = await paperPageCounts(papers);
  const total = doc.getPageCount() + counts.reduce((a, b) => a + b, 0);
  const bookmarks: { title: string; page: PDFRef }[] = [];
  for (const paper of papers) {
    const source = await readPaper(paper);
    const added: PDFPage[] = [];
    if (source) {
      for (const page of await doc.copyPages(source, source.getPageIndices())) {
        // The paper's own structure is not copied: its pages' keys into it would point into the pack's.
        page.node.delete(PDFName.of('StructParents'));
        const annots = page.node.Annots();
        if (annots instanceof PDFArray) for (const annot of annots.asArray()) page.doc.context.lookupMaybe(annot, PDFDict)?.delete(PDFName.of('StructParent'));
        added.push(doc.addPage(page));
      }
    } else {
      added.push(unreadablePage(doc, paper.title, regular, bold));
    }
    for (const page of added) stamp(page, { marking, title: paper.title, number: doc.getPages().indexOf(page) + 1, total, regular, bold });
    bookmarks.push({ title: paper.title, page: added[0]!.ref });
  }
  addPaperBookmarks(doc, bookmarks);
  return doc.save();
}

/** The paper as a PDF, or null when it is not one that can be copied (damaged, encrypted). */
async function readPaper(paper: Paper): Promise<PDFDocument | null> {
  try {
    const doc = await PDFDocument.load(paper.bytes, { updateMetadata: false });
    return doc.getPageCount() > 0 ? doc : null;
  } catch {
    return null;
  }
}

/** A paper that cannot be merged still has its place in the pack, saying so. */
function unreadablePage(doc: PDFDocument, title: string, regular: PDFFont, bold: PDFFont): PDFPage {
  const page = doc.addPage([595.92, 842.88]);
  page.drawText(winAnsi(title).slice(0, 90), { x: 56, y: 760, size: 14, font: bold });
  page.drawText('This paper could not be included in the pack: its file is not a PDF that can be copied', { x: 56, y: 730, size: 10, font: regular });
  page.drawText('(it may be damaged or password-protected). It is in the evidence store.', { x: 56, y: 716, size: 10, font: regular });
  return page;
}

interface StampText {
  marking: string;
  title: string;
  number: number;
  total: number;
  regular: PDFFont;
  bold: PDFFont;
}

/**
 * The marking at the top, and the title, marking and "Page n of N" at the bottom, each on a white
 * ground so that it reads over the paper; as the reader sees the page, whatever its /Rotate. Marked as
 * an artifact: page furniture, not part of the paper's text.
 */
function stamp(page: PDFPage, s: StampText): void {
  const box = page.getCropBox();
  const rotation = (((page.getRotation().angle % 360) + 360) % 360) as 0 | 90 | 180 | 270;
  const sideways = rotation === 90 || rotation === 270;
  const width = sideways ? box.height : box.width;
  const height = sideways ? box.width : box.height;
  const size = 8;
  const margin = 40;
  /** Draws text with its left end at (u, v) as the page is seen: v up from the bottom edge. */
  const put = (text: string, u: number, v: number, font: PDFFont) => {
    const w = font.widthOfTextAtSize(text, size);
    const ground = place(box, rotation, u - 3, v - 3);
    page.drawRectangle({ ...ground, width: w + 6, height: size + 5, color: rgb(1, 1, 1) });
    page.drawText(text, { ...place(box, rotation, u, v), size, font, color: rgb(0.04, 0.05, 0.05) });
  };
  const marking = winAnsi(s.marking);
  const pageText = `Page ${s.number} of ${s.total}`;
  page.pushOperators(beginMarkedContent('Artifact'));
  put(marking, (width - s.bold.widthOfTextAtSize(marking, size)) / 2, height - 22, s.bold);
  put(marking, (width - s.bold.widthOfTextAtSize(marking, size)) / 2, 16, s.bold);
  put(pageText, width - margin - s.regular.widthOfTextAtSize(pageText, size), 16, s.regular);
  const room = (width - s.bold.widthOfTextAtSize(marking, size)) / 2 - margin - 12;
  put(fit(winAnsi(s.title), room, s.regular, size), margin, 16, s.regular);
  page.pushOperators(endMarkedContent());
}

/** Where a point of the page as seen lies in the page's own space, and the turn its text takes there. */
function place(box: { x: number; y: number; width: number; height: number }, rotation: 0 | 90 | 180 | 270, u: number, v: number) {
  if (rotation === 90) return { x: box.x + box.width - v, y: box.y + u, rotate: degrees(90) };
  if (rotation === 180) return { x: box.x + box.width - u, y: box.y + box.height - v, rotate: degrees(180) };
  if (rotation === 270) return { x: box.x + v, y: box.y + box.height - u, rotate: degrees(270) };
  return { x: box.x + u, y: box.y + v, rotate: degrees(0) };
}

/** The text cut to fit `room` points, with an ellipsis when cut. */
function fit(text: string, room: number, font: PDFFont, size: number): string {
  if (room <= 0) return '';
  if (font.widthOfTextAtSize(text, size) <= room) return text;
  let cut = text;
  while (cut.length > 0 && font.widthOfTextAtSize(`${cut}...`, size) > room) cut = cut.slice(0, -1);
  return cut.length > 0 ? `${cut}...` : '';
}

/** The standard fonts write Windows-1252 only: anything else becomes "?" (the bookmark keeps the exact title). */
const WIN_ANSI_EXTRA = new Set('€‚ƒ„…†‡ˆ‰Š‹ŒŽ‘’“”•–—˜™š›œžŸ');
export function winAnsi(text: string): string {
  return Array.from(text.replace(/[\r\n\t]+/g, ' '))
    .map((c) => {
      const code = c.codePointAt(0)!;
      return (code >= 0x20 && code <= 0x7e) || (code >= 0xa0 && code <= 0xff) || WIN_ANSI_EXTRA.has(c) ? c : '?';
    })
    .join('');
}

/**
 * One top-level bookmark "Attached papers", after the pack's own, with one child per paper at its first
 * page. Written with pdf-lib's objects: it has no outline API.
 */
function addPaperBookmarks(doc: PDFDocument, papers: { title: string; page: PDFRef }[]): void {
  const { context, catalog } = doc;
  let outlines = catalog.lookupMaybe(PDFName.of('Outlines'), PDFDict);
  if (!outlines) {
    outlines = context.obj({ Type: 'Outlines', Count: 0 });
    catalog.set(PDFName.of('Outlines'), context.register(outlines));
  }
  const outlinesRef = catalog.get(PDFName.of('Outlines')) as PDFRef;
  const parentRef = context.nextRef();
  const childRefs = papers.map(() => context.nextRef());
  papers.forEach((p, i) => {
    const child = context.obj({ Parent: parentRef, Dest: [p.page, 'Fit'] });
    child.set(PDFName.of('Title'), PDFHexString.fromText(p.title));
    if (i > 0) child.set(PDFName.of('Prev'), childRefs[i - 1]!);
    if (i < papers.length - 1) child.set(PDFName.of('Next'), childRefs[i + 1]!);
    context.assign(childRefs[i]!, child);
  });
  const parent = context.obj({ Parent: outlinesRef, First: childRefs[0]!, Last: childRefs[childRefs.length - 1]!, Count: papers.length, Dest: [papers[0]!.page, 'Fit'] });
  parent.set(PDFName.of('Title'), PDFHexString.fromText('Attached papers'));
  const lastRef = outlines.get(PDFName.of('Last'));
  if (lastRef) {
    parent.set(PDFName.of('Prev'), lastRef);
    context.lookup(lastRef, PDFDict).set(PDFName.of('Next'), parentRef);
  } else {
    outlines.set(PDFName.of('First'), parentRef);
  }
  outlines.set(PDFName.of('Last'), parentRef);
  context.assign(parentRef, parent);
  // Count: the bookmarks shown open, at every level (the new parent is open, with its papers).
  const count = outlines.lookupMaybe(PDFName.of('Count'), PDFNumber)?.asNumber() ?? 0;
  outlines.set(PDFName.of('Count'), PDFNumber.of(Math.abs(count) + 1 + papers.length));
}
