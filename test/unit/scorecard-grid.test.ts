import { describe, expect, it } from 'vitest';
import { pastedColumn } from '../../client/src/features/scorecard/value-grid.js';
import { readNumber as cellNumber } from '../../shared/domain/spreadsheet-number.js';
import { applyFilters, filtersFrom, filtersToSearch } from '../../shared/domain/scorecard-filters.js';
import { formatValue } from '../../client/src/features/scorecard/format.js';
import type { IndicatorRow } from '../../shared/schemas/scorecard.js';

describe('the value grid', () => {
  it.each([
    ['a column from Excel (CRLF, trailing newline)', '170.0\r\n14.1\r\n', ['170.0', '14.1']],
    ['several columns: the first is taken', '1\tA\n2\tB', ['1', '2']],
    ['blank cells kept in place', '1\n\n3', ['1', '', '3']],
    ['one value', '12', ['12']],
  ])('pastes %s', (_what, text, cells) => expect(pastedColumn(text)).toEqual(cells));

  it.each([
    ['46.0', 46],
    ['1,540', 1540],
    ['46%', 46],
    [' 12 ', 12],
    ['-3.5', -3.5],
    ['', null],
    ['abc', Number.NaN],
    ['%', Number.NaN],
    ['£1,200', 1200],
    ['Infinity', Number.NaN],
    ['0x10', Number.NaN],
    ['1.5e3', 1500],
    ['tbc', Number.NaN],
  ])('reads %j as %s', (text, n) => expect(cellNumber(text)).toEqual(n));
});

describe('the scorecard’s filters and values in words', () => {
  const row = (over: Partial<IndicatorRow>): IndicatorRow => ({ id: 1, area: 'front_door', agencyId: 1, rag: 'red', exceptions: [], ...over }) as IndicatorRow;
  it('round-trips through the address and filters rows', () => {
    const f = filtersFrom(new URLSearchParams('agency=3&area=education&rag=none&exceptions=true'));
    expect(f).toEqual({ agencyId: 3, area: 'education', rag: 'none', exceptions: true });
    expect(filtersToSearch(f)).toBe('?agency=3&area=education&rag=none&exceptions=true');
    expect(filtersFrom(new URLSearchParams('agency=-1&rag=purple'))).toEqual({ agencyId: null, area: null, rag: null, exceptions: false });
    const rows = [row({ id: 1 }), row({ id: 2, rag: null, area: 'education', agencyId: 3, exceptions: ['worse_than_england'] }), row({ id: 3, rag: null, area: 'education', agencyId: 3 })];
    expect(applyFilters(rows, f).map((r) => r.id)).toEqual([2]);
  });
  it.each([
    [46, 'percentage', 1, '46.0%'],
    [988.7, 'rate_per_10000', 1, '988.7 per 10,000'],
    [533, 'days', 0, '533 days'],
    [4454, 'count', 1, '4,454'],
    [null, 'count', 1, '–'],
  ] as const)('writes %s in %s as %j', (v, unit, decimals, words) => expect(formatValue(v, unit, decimals)).toBe(words));
});
