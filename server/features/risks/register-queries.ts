import { bandOf, riskReference, todayIn } from '../../../shared/domain/scoring.js';
import {
  defaultDirection,
  type RegisterExportQuery,
  type RegisterPage,
  type RegisterPageQuery,
  type RegisterRows,
  type RegisterRowsQuery,
  type RegisterSummary,
  type RegisterSummaryQuery,
  type RiskLookupQuery,
  type RiskLookupRow,
} from '../../../shared/schemas/register.js';
import type { RiskRow } from '../../../shared/schemas/risk.js';
import type { ServiceContext } from '../../core/context.js';
import { decodeCursor, encodeCursor, type CursorQuery } from './register-cursor.js';
import { after, countRows, matchingRows, orderBy, summaryRows, type Fragment, type RegisterScope } from './register-sql.js';
import type { RiskQueries } from './queries.js';
import type { SqlValue } from '../../db/raw-sql.js';

/** Rows read by their ids in one statement at most; more, and the partnership's rows are read whole. */
const ROWS_BY_ID_MAX = 500;

/**
 * The register read a page at a time, its rows placed after a live change, its heat map and counts,
 * and the small lookup that names risks elsewhere. Every query is scoped to the partnership in the
 * address (the caller has checked the reader belongs to it); rows are built by RiskQueries, so a page
 * row is the very row the old list gave.
 */
export class RegisterQueries {
  constructor(
    private readonly ctx: ServiceContext,
    private readonly risks: RiskQueries,
  ) {}

  async page(partnershipId: number, query: RegisterPageQuery): Promise<RegisterPage> {
    const { sort, limit, cursor } = query;
    const dir = query.dir ?? defaultDirection(sort);
    const scope = await this.scope(partnershipId);
    const cursorQuery: CursorQuery = { partnershipId, sort, dir, filters: query };
    const start = cursor === undefined ? null : decodeCursor(cursor, cursorQuery);
    const inner = matchingRows(scope, query, sort);
    const keyset = start ? after(dir, start) : null;
    // One row more than asked for says whether another page follows.
    const picked = await this.all<{ id: number; v: string | number | null }>({
      text: `select id, v from (${inner.text}) as matching${keyset ? ` where ${keyset.text}` : ''} order by ${orderBy(dir)} limit ?`,
      params: [...inner.params, ...(keyset?.params ?? []), limit + 1],
    });
    const more = picked.length > limit;
    const ids = picked.slice(0, limit);
    const last = ids.at(-1);
    return {
      rows: (await this.rowsInOrder(partnershipId, ids.map((r) => r.id))),
      nextCursor: more && last ? encodeCursor(cursorQuery, { value: last.v, id: last.id }) : null,
      total: (await this.get<{ n: number }>(countRows(scope, query, true))).n,
    };
  }

  /** Every row matching the filters, in the query's order: what an export holds, never paged. */
  async every(partnershipId: number, query: RegisterExportQuery): Promise<RiskRow[]> {
    const dir = query.dir ?? defaultDirection(query.sort);
    const inner = matchingRows((await this.scope(partnershipId)), query, query.sort);
    const ids = await this.all<{ id: number }>({ text: `select id, v from (${inner.text}) as matching order by ${orderBy(dir)}`, params: inner.params });
    return this.rowsInOrder(partnershipId, ids.map((r) => r.id));
  }

  /** The named rows that still match, each with how many rows precede it in this order now. */
  async placed(partnershipId: number, query: RegisterRowsQuery): Promise<RegisterRows> {
    const { sort, ids } = query;
    const dir = query.dir ?? defaultDirection(sort);
    const scope = await this.scope(partnershipId);
    const inner = matchingRows(scope, query, sort);
    const positions = await this.all<{ id: number; position: number }>({
      text: `select id, position from (select id, row_number() over (order by ${orderBy(dir)}) - 1 as position from (${inner.text}) as matching) as placed where id in (${ids.map(() => '?').join(',')}) order by position`,
      params: [...inner.params, ...ids],
    });
    const rows = new Map((await this.risks.list(partnershipId, { ids: positions.map((p) => p.id) })).map((r) => [r.id, r]));
    return {
      rows: positions.flatMap((p) => (rows.has(p.id) ? [{ position: p.position, row: rows.get(p.id)! }] : [])),
      total: (await this.get<{ n: number }>(countRows(scope, query, true))).n,
    };
  }

  async summary(partnershipId: number, query: RegisterSummaryQuery): Promise<RegisterSummary> {
    const scope = await this.scope(partnershipId);
    const groups = await this.all<{ kl: number | null; ki: number | null; cl: number | null; ci: number | null; n: number; open: number; escalated: number; above: number; reviewOverdue: number | null }>(
      summaryRows(scope, query, query.kind),
    );
    const out: RegisterSummary = {
      kind: query.kind,
      cells: Array.from({ length: 5 }, () => [0, 0, 0, 0, 0]),
      unscored: 0,
      total: 0,
      bands: Object.fromEntries(scope.matrix.bands.map((b) => [b.key, 0])),
      currentUnscored: 0,
      status: { open: 0, closed: 0 },
      escalated: 0,
      aboveTolerance: 0,
      reviewOverdue: 0,
    };
    const isLevel = (n: number | null): n is number => n !== null && n >= 1 && n <= 5;
    for (const g of groups) {
      out.total += g.n;
      if (isLevel(g.kl) && isLevel(g.ki)) out.cells[g.kl - 1]![g.ki - 1]! += g.n;
      else out.unscored += g.n;
      if (isLevel(g.cl) && isLevel(g.ci)) {
        const key = bandOf(g.cl * g.ci, scope.matrix).key;
        out.bands[key] = (out.bands[key] ?? 0) + g.n;
      } else out.currentUnscored += g.n;
      out.status.open += g.open;
      out.status.closed += g.n - g.open;
      out.escalated += g.escalated;
      out.aboveTolerance += g.above;
      out.reviewOverdue += g.reviewOverdue ?? 0;
    }
    return out;
  }

  async lookup(partnershipId: number, query: RiskLookupQuery): Promise<RiskLookupRow[]> {
    const parts = ['partnership_id = ?'];
    const params: unknown[] = [partnershipId];
    if (query.ids) {
      parts.push(`id in (${query.ids.map(() => '?').join(',')})`);
      params.push(...query.ids);
    }
    if (query.status) {
      parts.push('status = ?');
      params.push(query.status);
    }
    if (query.boardId !== undefined) {
      parts.push('(board_id = ? or escalated_to_board_id = ?)');
      params.push(query.boardId, query.boardId);
    }
    const rows = await this.all<{ id: number; number: number; title: string; status: RiskLookupRow['status'] }>({
      text: `select id, number, title, status from risks where ${parts.join(' and ')} order by number`,
      params,
    });
    return rows.map((r) => ({ id: r.id, reference: riskReference(r.number), title: r.title, status: r.status }));
  }

  private async scope(partnershipId: number): Promise<RegisterScope> {
    return { partnershipId, matrix: (await this.risks.matrix(partnershipId)), today: todayIn(this.ctx.clock()) };
  }

  private async rowsInOrder(partnershipId: number, ids: number[]): Promise<RiskRow[]> {
    if (ids.length === 0) return [];
    // Past a few hundred ids the whole register is read instead: a statement's parameters are limited.
    const byId = new Map((await this.risks.list(partnershipId, ids.length > ROWS_BY_ID_MAX ? {} : { ids })).map((r) => [r.id, r]));
    return ids.flatMap((id) => (byId.has(id) ? [byId.get(id)!] : []));
  }

  /** Through the database's raw SQL, which keeps each statement text prepared. */
  private all<T>(q: Fragment): Promise<T[]> {
    return this.ctx.database.sql.all<T>(q.text, q.params as SqlValue[]);
  }

  private async get<T>(q: Fragment): Promise<T> {
    return (await this.ctx.database.sql.get<T>(q.text, q.params as SqlValue[]))!;
  }
}

