import type { RiskMatrix } from '../../../shared/domain/scoring.js';
import type { ScoreKind } from '../../../shared/domain/matrix.js';
import type { RegisterFilters, RegisterSort, SortDirection } from '../../../shared/schemas/register.js';

/**
 * The register's SQL, built from the validated query: only values are parameters, and every piece of
 * structure (a column, a direction, a join) is chosen from a fixed list here, never taken from input.
 * One inner query yields each matching risk's id and its sort value `v`; pages, positions and counts
 * are read from it, so they can never disagree about which rows match or in what order.
 */
export interface Fragment {
  text: string;
  params: unknown[];
}

type Join = 'board' | 'agency' | 'owner';
const JOINS: Record<Join, string> = {
  board: 'join boards b on b.id = r.board_id',
  agency: 'left join agencies a on a.id = r.lead_agency_id',
  owner: 'left join people o on o.id = r.owner_id',
};

const SCORE_COLUMNS: Record<ScoreKind, [string, string]> = {
  inherent: ['r.inherent_likelihood', 'r.inherent_impact'],
  current: ['r.current_likelihood', 'r.current_impact'],
  target: ['r.target_likelihood', 'r.target_impact'],
};

/** A kind of score in SQL: null while either half is missing, as scoreOf. */
export function scoreSql(kind: ScoreKind): string {
  const [l, i] = SCORE_COLUMNS[kind];
  return `(${l} * ${i})`;
}
export function cellColumns(kind: ScoreKind): [string, string] {
  return SCORE_COLUMNS[kind];
}

const CURRENT = scoreSql('current');
/** isAboveTolerance: a risk without a score or a tolerance is never above it. */
export const ABOVE_TOLERANCE = `coalesce(${CURRENT} > r.tolerance, false)`;
/** reviewOverdue: an open risk whose next review date has passed (today is a parameter). */
export const REVIEW_OVERDUE = `(r.status = 'open' and coalesce(r.next_review_date < ?, false))`;
const OVERDUE_MITIGATION = `m.risk_id = r.id and m.status != 'complete' and m.due_date < ?`;

/** Whether sort values are numbers or text: a cursor's value must be the same kind. */
export const SORT_VALUE_KIND: Record<RegisterSort, 'number' | 'text'> = {
  reference: 'number',
  title: 'text',
  board: 'text',
  agency: 'text',
  owner: 'text',
  score: 'number',
  inherent: 'number',
  target: 'number',
  trend: 'number',
  review: 'text',
  mitigations: 'number',
  status: 'text',
  updated: 'text',
};

/** Each sort's value; null sorts last whichever the direction (as the register always has). */
function sortValue(sort: RegisterSort, today: string): { text: string; params: unknown[]; joins: Join[] } {
  switch (sort) {
    case 'reference':
      return { text: 'r.number', params: [], joins: [] };
    case 'title':
      return { text: 'lower(r.title)', params: [], joins: [] };
    case 'board':
      return { text: 'lower(b.name)', params: [], joins: ['board'] };
    case 'agency':
      return { text: 'lower(a.name)', params: [], joins: ['agency'] };
    case 'owner':
      return { text: 'lower(o.name)', params: [], joins: ['owner'] };
    case 'score':
      return { text: CURRENT, params: [], joins: [] };
    case 'inherent':
    case 'target':
      return { text: scoreSql(sort), params: [], joins: [] };
    case 'trend':
      // The register's order of trends: improving, no change, new, worsening (see trendOf).
      return {
        text: `(case when ${CURRENT} is null or r.last_review_score is null then 2 when ${CURRENT} > r.last_review_score then 3 when ${CURRENT} < r.last_review_score then 0 else 1 end)`,
        params: [],
        joins: [],
      };
    case 'review':
      return { text: 'r.next_review_date', params: [], joins: [] };
    case 'mitigations':
      // Overdue mitigations weigh most, then how many there are (at most 100 a risk: DOC_LIMITS).
      return {
        text: `((select count(*) from mitigations m where ${OVERDUE_MITIGATION}) * 1000 + (select count(*) from mitigations m where m.risk_id = r.id))`,
        params: [today],
        joins: [],
      };
    case 'status':
      return { text: 'r.status', params: [], joins: [] };
    case 'updated':
      return { text: 'r.updated_at', params: [], joins: [] };
  }
}

export interface RegisterScope {
  partnershipId: number;
  matrix: RiskMatrix;
  today: string;
}

/** Filters as a WHERE clause over `risks r` (and the joins it needs); `withCell` false leaves the heat-map cell out. */
export function whereClause(scope: RegisterScope, f: RegisterFilters, withCell: boolean): { text: string; params: unknown[]; joins: Join[] } {
  const parts: string[] = ['r.partnership_id = ?'];
  const params: unknown[] = [scope.partnershipId];
  const joins: Join[] = [];
  // A board's register holds its own risks and those escalated to it.
  if (f.boardId !== undefined) {
    parts.push('(r.board_id = ? or r.escalated_to_board_id = ?)');
    params.push(f.boardId, f.boardId);
  }
  if (f.status !== undefined && f.status !== 'all') {
    parts.push('r.status = ?');
    params.push(f.status);
  }
  if (f.agencyId !== undefined) {
    parts.push('r.lead_agency_id = ?');
    params.push(f.agencyId);
  }
  if (f.ownerId !== undefined) {
    parts.push('r.owner_id = ?');
    params.push(f.ownerId);
  }
  if (f.band !== undefined) {
    const band = scope.matrix.bands.find((b) => b.key === f.band);
    // A band the matrix does not have (an old link, after the matrix changed) matches no risk.
    if (!band) parts.push('false');
    else {
      parts.push(`${CURRENT} between ? and ?`);
      params.push(band.min, band.max);
    }
  }
  if (f.escalated !== undefined) parts.push(f.escalated ? 'r.escalated_to_board_id is not null' : 'r.escalated_to_board_id is null');
  if (f.aboveTolerance !== undefined) parts.push(f.aboveTolerance ? ABOVE_TOLERANCE : `not ${ABOVE_TOLERANCE}`);
  if (f.overdueReview !== undefined) {
    parts.push(f.overdueReview ? REVIEW_OVERDUE : `not ${REVIEW_OVERDUE}`);
    params.push(scope.today);
  }
  if (f.overdueMitigation !== undefined) {
    parts.push(`${f.overdueMitigation ? '' : 'not '}exists (select 1 from mitigations m where ${OVERDUE_MITIGATION})`);
    params.push(scope.today);
  }
  if (f.mitigationAgencyId !== undefined) {
    parts.push(`exists (select 1 from mitigations m where ${OVERDUE_MITIGATION} and m.agency_id = ?)`);
    params.push(scope.today, f.mitigationAgencyId);
  }
  const q = f.q?.trim();
  if (q) {
    // What the reader sees of a row: its reference, title, category, owner, lead agency and board.
    const like = `%${q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    // As riskReference writes it (R-007), in SQL both engines read; lower() on both sides because
    // SQLite's like ignores case and PostgreSQL's does not.
    const reference = `('R-' || (case when r.number < 10 then '00' when r.number < 100 then '0' else '' end) || r.number)`;
    const fields = [reference, 'r.title', 'r.category', 'o.name', 'a.name', 'b.name'];
    parts.push(`(${fields.map((x) => `lower(${x}) like lower(?) escape '\\'`).join(' or ')})`);
    params.push(...fields.map(() => like));
    joins.push('board', 'agency', 'owner');
  }
  if (withCell && f.likelihood !== undefined && f.impact !== undefined) {
    const [l, i] = SCORE_COLUMNS[f.kind];
    parts.push(`${l} = ? and ${i} = ?`);
    params.push(f.likelihood, f.impact);
  }
  return { text: parts.join(' and '), params, joins };
}

function fromClause(joins: Iterable<Join>): string {
  const wanted = new Set(joins);
  return ['risks r', ...(['board', 'agency', 'owner'] as const).filter((j) => wanted.has(j)).map((j) => JOINS[j])].join(' ');
}

/** `select r.id, v from … where filters`: every matching risk with its sort value. */
export function matchingRows(scope: RegisterScope, f: RegisterFilters, sort: RegisterSort): Fragment {
  const where = whereClause(scope, f, true);
  const value = sortValue(sort, scope.today);
  return {
    text: `select r.id as id, ${value.text} as v from ${fromClause([...where.joins, ...value.joins])} where ${where.text}`,
    params: [...value.params, ...where.params],
  };
}

/** The register's order: rows without a value last, then by value, then by id (so no two rows tie). */
export function orderBy(dir: SortDirection): string {
  return `(v is null), v ${dir}, id asc`;
}

/** Rows after the one a cursor ended on, in `orderBy(dir)`. */
export function after(dir: SortDirection, last: { value: string | number | null; id: number }): Fragment {
  if (last.value === null) return { text: '(v is null and id > ?)', params: [last.id] };
  const op = dir === 'asc' ? '>' : '<';
  return { text: `(v ${op} ? or (v = ? and id > ?) or v is null)`, params: [last.value, last.value, last.id] };
}

/** How many risks match, with only the joins the filters need. */
export function countRows(scope: RegisterScope, f: RegisterFilters, withCell: boolean): Fragment {
  const where = whereClause(scope, f, withCell);
  return { text: `select count(*) as n from ${fromClause(where.joins)} where ${where.text}`, params: where.params };
}

/**
 * The heat map and counts in one pass: matching risks grouped by the cell of the chosen kind of score
 * and by the current score's cell (bands are read from that), with sums for the other counts.
 */
export function summaryRows(scope: RegisterScope, f: RegisterFilters, kind: ScoreKind): Fragment {
  const where = whereClause(scope, f, false);
  const [kl, ki] = SCORE_COLUMNS[kind];
  const [cl, ci] = SCORE_COLUMNS.current;
  return {
    text:
      `select ${kl} as kl, ${ki} as ki, ${cl} as cl, ${ci} as ci, count(*) as n, ` +
      `count(*) filter (where r.status = 'open') as open, count(*) filter (where r.escalated_to_board_id is not null) as escalated, ` +
      `count(*) filter (where ${ABOVE_TOLERANCE}) as above, count(*) filter (where ${REVIEW_OVERDUE}) as "reviewOverdue" ` +
      `from ${fromClause(where.joins)} where ${where.text} group by 1, 2, 3, 4`,
    params: [scope.today, ...where.params],
  };
}
