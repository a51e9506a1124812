import { SEARCH_LIMITS } from '../../../../shared/limits';
import { SEARCH_KINDS, type SearchKind } from '../../../../shared/schemas/search';

/** The results page's address: `/search?q=…` (and `&kind=…` for one kind), so a search survives a reload and can be shared. */
export function searchHref(q: string, kind: SearchKind | null = null): string {
  const params = new URLSearchParams({ q: q.trim().slice(0, SEARCH_LIMITS.queryMax) });
  if (kind) params.set('kind', kind);
  return `/search?${params.toString()}`;
}

/** Reads the address's query and kind; a kind it does not know is no kind. */
export function searchFromAddress(search: string): { q: string; kind: SearchKind | null } {
  const params = new URLSearchParams(search);
  const kind = params.get('kind');
  return {
    q: (params.get('q') ?? '').slice(0, SEARCH_LIMITS.queryMax),
    kind: kind && (SEARCH_KINDS as readonly string[]).includes(kind) ? (kind as SearchKind) : null,
  };
}
