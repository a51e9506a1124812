import { z } from 'zod';
import { SEARCH_LIMITS } from '../limits.js';
import { RowId } from './common.js';

/**
 * The header's search (issue 16 item 8): one query across the partnership's risks (with their
 * mitigations), challenges, actions, improvement plan and people. The server answers only what the
 * person may read; each hit names its kind, reference, title, a snippet and where it opens.
 */
export const SEARCH_KINDS = ['risk', 'challenge', 'action', 'plan_action', 'objective', 'recommendation', 'person'] as const;
export type SearchKind = (typeof SEARCH_KINDS)[number];

/** Headings of the results page, one kind each ("Risks (3)"). */
export const SEARCH_KIND_LABELS: Record<SearchKind, string> = {
  risk: 'Risks and mitigations',
  challenge: 'Challenges',
  action: 'Board actions',
  plan_action: 'Improvement plan actions',
  objective: 'Improvement plan objectives',
  recommendation: 'Inspection recommendations',
  person: 'People',
};

/**
 * The words of a query as the index holds them. The index's tokenizer (unicode61) keeps letters,
 * digits and marks and splits on everything else, so splitting the same way loses nothing searchable
 * and leaves no FTS5 syntax: `"`, `*`, `(`, `:`, `^` and `-` are separators, and NEAR, AND, OR and NOT
 * become plain words once each term is quoted (ftsMatch).
 */
export function searchTerms(q: string): string[] {
  const seen = new Set<string>();
  for (const word of q.normalize('NFC').split(/[^\p{L}\p{N}\p{M}]+/u)) {
    const w = word.toLowerCase();
    if (w) seen.add(w);
    if (seen.size >= SEARCH_LIMITS.termsMax) break;
  }
  return [...seen];
}

/**
 * An FTS5 MATCH expression: every term quoted (a `"` doubled, though searchTerms leaves none); all
 * must match. A term of two characters or more matches the start of a word ("safeguard" finds
 * "safeguarding"); a single character only itself (the "s" of "child's" is not every word in s).
 */
export function ftsMatch(terms: readonly string[]): string {
  return terms.map((t) => `"${t.replaceAll('"', '""')}"${isPrefix(t) ? '*' : ''}`).join(' ');
}

/** Whether a term matches the start of a word (two characters or more) or only itself. */
const isPrefix = (term: string) => [...term].length > 1;

/**
 * A PostgreSQL tsquery (to_tsquery's text) meaning what ftsMatch means: every term a quoted lexeme, a
 * prefix as ftsMatch's, all required (`&`). Inside quotes `'` and `\` are doubled, so nothing of a term
 * is read as tsquery syntax (`&`, `|`, `!`, `<->`, `:*`, parentheses), whatever searchTerms let through.
 */
export function tsQuery(terms: readonly string[]): string {
  return terms.map((t) => `'${t.replaceAll('\\', '\\\\').replaceAll("'", "''")}'${isPrefix(t) ? ':*' : ''}`).join(' & ');
}

/** A query that is a record's reference (R-005, c12, A-3): that record is found by its number, first of its kind. */
export interface SearchReference {
  kind: 'risk' | 'challenge' | 'action';
  number: number;
}
const REFERENCE_KINDS = { r: 'risk', c: 'challenge', a: 'action' } as const;

export function referenceIn(q: string): SearchReference | null {
  const m = /^\s*([rca])\s*-?\s*0*([1-9][0-9]{0,8})\s*$/i.exec(q);
  return m ? { kind: REFERENCE_KINDS[m[1]!.toLowerCase() as keyof typeof REFERENCE_KINDS], number: Number(m[2]) } : null;
}

/** GET /api/partnerships/:id/search?q=…&kind=… */
export const SearchQuery = z.object({
  q: z
    .string('A query')
    .max(SEARCH_LIMITS.queryMax, `At most ${SEARCH_LIMITS.queryMax} characters`)
    .refine((s) => !s.includes('\u0000'), 'No NUL characters')
    .transform((s) => s.trim()),
  kind: z.enum(SEARCH_KINDS, 'One of the kinds of record').optional(),
});
export type SearchQuery = z.infer<typeof SearchQuery>;

/** A stretch of a snippet: matched words are `hit`; the client shows them in <mark>, as text. */
export const SnippetPart = z.strictObject({ text: z.string(), hit: z.boolean() });
export type SnippetPart = z.infer<typeof SnippetPart>;

export const SearchHit = z.strictObject({
  kind: z.enum(SEARCH_KINDS),
  id: RowId,
  /** R-001, C-004, A-012, "Recommendation 3"; null where a kind has none (a person, an objective). */
  reference: z.string().nullable(),
  title: z.string(),
  /** Where it sits: its board, plan, agency or report. */
  context: z.string(),
  snippet: z.array(SnippetPart),
  /** The page that opens it, within the app. */
  link: z.string().regex(/^\/[^/\\]/, 'A path within the app'),
});
export type SearchHit = z.infer<typeof SearchHit>;

export const SearchGroup = z.strictObject({
  kind: z.enum(SEARCH_KINDS),
  /** Every hit of this kind the person may read, whether or not all are listed. */
  count: z.number().int().min(0),
  hits: z.array(SearchHit),
});
export type SearchGroup = z.infer<typeof SearchGroup>;

export const SearchAnswer = z.strictObject({
  query: z.string(),
  /** The words searched for (every one must appear, as a word or the start of one). */
  terms: z.array(z.string()),
  kind: z.enum(SEARCH_KINDS).nullable(),
  total: z.number().int().min(0),
  /** One per kind, in SEARCH_KINDS order (only the asked kind when one is). */
  groups: z.array(SearchGroup),
});
export type SearchAnswer = z.infer<typeof SearchAnswer>;

/** Splits a snippet marked with `open`/`close` into parts; a marker without its pair is dropped. */
export function snippetParts(marked: string, open: string, close: string): SnippetPart[] {
  const parts: SnippetPart[] = [];
  let rest = marked;
  while (rest.length > 0) {
    const start = rest.indexOf(open);
    if (start < 0) break;
    const end = rest.indexOf(close, start + open.length);
    if (end < 0) break;
    if (start > 0) parts.push({ text: rest.slice(0, start).replaceAll(close, ''), hit: false });
    parts.push({ text: rest.slice(start + open.length, end), hit: true });
    rest = rest.slice(end + close.length);
  }
  const tail = rest.replaceAll(open, '').replaceAll(close, '');
  if (tail) parts.push({ text: tail, hit: false });
  return parts.filter((p) => p.text.length > 0);
}
