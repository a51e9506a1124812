import ExcelJS from 'exceljs';
import { parse as parseCsv } from 'csv-parse/sync';
import type { ApiClient } from './http.js';

export interface Download {
  status: number;
  headers: Headers;
  body: Buffer;
}

/** The raw bytes of a GET as a browser's download link makes it (the session cookie, no Origin). */
export async function download(client: ApiClient | null, url: string): Promise<Download> {
  const base = client?.baseUrl ?? '';
  const res = await fetch(`${base}${url}`, { headers: client?.sessionCookie ? { cookie: client.sessionCookie } : {} });
  return { status: res.status, headers: res.headers, body: Buffer.from(await res.arrayBuffer()) };
}

export async function readWorkbook(bytes: Buffer): Promise<ExcelJS.Workbook> {
  const book = new ExcelJS.Workbook();
  await book.xlsx.load(bytes as unknown as ArrayBuffer);
  return book;
}

/** A sheet's headings, and each row below them as cells by heading. */
export function sheetTable(sheet: ExcelJS.Worksheet): { headings: string[]; rows: Map<string, ExcelJS.Cell>[] } {
  const headings = (sheet.getRow(1).values as unknown[]).slice(1).map(String);
  const rows: Map<string, ExcelJS.Cell>[] = [];
  for (let n = 2; n <= sheet.rowCount; n++) {
    const row = sheet.getRow(n);
    rows.push(new Map(headings.map((h, i) => [h, row.getCell(i + 1)])));
  }
  return { headings, rows };
}

/** A CSV download's records (its byte-order mark checked and dropped), the headings first. */
export function readCsv(bytes: Buffer): string[][] {
  const text = bytes.toString('utf8');
  if (text.charCodeAt(0) !== 0xfeff) throw new Error('no byte-order mark');
  return parseCsv(text.slice(1), { relax_column_count: false }) as string[][];
}
