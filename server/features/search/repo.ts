import type { SearchKind, SearchReference, SnippetPart } from '../../../shared/schemas/search.js';
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
 * to list (0: count only). A `reference` puts that record (if the person may read it) first of its kind.
 */
export interface SearchRepository {
  search(scope: SearchScope, match: string, limits: Readonly<Record<SearchKind, number>>, reference?: SearchReference | null): Promise<FoundKind[]>;
}

// Snippet markers: control characters no typed text is expected to hold; the parts are split on them
// server-side, so the client never sees markup (and stray markers only cost a highlight).
const OPEN = '\u0002';
const CLOSE = '\u0003';

/** An FTS5 snippet of `table`'s best column, or nothing when only counting. */
const snip = (table: string, withSnippet: boolean) => (withSnippet ? `snippet(${table}, -1, char(2), char(3), '…', ${SEARCH_LIMITS.snippetWords})` : "''");

/** The hits of one FTS5 table: the record's id as `rid`, its rank (bm25: lower is better) and snippet. One `?`: the match. */
const ftsHits = (table: string) => (withSnippet: boolean) => `select rowid as rid, rank, ${snip(table, withSnippet)} as snip from ${table} where ${table} match ?`;

interface KindSql {
  /** `rid, rank, snip` of every matching record (`?` for the match, `matches` times). */
  hits: (withSnippet: boolean) => string;
  matches: number;
  /** Columns: id, number, title, context, boardId, planId, objectiveId. */
  select: string;
  /** Joins from the hits (`h`) to the record and what it is shown with. */
  joins: string;
  /** The read rule, with `?` for the scope's values `params` gives, in order. */
  where: string;
  params: (s: SearchScope) => unknown[];
  /** The record with a reference's number (`?`), for the kinds that have references. */
  byNumber?: string;
  /** Joins for byNumber, from the record (the same aliases as `joins`). */
  recordFrom?: string;
}

const inPartnership = (alias: string) => `${alias}.partnership_id = ?`;
const partnershipOnly = (s: SearchScope) => [s.partnershipId];

/**
 * A risk's hits: its own words, or a mitigation's (found as its risk); a risk with several matching
 * rows counts once, with its best rank and that row's snippet (SQLite takes a bare column from the
 * row that gives min()).
 */
const riskHits = (withSnippet: boolean) =>
  `select rid, min(rank) as rank, snip from (${ftsHits('search_risks')(withSnippet)} union all ` +
  `select m.risk_id as rid, search_mitigations.rank as rank, ${snip('search_mitigations', withSnippet)} as snip from search_mitigations ` +
  `join mitigations m on m.rowid = search_mitigations.rowid where search_mitigations match ?) group by rid`;

/**
 * Every kind's SQL. Structure is fixed here; only values are parameters. The read rules are those of
 * each feature's lists: the register, the challenge log and the improvement plan are the whole
 * partnership's (observers read them); a board's actions are for its members (any role), their owner
 * and administrators (meetings/service.ts `actions`); disabled people only for administrators.
 */
const KINDS: Record<SearchKind, KindSql> = {
  risk: {
    hits: riskHits,
    matches: 2,
    select: 'r.id as id, r.number as number, r.title as title, b.name as context, r.board_id as boardId, null as planId, null as objectiveId',
    joins: 'join risks r on r.id = h.rid join boards b on b.id = r.board_id',
    where: inPartnership('r'),
    params: partnershipOnly,
    byNumber: 'r.number = ?',
    recordFrom: 'risks r join boards b on b.id = r.board_id',
  },
  challenge: {
    hits: ftsHits('search_challenges'),
    matches: 1,
    select: "c.id as id, c.number as number, c.title as title, 'To ' || a.name as context, c.board_id as boardId, null as planId, null as objectiveId",
    joins: 'join challenges c on c.id = h.rid join agencies a on a.id = c.directed_agency_id',
    where: inPartnership('c'),
    params: partnershipOnly,
    byNumber: 'c.number = ?',
    recordFrom: 'challenges c join agencies a on a.id = c.directed_agency_id',
  },
  action: {
    hits: ftsHits('search_meeting_actions'),
    matches: 1,
    select: "ma.id as id, ma.id as number, ma.description as title, b.name || ' · ' || o.name as context, ma.board_id as boardId, null as planId, null as objectiveId",
    joins: 'join meeting_actions ma on ma.id = h.rid join boards b on b.id = ma.board_id join people o on o.id = ma.owner_id',
    where: `${inPartnership('ma')} and (? = 1 or ma.board_id in (select value from json_each(?)) or ma.owner_id = ?)`,
    params: (s) => [s.partnershipId, s.isAdmin ? 1 : 0, JSON.stringify(s.boardIds), s.personId],
    byNumber: 'ma.id = ?',
    recordFrom: 'meeting_actions ma join boards b on b.id = ma.board_id join people o on o.id = ma.owner_id',
  },
  plan_action: {
    hits: ftsHits('search_plan_actions'),
    matches: 1,
    select: 'pa.id as id, null as number, pa.description as title, pl.title as context, pl.board_id as boardId, pa.plan_id as planId, pa.objective_id as objectiveId',
    joins: 'join plan_actions pa on pa.id = h.rid join plans pl on pl.id = pa.plan_id',
    where: inPartnership('pa'),
    params: partnershipOnly,
  },
  objective: {
    hits: ftsHits('search_plan_objectives'),
    matches: 1,
    select: 'o.id as id, null as number, o.outcome as title, pl.title as context, pl.board_id as boardId, o.plan_id as planId, o.id as objectiveId',
    joins: 'join plan_objectives o on o.id = h.rid join plans pl on pl.id = o.plan_id',
    where: inPartnership('o'),
    params: partnershipOnly,
  },
  recommendation: {
    hits: ftsHits('search_recommendations'),
    matches: 1,
    select: 'ir.id as id, ir.number as number, ir.text as title, ir.source as context, null as boardId, null as planId, null as objectiveId',
    joins: 'join inspection_recommendations ir on ir.id = h.rid',
    where: inPartnership('ir'),
    params: partnershipOnly,
  },
  person: {
    hits: ftsHits('search_people'),
    matches: 1,
    select: "p.id as id, null as number, p.name as title, ag.name || coalesce(' · ' || p.job_title, '') as context, null as boardId, null as planId, null as objectiveId",
    joins: 'join people p on p.id = h.rid join agencies ag on ag.id = p.agency_id',
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
  async search(scope: SearchScope, match: string, limits: Readonly<Record<SearchKind, number>>, reference: SearchReference | null = null): Promise<FoundKind[]> {
    // One read transaction: the counts and the lists see the same moment.
    return this.ctx.database.transaction(() =>
      (Object.keys(KINDS) as SearchKind[]).map((kind) => {
        const k = KINDS[kind];
        const from = (withSnippet: boolean) => `from (${k.hits(withSnippet)}) h ${k.joins} where ${k.where}`;
        const params = [...Array<string>(k.matches).fill(match), ...k.params(scope)];
        let count = (this.prepare(`select count(*) as n ${from(false)}`).get(...params) as { n: number }).n;
        // The record a reference names, under the same read rule; counted once if its words match too.
        const exact =
          reference?.kind === kind && k.byNumber && k.recordFrom
            ? (this.prepare(`select ${k.select}, '' as snip from ${k.recordFrom} where ${k.byNumber} and ${k.where}`).get(reference.number, ...k.params(scope)) as Row | undefined)
            : undefined;
        if (exact && (this.prepare(`select count(*) as n ${from(false)} and h.rid = ?`).get(...params, exact.id) as { n: number }).n === 0) count += 1;
        const limit = Math.min(limits[kind], count);
        const matched = limit > 0 ? (this.prepare(`select ${k.select}, h.snip as snip ${from(true)} order by h.rank, id limit ?`).all(...params, limit) as Row[]) : [];
        const rows = exact && limit > 0 ? [exact, ...matched.filter((r) => r.id !== exact.id)].slice(0, limit) : matched;
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
