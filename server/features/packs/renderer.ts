import { constants } from 'node:fs';
import { access } from 'node:fs/promises';
import { PDFDocument } from 'pdf-lib';
import { chromium, type Browser } from 'playwright-core';
import { AppError } from '../../../shared/errors.js';
import { PDF_LIMITS } from '../../../shared/limits.js';
import { html } from '../../core/html.js';
import { TurnQueue } from './queue.js';

/*
 * PDFs are the product's own print pages printed by headless Chromium (Debian's, never a downloaded
 * one). One browser per process, started on the first PDF and kept warm; each PDF gets its own context
 * with scripts off, every request refused and no cookies: it is handed the page's text, never a URL.
 */

export interface RenderOptions {
  /** The protective marking printed in every page's header and footer. */
  marking: string;
  /** The document's title, at the left of every footer. */
  title: string;
  /**
   * The N of "Page n of N" when the document will have pages added after it (papers merged in): Chromium
   * counts only its own. Absent: Chromium's own count.
   */
  totalPages?: number;
}

export interface RenderedPdf {
  bytes: Uint8Array;
  pages: number;
}

export interface PdfRendererOptions {
  executablePath: string;
  log: (message: string, extra?: Record<string, unknown>) => void;
  limits?: { rendersAtOnce: number; queueMax: number; renderTimeoutMs: number; busyRetryAfterSeconds: number };
}

/** What Chromium is started with: headless, and kept off the network it would otherwise keep calling. */
const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--disable-extensions'];

/** Page margins: the header and footer are drawn inside the top and bottom ones. */
const MARGIN = { top: '20mm', bottom: '20mm', left: '16mm', right: '16mm' };
const TEMPLATE_STYLE = 'font-family: "Liberation Sans", Arial, Helvetica, sans-serif; font-size: 8pt; color: #0b0c0c; width: 100%; margin: 0 16mm; font-variant-ligatures: none;';

export function unavailable(reason: string): AppError {
  return new AppError(
    'PDF_UNAVAILABLE',
    `The PDF cannot be made: ${reason} An administrator can install Chromium (on Debian or Ubuntu: apt-get install chromium) or set CHROMIUM_PATH to where it is. The print version still works: open it and print it, or save it as PDF, from your browser.`,
  );
}

export class PdfRenderer {
  private browser: Promise<Browser> | null = null;
  private closed = false;
  private readonly queue: TurnQueue;
  private readonly limits: NonNullable<PdfRendererOptions['limits']>;

  constructor(private readonly options: PdfRendererOptions) {
    this.limits = options.limits ?? PDF_LIMITS;
    this.queue = new TurnQueue(this.limits.rendersAtOnce, this.limits.queueMax, this.limits.busyRetryAfterSeconds);
  }

  /** A print page as an A4 PDF: tagged, with bookmarks from its headings, the marking and "Page n of N" on every page. */
  async render(page: string, options: RenderOptions): Promise<RenderedPdf> {
    if (this.closed) throw unavailable('the server is shutting down.');
    await this.checkExecutable();
    const release = await this.queue.turn();
    try {
      const browser = await this.browserNow();
      return await this.print(browser, page, options);
    } finally {
      release();
    }
  }

  /** Closes the browser, if one was started; later renders are refused. */
  async close(): Promise<void> {
    this.closed = true;
    const browser = this.browser;
    this.browser = null;
    if (!browser) return;
    try {
      await (await browser).close();
    } catch {
      // It never started, or has gone already: nothing to close.
    }
  }

  /** Missing Chromium is told plainly, before the request waits for a turn. */
  private async checkExecutable(): Promise<void> {
    try {
      await access(this.options.executablePath, constants.X_OK);
    } catch {
      throw unavailable('this server has no Chromium to print it with.');
    }
  }

  private browserNow(): Promise<Browser> {
    if (!this.browser) {
      const launching = chromium.launch({ executablePath: this.options.executablePath, args: CHROMIUM_ARGS, timeout: 30_000 }).then(
        (browser) => {
          // A browser that crashes or is killed is started again on the next PDF.
          browser.on('disconnected', () => {
            if (this.browser === launching) this.browser = null;
          });
          if (this.closed) void browser.close();
          return browser;
        },
        (err: unknown) => {
          if (this.browser === launching) this.browser = null;
          this.options.log('Chromium could not be started for PDFs', { executablePath: this.options.executablePath, error: String(err) });
          throw unavailable('Chromium could not be started on this server.');
        },
      );
      this.browser = launching;
    }
    return this.browser;
  }

  private async print(browser: Browser, text: string, options: RenderOptions): Promise<RenderedPdf> {
    const context = await browser.newContext({ javaScriptEnabled: false, offline: true, acceptDownloads: false });
    let timer: NodeJS.Timeout | undefined;
    try {
      const page = await context.newPage();
      // Nothing is fetched: the page is self-contained, and its own policy says so too.
      await page.route('**/*', (route) => route.abort());
      const printed = (async () => {
        await page.setContent(text, { waitUntil: 'load', timeout: this.limits.renderTimeoutMs });
        return page.pdf({
          format: 'A4',
          printBackground: true,
          displayHeaderFooter: true,
          headerTemplate: headerTemplate(options.marking),
          footerTemplate: footerTemplate(options),
          margin: MARGIN,
          tagged: true,
          outline: true,
        });
      })();
      const timeout = new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new AppError('INTERNAL', 'The PDF took too long to make.')), this.limits.renderTimeoutMs);
      });
      const bytes = new Uint8Array(await Promise.race([printed, timeout]));
      const pages = (await PDFDocument.load(bytes, { updateMetadata: false })).getPageCount();
      return { bytes, pages };
    } finally {
      clearTimeout(timer);
      await context.close().catch(() => undefined);
    }
  }
}

/** Chromium fills the elements of class pageNumber and totalPages; page styles do not reach these templates. */
function headerTemplate(marking: string): string {
  return html`<div style="${TEMPLATE_STYLE} text-align: center; font-weight: 700; letter-spacing: 0.06em;">${marking}</div>`.text;
}

function footerTemplate(options: RenderOptions): string {
  const total = options.totalPages === undefined ? html`<span class="totalPages"></span>` : html`<span>${options.totalPages}</span>`;
  return html`<div style="${TEMPLATE_STYLE} display: flex; justify-content: space-between; gap: 8mm;">
<span style="flex: 1; overflow: hidden; white-space: nowrap; text-overflow: ellipsis;">${options.title}</span>
<span style="font-weight: 700; letter-spacing: 0.06em;">${options.marking}</span>
<span style="flex: 1; text-align: right;">Page <span class="pageNumber"></span> of ${total}</span>
</div>`.text;
}
