import type { SearchKind, SearchReference, SnippetPart } from '../../../shared/schemas/search.js';
import { snippetParts } from '../../../shared/schemas/search.js';
import type { Database_ } from '../../db/client.js';
import type { SqlValue } from '../../db/raw-sql.js';

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
 * Full-text search behind a seam: SQLite answers with FTS5 (./repo.ts, migration 0016), PostgreSQL
 * with its text search (./pg-repo.ts, drizzle/pg/0001_search.sql). `terms` are the validated words of
 * the query (searchTerms); each engine writes its own query language from them. `limits` says how
 * many records of each kind to list (0: count only). A `reference` puts that record (if the person may
 * read it) first of its kind.
 */
export interface SearchRepository {
  search(scope: SearchScope, terms: readonly string[], limits: Readonly<Record<SearchKind, number>>, reference?: SearchReference | null): Promise<FoundKind[]>;
}

// Snippet markers: control characters no typed text is expected to hold; the parts are split on them
// server-side, so the client never sees markup (and stray markers only cost a highlight).
export const SNIPPET_OPEN = '\u0002';
export const SNIPPET_CLOSE = '\u0003';

/**
 * One engine's hits of a kind: SQL answering `rid` (the record's id), `rank` (lower is better) and
 * `snip` (marked with SNIPPET_OPEN/CLOSE, or '' when only counting). It has `matches` parts, each
 * taking the engine's query, then, when `ids` is more than 0, that many record ids to keep to
 * (idsIn): snippets are made for the page shown, never for every match in the database.
 */
export interface KindHits {
  sql: (withSnippet: boolean, ids?: number) => string;
  matches: number;
  /**
   * Whether each part takes, right after the query, the searcher's partnership id: the engine's tables
   * say whose each record is (PostgreSQL's), so it ranks and headlines that partnership's matches only.
   * The read rules decide what is shown either way.
   */
  byPartnership?: boolean;
}

/** The values of a kind's hits, part by part: the query, the partnership where the tables have it, then the ids. */
const hitParams = (hits: KindHits, match: string, partnershipId: number, ids: readonly number[] = []): SqlValue[] =>
  Array.from({ length: hits.matches }, () => [match, ...(hits.byPartnership ? [partnershipId] : []), ...ids]).flat();

/** `and <column> in (?, …)` for `ids` ids, or nothing. */
export const idsIn = (column: string, ids = 0) => (ids > 0 ? ` and ${column} in (${Array<string>(ids).fill('?').join(', ')})` : '');
export type EngineHits = Record<SearchKind, KindHits>;

/**
 * A kind's record and read rule, in SQL both engines read (camelCase aliases quoted: PostgreSQL folds
 * unquoted ones to lower case; no comparison of a boolean column with 1 or 0).
 */
interface KindRule {
  /** Columns: id, number, title, context, boardId, planId, objectiveId. */
  select: string;
  /** Joins from the hits (`h`) to the record and what it is shown with. */
  joins: string;
  /** The read rule, with `?` for the values `params` gives, in order. */
  where: (s: SearchScope) => string;
  params: (s: SearchScope) => SqlValue[];
  /** The record with a reference's number (`?`), for the kinds that have references. */
  byNumber?: string;
  /** Joins for byNumber, from the record (the same aliases as `joins`). */
  recordFrom?: string;
}

const inPartnership = (alias: string) => () => `${alias}.partnership_id = ?`;
const partnershipOnly = (s: SearchScope) => [s.partnershipId];
/** One placeholder per board (`null` for none: `in ()` is SQLite's only), so the list needs no JSON function of either engine. */
const boardList = (s: SearchScope) => (s.boardIds.length > 0 ? s.boardIds.map(() => '?').join(', ') : 'null');

/**
 * Every kind's record and read rule. Structure is fixed here; only values are parameters. The read
 * rules are those of each feature's lists: the register, the challenge log and the improvement plan are
 * the whole partnership's (observers read them); a board's actions are for its members (any role), their
 * owner and administrators (meetings/service.ts `actions`); disabled people only for administrators.
 */
const RULES: Record<SearchKind, KindRule> = {
  risk: {
    select: 'r.id as id, r.number as number, r.title as title, b.name as context, r.board_id as "boardId", null as "planId", null as "objectiveId"',
    joins: 'join risks r on r.id = h.rid join boards b on b.id = r.board_id',
    where: inPartnership('r'),
    params: partnershipOnly,
    byNumber: 'r.number = ?',
    recordFrom: 'risks r join boards b on b.id = r.board_id',
  },
  challenge: {
    select: `c.id as id, c.number as number, c.title as title, 'To ' || a.name as context, c.board_id as "boardId", null as "planId", null as "objectiveId"`,
    joins: 'join challenges c on c.id = h.rid join agencies a on a.id = c.directed_agency_id',
    where: inPartnership('c'),
    params: partnershipOnly,
    byNumber: 'c.number = ?',
    recordFrom: 'challenges c join agencies a on a.id = c.directed_agency_id',
  },
  action: {
    select: `ma.id as id, ma.id as number, ma.description as title, b.name || ' · ' || o.name as context, ma.board_id as "boardId", null as "planId", null as "objectiveId"`,
    joins: 'join meeting_actions ma on ma.id = h.rid join boards b on b.id = ma.board_id join people o on o.id = ma.owner_id',
    where: (s) => `ma.partnership_id = ? and (? = 1 or ma.board_id in (${boardList(s)}) or ma.owner_id = ?)`,
    params: (s) => [s.partnershipId, s.isAdmin ? 1 : 0, ...s.boardIds, s.personId],
    byNumber: 'ma.id = ?',
    recordFrom: 'meeting_actions ma join boards b on b.id = ma.board_id join people o on o.id = ma.owner_id',
  },
  plan_action: {
    select: 'pa.id as id, null as number, pa.description as title, pl.title as context, pl.board_id as "boardId", pa.plan_id as "planId", pa.objective_id as "objectiveId"',
    joins: 'join plan_actions pa on pa.id = h.rid join plans pl on pl.id = pa.plan_id',
    where: inPartnership('pa'),
    params: partnershipOnly,
  },
  objective: {
    select: 'o.id as id, null as number, o.outcome as title, pl.title as context, pl.board_id as "boardId", o.plan_id as "planId", o.id as "objectiveId"',
    joins: 'join plan_objectives o on o.id = h.rid join plans pl on pl.id = o.plan_id',
    where: inPartnership('o'),
    params: partnershipOnly,
  },
  recommendation: {
    select: 'ir.id as id, ir.number as number, ir.text as title, ir.source as context, null as "boardId", null as "planId", null as "objectiveId"',
    joins: 'join inspection_recommendations ir on ir.id = h.rid',
    where: inPartnership('ir'),
    params: partnershipOnly,
  },
  person: {
    select: `p.id as id, null as number, p.name as title, ag.name || coalesce(' · ' || p.job_title, '') as context, null as "boardId", null as "planId", null as "objectiveId"`,
    joins: 'join people p on p.id = h.rid join agencies ag on ag.id = p.agency_id',
    // `not p.disabled`: SQLite's 0/1 and PostgreSQL's boolean alike.
    where: () => 'p.partnership_id = ? and (? = 1 or not p.disabled)',
    params: (s) => [s.partnershipId, s.isAdmin ? 1 : 0],
  },
};

/** A found record as the SQL answers it, before its snippet. */
type Row = Omit<FoundRecord, 'snippet'>;

/**
 * Every kind's count and best records, through one engine's hits and its query (`match`), as of one
 * moment (Database_.readSnapshot): the counts and the lists agree, and on PostgreSQL no search waits for a write.
 */
export function findRecords(
  database: Database_,
  hits: EngineHits,
  match: string,
  scope: SearchScope,
  limits: Readonly<Record<SearchKind, number>>,
  reference: SearchReference | null,
): Promise<FoundKind[]> {
  const { sql } = database;
  return database.readSnapshot(async () => {
    const found: FoundKind[] = [];
    for (const kind of Object.keys(RULES) as SearchKind[]) {
      const rule = RULES[kind];
      const where = rule.where(scope);
      const ruleParams = rule.params(scope);
      const from = `from (${hits[kind].sql(false)}) h ${rule.joins} where ${where}`;
      const params = [...hitParams(hits[kind], match, scope.partnershipId), ...ruleParams];
      let count = (await sql.get<{ n: number }>(`select count(*) as n ${from}`, params))!.n;
      // The record a reference names, under the same read rule; counted once if its words match too.
      const exact =
        reference?.kind === kind && rule.byNumber && rule.recordFrom
          ? await sql.get<Row>(`select ${rule.select} from ${rule.recordFrom} where ${rule.byNumber} and ${where}`, [reference.number, ...ruleParams])
          : undefined;
      if (exact && (await sql.get<{ n: number }>(`select count(*) as n ${from} and h.rid = ?`, [...params, exact.id]))!.n === 0) count += 1;
      const limit = Math.min(limits[kind], count);
      const matched = limit > 0 ? await sql.all<Row>(`select ${rule.select} ${from} order by h.rank, id limit ?`, [...params, limit]) : [];
      const rows = exact && limit > 0 ? [exact, ...matched.filter((r) => r.id !== exact.id)].slice(0, limit) : matched;
      // The snippets of the rows shown only: made from text the person may read, and costing the page's
      // few, whatever else in the database matches.
      const snips = rows.length > 0 ? await snippetsOf(sql, hits[kind], hitParams(hits[kind], match, scope.partnershipId, rows.map((r) => r.id)), rows.length) : new Map<number, string>();
      found.push({
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
          snippet: snippetParts(snips.get(r.id) ?? '', SNIPPET_OPEN, SNIPPET_CLOSE),
        })),
      });
    }
    return found;
  });
}

/** Each listed record's snippet, by id (`params`: hitParams with the `ids` listed). */
async function snippetsOf(sql: Database_['sql'], hits: KindHits, params: SqlValue[], ids: number): Promise<Map<number, string>> {
  const found = await sql.all<{ rid: number; snip: string | null }>(`select rid, snip from (${hits.sql(true, ids)}) s`, params);
  return new Map(found.map((f) => [f.rid, f.snip ?? '']));
}
