import ExcelJS from 'exceljs';
import type { ServerProcess } from '../lib/server-process.js';
import { median } from '../lib/stats.js';

export interface ImportPreviewResult {
  rows: number;
  fileKb: number;
  runs: number[];
  medianMs: number;
  /** What the previews said: rows to add, change, leave, and with problems (all runs agree). */
  counts: { create: number; update: number; unchanged: number; withErrors: number };
}

/**
 * e: a register workbook of `rows` rows (the first `existing` change or leave the seeded risks, the
 * rest add risks, a few with problems) previewed over the real route, `runs` times: the time from
 * sending the file to the whole preview answered.
 */
export async function runImportPreview(server: ServerProcess, opts: { cookie: string; rows: number; existing: number; runs: number }): Promise<ImportPreviewResult> {
  const book = new ExcelJS.Workbook();
  const sheet = book.addWorksheet('Register');
  sheet.addRow(['Risk register (bench)']);
  sheet.addRow(['Reference', 'Title', 'Risk description', 'Board', 'Lead agency', 'Owner', 'Current likelihood', 'Current impact', 'Tolerance']);
  for (let i = 1; i <= opts.rows; i++) {
    const ref = i <= opts.existing ? `R-${String(i).padStart(3, '0')}` : '';
    const likelihood = i % 97 === 0 ? 9 : (i % 5) + 1;
    sheet.addRow([ref, `Bench risk ${i}`, `What could happen, row ${i}`, 'Operational Group', 'Northshire Police', 'DCI Tom Brennan', likelihood, ((i + 2) % 5) + 1, 12]);
  }
  const bytes = new Uint8Array(await book.xlsx.writeBuffer());
  const runs: number[] = [];
  let counts: ImportPreviewResult['counts'] | null = null;
  for (let r = 0; r < opts.runs; r++) {
    const form = new FormData();
    form.set('kind', 'risks');
    form.set('file', new Blob([bytes]), 'register.xlsx');
    const t0 = performance.now();
    const res = await fetch(`${server.url}/api/partnerships/1/imports`, { method: 'POST', headers: { cookie: opts.cookie, origin: server.url }, body: form });
    const body = (await res.json()) as { counts?: ImportPreviewResult['counts']; error?: unknown };
    runs.push(performance.now() - t0);
    if (res.status !== 201 || !body.counts) throw new Error(`import preview answered ${res.status}: ${JSON.stringify(body).slice(0, 300)}`);
    counts = body.counts;
  }
  return { rows: opts.rows, fileKb: bytes.byteLength / 1024, runs, medianMs: median(runs), counts: counts! };
}
