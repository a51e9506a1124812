import type { SearchKind, SnippetPart } from '../../../shared/schemas/search.js';
import { snippetParts } from '../../../shared/schemas/search.js';
import { SEARCH_LIMITS } from '../../../shared/limits.js';
import type { ServiceContext } from '../../core/context.js';

/** Who is searching, as the read rules weigh it: the partnership, and what narrows it further. */
export interface SearchScope {
  partnershipId: number;
  personId: number;
  isAdmin: boolean;
  /** Boards the person holds any role at (observer included): a board's actions are its own. */
  boardIds: readonly number[];
}

/** One record found, with the facts its reference and link are made from. */
export interface FoundRecord {
  id: number;
  /** A risk's or challenge's running number, an action's id, a recommendation's number. */
  number: number | null;
  title: string;
  context: string;
  boardId: number | null;
  planId: number | null;
  objectiveId: number | null;
  snippet: SnippetPart[];
}

export interface FoundKind {
  kind: SearchKind;
  count: number;
  records: FoundRecord[];
}

/**
 * Full-text search behind a seam: SQLite answers with FTS5 (the tables and triggers of migration
 * 0016); PostgreSQL will answer with its own full-text search behind the same signature.
 * `match` is the validated, quoted expression (ftsMatch); `limits` says how many records of each kind
 * to list (0: count only).
 */
export interface SearchRepository {
  search(scope: SearchScope, match: string, limits: Readonly<Record<SearchKind, number>>): Promise<FoundKind[]>;
}

// Snippet markers: control characters no typed text is expected to hold; the parts are split on them
// server-side, so the client never sees markup (and stray markers only cost a highlight).
const OPEN = '\u0002';
const CLOSE = '\u0003';

interface KindSql {
  /** The FTS5 table. */
  fts: string;
  /** Columns: id, number, title, context, boardId, planId, objectiveId. */
  select: string;
  /** Joins from the FTS5 table to the record and what it is shown with. */
  joins: string;
  /** The read rule, with `?` for the scope's values `params` gives, in order. */
  where: string;
  params: (s: SearchScope) => unknown[];
}

const inPartnership = (alias: string) => `${alias}.partnership_id = ?`;
const partnershipOnly = (s: SearchScope) => [s.partnershipId];

/**
 * Every kind's SQL. Structure is fixed here; only values are parameters. The read rules are those of
 * each feature's lists: the register, the challenge log and the improvement plan are the whole
 * partnership's (observers read them); a board's actions are for its members (any role), their owner
 * and administrators (meetings/service.ts `actions`); disabled people only for administrators.
 */
const KINDS: Record<SearchKind, KindSql> = {
  risk: {
    fts: 'search_risks',
    select: 'r.id as id, r.number as number, r.title as title, b.name as context, r.board_id as boardId, null as planId, null as objectiveId',
    joins: 'join risks r on r.id = search_risks.rowid join boards b on b.id = r.board_id',
    where: inPartnership('r'),
    params: partnershipOnly,
  },
  challenge: {
    fts: 'search_challenges',
    select: "c.id as id, c.number as number, c.title as title, 'To ' || a.name as context, c.board_id as boardId, null as planId, null as objectiveId",
    joins: 'join challenges c on c.id = search_challenges.rowid join agencies a on a.id = c.directed_agency_id',
    where: inPartnership('c'),
    params: partnershipOnly,
  },
  action: {
    fts: 'search_meeting_actions',
    select: "ma.id as id, ma.id as number, ma.description as title, b.name || ' · ' || o.name as context, ma.board_id as boardId, null as planId, null as objectiveId",
    joins: 'join meeting_actions ma on ma.id = search_meeting_actions.rowid join boards b on b.id = ma.board_id join people o on o.id = ma.owner_id',
    where: `${inPartnership('ma')} and (? = 1 or ma.board_id in (select value from json_each(?)) or ma.owner_id = ?)`,
    params: (s) => [s.partnershipId, s.isAdmin ? 1 : 0, JSON.stringify(s.boardIds), s.personId],
  },
  plan_action: {
    fts: 'search_plan_actions',
    select: 'pa.id as id, null as number, pa.description as title, pl.title as context, pl.board_id as boardId, pa.plan_id as planId, pa.objective_id as objectiveId',
    joins: 'join plan_actions pa on pa.id = search_plan_actions.rowid join plans pl on pl.id = pa.plan_id',
    where: inPartnership('pa'),
    params: partnershipOnly,
  },
  objective: {
    fts: 'search_plan_objectives',
    select: 'o.id as id, null as number, o.outcome as title, pl.title as context, pl.board_id as boardId, o.plan_id as planId, o.id as objectiveId',
    joins: 'join plan_objectives o on o.id = search_plan_objectives.rowid join plans pl on pl.id = o.plan_id',
    where: inPartnership('o'),
    params: partnershipOnly,
  },
  recommendation: {
    fts: 'search_recommendations',
    select: 'ir.id as id, ir.number as number, ir.text as title, ir.source as context, null as boardId, null as planId, null as objectiveId',
    joins: 'join inspection_recommendations ir on ir.id = search_recommendations.rowid',
    where: inPartnership('ir'),
    params: partnershipOnly,
  },
  person: {
    fts: 'search_people',
    select: "p.id as id, null as number, p.name as title, ag.name || coalesce(' · ' || p.job_title, '') as context, null as boardId, null as planId, null as objectiveId",
    joins: 'join people p on p.id = search_people.rowid join agencies ag on ag.id = p.agency_id',
    where: `${inPartnership('p')} and (? = 1 or p.disabled = 0)`,
    params: (s) => [s.partnershipId, s.isAdmin ? 1 : 0],
  },
};

/** The little of a prepared statement this reads through (better-sqlite3's is only db/'s to import). */
interface Statement {
  get(...params: unknown[]): unknown;
  all(...params: unknown[]): unknown[];
}

interface Row {
  id: number;
  number: number | null;
  title: string;
  context: string;
  boardId: number | null;
  planId: number | null;
  objectiveId: number | null;
  snip: string;
}

export class SqliteSearchRepository implements SearchRepository {
  private readonly statements = new Map<string, Statement>();

  constructor(private readonly ctx: ServiceContext) {}

  private prepare(sql: string): Statement {
    let st = this.statements.get(sql);
    if (!st) this.statements.set(sql, (st = this.ctx.database.raw.prepare(sql) as unknown as Statement));
    return st;
  }

  // Synchronous underneath (better-sqlite3), asynchronous in its signature for PostgreSQL's sake.
  async search(scope: SearchScope, match: string, limits: Readonly<Record<SearchKind, number>>): Promise<FoundKind[]> {
    // One read transaction: the counts and the lists see the same moment.
    return this.ctx.database.transaction(() =>
      (Object.keys(KINDS) as SearchKind[]).map((kind) => {
        const k = KINDS[kind];
        const from = `from ${k.fts} ${k.joins} where ${k.fts} match ? and ${k.where}`;
        const params = [match, ...k.params(scope)];
        const count = (this.prepare(`select count(*) as n ${from}`).get(...params) as { n: number }).n;
        const limit = Math.min(limits[kind], count);
        const rows =
          limit > 0
            ? (this
                .prepare(`select ${k.select}, snippet(${k.fts}, -1, ?, ?, '…', ?) as snip ${from} order by ${k.fts}.rank, id limit ?`)
                .all(OPEN, CLOSE, SEARCH_LIMITS.snippetWords, ...params, limit) as Row[])
            : [];
        return {
          kind,
          count,
          records: rows.map((r) => ({
            id: r.id,
            number: r.number,
            title: r.title,
            context: r.context,
            boardId: r.boardId,
            planId: r.planId,
            objectiveId: r.objectiveId,
            snippet: snippetParts(r.snip ?? '', OPEN, CLOSE),
          })),
        };
      }),
    );
  }
}
