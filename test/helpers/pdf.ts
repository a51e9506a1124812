import { createRequire } from 'node:module';
import path from 'node:path';
import { PDFDocument, StandardFonts } from 'pdf-lib';
import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs';
import type { ApiClient } from './http.js';

/*
 * Reading PDFs back as a reader would: pdf.js (Firefox's reader) for each page's text and the
 * bookmarks, pdf-lib for the page count. Nothing here trusts what the server says about its own PDF.
 */

const fonts = path.join(path.dirname(createRequire(import.meta.url).resolve('pdfjs-dist/package.json')), 'standard_fonts/');

export interface Bookmark {
  title: string;
  depth: number;
  /** The page it opens at, counted from 1. */
  page: number;
}

/** A page's text, and each run of text with its height on the page (points up from the bottom edge). */
export interface PdfPage {
  text: string;
  runs: { str: string; y: number }[];
  height: number;
}

export interface ReadPdf {
  pages: PdfPage[];
  bookmarks: Bookmark[];
  /** Whether it says it is tagged (MarkInfo /Marked true) and has a structure tree on its first page. */
  tagged: boolean;
}

export async function readPdf(bytes: Uint8Array): Promise<ReadPdf> {
  const doc = await getDocument({ data: new Uint8Array(bytes), standardFontDataUrl: fonts, verbosity: 0, isEvalSupported: false }).promise;
  try {
    const pages: PdfPage[] = [];
    for (let i = 1; i <= doc.numPages; i++) {
      const page = await doc.getPage(i);
      const runs = (await page.getTextContent()).items.flatMap((item) => ('str' in item && item.str.trim() !== '' ? [{ str: item.str, y: item.transform[5] as number }] : []));
      pages.push({ text: runs.map((r) => r.str).join(' ').replace(/\s+/g, ' '), runs, height: page.view[3]! - page.view[1]! });
    }
    const bookmarks: Bookmark[] = [];
    const walk = async (items: Awaited<ReturnType<typeof doc.getOutline>> | null, depth: number): Promise<void> => {
      for (const item of items ?? []) {
        const dest = typeof item.dest === 'string' ? await doc.getDestination(item.dest) : item.dest;
        const ref = dest?.[0] as { num: number; gen: number } | undefined;
        bookmarks.push({ title: item.title, depth, page: ref ? (await doc.getPageIndex(ref)) + 1 : 0 });
        await walk(item.items, depth + 1);
      }
    };
    await walk(await doc.getOutline(), 0);
    const marked = (await doc.getMarkInfo())?.Marked === true;
    const tree = await (await doc.getPage(1)).getStructTree();
    return { pages, bookmarks, tagged: marked && tree !== null };
  } finally {
    await doc.destroy();
  }
}

/** Pages as pdf-lib counts them (a second reader of the same bytes). */
export async function pageCount(bytes: Uint8Array): Promise<number> {
  return (await PDFDocument.load(bytes)).getPageCount();
}

/** A small PDF made here: `pages` pages, each saying "<label> page n". */
export async function makePdf(label: string, pages: number): Promise<Uint8Array> {
  const doc = await PDFDocument.create();
  const font = await doc.embedFont(StandardFonts.Helvetica);
  for (let i = 1; i <= pages; i++) doc.addPage([595, 842]).drawText(`${label} page ${i}`, { x: 72, y: 700, size: 18, font });
  return doc.save();
}

/** A GET whose answer may be a file: its status, headers and bytes (and the JSON error, when it is one). */
export async function getFile(client: ApiClient, urlPath: string): Promise<{ status: number; headers: Headers; bytes: Uint8Array; text: string; error: { code: string; message: string; details?: unknown } | null }> {
  const headers: Record<string, string> = {};
  if (client.sessionCookie) headers.cookie = client.sessionCookie;
  const res = await fetch(`${client.baseUrl}${urlPath}`, { headers });
  const bytes = new Uint8Array(await res.arrayBuffer());
  const text = res.headers.get('content-type')?.startsWith('application/pdf') ? '' : new TextDecoder().decode(bytes);
  let error = null;
  if (res.headers.get('content-type')?.includes('json')) error = (JSON.parse(text) as { error: { code: string; message: string; details?: unknown } }).error;
  return { status: res.status, headers: res.headers, bytes, text, error };
}
