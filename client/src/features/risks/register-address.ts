import { REGISTER_LIMITS } from '../../../../shared/limits';
import { defaultDirection, REGISTER_SORTS, type RegisterSort, type SortDirection } from '../../../../shared/schemas/register';
import { SCORE_KINDS, type ScoreKind } from '../../../../shared/domain/matrix';

/**
 * The register's filters and sort as they sit in the address, so other pages can link to a filtered
 * register (the accountability dashboard does) and a reader's view survives a reload. Only what
 * differs from the register's defaults is written.
 */
export type StatusFilter = 'open' | 'closed' | 'all';

export interface CellFilter {
  kind: ScoreKind;
  likelihood: number;
  impact: number;
}

export interface RegisterView {
  search: string;
  agencyId: string;
  ownerId: string;
  band: string;
  boardFilter: string;
  status: StatusFilter;
  overdueReview: boolean;
  overdueMitigation: boolean;
  escalated: boolean;
  aboveTolerance: boolean;
  mitigationAgencyId: string;
  cell: CellFilter | null;
  sortKey: RegisterSort;
  sortDir: SortDirection;
}

export const DEFAULT_VIEW: RegisterView = {
  search: '',
  agencyId: '',
  ownerId: '',
  band: '',
  boardFilter: '',
  status: 'open',
  overdueReview: false,
  overdueMitigation: false,
  escalated: false,
  aboveTolerance: false,
  mitigationAgencyId: '',
  cell: null,
  sortKey: 'score',
  sortDir: 'desc',
};

/** Reads a view from an address's query; anything malformed is left at its default. */
export function viewFromAddress(search: string): RegisterView {
  const q = new URLSearchParams(search);
  const id = (k: string) => (/^[1-9][0-9]{0,9}$/.test(q.get(k) ?? '') ? q.get(k)! : '');
  const flag = (k: string) => q.get(k) === 'true';
  const level = (k: string) => (/^[1-5]$/.test(q.get(k) ?? '') ? Number(q.get(k)) : null);
  const band = q.get('band') ?? '';
  const status = q.get('status');
  const sort = (REGISTER_SORTS as readonly string[]).includes(q.get('sort') ?? '') ? (q.get('sort') as RegisterSort) : DEFAULT_VIEW.sortKey;
  const dir = q.get('dir');
  const kind = (SCORE_KINDS as readonly string[]).includes(q.get('kind') ?? '') ? (q.get('kind') as ScoreKind) : 'current';
  const likelihood = level('likelihood');
  const impact = level('impact');
  return {
    search: (q.get('q') ?? '').slice(0, REGISTER_LIMITS.searchMax),
    agencyId: id('agencyId'),
    ownerId: id('ownerId'),
    band: /^[a-z0-9_-]{1,30}$/.test(band) ? band : '',
    boardFilter: id('boardId'),
    status: status === 'open' || status === 'closed' || status === 'all' ? status : DEFAULT_VIEW.status,
    overdueReview: flag('overdueReview'),
    overdueMitigation: flag('overdueMitigation'),
    escalated: flag('escalated'),
    aboveTolerance: flag('aboveTolerance'),
    mitigationAgencyId: id('mitigationAgencyId'),
    cell: likelihood !== null && impact !== null ? { kind, likelihood, impact } : null,
    sortKey: sort,
    sortDir: dir === 'asc' || dir === 'desc' ? dir : defaultDirection(sort),
  };
}

/** The address query (with its "?", or empty) for a view. */
export function addressOf(v: RegisterView): string {
  const q = new URLSearchParams();
  const set = (k: string, value: string | boolean) => {
    if (value !== '' && value !== false) q.set(k, String(value));
  };
  set('q', v.search.trim());
  set('agencyId', v.agencyId);
  set('ownerId', v.ownerId);
  set('band', v.band);
  set('boardId', v.boardFilter);
  if (v.status !== DEFAULT_VIEW.status) set('status', v.status);
  set('overdueReview', v.overdueReview);
  set('overdueMitigation', v.overdueMitigation);
  set('escalated', v.escalated);
  set('aboveTolerance', v.aboveTolerance);
  set('mitigationAgencyId', v.mitigationAgencyId);
  if (v.cell) {
    if (v.cell.kind !== 'current') set('kind', v.cell.kind);
    set('likelihood', String(v.cell.likelihood));
    set('impact', String(v.cell.impact));
  }
  if (v.sortKey !== DEFAULT_VIEW.sortKey) set('sort', v.sortKey);
  if (v.sortDir !== defaultDirection(v.sortKey)) set('dir', v.sortDir);
  const s = q.toString();
  return s ? `?${s}` : '';
}
