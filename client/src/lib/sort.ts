/**
 * A list's sort as it sits in the address (`?sort=<column>&dir=asc|desc`), beside its filters, so a
 * reload, Back and a shared link keep it; and the one comparison every sortable list uses. Only what
 * differs from the list's default is written.
 */
export type SortDir = 'asc' | 'desc';

export interface SortState<K extends string> {
  key: K;
  dir: SortDir;
}

/** Reads `sort` and `dir` from a query string; a column the list does not have is its default. */
export function sortFromQuery<K extends string>(search: string, keys: readonly K[], fallback: SortState<K>): SortState<K> {
   
  const q = new URLSearchParams(search);
  const key = (keys as readonly string[]).includes(q.get('sort') ?? '') ? (q.get('sort') as K) : fallback.key;
  const dir = q.get('dir');
  return { key, dir: dir === 'asc' || dir === 'desc' ? dir : key === fallback.key ? fallback.dir : 'asc' };
}

/** Sets (or, at the default, removes) `sort` and `dir` in a query string; other parameters are kept. */
export function withSort<K extends string>(search: string, sort: SortState<K>, fallback: SortState<K>): string {
   
  const q = new URLSearchParams(search);
  q.delete('sort');
  q.delete('dir');
  if (sort.key !== fallback.key) q.set('sort', sort.key);
  if (sort.dir !== (sort.key === fallback.key ? fallback.dir : 'asc')) q.set('dir', sort.dir);
  const s = q.toString();
  return s ? `?${s}` : '';
}

/** The sort after activating a column's header: the same column flips, another starts ascending. */
export function nextSort<K extends string>(current: SortState<K>, key: K): SortState<K> {
  return current.key === key ? { key, dir: current.dir === 'asc' ? 'desc' : 'asc' } : { key, dir: 'asc' };
}

export type SortValue = string | number | boolean | null | undefined;

const collator = new Intl.Collator('en-GB', { numeric: true, sensitivity: 'base' });

/** Compares two values ascending: numbers as numbers, text as people read it (R-9 before R-10), empty last. */
export function compareValues(a: SortValue, b: SortValue): number {
  const emptyA = a === null || a === undefined || a === '';
  const emptyB = b === null || b === undefined || b === '';
  if (emptyA || emptyB) return emptyA === emptyB ? 0 : emptyA ? 1 : -1;
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  if (typeof a === 'boolean' && typeof b === 'boolean') return Number(a) - Number(b);
  return collator.compare(String(a), String(b));
}

/** A sorted copy: by the column's value in the direction asked, empty values last either way, ties in their first order. */
export function sortRows<T, K extends string>(rows: readonly T[], sort: SortState<K>, valueOf: (row: T, key: K) => SortValue): T[] {
  const sign = sort.dir === 'asc' ? 1 : -1;
  return rows
    .map((row, i) => ({ row, i, v: valueOf(row, sort.key) }))
    .sort((x, y) => {
      const emptyX = x.v === null || x.v === undefined || x.v === '';
      const emptyY = y.v === null || y.v === undefined || y.v === '';
      if (emptyX !== emptyY) return emptyX ? 1 : -1;
      return sign * compareValues(x.v, y.v) || x.i - y.i;
    })
    .map((x) => x.row);
}
