import type { Actor } from '../../../shared/domain/permissions.js';
import { challengeReference } from '../../../shared/domain/challenges.js';
import { actionReference } from '../../../shared/domain/meetings.js';
import { riskReference } from '../../../shared/domain/scoring.js';
import { SEARCH_LIMITS } from '../../../shared/limits.js';
import { recommendationLabel } from '../../../shared/schemas/plan.js';
import { referenceIn, searchTerms, SEARCH_KINDS, type SearchAnswer, type SearchHit, type SearchKind, type SearchQuery } from '../../../shared/schemas/search.js';
import type { FoundRecord, SearchRepository } from './read-rules.js';

/** A title is a line in a list: a long action or recommendation is cut, its whole text is a click away. */
const TITLE_MAX = 200;
const short = (s: string) => (s.length > TITLE_MAX ? `${s.slice(0, TITLE_MAX - 1).trimEnd()}…` : s);

/** Each kind's reference and the page that opens a record of it. */
function hitOf(kind: SearchKind, r: FoundRecord, actor: Actor): SearchHit {
  const base = { kind, id: r.id, title: short(r.title), context: r.context, snippet: r.snippet };
  switch (kind) {
    case 'risk':
      return { ...base, reference: riskReference(r.number!), link: `/risks/${r.id}` };
    case 'challenge':
      return { ...base, reference: challengeReference(r.number!), link: `/challenges/${r.id}` };
    case 'action':
      return { ...base, reference: actionReference(r.id), link: `/boards/${r.boardId}/actions` };
    case 'plan_action':
    case 'objective':
      return { ...base, reference: null, link: `/plans/${r.planId}/objectives/${r.objectiveId}` };
    case 'recommendation':
      return { ...base, reference: recommendationLabel(r.number!), link: `/recommendations/${r.id}` };
    case 'person':
      // Administrators open the person in Administration; everyone else sees the risks they own.
      return { ...base, reference: null, link: actor.isPartnershipAdmin ? `/admin/people?q=${encodeURIComponent(r.title)}` : `/register?ownerId=${r.id}&status=all` };
  }
}

/**
 * The header's search: the person's query, as terms (each engine writes its own query from them),
 * across every kind of record they may read in the partnership they are working in. The repository applies the read rules in its queries, so
 * counts never include what the person may not see.
 */
export class SearchService {
  constructor(private readonly repo: SearchRepository) {}

  async search(actor: Actor, query: SearchQuery): Promise<SearchAnswer> {
    const terms = searchTerms(query.q);
    const kind = query.kind ?? null;
    const empty: SearchAnswer = { query: query.q, terms, kind, total: 0, groups: SEARCH_KINDS.map((k) => ({ kind: k, count: 0, hits: [] })) };
    if (terms.length === 0) return empty;
    const limits = Object.fromEntries(SEARCH_KINDS.map((k) => [k, kind === null ? SEARCH_LIMITS.perKind : k === kind ? SEARCH_LIMITS.oneKindMax : 0])) as Record<SearchKind, number>;
    const found = await this.repo.search(
      { partnershipId: actor.partnershipId, personId: actor.personId, isAdmin: actor.isPartnershipAdmin, boardIds: [...actor.boardRoles.keys()] },
      terms,
      limits,
      referenceIn(query.q),
    );
    const groups = found.map((g) => ({ kind: g.kind, count: g.count, hits: g.records.map((r) => hitOf(g.kind, r, actor)) }));
    return { ...empty, total: groups.reduce((n, g) => n + g.count, 0), groups };
  }
}
