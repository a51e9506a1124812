import { router } from './router.svelte';
import { nextSort, sortFromQuery, sortRows, withSort, type SortDir, type SortState, type SortValue } from './sort';

/**
 * One list's sort, kept in the address beside its filters (`?sort=<column>&dir=asc|desc`): what the
 * column headings (SortHeader) show, the rows in that order, and the caption that says it. A heading
 * replaces the address, so a reload, Back and a shared link keep the order.
 */
export class ListSort<K extends string> {
  readonly state: SortState<K>;

  constructor(
    readonly keys: readonly K[],
    readonly labels: Record<K, string>,
    readonly fallback: SortState<K>,
  ) {
    this.state = $derived(sortFromQuery(router.search, keys, fallback));
  }

  /** The column's direction, or null when the list is sorted by another column (SortHeader's `dir`). */
  dirOf(key: K): SortDir | null {
    return this.state.key === key ? this.state.dir : null;
  }

  /** The same column flips; another starts ascending. */
  by(key: K): void {
    router.replaceQuery(withSort(router.search, nextSort(this.state, key), this.fallback));
  }

  /** A sorted copy of the rows by the current column. */
  rows<T>(rows: readonly T[], valueOf: (row: T, key: K) => SortValue): T[] {
    return sortRows(rows, this.state, valueOf);
  }

  /** For the table's caption: "sorted by due date, descending". */
  get words(): string {
    return `sorted by ${this.labels[this.state.key].toLowerCase()}, ${this.state.dir === 'asc' ? 'ascending' : 'descending'}`;
  }
}
