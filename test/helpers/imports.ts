import ExcelJS from 'exceljs';
import type { ImportPreviewView } from '../../shared/schemas/imports.js';
import type { ApiClient } from './http.js';
import { P } from './plans.js';

export type ImportAnswer = { status: number; body: ImportPreviewView & { error?: { code: string; message: string; details?: { path: string; message: string }[] } } };

/** Sends a file for a preview as the import page does (multipart: kind, mapping, file). */
export async function previewImport(client: ApiClient, kind: string, bytes: Uint8Array | string, name: string, extra: Record<string, string> = {}): Promise<ImportAnswer> {
  const form = new FormData();
  form.set('kind', kind);
  for (const [k, v] of Object.entries(extra)) form.set(k, v);
  form.set('file', new Blob([typeof bytes === 'string' ? bytes : new Uint8Array(bytes)]), name);
  const res = await fetch(`${client.baseUrl}${P}/imports`, { method: 'POST', headers: { ...(client.sessionCookie ? { cookie: client.sessionCookie } : {}), origin: client.baseUrl }, body: form });
  return { status: res.status, body: (await res.json()) as ImportAnswer['body'] };
}

export async function commitImport(client: ApiClient, id: string): Promise<ImportAnswer> {
  const res = await client.request<ImportAnswer['body']>('POST', `${P}/imports/${id}/commit`);
  return { status: res.status, body: res.body };
}

/** A workbook as partnerships keep their registers: a merged title row, a blank row, then the headings and rows. */
export async function registerWorkbook(title: string, headings: string[], rows: (string | number | Date | null)[][]): Promise<Uint8Array> {
  const book = new ExcelJS.Workbook();
  const sheet = book.addWorksheet('Register');
  sheet.addRow([title]);
  sheet.mergeCells(1, 1, 1, headings.length);
  sheet.addRow([]);
  const head = sheet.addRow(headings);
  head.font = { bold: true };
  for (const r of rows) sheet.addRow(r);
  return new Uint8Array(await book.xlsx.writeBuffer());
}
