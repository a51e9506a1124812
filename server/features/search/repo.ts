import { ftsMatch, type SearchKind, type SearchReference } from '../../../shared/schemas/search.js';
import { SEARCH_LIMITS } from '../../../shared/limits.js';
import type { ServiceContext } from '../../core/context.js';
import { findRecords, idsIn, type EngineHits, type FoundKind, type SearchRepository, type SearchScope } from './read-rules.js';

export type { FoundKind, FoundRecord, SearchRepository, SearchScope } from './read-rules.js';

/** An FTS5 snippet of `table`'s best column, or nothing when only counting. */
const snip = (table: string, withSnippet: boolean) => (withSnippet ? `snippet(${table}, -1, char(2), char(3), '…', ${SEARCH_LIMITS.snippetWords})` : "''");

/**
 * A record's rank from its own words only (lower is better): how often the query's words occur in it,
 * those in its first column (a title, a name) counting double. Not FTS5's bm25: bm25 weighs each word by
 * how rare it is in the whole table, every partnership's records included, so the order of one's own
 * hits would tell a member which words another partnership's records hold (PostgreSQL's ts_rank reads
 * the record alone). A column's matches are counted as the markers highlight() puts in it.
 */
const ownRank = (table: string, columns: readonly string[]) =>
  `-(${columns.map((c, i) => `${i === 0 ? 2 : 1} * coalesce(length(highlight(${table}, ${i}, char(2), '')) - length(${table}.${c}), 0)`).join(' + ')})`;

/** The hits of one FTS5 table (its columns in order): the record's id as `rid`, its rank (ownRank) and snippet. One `?`: the match. */
const ftsHits = (table: string, columns: readonly string[]) => ({
  sql: (withSnippet: boolean, ids?: number) => `select rowid as rid, ${ownRank(table, columns)} as rank, ${snip(table, withSnippet)} as snip from ${table} where ${table} match ?${idsIn('rowid', ids)}`,
  matches: 1,
});

/**
 * FTS5's hits of each kind (the tables and triggers of migration 0016). A risk's hits are its own
 * words, or a mitigation's (found as its risk); a risk with several matching rows counts once, with its
 * best rank and that row's snippet (SQLite takes a bare column from the row that gives min()).
 */
const FTS5: EngineHits = {
  risk: {
    sql: (withSnippet, ids) =>
      `select rid, min(rank) as rank, snip from (${ftsHits('search_risks', ['title', 'body']).sql(withSnippet, ids)} union all ` +
      `select m.risk_id as rid, ${ownRank('search_mitigations', ['action'])} as rank, ${snip('search_mitigations', withSnippet)} as snip from search_mitigations ` +
      `join mitigations m on m.rowid = search_mitigations.rowid where search_mitigations match ?${idsIn('m.risk_id', ids)}) group by rid`,
    matches: 2,
  },
  challenge: ftsHits('search_challenges', ['title', 'question', 'discussion', 'response']),
  action: ftsHits('search_meeting_actions', ['description']),
  plan_action: ftsHits('search_plan_actions', ['description', 'milestones', 'progress']),
  objective: ftsHits('search_plan_objectives', ['outcome', 'progress']),
  recommendation: ftsHits('search_recommendations', ['text', 'source']),
  person: ftsHits('search_people', ['name', 'job_title']),
};

/** Search on SQLite: FTS5, its MATCH expression made from the terms (ftsMatch). */
export class SqliteSearchRepository implements SearchRepository {
  constructor(private readonly ctx: ServiceContext) {}

  search(scope: SearchScope, terms: readonly string[], limits: Readonly<Record<SearchKind, number>>, reference: SearchReference | null = null): Promise<FoundKind[]> {
    return findRecords(this.ctx.database, FTS5, ftsMatch(terms), scope, limits, reference);
  }
}
