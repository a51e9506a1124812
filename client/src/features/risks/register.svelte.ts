import { untrack } from 'svelte';
import { AppError } from '../../../../shared/errors';
import { NPSA_MATRIX, type RiskMatrix } from '../../../../shared/domain/scoring';
import { REGISTER_LIMITS } from '../../../../shared/limits';
import { defaultDirection, type PlacedRow, type RegisterSort, type RegisterSummary, type SortDirection } from '../../../../shared/schemas/register';
import { SCORE_KINDS, SCORE_KIND_LABELS, type ScoreKind } from '../../../../shared/domain/matrix';
import type { RiskRow } from '../../../../shared/schemas/risk';
import { messageOf } from '../../lib/api';
import { riskApi, type RegisterParams } from '../../lib/api/risks';
import { socketClient } from '../../lib/sync/socket.svelte';
import { directory } from '../../lib/directory.svelte';
import { appendPage, placeRows } from './register-rows';
import { addressOf, DEFAULT_VIEW, viewFromAddress, type CellFilter, type RegisterView, type StatusFilter } from './register-address';

export { type CellFilter, type StatusFilter };
export { SCORE_KINDS, SCORE_KIND_LABELS };
export type SortKey = RegisterSort;

/** Rows of the first page (what the reader sees first) and of each page after it, fetched as they scroll. */
const FIRST_PAGE = REGISTER_LIMITS.pageDefault;
const MORE_PAGE = 250;
/** Typing in the search box asks the server once the reader pauses. */
const SEARCH_PAUSE_MS = 250;
/** Live changes often come several at once: the heat map and counts are read again once they settle. */
const SUMMARY_PAUSE_MS = 150;

const isAbort = (err: unknown) => (err as Error | null)?.name === 'AbortError';
const cursorRefused = (err: unknown) => err instanceof AppError && err.code === 'VALIDATION_FAILED' && Array.isArray(err.details) && err.details.some((d: { path?: unknown }) => d?.path === 'cursor');

/**
 * One register read from the server a page at a time: the rows loaded so far (a prefix of the
 * server's order for the reader's filters and sort), how many match, the heat map and counts, and the
 * reader's filters and sort. Live: a "rows:changed" push asks where just the named rows sit now and
 * moves them; the heat map and counts are read again. Nothing ever reloads the whole register.
 */
export class RegisterState {
  /** The loaded prefix of the register's order; rows past it are fetched as the table needs them. */
  rows = $state.raw<RiskRow[]>([]);
  /** Rows matching every filter (the heat-map cell included). */
  total = $state(0);
  summary = $state.raw<RegisterSummary | null>(null);
  /** The partnership's matrix, from the directory (loaded once per session, kept live by risk-matrix:changed). */
  matrix: RiskMatrix = $derived(directory.matrix ?? NPSA_MATRIX);
  private pageReady = $state(false);
  /** Bands are drawn from the matrix: wait for it, unless the directory could not load it (then the default, with its error shown). */
  private matrixReady = $derived(directory.matrix !== null || directory.error !== null);
  /** Until the first page and the matrix have arrived (bands are drawn from the matrix). */
  loading = $derived(!(this.pageReady && this.matrixReady));
  /** A new query's first page is on its way (the old rows stay shown meanwhile). */
  refreshing = $state(false);
  error = $state<string | null>(null);
  /** Rows past the loaded ones remain to be fetched. */
  hasMore = $state(false);
  /** A polite summary of the last live change, for screen readers. */
  announcement = $state('');

  search = $state(DEFAULT_VIEW.search);
  agencyId = $state(DEFAULT_VIEW.agencyId);
  ownerId = $state(DEFAULT_VIEW.ownerId);
  band = $state(DEFAULT_VIEW.band);
  boardFilter = $state(DEFAULT_VIEW.boardFilter);
  status = $state<StatusFilter>(DEFAULT_VIEW.status);
  overdueReview = $state(false);
  overdueMitigation = $state(false);
  escalated = $state(false);
  aboveTolerance = $state(false);
  /** Only risks with an overdue mitigation owned by this agency (the accountability dashboard's drill-down). */
  mitigationAgencyId = $state('');
  heatKind = $state<ScoreKind>('current');
  cell = $state<CellFilter | null>(null);
  sortKey = $state<SortKey>(DEFAULT_VIEW.sortKey);
  sortDir = $state<SortDirection>(DEFAULT_VIEW.sortDir);

  /** Every filter the server applies, the cell aside. */
  filterParams = $derived.by(
    (): RegisterParams => ({
      boardId: this.boardId ?? (this.boardFilter || undefined),
      status: this.status,
      agencyId: this.agencyId || undefined,
      ownerId: this.ownerId || undefined,
      band: this.band || undefined,
      escalated: this.escalated ? 'true' : undefined,
      aboveTolerance: this.aboveTolerance ? 'true' : undefined,
      overdueReview: this.overdueReview ? 'true' : undefined,
      overdueMitigation: this.overdueMitigation ? 'true' : undefined,
      mitigationAgencyId: this.mitigationAgencyId || undefined,
      q: this.search.trim() || undefined,
    }),
  );
  pageParams = $derived.by(
    (): RegisterParams => ({
      ...this.filterParams,
      ...(this.cell ? { kind: this.cell.kind, likelihood: this.cell.likelihood, impact: this.cell.impact } : {}),
      sort: this.sortKey,
      dir: this.sortDir,
    }),
  );
  summaryParams = $derived.by((): RegisterParams => ({ ...this.filterParams, kind: this.heatKind }));

  /** counts[likelihood-1][impact-1] for the chosen kind of score, from the server's aggregate. */
  heat = $derived.by(() => {
    const s = this.summary;
    return s && s.kind === this.heatKind ? { counts: s.cells, unscored: s.unscored } : { counts: Array.from({ length: 5 }, () => [0, 0, 0, 0, 0]), unscored: 0 };
  });

  view = $derived.by(
    (): RegisterView => ({
      search: this.search,
      agencyId: this.agencyId,
      ownerId: this.ownerId,
      band: this.band,
      boardFilter: this.boardFilter,
      status: this.status,
      overdueReview: this.overdueReview,
      overdueMitigation: this.overdueMitigation,
      escalated: this.escalated,
      aboveTolerance: this.aboveTolerance,
      mitigationAgencyId: this.mitigationAgencyId,
      cell: this.cell,
      sortKey: this.sortKey,
      sortDir: this.sortDir,
    }),
  );
  /** The view as an address query (with "?"), for the register page to keep in the address. */
  address = $derived(addressOf(this.view));

  filtersActive = $derived(
    !!(this.search || this.agencyId || this.ownerId || this.band || this.boardFilter || this.overdueReview || this.overdueMitigation || this.escalated || this.aboveTolerance || this.mitigationAgencyId || this.cell) ||
      this.status !== 'open',
  );

  private nextCursor: string | null = null;
  /** The query the loaded rows answer; live changes and later pages ask with the same. */
  private loadedParams: RegisterParams | null = null;
  private generation = 0;
  private requestedKey = '';
  private firstPageInFlight = false;
  private fetchingMore = false;
  /** How far down the table wants rows (an index past the last it draws). */
  private wantedEnd = 0;
  private pageAbort: AbortController | null = null;
  private pageTimer: ReturnType<typeof setTimeout> | null = null;
  private summaryTimer: ReturnType<typeof setTimeout> | null = null;
  private summaryGeneration = 0;
  /** The search text of the last summary asked for (null before the first). */
  private summaryQ: string | null = null;
  private stops: (() => void)[] = [];

  constructor(
    readonly partnershipId: number,
    readonly boardId: number | null,
  ) {}

  start(): () => void {
    // The first page is asked for first: it is what the reader waits for; the summary follows.
    untrack(() => this.schedulePage(this.pageParams));
    // Any change of filters or sort asks for a first page again; of filters or heat-map kind, the summary.
    this.stops.push(
      $effect.root(() => {
        $effect(() => {
          const params = this.pageParams;
          untrack(() => this.schedulePage(params));
        });
        $effect(() => {
          const params = this.summaryParams;
          untrack(() => this.scheduleSummary(0, params));
        });
      }),
    );
    this.stops.push(
      socketClient.onRowsChanged((event) => {
        if (event.kind === 'risk') void this.refreshIds(event.ids);
      }),
    );
    // Pushes may have been missed while away: read the first page and the summary again.
    this.stops.push(
      socketClient.onReconnect(() => {
        this.requestedKey = JSON.stringify(this.pageParams);
        // Read by the page itself, not the person: background reads (see BACKGROUND_READ_HEADER).
        void this.loadFirstPage(this.pageParams, true);
        this.scheduleSummary(0, this.summaryParams, true);
      }),
    );
    // A new matrix re-bands every row at once: bands are read from it, never stored on a row.
    this.stops.push(
      socketClient.onRiskMatrixChanged(() => {
        this.cell = null;
        this.band = '';
        this.scheduleSummary(0, this.summaryParams, true);
        this.announcement = 'The risk matrix changed: bands and labels are redrawn.';
      }),
    );
    return () => {
      for (const stop of this.stops) stop();
      this.stops = [];
      this.pageAbort?.abort();
      if (this.pageTimer) clearTimeout(this.pageTimer);
      if (this.summaryTimer) clearTimeout(this.summaryTimer);
    };
  }

  /** The table draws rows up to (not including) `end`: fetch pages until they are loaded. */
  want(end: number): void {
    this.wantedEnd = end;
    void this.fetchMore();
  }


  private schedulePage(params: RegisterParams): void {
    // The same query as the one asked for last (the effect's first run after start) is not asked again.
    const key = JSON.stringify(params);
    if (key === this.requestedKey) return;
    this.requestedKey = key;
    if (this.pageTimer) clearTimeout(this.pageTimer);
    const typing = this.loadedParams !== null && (params.q ?? '') !== (this.loadedParams.q ?? '');
    if (typing) this.pageTimer = setTimeout(() => void this.loadFirstPage(params), SEARCH_PAUSE_MS);
    else void this.loadFirstPage(params);
  }

  private async loadFirstPage(params: RegisterParams, background = false): Promise<void> {
    const generation = ++this.generation;
    this.pageAbort?.abort();
    const abort = (this.pageAbort = new AbortController());
    this.firstPageInFlight = true;
    this.refreshing = true;
    try {
      const page = await riskApi.registerPage(this.partnershipId, { ...params, limit: FIRST_PAGE }, abort.signal, { background });
      if (generation !== this.generation) return;
      this.rows = page.rows;
      this.total = page.total;
      this.nextCursor = page.nextCursor;
      this.hasMore = page.nextCursor !== null;
      this.loadedParams = params;
      this.error = null;
    } catch (err) {
      if (generation !== this.generation || isAbort(err)) return;
      this.error = messageOf(err);
    } finally {
      if (generation === this.generation) {
        this.firstPageInFlight = false;
        this.refreshing = false;
        this.pageReady = true;
      }
    }
    if (generation === this.generation) void this.fetchMore();
  }

  /** One page after another until the table has the rows it wants; a new query takes over the loop. */
  private async fetchMore(): Promise<void> {
    if (this.fetchingMore) return;
    this.fetchingMore = true;
    let generation = this.generation;
    try {
      while (!this.firstPageInFlight && this.nextCursor !== null && this.loadedParams && this.rows.length < this.wantedEnd) {
        generation = this.generation;
        // A reader who jumped far down takes the largest pages until the rows catch up with them.
        const limit = Math.min(REGISTER_LIMITS.pageMax, Math.max(MORE_PAGE, this.wantedEnd - this.rows.length));
        const page = await riskApi.registerPage(this.partnershipId, { ...this.loadedParams, cursor: this.nextCursor, limit });
        if (generation !== this.generation) continue;
        this.rows = appendPage(this.rows, page.rows);
        this.nextCursor = page.nextCursor;
        this.hasMore = page.nextCursor !== null;
        this.total = page.total;
      }
    } catch (err) {
      if (generation !== this.generation) return;
      // A cursor the server no longer takes (it was made for an older query): start the query again.
      if (cursorRefused(err) && this.loadedParams) void this.loadFirstPage(this.loadedParams);
      else this.error = messageOf(err);
    } finally {
      this.fetchingMore = false;
    }
  }

  /** `background`: scheduled because of a push or a reconnect, not the person. */
  private scheduleSummary(delay: number, params: RegisterParams, background = false): void {
    if (this.summaryTimer) clearTimeout(this.summaryTimer);
    const typing = this.summaryQ !== null && String(params.q ?? '') !== this.summaryQ;
    this.summaryTimer = setTimeout(
      () => {
        this.summaryQ = String(params.q ?? '');
        void this.loadSummary(params, background);
      },
      Math.max(delay, typing ? SEARCH_PAUSE_MS : 0),
    );
  }

  private async loadSummary(params: RegisterParams, background = false): Promise<void> {
    const generation = ++this.summaryGeneration;
    try {
      const summary = await riskApi.registerSummary(this.partnershipId, params, undefined, { background });
      if (generation === this.summaryGeneration) this.summary = summary;
    } catch (err) {
      if (generation === this.summaryGeneration && !isAbort(err)) this.error = messageOf(err);
    }
  }

  /** Moves the rows a push named to where the server now places them (see placeRows). */
  async refreshIds(ids: number[]): Promise<void> {
    const params = this.loadedParams;
    if (ids.length === 0 || !params) return;
    const generation = this.generation;
    const placed: PlacedRow[] = [];
    let total = this.total;
    try {
      for (let i = 0; i < ids.length; i += REGISTER_LIMITS.placeIdsMax) {
        const answer = await riskApi.registerRows(this.partnershipId, params, ids.slice(i, i + REGISTER_LIMITS.placeIdsMax), { background: true });
        placed.push(...answer.rows);
        total = answer.total;
      }
    } catch {
      return;
    }
    if (generation !== this.generation) return;
    const placement = placeRows(this.rows, ids, placed);
    const changed = [...placement.changed, ...placement.left.map((ref) => `${ref} (no longer matches the filters)`)];
    this.rows = placement.rows;
    this.total = total;
    this.scheduleSummary(SUMMARY_PAUSE_MS, this.summaryParams, true);
    if (changed.length > 0) this.announcement = `Updated: ${changed.join(', ')}.`;
    void this.fetchMore();
  }

  /** Filters and sort from the address, so other pages can link to a filtered register. */
  applyQuery(search: string): void {
    const v = viewFromAddress(search);
    this.search = v.search;
    this.agencyId = v.agencyId;
    this.ownerId = v.ownerId;
    this.band = v.band;
    this.boardFilter = v.boardFilter;
    this.status = v.status;
    this.overdueReview = v.overdueReview;
    this.overdueMitigation = v.overdueMitigation;
    this.escalated = v.escalated;
    this.aboveTolerance = v.aboveTolerance;
    this.mitigationAgencyId = v.mitigationAgencyId;
    this.cell = v.cell;
    if (v.cell) this.heatKind = v.cell.kind;
    this.sortKey = v.sortKey;
    this.sortDir = v.sortDir;
  }

  sortBy(key: SortKey): void {
    if (this.sortKey === key) this.sortDir = this.sortDir === 'asc' ? 'desc' : 'asc';
    else {
      this.sortKey = key;
      this.sortDir = defaultDirection(key);
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
    this.escalated = false;
    this.aboveTolerance = false;
    this.mitigationAgencyId = '';
    this.cell = null;
  }
}
