import { inflateRawSync } from 'node:zlib';
import ExcelJS from 'exceljs';
import { parse as parseCsv } from 'csv-parse/sync';
import { AppError } from '../../../shared/errors.js';
import { unguardFormula } from './guard.js';

/** A table read from a file: its cells as text (dates as YYYY-MM-DD), the heading row first. */
export type Table = string[][];

const refused = (message: string) => new AppError('VALIDATION_FAILED', message, [{ path: 'file', message }]);

/** How much of a file a reader takes: rows under the headings, and what a workbook may unpack to. */
export interface TableLimits {
  rowsMax: number;
  unpackedBytesMax: number;
  /** Rows above the data that may hold a title and the headings (the data's rows are counted below them). */
  headingRows?: number;
}

/** An XLSX file starts as a zip does (PK\x03\x04); anything else is read as CSV text. */
function isXlsx(bytes: Buffer): boolean {
  return bytes.length >= 4 && bytes[0] === 0x50 && bytes[1] === 0x4b && bytes[2] === 0x03 && bytes[3] === 0x04;
}

const ZIP_END = 0x06054b50;
const ZIP_CENTRAL = 0x02014b50;
const ZIP_LOCAL = 0x04034b50;

/**
 * Refuses a zip whose parts unpack, together, to more than `max` bytes, before anything reads it: a
 * small file can unpack to gigabytes, all held while the workbook is read. Each part is inflated here
 * with a ceiling (what a zip says of its own sizes can lie), walking the central directory as the
 * workbook reader does.
 */
export function checkUnpackedSize(bytes: Buffer, max: number): void {
  const unreadable = () => refused('The file looks like an Excel workbook but cannot be read. Save it again as .xlsx or .csv.');
  const tooLarge = () => refused('The workbook unpacks to more than an import can take. Save only the sheet to import, as .xlsx or .csv.');
  let end = -1;
  for (let i = bytes.length - 22; i >= Math.max(0, bytes.length - 22 - 0xffff); i--) {
    if (bytes.readUInt32LE(i) === ZIP_END) {
      end = i;
      break;
    }
  }
  if (end < 0) throw unreadable();
  const entries = bytes.readUInt16LE(end + 10);
  let at = bytes.readUInt32LE(end + 16);
  let total = 0;
  for (let n = 0; n < entries; n++) {
    if (at + 46 > bytes.length || bytes.readUInt32LE(at) !== ZIP_CENTRAL) throw unreadable();
    const method = bytes.readUInt16LE(at + 10);
    const compressed = bytes.readUInt32LE(at + 20);
    const local = bytes.readUInt32LE(at + 42);
    if (local + 30 > bytes.length || bytes.readUInt32LE(local) !== ZIP_LOCAL) throw unreadable();
    const start = local + 30 + bytes.readUInt16LE(local + 26) + bytes.readUInt16LE(local + 28);
    const data = bytes.subarray(start, start + compressed);
    if (method === 0) total += data.length;
    else if (method === 8) {
      try {
        total += inflateRawSync(data, { maxOutputLength: max - total + 1 }).length;
      } catch (err) {
        if ((err as { code?: string }).code === 'ERR_BUFFER_TOO_LARGE') throw tooLarge();
        throw unreadable();
      }
    } else throw unreadable();
    if (total > max) throw tooLarge();
    at += 46 + bytes.readUInt16LE(at + 28) + bytes.readUInt16LE(at + 30) + bytes.readUInt16LE(at + 32);
  }
}

function cellText(value: ExcelJS.CellValue): string {
  if (value === null || value === undefined) return '';
  if (value instanceof Date) return value.toISOString().slice(0, 10);
  if (typeof value === 'object') {
    if ('result' in value) return cellText(value.result as ExcelJS.CellValue);
    if ('richText' in value) return value.richText.map((t) => t.text).join('');
    if ('text' in value) return String(value.text);
    return '';
  }
  return String(value);
}

/**
 * The first sheet of an XLSX workbook, or a CSV file (UTF-8, a byte-order mark allowed, comma or
 * semicolon separated), as a table of text. A file that is neither, or has more rows than an import
 * takes, is refused naming the file.
 */
export async function readTable(bytes: Buffer, limits: TableLimits): Promise<Table> {
  const allowed = limits.rowsMax + (limits.headingRows ?? 1);
  const tooManyRows = () => refused(`The file has more than ${limits.rowsMax} rows; an import takes at most ${limits.rowsMax}. Split it.`);
  let table: Table;
  if (isXlsx(bytes)) {
    checkUnpackedSize(bytes, limits.unpackedBytesMax);
    const book = new ExcelJS.Workbook();
    try {
      await book.xlsx.load(bytes as unknown as ArrayBuffer);
    } catch {
      throw refused('The file looks like an Excel workbook but cannot be read. Save it again as .xlsx or .csv.');
    }
    const sheet = book.worksheets[0];
    if (!sheet) throw refused('The workbook has no sheet.');
    // Only the rows holding values are visited: one cell at row 1,000,000 must not make a million rows.
    const rows = new Map<number, string[]>();
    let last = 0;
    sheet.eachRow((row, n) => {
      if (n > allowed) return void (last = Math.max(last, n));
      const values = Array.isArray(row.values) ? row.values.slice(1) : [];
      rows.set(n, values.map((v) => cellText(v as ExcelJS.CellValue).trim()));
      last = Math.max(last, n);
    });
    if (last > allowed) throw tooManyRows();
    table = Array.from({ length: last }, (_, i) => rows.get(i + 1) ?? []);
    // OOXML's `_x0000_` escape reads as a NUL: no text holds one (shared/validate.ts), refused as a CSV's is.
    const at = table.findIndex((row) => row.some((cell) => cell.includes('\u0000')));
    if (at >= 0) throw refused(`Row ${at + 1} of the workbook holds a NUL character (an invisible control character that cannot be stored). Remove it and try again.`);
  } else {
    const text = bytes.toString('utf8').replace(/^\ufeff/, '');
    if (text.includes('\u0000')) throw refused('The file is neither a CSV file nor an Excel workbook.');
    const delimiter = (text.split('\n', 1)[0] ?? '').includes(';') && !(text.split('\n', 1)[0] ?? '').includes(',') ? ';' : ',';
    // Blank lines at the end are no rows, and are dropped before parsing: a file of two million newlines
    // would otherwise be parsed into two million rows, the server doing nothing else meanwhile. Past the
    // last character that is not space or the separator, the rest of its line is kept whole.
    let end = text.length;
    while (end > 0 && (text[end - 1] === delimiter || /\s/.test(text[end - 1]!))) end--;
    const lineEnd = text.indexOf('\n', end);
    const kept = lineEnd < 0 ? text : text.slice(0, lineEnd);
    try {
      // One row past the limit is enough to refuse: the rest is never parsed.
      table = parseCsv(kept, { delimiter, relax_column_count: true, skip_empty_lines: false, trim: true, to: allowed + 1 }) as Table;
      // A CSV export guards text a spreadsheet would run as a formula ('=…): taken off, the text is as it was.
      table = table.map((row) => row.map(unguardFormula));
    } catch (err) {
      throw refused(`The CSV file cannot be read: ${(err as Error).message.split('\n')[0]}`);
    }
  }
  // Blank rows at the end are no rows.
  while (table.length > 0 && table.at(-1)!.every((c) => c === '')) table.pop();
  if (table.length < 2) throw refused('The file has no rows under its headings.');
  if (table.length > allowed) throw tooManyRows();
  return table;
}
