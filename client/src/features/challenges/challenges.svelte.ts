import {
  CHALLENGE_STATUSES,
  CHALLENGE_SUBJECTS,
  type ChallengeRow,
  type ChallengeStatus,
  type ChallengeSubjectKind,
} from '../../../../shared/schemas/challenge';
import { CHALLENGE_STATUS_GROUPS, inLogView, listFilterOf, type ChallengeLogFilters } from '../../../../shared/domain/challenge-log';
import { messageOf } from '../../lib/api';
import { challengeApi, type ChallengeListFilter } from '../../lib/api/challenges';
import { socketClient } from '../../lib/sync/socket.svelte';

/**
 * A status filter: one status, or "owed" (anything not yet accepted or closed, as the dashboard counts
 * open challenges) or "done" (accepted or closed).
 */
export type StatusChoice = ChallengeStatus | 'active' | 'done' | '';
export const STATUS_GROUPS = CHALLENGE_STATUS_GROUPS;

/** The challenge log's filters, as they sit in the address bar (so the dashboard can link to them). */
export interface LogFilters {
  agencyId: string;
  boardId: string;
  status: StatusChoice;
  overdue: '' | 'true' | 'false';
  subjectKind: ChallengeSubjectKind | '';
  subjectRef: string;
  /** Raised on or after / on or before (YYYY-MM-DD), the dashboard's period. */
  from: string;
  to: string;
}

export const EMPTY_FILTERS: LogFilters = { agencyId: '', boardId: '', status: '', overdue: '', subjectKind: '', subjectRef: '', from: '', to: '' };

const ID = /^[1-9][0-9]{0,9}$/;
const DATE = /^\d{4}-\d{2}-\d{2}$/;

export function filtersFromQuery(search: string): LogFilters {
  // eslint-disable-next-line svelte/prefer-svelte-reactivity -- a throwaway parse, not state
  const q = new URLSearchParams(search);
  const get = (k: string) => q.get(k) ?? '';
  const status = get('status');
  const overdue = get('overdue');
  const subjectKind = get('subjectKind');
  return {
    agencyId: ID.test(get('agencyId')) ? get('agencyId') : '',
    boardId: ID.test(get('boardId')) ? get('boardId') : '',
    status: status === 'active' || status === 'done' || (CHALLENGE_STATUSES as readonly string[]).includes(status) ? (status as StatusChoice) : '',
    overdue: overdue === 'true' || overdue === 'false' ? overdue : '',
    subjectKind: (CHALLENGE_SUBJECTS as readonly string[]).includes(subjectKind) ? (subjectKind as ChallengeSubjectKind) : '',
    subjectRef: get('subjectRef').slice(0, 80),
    from: DATE.test(get('from')) ? get('from') : '',
    to: DATE.test(get('to')) ? get('to') : '',
  };
}

export function queryFromFilters(f: LogFilters): string {
  // eslint-disable-next-line svelte/prefer-svelte-reactivity -- a throwaway query, not state
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(f)) if (v) q.set(k, v);
  const s = q.toString();
  return s ? `?${s}` : '';
}

/** The filters as the shared rules read them (shared/domain/challenge-log.ts), as the export is asked for. */
function logFilters(f: LogFilters): ChallengeLogFilters {
  return {
    agencyId: f.agencyId ? Number(f.agencyId) : undefined,
    boardId: f.boardId ? Number(f.boardId) : undefined,
    status: f.status || undefined,
    overdue: f.overdue ? f.overdue === 'true' : undefined,
    subjectKind: f.subjectKind || undefined,
    subjectRef: f.subjectRef || undefined,
    from: f.from || undefined,
    to: f.to || undefined,
  };
}

/** The server's filter for these choices; the status groups and the period are applied here. */
function serverFilter(f: LogFilters): ChallengeListFilter {
  return listFilterOf(logFilters(f));
}

/** What the server's filter keeps, read off a row pushed with "rows:changed" (the same rules as the list query). */
function matchesServer(row: ChallengeRow, f: LogFilters): boolean {
  const q = serverFilter(f);
  if (q.agencyId !== undefined && row.directedAgencyId !== q.agencyId) return false;
  if (q.boardId !== undefined && row.boardId !== q.boardId) return false;
  if (q.status !== undefined && row.status !== q.status) return false;
  if (q.overdue !== undefined && row.overdue !== q.overdue) return false;
  if (q.subjectKind !== undefined && row.subjectKind !== q.subjectKind) return false;
  if (q.subjectRef !== undefined && row.subjectRef !== q.subjectRef) return false;
  return true;
}

export function matchesLocally(row: ChallengeRow, f: LogFilters): boolean {
  return inLogView(row, logFilters(f));
}

/**
 * The rows of the challenge log for one set of filters. Live: a "rows:changed" push for challenges
 * carries the changed rows, put in place under the same filters (a row that no longer matches leaves
 * the list); a push without rows refetches just those ids.
 */
export class ChallengeLogState {
  rows = $state.raw<ChallengeRow[]>([]);
  loading = $state(true);
  error = $state<string | null>(null);
  announcement = $state('');

  private stops: (() => void)[] = [];

  constructor(
    readonly partnershipId: number,
    readonly filters: LogFilters,
  ) {}

  start(): () => void {
    void this.load();
    this.stops.push(
      socketClient.onRowsChanged((event) => {
        if (event.kind !== 'challenge') return;
        // The push carries the rows as the list answers them: no need to ask again.
        if (event.rows) this.applyRows(event.ids, (event.rows as ChallengeRow[]).filter((r) => matchesServer(r, this.filters) && matchesLocally(r, this.filters)));
        else void this.refreshIds(event.ids);
      }),
    );
    this.stops.push(socketClient.onReconnect(() => void this.load(true)));
    return () => {
      for (const stop of this.stops) stop();
      this.stops = [];
    };
  }

  /** `background`: read because of a push or a reconnect, not the person (see BACKGROUND_READ_HEADER). */
  async load(background = false): Promise<void> {
    try {
      const rows = await challengeApi.list(this.partnershipId, serverFilter(this.filters), { background });
      this.rows = rows.filter((r) => matchesLocally(r, this.filters));
      this.error = null;
    } catch (err) {
      this.error = messageOf(err);
    } finally {
      this.loading = false;
    }
  }

  async refreshIds(ids: number[]): Promise<void> {
    if (ids.length === 0) return;
    let fresh: ChallengeRow[];
    try {
      fresh = (await challengeApi.list(this.partnershipId, { ...serverFilter(this.filters), ids }, { background: true })).filter((r) => matchesLocally(r, this.filters));
    } catch (err) {
      // The rows shown are now behind: said, with a retry that reads the whole log again.
      this.error = `Some challenges changed and could not be read again, so this list may be out of date: ${messageOf(err)}`;
      return;
    }
    this.applyRows(ids, fresh);
  }

  /** Puts the fresh rows of these ids in place; an id with no fresh row no longer matches and leaves. */
  private applyRows(ids: number[], fresh: ChallengeRow[]): void {
    // eslint-disable-next-line svelte/prefer-svelte-reactivity -- a throwaway lookup, not state
    const byId = new Map(fresh.map((r) => [r.id, r]));
    const next: ChallengeRow[] = [];
    const changed: string[] = [];
    for (const row of this.rows) {
      if (!ids.includes(row.id)) next.push(row);
      else if (byId.has(row.id)) {
        next.push(byId.get(row.id)!);
        changed.push(row.reference);
        byId.delete(row.id);
      } else changed.push(row.reference);
    }
    for (const row of byId.values()) {
      next.push(row);
      changed.push(row.reference);
    }
    next.sort((a, b) => a.id - b.id);
    this.rows = next;
    if (changed.length > 0) this.announcement = `Challenge log updated: ${changed.join(', ')}.`;
  }
}
