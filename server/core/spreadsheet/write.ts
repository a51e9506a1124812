import ExcelJS from 'exceljs';
import { stringify } from 'csv-stringify/sync';
import { londonDay, londonTime } from '../../../shared/domain/meeting-time.js';
import { guardFormula } from './guard.js';

/**
 * The one spreadsheet writer every export uses (issue 14): a kind declares its sheets as columns
 * (heading, width, type, value) and this writes them as XLSX (exceljs) or CSV (csv-stringify).
 *
 * XLSX: a styled, frozen header row with filters on every column; numbers as numbers; dates as Excel
 * dates with a date format (never text); a RAG or band cell holds its word and is filled in the colour
 * the product draws it in, with a text colour that meets AA on it (colour is never the only signal).
 * CSV: the first sheet only, UTF-8 with a byte-order mark (so Excel reads the £ and the curly quotes),
 * dates as YYYY-MM-DD (what an import reads), text guarded against formula injection (guard.ts).
 */

/** A word drawn on a colour: a RAG or a band. Colours are #rrggbb. */
export interface Coloured {
  word: string;
  fill: string;
  text: string;
}

interface ColumnBase {
  header: string;
  /** In characters, as Excel counts them. */
  width: number;
}

export type SheetColumn<R> = ColumnBase &
  (
    | { type: 'text'; value: (r: R) => string | null }
    /** `format`: an Excel number format, e.g. "0.0" (Excel's General when absent). */
    | { type: 'number'; value: (r: R) => number | null; format?: (r: R) => string }
    /** A calendar date, YYYY-MM-DD. */
    | { type: 'date'; value: (r: R) => string | null }
    /** An instant (ISO text), written as its London date and time. */
    | { type: 'datetime'; value: (r: R) => string | null }
    /** A RAG or a band: its word, in its colours; `none` is written, unfilled, when there is none. */
    | { type: 'rag' | 'band'; value: (r: R) => Coloured | null; none: string }
  );

export interface Sheet<R> {
  name: string;
  columns: readonly SheetColumn<R>[];
  rows: readonly R[];
}

/** A sheet of any row type, as a workbook holds several. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- each sheet is typed where it is made; the writer only calls its own columns on its own rows
export type AnySheet = Sheet<any>;

const HEADER_FILL = 'FF1D3557';
const HEADER_TEXT = 'FFFFFFFF';
const DATE_FORMAT = 'dd/mm/yyyy';
const DATETIME_FORMAT = 'dd/mm/yyyy hh:mm';

const argb = (hex: string) => `FF${hex.replace('#', '').toUpperCase()}`;

/** A calendar date as Excel holds it: midnight UTC, so it reads back as the same day anywhere. */
function excelDate(isoDate: string): Date {
  const [y, m, d] = isoDate.split('-').map(Number);
  return new Date(Date.UTC(y!, m! - 1, d!));
}

/** An instant as its London wall-clock time: Excel has no zones, and partnerships read London time. */
function excelDateTime(iso: string): Date {
  const [h, min] = londonTime(iso).split(':').map(Number);
  const day = excelDate(londonDay(iso));
  return new Date(day.getTime() + (h! * 60 + min!) * 60_000);
}

function londonDateTimeText(iso: string): string {
  return `${londonDay(iso)} ${londonTime(iso)}`;
}

/** Every sheet as an XLSX workbook, in order (an import reads the first). */
export async function writeXlsx(sheets: readonly AnySheet[]): Promise<Buffer> {
  const book = new ExcelJS.Workbook();
  book.creator = 'Partnership Board';
  for (const s of sheets) {
    const sheet = book.addWorksheet(s.name, { views: [{ state: 'frozen', ySplit: 1 }] });
    sheet.columns = s.columns.map((c) => ({ header: c.header, width: c.width }));
    const header = sheet.getRow(1);
    header.font = { bold: true, color: { argb: HEADER_TEXT } };
    header.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: HEADER_FILL } };
    header.alignment = { vertical: 'middle', wrapText: true };
    for (const r of s.rows) {
      const row = sheet.addRow([]);
      s.columns.forEach((c, i) => writeCell(row.getCell(i + 1), c, r));
    }
    sheet.autoFilter = { from: { row: 1, column: 1 }, to: { row: Math.max(1, s.rows.length + 1), column: s.columns.length } };
  }
  return Buffer.from(await book.xlsx.writeBuffer());
}

function writeCell<R>(cell: ExcelJS.Cell, c: SheetColumn<R>, r: R): void {
  switch (c.type) {
    case 'text':
      // A string cell: Excel never runs it as a formula, whatever it starts with.
      cell.value = c.value(r) ?? null;
      return;
    case 'number': {
      const v = c.value(r);
      cell.value = v;
      if (v !== null && c.format) cell.numFmt = c.format(r);
      return;
    }
    case 'date': {
      const v = c.value(r);
      cell.value = v === null ? null : excelDate(v);
      cell.numFmt = DATE_FORMAT;
      return;
    }
    case 'datetime': {
      const v = c.value(r);
      cell.value = v === null ? null : excelDateTime(v);
      cell.numFmt = DATETIME_FORMAT;
      return;
    }
    case 'rag':
    case 'band': {
      const v = c.value(r);
      cell.value = v?.word ?? c.none;
      if (v) {
        cell.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: argb(v.fill) } };
        cell.font = { bold: true, color: { argb: argb(v.text) } };
      }
      return;
    }
  }
}

function csvCell<R>(c: SheetColumn<R>, r: R): string {
  switch (c.type) {
    case 'text':
      return guardFormula(c.value(r) ?? '');
    case 'number': {
      const v = c.value(r);
      return v === null ? '' : String(v);
    }
    case 'date':
      return c.value(r) ?? '';
    case 'datetime': {
      const v = c.value(r);
      return v === null ? '' : londonDateTimeText(v);
    }
    case 'rag':
    case 'band':
      return guardFormula(c.value(r)?.word ?? c.none);
  }
}

/** One sheet as CSV text, with its byte-order mark. */
export function writeCsv(sheet: AnySheet): string {
  return `\ufeff${stringify([sheet.columns.map((c) => guardFormula(c.header)), ...sheet.rows.map((r) => sheet.columns.map((c) => csvCell(c, r)))])}`;
}
