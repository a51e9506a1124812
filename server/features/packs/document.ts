import { html, trusted, type Html } from '../../core/html.js';

/**
 * The frame of every print page: one self-contained HTML document (inline CSS, inline SVG, no script,
 * nothing fetched), which a browser opens directly and Chromium prints to PDF unchanged. Its own policy
 * (the meta tag) forbids any request and any script, in the browser and in the PDF renderer alike.
 */

export interface PrintDocument {
  /** The document's title: the browser's tab, the PDF's title, its footer. */
  title: string;
  /** The partnership's protective marking, shown at the top and bottom (and in every PDF page's header and footer). */
  marking: string;
  /** A line under the top marking on screen: where the PDF is, and how to print. Never printed. */
  screenNote?: Html;
  body: Html;
}

/** Says the same as the HTTP header the print routes send, for Chromium, which is handed the text without headers. */
export const PRINT_PAGE_POLICY = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; form-action 'none'";

const STYLE = trusted(`
  @page { size: A4; }
  /* No ligatures: a PDF's text must search, copy and read aloud as typed ("staffing", not "sta ffi ng"). */
  html { font-family: "Liberation Sans", Arial, Helvetica, sans-serif; font-size: 10.5pt; color: #0b0c0c; line-height: 1.4; font-variant-ligatures: none; }
  body { margin: 0 auto; max-width: 50rem; padding: 1rem; }
  h1 { font-size: 20pt; margin: 0.3em 0 0.4em; line-height: 1.2; }
  h2 { font-size: 15pt; margin: 1.2em 0 0.4em; }
  h3 { font-size: 12pt; margin: 1em 0 0.3em; }
  p { margin: 0.3em 0 0.6em; }
  table { border-collapse: collapse; width: 100%; margin: 0.4em 0 1em; font-size: 9.5pt; }
  caption { text-align: left; font-weight: 700; padding-bottom: 0.3em; }
  th, td { border: 1px solid #b1b4b6; padding: 0.25em 0.4em; text-align: left; vertical-align: top; }
  thead th { background: #f3f2f1; }
  td.num, th.num { text-align: right; }
  .ref { white-space: nowrap; }
  thead { display: table-header-group; }
  tr { break-inside: avoid; }
  .marking { font-weight: 700; letter-spacing: 0.06em; text-align: center; border: 2px solid #0b0c0c; padding: 0.2em; margin: 0 0 1em; }
  .marking-end { margin: 2em 0 0; }
  .screen-note { background: #f3f2f1; padding: 0.5em 0.8em; margin-bottom: 1em; }
  .caption { color: #505a5f; font-size: 12pt; display: block; }
  .muted { color: #505a5f; }
  .pre { white-space: pre-wrap; }
  .section { break-before: page; }
  .keep { break-inside: avoid; }
  .cover { min-height: 60vh; }
  .cover h1 { font-size: 26pt; margin-top: 2em; }
  .cover dl { display: grid; grid-template-columns: 11em 1fr; gap: 0.3em 1em; font-size: 12pt; }
  .cover dt { font-weight: 700; }
  .cover dd { margin: 0; }
  .tag { display: inline-block; padding: 0 0.35em; border-radius: 2px; font-weight: 700; }
  .rag-red { background: #b91c1c; color: #ffffff; }
  .rag-amber { background: #f59e0b; color: #111827; }
  .rag-green { background: #15803d; color: #ffffff; }
  .rag-none { background: #e5e7eb; color: #111827; }
  .overdue { color: #b91c1c; font-weight: 700; }
  .figure { display: flex; gap: 1.5em; align-items: flex-start; flex-wrap: wrap; break-inside: avoid; }
  .figure svg { flex: none; }
  .figure table { flex: 1; min-width: 16em; }
  .item { break-inside: avoid; border-top: 1px solid #b1b4b6; padding-top: 0.3em; }
  .item h3 { margin-top: 0.3em; }
  @media print {
    body { max-width: none; padding: 0; }
    .screen-only { display: none; }
  }
`);

export function printDocument(d: PrintDocument): string {
  const marking = (extra: string) => html`<p class="marking${extra}" data-marking>${d.marking}</p>`;
  return `<!doctype html>${html`<html lang="en-GB">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${PRINT_PAGE_POLICY}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${d.title}</title>
<style>${STYLE}</style>
</head>
<body>
${marking('')}
${d.screenNote ? html`<div class="screen-note screen-only">${d.screenNote}</div>` : ''}
<main>
${d.body}
</main>
${marking(' marking-end')}
</body>
</html>`}`;
}
