import { z } from 'zod';
import { SCORE_KINDS } from '../domain/matrix.js';
import { REGISTER_LIMITS } from '../limits.js';
import { IdListParam, IdParam } from './common.js';
import { RISK_STATUSES, RiskRow } from './risk.js';

/**
 * The register read from the server a page at a time: what it may be filtered and sorted by, the
 * cursor that walks it, and the aggregate its heat map and counts are drawn from. Query strings are
 * text: numbers and flags are read from fixed spellings, never coerced.
 */

/** What the register may be sorted by; every sort ends on the risk's id, so the order is total. */
export const REGISTER_SORTS = [
  'reference',
  'title',
  'board',
  'agency',
  'owner',
  'score',
  'inherent',
  'target',
  'trend',
  'review',
  'mitigations',
  'status',
  'updated',
] as const;
export type RegisterSort = (typeof REGISTER_SORTS)[number];

export const REGISTER_SORT_LABELS: Record<RegisterSort, string> = {
  reference: 'Reference',
  title: 'Title',
  board: 'Board',
  agency: 'Lead agency',
  owner: 'Owner',
  score: 'Current score (and band)',
  inherent: 'Inherent score',
  target: 'Target score',
  trend: 'Trend',
  review: 'Next review date',
  mitigations: 'Mitigations (overdue first)',
  status: 'Status',
  updated: 'Last updated',
};

export const SORT_DIRECTIONS = ['asc', 'desc'] as const;
export type SortDirection = (typeof SORT_DIRECTIONS)[number];

/** The way a column first sorts when chosen: the worst first for scores, trends and mitigations, newest updates first. */
export function defaultDirection(sort: RegisterSort): SortDirection {
  return sort === 'score' || sort === 'inherent' || sort === 'target' || sort === 'trend' || sort === 'mitigations' || sort === 'updated' ? 'desc' : 'asc';
}


export const REGISTER_STATUSES = [...RISK_STATUSES, 'all'] as const;
export type RegisterStatus = (typeof REGISTER_STATUSES)[number];

const Flag = z.enum(['true', 'false'], 'true or false').transform((v) => v === 'true');
const Level = z
  .string('A level')
  .regex(/^[1-5]$/, 'A level from 1 to 5')
  .transform(Number);

/**
 * Every filter of the register. `boardId` is a board's register: its own risks and those escalated
 * to it. A heat-map cell is `likelihood` and `impact` (both, or neither) of the `kind` of score.
 */
const FilterShape = z.object({
  boardId: IdParam.optional(),
  /** Absent is every risk, open or closed (as the old list). */
  status: z.enum(REGISTER_STATUSES).optional(),
  agencyId: IdParam.optional(),
  ownerId: IdParam.optional(),
  /** A band's key on the partnership's matrix (by the current score); an unknown key matches nothing. */
  band: z
    .string()
    .regex(/^[a-z0-9_-]{1,30}$/, 'A band key')
    .optional(),
  escalated: Flag.optional(),
  aboveTolerance: Flag.optional(),
  overdueReview: Flag.optional(),
  overdueMitigation: Flag.optional(),
  /** Risks with an overdue mitigation owned by this agency (the accountability dashboard's drill-down). */
  mitigationAgencyId: IdParam.optional(),
  /** Text in the reference, title, category, owner, lead agency or board, any case. */
  q: z
    .string()
    .max(REGISTER_LIMITS.searchMax, `At most ${REGISTER_LIMITS.searchMax} characters`)
    // SQLite ends a LIKE pattern at a NUL: "\0" would match every row, and "a\0b" every row ending in "a".
    .refine((s) => !s.includes('\u0000'), 'No NUL characters')
    .optional(),
  kind: z.enum(SCORE_KINDS).default('current'),
  likelihood: Level.optional(),
  impact: Level.optional(),
});

const bothOrNeither = (f: { likelihood?: number | undefined; impact?: number | undefined }, ctx: z.RefinementCtx) => {
  if ((f.likelihood === undefined) !== (f.impact === undefined)) {
    ctx.addIssue({ code: 'custom', path: [f.likelihood === undefined ? 'likelihood' : 'impact'], message: 'A heat-map cell needs both likelihood and impact' });
  }
};

export const RegisterFilters = FilterShape.superRefine(bothOrNeither);
export type RegisterFilters = z.infer<typeof RegisterFilters>;

const Sorting = z.object({
  sort: z.enum(REGISTER_SORTS).default('score'),
  /** Absent: the sort's own first direction (defaultDirection). */
  dir: z.enum(SORT_DIRECTIONS).optional(),
});

/** GET /api/partnerships/:id/register: one page of the register. */
export const RegisterPageQuery = FilterShape.extend(Sorting.shape)
  .extend({
    /** Where the last page ended; absent for the first page. Made by the server, opaque to clients. */
    cursor: z.string().min(1).max(REGISTER_LIMITS.cursorMax, 'Not a cursor of this register').optional(),
    limit: z
      .string('A number')
      .regex(/^[0-9]{1,6}$/, `A number from 1 to ${REGISTER_LIMITS.pageMax}`)
      .transform(Number)
      .pipe(z.number().int().min(1, `A number from 1 to ${REGISTER_LIMITS.pageMax}`).max(REGISTER_LIMITS.pageMax, `At most ${REGISTER_LIMITS.pageMax} rows a page`))
      .default(REGISTER_LIMITS.pageDefault),
  })
  .superRefine(bothOrNeither);
export type RegisterPageQuery = z.infer<typeof RegisterPageQuery>;

/**
 * GET /api/partnerships/:id/exports/risks.xlsx (and mitigations, .csv): the register's filters and
 * sort, as a page is asked for, without the paging: every matching row, in the register's order.
 * A page's `cursor` and `limit`, if sent, are ignored.
 */
export const RegisterExportQuery = FilterShape.extend(Sorting.shape).superRefine(bothOrNeither);
export type RegisterExportQuery = z.infer<typeof RegisterExportQuery>;

export const RegisterPage = z.strictObject({
  rows: z.array(RiskRow),
  /** Pass back as `cursor` for the next page; null when this page is the last. */
  nextCursor: z.string().nullable(),
  /** Rows matching every filter, now. */
  total: z.number().int().nonnegative(),
});
export type RegisterPage = z.infer<typeof RegisterPage>;

/**
 * GET /api/partnerships/:id/register/rows: the named rows (what a "rows:changed" push named), each
 * with where it now sits in this query's order, so an open register moves just those rows. A named
 * risk that no longer matches the filters is absent.
 */
export const RegisterRowsQuery = FilterShape.extend(Sorting.shape)
  .extend({ ids: IdListParam(REGISTER_LIMITS.placeIdsMax) })
  .superRefine(bothOrNeither);
export type RegisterRowsQuery = z.infer<typeof RegisterRowsQuery>;

export const PlacedRow = z.strictObject({
  /** How many rows come before it in the query's order (0 is the first row). */
  position: z.number().int().nonnegative(),
  row: RiskRow,
});
export type PlacedRow = z.infer<typeof PlacedRow>;

export const RegisterRows = z.strictObject({
  rows: z.array(PlacedRow),
  total: z.number().int().nonnegative(),
});
export type RegisterRows = z.infer<typeof RegisterRows>;

/** GET /api/partnerships/:id/register/summary: the heat map and counts; every filter but the cell applies. */
export const RegisterSummaryQuery = FilterShape.omit({ likelihood: true, impact: true });
export type RegisterSummaryQuery = z.infer<typeof RegisterSummaryQuery>;

const Count = z.number().int().nonnegative();
export const RegisterSummary = z.strictObject({
  /** The kind of score the cells count. */
  kind: z.enum(SCORE_KINDS),
  /** cells[likelihood - 1][impact - 1], sized for the widest matrix (5×5). */
  cells: z.array(z.array(Count).length(5)).length(5),
  /** Risks without that kind of score. */
  unscored: Count,
  /** Risks matching the filters (the cell aside). */
  total: Count,
  /** By band of the current score, by band key; risks without a current score are in currentUnscored. */
  bands: z.record(z.string(), Count),
  currentUnscored: Count,
  status: z.strictObject({ open: Count, closed: Count }),
  escalated: Count,
  aboveTolerance: Count,
  reviewOverdue: Count,
});
export type RegisterSummary = z.infer<typeof RegisterSummary>;

/**
 * GET /api/partnerships/:id/register/lookup: the smallest row that names a risk, for pickers and for
 * naming a linked risk (agenda items, challenge subjects). By ids, or every risk of a status.
 */
export const RiskLookupQuery = z.object({
  ids: IdListParam(REGISTER_LIMITS.lookupIdsMax).optional(),
  status: z.enum(RISK_STATUSES).optional(),
  boardId: IdParam.optional(),
});
export type RiskLookupQuery = z.infer<typeof RiskLookupQuery>;

export const RiskLookupRow = z.strictObject({
  id: z.number().int().positive(),
  reference: z.string(),
  title: z.string(),
  status: z.enum(RISK_STATUSES),
});
export type RiskLookupRow = z.infer<typeof RiskLookupRow>;
