import { bandOf, type RiskMatrix } from '../../shared/domain/scoring.js';
import type { ScoreKind } from '../../shared/domain/matrix.js';
import type { RegisterSort, RegisterSummary, SortDirection } from '../../shared/schemas/register.js';
import type { MitigationRow, RiskRow } from '../../shared/schemas/risk.js';
import type { ApiClient } from './http.js';

/**
 * What the paged register must answer, worked out in the test from the whole list (the old API, read
 * once) with plain array code: the register's rules as the browser applied them before paging.
 */
export interface OracleFilters {
  boardId?: number;
  status?: 'open' | 'closed' | 'all';
  agencyId?: number;
  ownerId?: number;
  band?: string;
  escalated?: boolean;
  aboveTolerance?: boolean;
  overdueReview?: boolean;
  overdueMitigation?: boolean;
  mitigationAgencyId?: number;
  q?: string;
  kind?: ScoreKind;
  likelihood?: number;
  impact?: number;
}

const TREND_ORDER: Record<string, number> = { improving: 0, unchanged: 1, new: 2, worsening: 3 };
const lower = (s: string | null) => (s === null ? null : s.toLowerCase());

export function sortValue(row: RiskRow, sort: RegisterSort): string | number | null {
  switch (sort) {
    case 'reference':
      return Number(row.reference.slice(2));
    case 'title':
      return lower(row.title);
    case 'board':
      return lower(row.boardName);
    case 'agency':
      return lower(row.leadAgencyName);
    case 'owner':
      return lower(row.ownerName);
    case 'score':
      return row.current.score;
    case 'inherent':
      return row.inherent.score;
    case 'target':
      return row.target.score;
    case 'trend':
      return TREND_ORDER[row.trend]!;
    case 'review':
      return row.nextReviewDate;
    case 'mitigations':
      return row.overdueMitigationCount * 1000 + row.mitigationCount;
    case 'status':
      return row.status;
    case 'updated':
      return row.updatedAt;
  }
}

/** Rows without a value last, then by value in the direction, then by id ascending. */
export function expectedOrder(rows: readonly RiskRow[], sort: RegisterSort, dir: SortDirection): number[] {
  return rows
    .map((r) => ({ id: r.id, v: sortValue(r, sort) }))
    .sort((a, b) => {
      if (a.v === null || b.v === null) return a.v === b.v ? a.id - b.id : a.v === null ? 1 : -1;
      const c = a.v < b.v ? -1 : a.v > b.v ? 1 : 0;
      return (dir === 'asc' ? c : -c) || a.id - b.id;
    })
    .map((x) => x.id);
}

export function matches(row: RiskRow, f: OracleFilters, matrix: RiskMatrix, overdueOf: ReadonlyMap<number, MitigationRow[]>, withCell = true): boolean {
  if (f.boardId !== undefined && row.boardId !== f.boardId && row.escalatedToBoardId !== f.boardId) return false;
  if (f.status && f.status !== 'all' && row.status !== f.status) return false;
  if (f.agencyId !== undefined && row.leadAgencyId !== f.agencyId) return false;
  if (f.ownerId !== undefined && row.ownerId !== f.ownerId) return false;
  if (f.band !== undefined && (row.current.score === null || bandOf(row.current.score, matrix).key !== f.band)) return false;
  if (f.escalated !== undefined && (row.escalatedToBoardId !== null) !== f.escalated) return false;
  if (f.aboveTolerance !== undefined && row.aboveTolerance !== f.aboveTolerance) return false;
  if (f.overdueReview !== undefined && row.reviewOverdue !== f.overdueReview) return false;
  if (f.overdueMitigation !== undefined && row.overdueMitigationCount > 0 !== f.overdueMitigation) return false;
  if (f.mitigationAgencyId !== undefined && !(overdueOf.get(row.id) ?? []).some((m) => m.agencyId === f.mitigationAgencyId)) return false;
  const q = f.q?.trim().toLowerCase();
  if (q && ![row.reference, row.title, row.category, row.ownerName, row.leadAgencyName, row.boardName].some((x) => x?.toLowerCase().includes(q))) return false;
  if (withCell && f.likelihood !== undefined) {
    const pair = row[f.kind ?? 'current'];
    if (pair.likelihood !== f.likelihood || pair.impact !== f.impact) return false;
  }
  return true;
}

/** The heat map and counts the summary must give for these filters (the cell aside). */
export function expectedSummary(rows: readonly RiskRow[], f: OracleFilters, matrix: RiskMatrix, overdueOf: ReadonlyMap<number, MitigationRow[]>): RegisterSummary {
  const kind = f.kind ?? 'current';
  const out: RegisterSummary = {
    kind,
    cells: Array.from({ length: 5 }, () => [0, 0, 0, 0, 0]),
    unscored: 0,
    total: 0,
    bands: Object.fromEntries(matrix.bands.map((b) => [b.key, 0])),
    currentUnscored: 0,
    status: { open: 0, closed: 0 },
    escalated: 0,
    aboveTolerance: 0,
    reviewOverdue: 0,
  };
  for (const r of rows) {
    if (!matches(r, f, matrix, overdueOf, false)) continue;
    out.total++;
    const pair = r[kind];
    if (pair.likelihood !== null && pair.impact !== null) out.cells[pair.likelihood - 1]![pair.impact - 1]!++;
    else out.unscored++;
    if (r.current.score !== null) out.bands[bandOf(r.current.score, matrix).key]!++;
    else out.currentUnscored++;
    out.status[r.status]++;
    if (r.escalatedToBoardId !== null) out.escalated++;
    if (r.aboveTolerance) out.aboveTolerance++;
    if (r.reviewOverdue) out.reviewOverdue++;
  }
  return out;
}

/** A filter set as the register's query string. */
export function queryOf(f: OracleFilters & { sort?: RegisterSort; dir?: SortDirection; limit?: number; cursor?: string }): string {
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(f)) if (v !== undefined) params.set(k, String(v));
  const s = params.toString();
  return s ? `?${s}` : '';
}

/** Every page of the register for a query, in order: ids and each page's total. */
export async function walk(client: ApiClient, path: string, f: Parameters<typeof queryOf>[0], between?: (page: number) => Promise<void>): Promise<{ ids: number[]; rows: RiskRow[]; totals: number[]; pages: number }> {
  const rows: RiskRow[] = [];
  const totals: number[] = [];
  let cursor: string | undefined;
  let pages = 0;
  for (;;) {
    const res = await client.get<{ rows: RiskRow[]; nextCursor: string | null; total: number }>(`${path}${queryOf({ ...f, cursor })}`);
    if (res.status !== 200) throw new Error(`page ${pages + 1}: ${res.status} ${JSON.stringify(res.body)}`);
    rows.push(...res.body.rows);
    totals.push(res.body.total);
    pages++;
    if (!res.body.nextCursor) break;
    cursor = res.body.nextCursor;
    await between?.(pages);
    if (pages > 1000) throw new Error('the walk does not end');
  }
  return { ids: rows.map((r) => r.id), rows, totals, pages };
}

/** Overdue mitigations by risk, from the whole list of mitigations. */
export function overdueByRisk(mitigations: readonly MitigationRow[]): Map<number, MitigationRow[]> {
  const out = new Map<number, MitigationRow[]>();
  for (const m of mitigations) if (m.overdue) out.set(m.riskId, [...(out.get(m.riskId) ?? []), m]);
  return out;
}
