import type { IndicatorRow } from '../schemas/scorecard.js';

/**
 * The scorecard's filters, as the page's address keeps them (`?agency=3&area=education&rag=red&exceptions=true`)
 * and as its export is asked for: one rule, so an export holds exactly the rows the page shows.
 */
export interface ScorecardFilters {
  agencyId: number | null;
  area: string | null;
  rag: 'red' | 'amber' | 'green' | 'none' | null;
  exceptions: boolean;
}

export function filtersFrom(params: { get(name: string): string | null }): ScorecardFilters {
  const agency = Number(params.get('agency'));
  const rag = params.get('rag');
  return {
    agencyId: Number.isInteger(agency) && agency > 0 ? agency : null,
    area: params.get('area') || null,
    rag: rag === 'red' || rag === 'amber' || rag === 'green' || rag === 'none' ? rag : null,
    exceptions: params.get('exceptions') === 'true',
  };
}

export function filtersToSearch(f: ScorecardFilters): string {
  const params = new URLSearchParams();
  if (f.agencyId) params.set('agency', String(f.agencyId));
  if (f.area) params.set('area', f.area);
  if (f.rag) params.set('rag', f.rag);
  if (f.exceptions) params.set('exceptions', 'true');
  const s = params.toString();
  return s ? `?${s}` : '';
}

export function applyFilters(rows: readonly IndicatorRow[], f: ScorecardFilters): IndicatorRow[] {
  return rows.filter(
    (r) => (f.agencyId === null || r.agencyId === f.agencyId) && (f.area === null || r.area === f.area) && (f.rag === null || (r.rag ?? 'none') === f.rag) && (!f.exceptions || r.exceptions.length > 0),
  );
}
