import ExcelJS from 'exceljs';
import { parse as parseCsv } from 'csv-parse/sync';
import { AppError } from '../../../shared/errors.js';
import { SCORECARD_LIMITS } from '../../../shared/limits.js';

/** A table read from a file: its cells as text (dates as YYYY-MM-DD), the heading row first. */
export type Table = string[][];

const refused = (message: string) => new AppError('VALIDATION_FAILED', message, [{ path: 'file', message }]);

/** An XLSX file starts as a zip does (PK\x03\x04); anything else is read as CSV text. */
function isXlsx(bytes: Buffer): boolean {
  return bytes.length >= 4 && bytes[0] === 0x50 && bytes[1] === 0x4b && bytes[2] === 0x03 && bytes[3] === 0x04;
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
export async function readTable(bytes: Buffer): Promise<Table> {
  let table: Table;
  if (isXlsx(bytes)) {
    const book = new ExcelJS.Workbook();
    try {
      await book.xlsx.load(bytes as unknown as ArrayBuffer);
    } catch {
      throw refused('The file looks like an Excel workbook but cannot be read. Save it again as .xlsx or .csv.');
    }
    const sheet = book.worksheets[0];
    if (!sheet) throw refused('The workbook has no sheet.');
    table = [];
    sheet.eachRow({ includeEmpty: true }, (row, n) => {
      const values = Array.isArray(row.values) ? row.values.slice(1) : [];
      table[n - 1] = values.map((v) => cellText(v as ExcelJS.CellValue).trim());
    });
    table = Array.from(table, (r) => r ?? []);
  } else {
    const text = bytes.toString('utf8').replace(/^\ufeff/, '');
    if (text.includes('\u0000')) throw refused('The file is neither a CSV file nor an Excel workbook.');
    const delimiter = (text.split('\n', 1)[0] ?? '').includes(';') && !(text.split('\n', 1)[0] ?? '').includes(',') ? ';' : ',';
    try {
      table = parseCsv(text, { delimiter, relax_column_count: true, skip_empty_lines: false, trim: true }) as Table;
    } catch (err) {
      throw refused(`The CSV file cannot be read: ${(err as Error).message.split('\n')[0]}`);
    }
  }
  // Blank rows at the end are no rows.
  while (table.length > 0 && table.at(-1)!.every((c) => c === '')) table.pop();
  if (table.length < 2) throw refused('The file has no rows under its headings.');
  if (table.length - 1 > SCORECARD_LIMITS.importRowsMax) throw refused(`The file has ${table.length - 1} rows; an import takes at most ${SCORECARD_LIMITS.importRowsMax}. Split it.`);
  return table;
}
