import { describe, expect, it } from 'vitest';
import ExcelJS from 'exceljs';
import { parse as parseCsv } from 'csv-parse/sync';
import { guardFormula, unguardFormula } from '../../server/core/spreadsheet/guard.js';
import { writeCsv, writeXlsx, type Sheet } from '../../server/core/spreadsheet/write.js';

describe('the formula-injection guard', () => {
  it.each([
    ['=SUM(A1:A9)', "'=SUM(A1:A9)"],
    ['+44 20 7946 0000', "'+44 20 7946 0000"],
    ['-1 budget line', "'-1 budget line"],
    ['@cmd', "'@cmd"],
    ['\tindented', "'\tindented"],
    ["'=already quoted", "''=already quoted"],
    ["''", "'''"],
    ["'tis the season", "'tis the season"],
    ['Plain text', 'Plain text'],
    ['', ''],
  ])('%j is written %j and read back as it was', (text, guarded) => {
    expect(guardFormula(text)).toBe(guarded);
    expect(unguardFormula(guardFormula(text))).toBe(text);
  });
});

interface Row {
  title: string;
  score: number | null;
  due: string | null;
  at: string;
  rag: 'red' | null;
}

const SHEET: Sheet<Row> = {
  name: 'Test',
  columns: [
    { header: 'Title', width: 20, type: 'text', value: (r) => r.title },
    { header: 'Score', width: 8, type: 'number', value: (r) => r.score, format: () => '0.0' },
    { header: 'Due', width: 12, type: 'date', value: (r) => r.due },
    { header: 'At', width: 16, type: 'datetime', value: (r) => r.at },
    { header: 'RAG', width: 8, type: 'rag', value: (r) => (r.rag ? { word: 'Red', fill: '#b91c1c', text: '#ffffff' } : null), none: 'Not rated' },
  ],
  rows: [
    { title: '=1+1', score: 12.5, due: '2027-01-14', at: '2026-07-01T09:30:00.000Z', rag: 'red' },
    { title: 'Winter', score: null, due: null, at: '2026-12-01T09:30:00.000Z', rag: null },
  ],
};

describe('the spreadsheet writer', () => {
  it('XLSX: text as strings (never formulas), numbers as numbers, dates and London times as Excel dates, a RAG in its word and colour', async () => {
    const book = new ExcelJS.Workbook();
    await book.xlsx.load((await writeXlsx([SHEET])) as unknown as ArrayBuffer);
    const sheet = book.getWorksheet('Test')!;
    const [summer, winter] = [sheet.getRow(2), sheet.getRow(3)];
    expect(summer.getCell(1).type).toBe(ExcelJS.ValueType.String);
    expect(summer.getCell(1).value).toBe('=1+1');
    expect(summer.getCell(2).value).toBe(12.5);
    expect(summer.getCell(2).numFmt).toBe('0.0');
    expect(summer.getCell(3).value).toEqual(new Date('2027-01-14T00:00:00.000Z'));
    // 09:30 UTC is 10:30 in London in July (BST) and 09:30 in December (GMT): the clock the partnership reads.
    expect(summer.getCell(4).value).toEqual(new Date('2026-07-01T10:30:00.000Z'));
    expect(winter.getCell(4).value).toEqual(new Date('2026-12-01T09:30:00.000Z'));
    expect(summer.getCell(5).value).toBe('Red');
    expect(summer.getCell(5).fill).toMatchObject({ fgColor: { argb: 'FFB91C1C' } });
    expect(winter.getCell(5).value).toBe('Not rated');
    expect(winter.getCell(5).fill).toBeUndefined();
    expect(winter.getCell(2).value).toBeNull();
  });

  it('CSV: a byte-order mark, guarded text, dates as YYYY-MM-DD, times in London', () => {
    const text = writeCsv(SHEET);
    expect(text.charCodeAt(0)).toBe(0xfeff);
    expect(parseCsv(text.slice(1))).toEqual([
      ['Title', 'Score', 'Due', 'At', 'RAG'],
      ["'=1+1", '12.5', '2027-01-14', '2026-07-01 10:30', 'Red'],
      ['Winter', '', '', '2026-12-01 09:30', 'Not rated'],
    ]);
  });
});
