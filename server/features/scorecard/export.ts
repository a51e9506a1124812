import ExcelJS from 'exceljs';
import { stringify } from 'csv-stringify/sync';
import { FREQUENCY_LABELS, periodLabel } from '../../../shared/domain/indicator-periods.js';
import { EXCEPTION_REASON_WORDS, TRAVEL_WORDS } from '../../../shared/domain/scorecard.js';
import { INDICATOR_AREA_LABELS, INDICATOR_UNIT_LABELS, type IndicatorRow } from '../../../shared/schemas/scorecard.js';

/**
 * The scorecard as a spreadsheet (issue 13 item 5): the rows the page shows, with polarity, RAG and
 * direction of travel in words. XLSX (exceljs) has a styled, frozen header row with filters, numbers as
 * numbers, and each RAG cell filled in its colour beside its word; CSV (csv-stringify) the same columns.
 */

const POLARITY_SHORT = { bigger_is_better: 'BB', smaller_is_better: 'SB', neither: '' } as const;
/** The RAG fills the page uses (client/src/features/plans/rag.ts), with text that meets AA on each. */
const RAG_FILL = { red: { fill: 'FFB91C1C', font: 'FFFFFFFF' }, amber: { fill: 'FFF59E0B', font: 'FF111827' }, green: { fill: 'FF15803D', font: 'FFFFFFFF' } } as const;

interface Column {
  header: string;
  width: number;
  value: (r: IndicatorRow) => string | number | null;
  /** Numbers shown to the indicator's decimals. */
  numeric?: boolean;
}

const england = (r: IndicatorRow) => r.comparators.find((c) => c.kind === 'england') ?? null;

const COLUMNS: Column[] = [
  { header: 'Area', width: 20, value: (r) => INDICATOR_AREA_LABELS[r.area] },
  { header: 'Indicator', width: 50, value: (r) => r.name },
  { header: 'Polarity', width: 9, value: (r) => POLARITY_SHORT[r.polarity] },
  { header: 'Unit', width: 16, value: (r) => INDICATOR_UNIT_LABELS[r.unit] },
  { header: 'Frequency', width: 11, value: (r) => FREQUENCY_LABELS[r.frequency] },
  { header: 'Latest period', width: 14, value: (r) => (r.latest ? periodLabel(r.frequency, r.latest.period) : null) },
  { header: 'Latest value', width: 12, value: (r) => r.latest?.value ?? null, numeric: true },
  { header: 'Previous period', width: 14, value: (r) => (r.previous ? periodLabel(r.frequency, r.previous.period) : null) },
  { header: 'Previous value', width: 12, value: (r) => r.previous?.value ?? null, numeric: true },
  { header: 'England', width: 10, value: (r) => england(r)?.value?.value ?? null, numeric: true },
  { header: 'England period', width: 14, value: (r) => { const e = england(r)?.value; return e ? periodLabel(r.frequency, e.period) : null; } },
  { header: 'Against England', width: 14, value: (r) => england(r)?.comparison ?? null },
  { header: 'Target', width: 10, value: (r) => r.target, numeric: true },
  { header: 'Tolerance', width: 10, value: (r) => r.tolerance, numeric: true },
  { header: 'RAG', width: 10, value: (r) => (r.rag ? r.rag.charAt(0).toUpperCase() + r.rag.slice(1) : 'Not rated') },
  { header: 'Direction of travel', width: 18, value: (r) => (r.travel ? TRAVEL_WORDS[r.travel].words : 'No trend yet') },
  { header: 'Exception', width: 40, value: (r) => r.exceptions.map((e) => EXCEPTION_REASON_WORDS[e]).join('; ') },
  { header: 'Agency', width: 28, value: (r) => r.agencyName },
  { header: 'Lead', width: 22, value: (r) => r.leadPersonName },
  { header: 'Caveat', width: 40, value: (r) => r.caveat },
];

export function scorecardCsv(rows: readonly IndicatorRow[]): string {
  return stringify([COLUMNS.map((c) => c.header), ...rows.map((r) => COLUMNS.map((c) => c.value(r) ?? ''))]);
}

export async function scorecardXlsx(rows: readonly IndicatorRow[]): Promise<Buffer> {
  const book = new ExcelJS.Workbook();
  book.creator = 'Partnership Board';
  const sheet = book.addWorksheet('Scorecard', { views: [{ state: 'frozen', ySplit: 1 }] });
  sheet.columns = COLUMNS.map((c) => ({ header: c.header, width: c.width }));
  const header = sheet.getRow(1);
  header.font = { bold: true, color: { argb: 'FFFFFFFF' } };
  header.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FF1D3557' } };
  header.alignment = { vertical: 'middle', wrapText: true };
  const ragColumn = COLUMNS.findIndex((c) => c.header === 'RAG') + 1;
  for (const r of rows) {
    const row = sheet.addRow(COLUMNS.map((c) => c.value(r)));
    COLUMNS.forEach((c, i) => {
      if (c.numeric) row.getCell(i + 1).numFmt = r.decimals > 0 ? `0.${'0'.repeat(r.decimals)}` : '0';
    });
    if (r.rag) {
      const cell = row.getCell(ragColumn);
      cell.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: RAG_FILL[r.rag].fill } };
      cell.font = { bold: true, color: { argb: RAG_FILL[r.rag].font } };
    }
  }
  sheet.autoFilter = { from: { row: 1, column: 1 }, to: { row: Math.max(1, rows.length + 1), column: COLUMNS.length } };
  return Buffer.from(await book.xlsx.writeBuffer());
}
