import { tsQuery, type SearchKind, type SearchReference } from '../../../shared/schemas/search.js';
import { SEARCH_LIMITS } from '../../../shared/limits.js';
import type { ServiceContext } from '../../core/context.js';
import { findRecords, idsIn, type EngineHits, type FoundKind, type KindHits, type SearchRepository, type SearchScope } from './read-rules.js';

/**
 * ts_headline's options: the snippet markers (chr(2), chr(3): read-rules.ts SNIPPET_OPEN/CLOSE) and
 * about as many words as FTS5's snippet gives. One fragment: stretched around the best match on both
 * sides, as FTS5's is (without fragments ts_headline starts at the match). Unlike FTS5's, it has no
 * '…' where it cuts the text.
 */
const HEADLINE_OPTIONS = `'StartSel="' || chr(2) || '", StopSel="' || chr(3) || '", MaxWords=${SEARCH_LIMITS.snippetWords}, MinWords=${Math.ceil(SEARCH_LIMITS.snippetWords / 2)}, MaxFragments=1'`;

/** The query, once per hits table (its first `?`): the terms as tsQuery wrote them, in the index's configuration. */
const QUERY = "to_tsquery('board_search', ?) q";

/** The searcher's partnership (the hits' second `?`, KindHits.byPartnership): nobody else's matches are ranked or headlined. */
const OURS = (alias: string) => `${alias}.partnership_id = ?`;

/**
 * A headline of the columns' words (joined by line breaks, as the migration's risk body is), or nothing
 * when only counting. ts_headline picks the best stretch across them, as FTS5's snippet picks the best column.
 */
const headline = (columns: readonly string[], withSnippet: boolean) =>
  withSnippet ? `ts_headline('board_search', ${columns.join(' || chr(10) || ')}, q, ${HEADLINE_OPTIONS})` : "''";

/**
 * The hits of one search table (drizzle/pg/0001_search.sql, 0002_search_partnership.sql): `rid`, rank (ts_rank negated, so lower is
 * better as FTS5's bm25 is; the weights favour the first column, a title) and the headline.
 */
const tsHits = (table: string, columns: readonly string[]): KindHits => ({
  sql: (withSnippet, ids) => `select t.rid as rid, -ts_rank(t.document, q) as rank, ${headline(columns.map((c) => `t.${c}`), withSnippet)} as snip from ${table} t, ${QUERY} where t.document @@ q and ${OURS('t')}${idsIn('t.rid', ids)}`,
  matches: 1,
  byPartnership: true,
});

/**
 * PostgreSQL's hits of each kind. Words are split by PostgreSQL's parser, as FTS5's unicode61 splits
 * them only where the database's LC_CTYPE is a UTF-8 locale: under C every non-ASCII character counts
 * as a letter, so "Children’s" is one word there (docs/DEPLOY.md says how to create the database). A risk's hits are its own words, or a mitigation's (search_mitigations
 * is keyed by the mitigation's text id, found as its risk); a risk with several matching rows counts
 * once, with its best rank and that row's headline (distinct on, best first).
 */
const TEXT_SEARCH: EngineHits = {
  risk: {
    sql: (withSnippet, ids) =>
      `select distinct on (rid) rid, rank, snip from (${tsHits('search_risks', ['title', 'body']).sql(withSnippet, ids)} union all ` +
      `select m.risk_id as rid, -ts_rank(t.document, q) as rank, ${headline(['t.action'], withSnippet)} as snip from search_mitigations t ` +
      `join mitigations m on m.id = t.rid, ${QUERY} where t.document @@ q and ${OURS('t')}${idsIn('m.risk_id', ids)}) found order by rid, rank`,
    matches: 2,
    byPartnership: true,
  },
  challenge: tsHits('search_challenges', ['title', 'question', 'discussion', 'response']),
  action: tsHits('search_meeting_actions', ['description']),
  plan_action: tsHits('search_plan_actions', ['description', 'milestones', 'progress']),
  objective: tsHits('search_plan_objectives', ['outcome', 'progress']),
  recommendation: tsHits('search_recommendations', ['text', 'source']),
  person: tsHits('search_people', ['name', 'job_title']),
};

/** Search on PostgreSQL: its text search, the query made from the terms (tsQuery), never from the typed text. */
export class PgSearchRepository implements SearchRepository {
  constructor(private readonly ctx: ServiceContext) {}

  search(scope: SearchScope, terms: readonly string[], limits: Readonly<Record<SearchKind, number>>, reference: SearchReference | null = null): Promise<FoundKind[]> {
    return findRecords(this.ctx.database, TEXT_SEARCH, tsQuery(terms), scope, limits, reference);
  }
}
