import { londonDay } from '../../../shared/domain/meeting-time.js';
import type { Actor } from '../../../shared/domain/permissions.js';
import type { Clock } from '../../config.js';
import { html } from '../../core/html.js';
import { mergePapers, paperPageCounts } from './merge.js';
import { minutesPage, minutesTitle } from './minutes-page.js';
import { readPack, type PackReaders } from './pack-data.js';
import { packPage } from './pack-page.js';
import { packTitle } from './sections-meeting.js';
import type { PdfRenderer, RenderedPdf } from './renderer.js';

/** A PDF ready to send: its bytes, its pages, and a plain file name. */
export interface PdfFile extends RenderedPdf {
  fileName: string;
}

/**
 * Board packs and minutes, as print pages and as PDFs of those same pages. Who may read them is who
 * may read the meeting: every read goes through the meetings feature's own rights first.
 */
export class PackService {
  constructor(
    readonly readers: PackReaders,
    private readonly pdf: PdfRenderer,
    private readonly clock: Clock,
  ) {}

  /** The pack's print page, as this person may see it. */
  async packHtml(actor: Actor, meetingId: number): Promise<string> {
    return packPage(await readPack(this.readers, actor, meetingId), this.clock(), screenNote('pack.pdf', 'board pack'));
  }

  /**
   * The pack as a PDF: its print page printed, then the meeting's PDF papers after it, every page
   * numbered out of the whole. Chromium numbers only its own pages, so with papers the page is printed
   * twice: once to count its pages, once with the true total in its footers (a second print costs well
   * under a second on a warm browser; stamping every number with pdf-lib instead would lay untagged
   * text over Chromium's tagged pages).
   */
  async packPdf(actor: Actor, meetingId: number): Promise<PdfFile> {
    const data = await readPack(this.readers, actor, meetingId);
    const page = packPage(data, this.clock(), screenNote('pack.pdf', 'board pack'));
    const options = { marking: data.heading.marking, title: packTitle(data) };
    const papers = data.papers.length > 0 ? (await this.readers.papers.withBytes(actor.partnershipId, meetingId)) : [];
    const extra = (await paperPageCounts(papers)).reduce((a, b) => a + b, 0);
    let printed = await this.pdf.render(page, options);
    // The footers' total does not change the layout; the loop only guards against one that did.
    for (let tries = 0; extra > 0 && tries < 2; tries++) {
      const again = await this.pdf.render(page, { ...options, totalPages: printed.pages + extra });
      const settled = again.pages === printed.pages;
      printed = again;
      if (settled) break;
    }
    const bytes = await mergePapers(printed.bytes, papers, data.heading.marking);
    return { bytes, pages: printed.pages + extra, fileName: fileName('board-pack', data.meeting.meeting.boardName, data.meeting.meeting.startsAt) };
  }

  /** The minutes' print page: the same minutes the minutes page shows. */
  async minutesHtml(actor: Actor, meetingId: number): Promise<string> {
    const minutes = await this.readers.meetings.minutes(actor, meetingId);
    return minutesPage(minutes, await this.readers.admin.printHeading(actor.partnershipId), screenNote('minutes.pdf', 'minutes'));
  }

  async minutesPdf(actor: Actor, meetingId: number): Promise<PdfFile> {
    const minutes = await this.readers.meetings.minutes(actor, meetingId);
    const heading = await this.readers.admin.printHeading(actor.partnershipId);
    const printed = await this.pdf.render(minutesPage(minutes, heading, screenNote('minutes.pdf', 'minutes')), { marking: heading.marking, title: minutesTitle(minutes) });
    return { ...printed, fileName: fileName('minutes', minutes.meeting.boardName, minutes.meeting.startsAt) };
  }
}

/** What the print page says on screen (never printed): where its PDF is, and how to print it. */
function screenNote(pdf: string, what: string) {
  return html`<p>This is the print version of the ${what}. <a href="${pdf}">Download it as a PDF</a>, or print it (or save it as PDF) from your browser.</p>`;
}

/** "board-pack-improvement-board-2027-01-14.pdf": plain ASCII, so every browser saves it as named. */
function fileName(kind: string, boardName: string, startsAt: string): string {
  const board = boardName
    .toLowerCase()
    .normalize('NFKD')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 60);
  return `${kind}-${board || 'board'}-${londonDay(startsAt)}.pdf`;
}
