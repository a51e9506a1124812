import { NPSA_MATRIX, bandOf, type RiskMatrix } from '../../../../shared/domain/scoring';
import type { RiskRow, ScorePair } from '../../../../shared/schemas/risk';
import { messageOf } from '../../lib/api';
import { riskApi } from '../../lib/api/risks';
import { socketClient } from '../../lib/sync/socket.svelte';

export type ScoreKind = 'inherent' | 'current' | 'target';
export const SCORE_KINDS: readonly ScoreKind[] = ['inherent', 'current', 'target'];
export const SCORE_KIND_LABELS: Record<ScoreKind, string> = { inherent: 'Inherent', current: 'Current', target: 'Target' };

export type SortKey = 'reference' | 'title' | 'board' | 'agency' | 'owner' | 'score' | 'trend' | 'review' | 'mitigations' | 'status';
export type StatusFilter = 'open' | 'closed' | 'all';

export interface CellFilter {
  kind: ScoreKind;
  likelihood: number;
  impact: number;
}

const TREND_ORDER: Record<string, number> = { improving: 0, unchanged: 1, new: 2, worsening: 3 };

function compareNullable<T>(a: T | null, b: T | null, cmp: (x: T, y: T) => number): number {
  if (a === null && b === null) return 0;
  if (a === null) return 1;
  if (b === null) return -1;
  return cmp(a, b);
}

function sortValue(row: RiskRow, key: SortKey): string | number | null {
  switch (key) {
    case 'reference':
      return row.id;
    case 'title':
      return row.title.toLowerCase();
    case 'board':
      return row.boardName.toLowerCase();
    case 'agency':
      return row.leadAgencyName?.toLowerCase() ?? null;
    case 'owner':
      return row.ownerName?.toLowerCase() ?? null;
    case 'score':
      return row.current.score;
    case 'trend':
      return TREND_ORDER[row.trend] ?? 2;
    case 'review':
      return row.nextReviewDate;
    case 'mitigations':
      return row.overdueMitigationCount * 1000 + row.mitigationCount;
    case 'status':
      return row.status;
  }
}

/**
 * One register: the rows of a board (or of the whole partnership), the matrix, and the reader's
 * filters and sort. Rows stay live: a "rows:changed" push refetches just those rows.
 */
export class RegisterState {
  rows = $state.raw<RiskRow[]>([]);
  matrix = $state.raw<RiskMatrix>(NPSA_MATRIX);
  loading = $state(true);
  error = $state<string | null>(null);
  /** A polite summary of the last live change, for screen readers. */
  announcement = $state('');

  search = $state('');
  agencyId = $state('');
  ownerId = $state('');
  band = $state('');
  boardFilter = $state('');
  status = $state<StatusFilter>('open');
  overdueReview = $state(false);
  overdueMitigation = $state(false);
  /** Only risks with an overdue mitigation owned by this agency (the accountability dashboard's drill-down). */
  mitigationAgencyId = $state('');
  private mitigationRiskIds = $state.raw<ReadonlySet<number> | null>(null);
  heatKind = $state<ScoreKind>('current');
  cell = $state<CellFilter | null>(null);
  sortKey = $state<SortKey>('score');
  sortDir = $state<'ascending' | 'descending'>('descending');

  /** Rows through every filter but the heat-map cell: what the heat map counts. */
  beforeCell = $derived.by(() => {
    const q = this.search.trim().toLowerCase();
    return this.rows.filter((row) => {
      if (this.status !== 'all' && row.status !== this.status) return false;
      if (this.agencyId && String(row.leadAgencyId) !== this.agencyId) return false;
      if (this.ownerId && String(row.ownerId) !== this.ownerId) return false;
      if (this.boardFilter && String(row.boardId) !== this.boardFilter && String(row.escalatedToBoardId) !== this.boardFilter) return false;
      if (this.band && (row.current.score === null || bandOf(row.current.score, this.matrix).key !== this.band)) return false;
      if (this.overdueReview && !row.reviewOverdue) return false;
      if (this.overdueMitigation && row.overdueMitigationCount === 0) return false;
      if (this.mitigationAgencyId && this.mitigationRiskIds && !this.mitigationRiskIds.has(row.id)) return false;
      if (q) {
        const hay = `${row.reference} ${row.title} ${row.ownerName ?? ''} ${row.leadAgencyName ?? ''} ${row.category ?? ''} ${row.boardName}`.toLowerCase();
        if (!hay.includes(q)) return false;
      }
      return true;
    });
  });

  visible = $derived.by(() => {
    const cell = this.cell;
    const filtered = cell
      ? this.beforeCell.filter((row) => {
          const pair: ScorePair = row[cell.kind];
          return pair.likelihood === cell.likelihood && pair.impact === cell.impact;
        })
      : this.beforeCell;
    const dir = this.sortDir === 'ascending' ? 1 : -1;
    const key = this.sortKey;
    return filtered.toSorted((a, b) => {
      const c = compareNullable(sortValue(a, key), sortValue(b, key), (x, y) => (x < y ? -1 : x > y ? 1 : 0));
      // Unscored and undated rows sit last whichever way the column is sorted.
      const va = sortValue(a, key);
      const vb = sortValue(b, key);
      if (va === null || vb === null) return c || a.id - b.id;
      return c * dir || a.id - b.id;
    });
  });

  /** counts[likelihood-1][impact-1] for the chosen kind of score. */
  heat = $derived.by(() => {
    const counts = Array.from({ length: 5 }, () => [0, 0, 0, 0, 0]);
    // Sized for the widest matrix; the heat map draws only the partnership's own levels.
    let unscored = 0;
    for (const row of this.beforeCell) {
      const pair = row[this.heatKind];
      if (pair.likelihood && pair.impact) counts[pair.likelihood - 1]![pair.impact - 1]!++;
      else unscored++;
    }
    return { counts, unscored };
  });

  filtersActive = $derived(
    !!(this.search || this.agencyId || this.ownerId || this.band || this.boardFilter || this.overdueReview || this.overdueMitigation || this.mitigationAgencyId || this.cell) ||
      this.status !== 'open',
  );

  private stops: (() => void)[] = [];

  constructor(
    readonly partnershipId: number,
    readonly boardId: number | null,
  ) {}

  start(): () => void {
    void this.load();
    this.stops.push(socketClient.onRowsChanged((event) => {
      if (event.kind === 'risk') void this.refreshIds(event.ids);
    }));
    this.stops.push(socketClient.onReconnect(() => void this.load()));
    // A new matrix re-bands every row at once: bands are read from it, never stored on a row.
    this.stops.push(socketClient.onRiskMatrixChanged((m) => {
      this.matrix = m;
      this.cell = null;
      this.band = '';
      this.announcement = 'The risk matrix changed: bands and labels are redrawn.';
    }));
    return () => {
      for (const stop of this.stops) stop();
      this.stops = [];
    };
  }

  async load(): Promise<void> {
    try {
      const [rows, matrix] = await Promise.all([
        riskApi.list(this.partnershipId),
        riskApi.matrix(this.partnershipId),
      ]);
      this.rows = rows.filter((r) => this.onThisRegister(r));
      this.matrix = matrix;
      this.error = null;
    } catch (err) {
      this.error = messageOf(err);
    } finally {
      this.loading = false;
    }
  }

  async refreshIds(ids: number[]): Promise<void> {
    if (ids.length === 0) return;
    let fresh: RiskRow[];
    try {
      fresh = (await riskApi.list(this.partnershipId, { ids })).filter((r) => this.onThisRegister(r));
    } catch {
      return;
    }
    // eslint-disable-next-line svelte/prefer-svelte-reactivity -- a throwaway lookup, not state
    const byId = new Map(fresh.map((r) => [r.id, r]));
    const next: RiskRow[] = [];
    const changed: string[] = [];
    for (const row of this.rows) {
      if (!ids.includes(row.id)) next.push(row);
      else if (byId.has(row.id)) {
        next.push(byId.get(row.id)!);
        changed.push(row.reference);
        byId.delete(row.id);
      }
    }
    for (const row of byId.values()) {
      next.push(row);
      changed.push(row.reference);
    }
    this.rows = next;
    if (changed.length > 0) this.announcement = `Updated: ${changed.join(', ')}.`;
  }

  /**
   * A board's register holds its own risks and those escalated to it ("once escalated, the risk sits
   * at the receiving board too"). The server's boardId filter gives only the first, so the whole
   * partnership's list (which everyone in it may read) is filtered here.
   */
  onThisRegister(row: RiskRow): boolean {
    return this.boardId === null || row.boardId === this.boardId || row.escalatedToBoardId === this.boardId;
  }

  /**
   * Filters from the address, so other pages can link to a filtered register:
   * agencyId, ownerId, band, boardId, status (open|closed|all), overdueReview, overdueMitigation,
   * mitigationAgencyId (risks with an overdue mitigation owned by that agency), q.
   */
  applyQuery(search: string): void {
    // eslint-disable-next-line svelte/prefer-svelte-reactivity -- a throwaway parse, not state
    const q = new URLSearchParams(search);
    const id = (k: string) => (/^[1-9][0-9]{0,9}$/.test(q.get(k) ?? '') ? q.get(k)! : '');
    this.agencyId = id('agencyId');
    this.ownerId = id('ownerId');
    this.boardFilter = id('boardId');
    const band = q.get('band') ?? '';
    this.band = /^[a-z_-]{1,30}$/.test(band) ? band : '';
    const status = q.get('status');
    if (status === 'open' || status === 'closed' || status === 'all') this.status = status;
    this.overdueReview = q.get('overdueReview') === 'true';
    this.overdueMitigation = q.get('overdueMitigation') === 'true';
    this.search = (q.get('q') ?? '').slice(0, 100);
    this.mitigationAgencyId = id('mitigationAgencyId');
    if (this.mitigationAgencyId) void this.loadMitigationOwners();
  }

  private async loadMitigationOwners(): Promise<void> {
    const agency = Number(this.mitigationAgencyId);
    try {
      const rows = await riskApi.mitigations(this.partnershipId);
      // eslint-disable-next-line svelte/prefer-svelte-reactivity -- replaced whole ($state.raw), never mutated
      this.mitigationRiskIds = new Set(rows.filter((m) => m.agencyId === agency && m.overdue).map((m) => m.riskId));
    } catch (err) {
      this.error = messageOf(err);
    }
  }

  sortBy(key: SortKey): void {
    if (this.sortKey === key) this.sortDir = this.sortDir === 'ascending' ? 'descending' : 'ascending';
    else {
      this.sortKey = key;
      this.sortDir = key === 'score' || key === 'mitigations' || key === 'trend' ? 'descending' : 'ascending';
    }
  }

  toggleCell(kind: ScoreKind, likelihood: number, impact: number): void {
    const c = this.cell;
    this.cell = c && c.kind === kind && c.likelihood === likelihood && c.impact === impact ? null : { kind, likelihood, impact };
  }

  clearFilters(): void {
    this.search = '';
    this.agencyId = '';
    this.ownerId = '';
    this.band = '';
    this.boardFilter = '';
    this.status = 'open';
    this.overdueReview = false;
    this.overdueMitigation = false;
    this.mitigationAgencyId = '';
    this.cell = null;
  }
}
