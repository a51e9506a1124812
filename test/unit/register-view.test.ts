import { describe, expect, it } from 'vitest';
import { addressOf, DEFAULT_VIEW, viewFromAddress, type RegisterView } from '../../client/src/features/risks/register-address.js';
import { appendPage, placeRows } from '../../client/src/features/risks/register-rows.js';
import type { RiskRow } from '../../shared/schemas/risk.js';

const row = (id: number): RiskRow => ({ id, reference: `R-${String(id).padStart(3, '0')}` }) as RiskRow;
const ids = (rows: readonly RiskRow[]) => rows.map((r) => r.id);

describe('the register in the address', () => {
  it('writes only what differs from the defaults, and reads back what it wrote', () => {
    expect(addressOf(DEFAULT_VIEW)).toBe('');
    const view: RegisterView = {
      ...DEFAULT_VIEW,
      search: 'MASH',
      agencyId: '3',
      band: 'extreme',
      status: 'all',
      escalated: true,
      aboveTolerance: true,
      mitigationAgencyId: '4',
      cell: { kind: 'target', likelihood: 5, impact: 1 },
      sortKey: 'title',
      sortDir: 'desc',
    };
    const address = addressOf(view);
    expect(address).toBe('?q=MASH&agencyId=3&band=extreme&status=all&escalated=true&aboveTolerance=true&mitigationAgencyId=4&kind=target&likelihood=5&impact=1&sort=title&dir=desc');
    expect(viewFromAddress(address)).toEqual(view);
  });

  it('takes a sort’s own first direction when the address names none', () => {
    expect(viewFromAddress('?sort=title')).toMatchObject({ sortKey: 'title', sortDir: 'asc' });
    expect(viewFromAddress('?sort=updated')).toMatchObject({ sortKey: 'updated', sortDir: 'desc' });
    expect(addressOf({ ...DEFAULT_VIEW, sortKey: 'title', sortDir: 'asc' })).toBe('?sort=title');
  });

  it('leaves anything malformed at its default', () => {
    const view = viewFromAddress('?agencyId=01&band=Extreme!&status=maybe&sort=drop&dir=up&likelihood=6&impact=1&kind=worst&overdueReview=yes');
    expect(view).toEqual(DEFAULT_VIEW);
    expect(viewFromAddress(`?q=${'x'.repeat(500)}`).search).toHaveLength(100);
    // A cell needs both halves.
    expect(viewFromAddress('?likelihood=3').cell).toBeNull();
  });
});

describe('the loaded rows of a paged register', () => {
  it('appends a page, dropping the earlier copy of a row the page brings again', () => {
    expect(ids(appendPage([row(1), row(2), row(3)], [row(2), row(4)]))).toEqual([1, 3, 2, 4]);
  });

  it('moves a named row to where the server places it, within the loaded rows or just after them', () => {
    const loaded = [1, 2, 3, 4, 5].map(row);
    // 2 moved down to the fourth place; 9 (not loaded) came in first; 4 no longer matches.
    const placed = [
      { position: 3, row: row(2) },
      { position: 0, row: row(9) },
    ];
    const result = placeRows(loaded, [2, 9, 4], placed);
    expect(ids(result.rows)).toEqual([9, 1, 3, 2, 5]);
    expect(result.changed).toEqual(['R-009', 'R-002']);
    expect(result.left).toEqual(['R-004']);
  });

  it('leaves a row placed beyond the loaded rows to the page that reaches it', () => {
    const result = placeRows([1, 2, 3].map(row), [1, 7], [
      { position: 2, row: row(1) },
      { position: 40, row: row(7) },
    ]);
    expect(ids(result.rows)).toEqual([2, 3, 1]);
    expect(result.changed).toEqual(['R-001']);
  });
});
