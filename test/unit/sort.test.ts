import { describe, expect, it } from 'vitest';
import { compareValues, nextSort, sortFromQuery, sortRows, withSort, type SortState } from '../../client/src/lib/sort';

type Key = 'ref' | 'due' | 'name';
const KEYS: readonly Key[] = ['ref', 'due', 'name'];
const DEFAULT: SortState<Key> = { key: 'ref', dir: 'asc' };

describe('a list’s sort in the address', () => {
  it('reads what it knows and falls back on the list’s default for anything else', () => {
    expect(sortFromQuery('', KEYS, DEFAULT)).toEqual(DEFAULT);
    expect(sortFromQuery('?sort=due&dir=desc', KEYS, DEFAULT)).toEqual({ key: 'due', dir: 'desc' });
    expect(sortFromQuery('?sort=due', KEYS, DEFAULT)).toEqual({ key: 'due', dir: 'asc' });
    expect(sortFromQuery('?sort=__proto__&dir=sideways', KEYS, DEFAULT)).toEqual(DEFAULT);
    expect(sortFromQuery('?dir=desc', KEYS, DEFAULT)).toEqual({ key: 'ref', dir: 'desc' });
  });

  it('writes only what differs from the default and keeps the other parameters (the filters)', () => {
    expect(withSort('?status=open', DEFAULT, DEFAULT)).toBe('?status=open');
    expect(withSort('?status=open&sort=name', { key: 'due', dir: 'desc' }, DEFAULT)).toBe('?status=open&sort=due&dir=desc');
    expect(withSort('', { key: 'ref', dir: 'desc' }, DEFAULT)).toBe('?dir=desc');
    expect(withSort('?sort=due&dir=desc', DEFAULT, DEFAULT)).toBe('');
    for (const s of [DEFAULT, { key: 'due', dir: 'desc' } as const, { key: 'name', dir: 'asc' } as const]) expect(sortFromQuery(withSort('?x=1', s, DEFAULT), KEYS, DEFAULT)).toEqual(s);
  });

  it('flips a column pressed again and starts another ascending', () => {
    expect(nextSort(DEFAULT, 'ref')).toEqual({ key: 'ref', dir: 'desc' });
    expect(nextSort({ key: 'ref', dir: 'desc' }, 'due')).toEqual({ key: 'due', dir: 'asc' });
  });
});

describe('sorting rows', () => {
  const rows = [
    { ref: 'C-10', due: '2027-01-02', name: 'émile' },
    { ref: 'C-9', due: null, name: 'Zoe' },
    { ref: 'C-100', due: '2026-12-31', name: 'adam' },
  ];
  const value = (r: (typeof rows)[number], k: Key) => r[k];

  it('reads references as people do, text without case or accents, and keeps empty values last either way', () => {
    expect(sortRows(rows, { key: 'ref', dir: 'asc' }, value).map((r) => r.ref)).toEqual(['C-9', 'C-10', 'C-100']);
    expect(sortRows(rows, { key: 'ref', dir: 'desc' }, value).map((r) => r.ref)).toEqual(['C-100', 'C-10', 'C-9']);
    expect(sortRows(rows, { key: 'name', dir: 'asc' }, value).map((r) => r.name)).toEqual(['adam', 'émile', 'Zoe']);
    expect(sortRows(rows, { key: 'due', dir: 'asc' }, value).map((r) => r.due)).toEqual(['2026-12-31', '2027-01-02', null]);
    expect(sortRows(rows, { key: 'due', dir: 'desc' }, value).map((r) => r.due)).toEqual(['2027-01-02', '2026-12-31', null]);
  });

  it('keeps ties in their first order and leaves its input alone', () => {
    const same = [{ id: 1, v: 2 }, { id: 2, v: 1 }, { id: 3, v: 2 }];
    expect(sortRows(same, { key: 'v', dir: 'desc' }, (r) => r.v).map((r) => r.id)).toEqual([1, 3, 2]);
    expect(same.map((r) => r.id)).toEqual([1, 2, 3]);
    expect(compareValues(2, 10)).toBeLessThan(0);
  });
});
