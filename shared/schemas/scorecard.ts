import { z } from 'zod';
import { SCORECARD_LIMITS } from '../limits.js';
import { FREQUENCIES, isIndicatorPeriod, PERIOD_FORMATS, type Frequency } from '../domain/indicator-periods.js';
import { COMPARISONS, EXCEPTION_REASONS, POLARITIES, TRAVEL } from '../domain/scorecard.js';
import { Id, IdParam, PartnershipParams, RowId, Timestamp } from './common.js';

/** The performance scorecard (issue 13; seed 001 Appendix 4): indicators, their values by period, comparators. */

/** The scorecard's areas, in the order the seed's scorecard sets them out. */
export const INDICATOR_AREAS = ['early_help', 'front_door', 'assessment', 'child_protection', 'looked_after_children', 'education', 'youth_justice', 'health', 'workforce', 'other'] as const;
export type IndicatorArea = (typeof INDICATOR_AREAS)[number];
export const INDICATOR_AREA_LABELS: Record<IndicatorArea, string> = {
  early_help: 'Early Help',
  front_door: 'Front Door',
  assessment: 'Assessment',
  child_protection: 'Child Protection',
  looked_after_children: 'Looked After Children',
  education: 'Education',
  youth_justice: 'Youth Offending and Participation',
  health: 'Health',
  workforce: 'Workforce',
  other: 'Other',
};

export const INDICATOR_UNITS = ['percentage', 'rate_per_10000', 'rate_per_100000', 'days', 'count', 'score'] as const;
export type IndicatorUnit = (typeof INDICATOR_UNITS)[number];
export const INDICATOR_UNIT_LABELS: Record<IndicatorUnit, string> = {
  percentage: 'Percentage',
  rate_per_10000: 'Rate per 10,000',
  rate_per_100000: 'Rate per 100,000',
  days: 'Days',
  count: 'Count',
  score: 'Score',
};

export const COMPARATOR_KINDS = ['england', 'statistical_neighbours', 'region', 'other'] as const;
export type ComparatorKind = (typeof COMPARATOR_KINDS)[number];
export const COMPARATOR_KIND_LABELS: Record<ComparatorKind, string> = { england: 'England', statistical_neighbours: 'Statistical neighbours', region: 'Region', other: 'Other' };

const Name = z.string().trim().min(3, 'At least 3 characters').max(SCORECARD_LIMITS.nameMax);
const Value = z.number('A number').finite('A number').min(-SCORECARD_LIMITS.valueMax, 'Too small').max(SCORECARD_LIMITS.valueMax, 'Too large');
const Links = z.array(Id).max(SCORECARD_LIMITS.linksMax).transform((ids) => [...new Set(ids)]);
/** A period key in any frequency's form; checked against the indicator's own frequency where it is known. */
const AnyPeriod = z.string().refine((p) => FREQUENCIES.some((f) => isIndicatorPeriod(f, p)), 'A period: YYYY-MM, YYYY-Qn, YYYY-Tn or YYYY');

const IndicatorFields = {
  area: z.enum(INDICATOR_AREAS),
  name: Name,
  definition: z.string().trim().max(SCORECARD_LIMITS.definitionMax),
  polarity: z.enum(POLARITIES),
  unit: z.enum(INDICATOR_UNITS),
  decimals: z.number().int().min(0).max(SCORECARD_LIMITS.decimalsMax),
  frequency: z.enum(FREQUENCIES),
  agencyId: Id.nullable(),
  leadPersonId: Id.nullable(),
  target: Value.nullable(),
  tolerance: Value.min(0, 'Zero or more'),
  maintainedWithin: Value.min(0, 'Zero or more'),
  caveat: z.string().trim().max(SCORECARD_LIMITS.caveatMax),
  objectiveIds: Links,
  riskIds: Links,
};

export const CreateIndicatorPayload = z.object({
  ...IndicatorFields,
  definition: IndicatorFields.definition.default(''),
  decimals: IndicatorFields.decimals.default(1),
  agencyId: IndicatorFields.agencyId.default(null),
  leadPersonId: IndicatorFields.leadPersonId.default(null),
  target: IndicatorFields.target.default(null),
  tolerance: IndicatorFields.tolerance.default(0),
  maintainedWithin: IndicatorFields.maintainedWithin.default(0),
  caveat: IndicatorFields.caveat.default(''),
  objectiveIds: IndicatorFields.objectiveIds.default([]),
  riskIds: IndicatorFields.riskIds.default([]),
});
export type CreateIndicatorPayload = z.infer<typeof CreateIndicatorPayload>;

/** Any field but the frequency, which its values' periods depend on. */
export const UpdateIndicatorPayload = z.object(IndicatorFields).omit({ frequency: true }).partial().extend({ indicatorId: Id });
export type UpdateIndicatorPayload = z.infer<typeof UpdateIndicatorPayload>;

/** One value to record (a cell of the period's grid, a row of an import). */
export const IndicatorValueInput = z.object({
  indicatorId: Id,
  period: AnyPeriod,
  value: Value,
  numerator: Value.min(0, 'Zero or more').nullable().default(null),
  denominator: Value.positive('More than zero').nullable().default(null),
  note: z.string().trim().max(SCORECARD_LIMITS.noteMax).default(''),
});
export type IndicatorValueInput = z.infer<typeof IndicatorValueInput>;

/** Values for many indicators at once: all stored, or none (each refusal names its row). */
export const RecordValuesPayload = z.object({ values: z.array(IndicatorValueInput).min(1, 'At least one value').max(SCORECARD_LIMITS.valuesPerCommandMax) });
export type RecordValuesPayload = z.infer<typeof RecordValuesPayload>;

export const ComparatorInput = z.object({
  kind: z.enum(COMPARATOR_KINDS),
  name: z.string().trim().min(2, 'At least 2 characters').max(SCORECARD_LIMITS.comparatorNameMax),
  values: z.array(z.object({ period: AnyPeriod, value: Value })).max(SCORECARD_LIMITS.comparatorValuesMax),
});
/** An indicator's comparators, replaced whole: the list given is the list kept. */
export const SetComparatorsPayload = z.object({ indicatorId: Id, comparators: z.array(ComparatorInput).max(SCORECARD_LIMITS.comparatorsMax) });
export type SetComparatorsPayload = z.infer<typeof SetComparatorsPayload>;

export const IndicatorParams = PartnershipParams.extend({ indicatorId: IdParam });
/** `?riskId=`: the indicators that evidence that risk (its page lists them). */
export const IndicatorQuery = z.object({ riskId: IdParam.optional() });
export type IndicatorQuery = z.infer<typeof IndicatorQuery>;

/** The scorecard's export (GET …/exports/scorecard.xlsx): the page's own filters (shared/domain/scorecard-filters.ts). */
export const ScorecardExportQuery = z.object({
  agency: IdParam.optional(),
  area: z.enum(INDICATOR_AREAS).optional(),
  rag: z.enum(['red', 'amber', 'green', 'none']).optional(),
  exceptions: z.enum(['true', 'false']).optional(),
});
export type ScorecardExportQuery = z.infer<typeof ScorecardExportQuery>;

/** Whether a period is of this frequency, with the words for a refusal. */
export function periodError(frequency: Frequency, period: string): string | null {
  return isIndicatorPeriod(frequency, period) ? null : `Not a period of this indicator: ${PERIOD_FORMATS[frequency]}`;
}

/* Answers (strict: see common.ts). */

const Period = z.string();
export const IndicatorRagSchema = z.enum(['red', 'amber', 'green']);

export const ComparatorView = z.strictObject({
  id: RowId,
  kind: z.enum(COMPARATOR_KINDS),
  name: z.string(),
  /** Its value for the latest period, or its latest before it (seed 001 compares Nov-13 with England's Mar-13). */
  value: z.strictObject({ period: Period, value: z.number() }).nullable(),
  comparison: z.enum(COMPARISONS).nullable(),
});
export type ComparatorView = z.infer<typeof ComparatorView>;

export const IndicatorRow = z.strictObject({
  id: RowId,
  area: z.enum(INDICATOR_AREAS),
  position: z.number().int(),
  name: z.string(),
  polarity: z.enum(POLARITIES),
  unit: z.enum(INDICATOR_UNITS),
  decimals: z.number().int(),
  frequency: z.enum(FREQUENCIES),
  agencyId: RowId.nullable(),
  agencyName: z.string().nullable(),
  leadPersonId: RowId.nullable(),
  leadPersonName: z.string().nullable(),
  target: z.number().nullable(),
  tolerance: z.number(),
  maintainedWithin: z.number(),
  caveat: z.string(),
  latest: z.strictObject({ period: Period, value: z.number(), enteredByName: z.string(), enteredAt: Timestamp }).nullable(),
  previous: z.strictObject({ period: Period, value: z.number() }).nullable(),
  rag: IndicatorRagSchema.nullable(),
  travel: z.enum(TRAVEL).nullable(),
  comparators: z.array(ComparatorView),
  exceptions: z.array(z.enum(EXCEPTION_REASONS)),
  can: z.strictObject({ edit: z.boolean(), enterValues: z.boolean() }),
});
export type IndicatorRow = z.infer<typeof IndicatorRow>;

export const IndicatorValueView = z.strictObject({
  id: RowId,
  period: Period,
  value: z.number(),
  numerator: z.number().nullable(),
  denominator: z.number().nullable(),
  note: z.string(),
  enteredByName: z.string(),
  enteredAt: Timestamp,
  rag: IndicatorRagSchema.nullable(),
  /** Earlier values of the same period, newest first: corrections keep what they replaced. */
  corrections: z.array(z.strictObject({ id: RowId, value: z.number(), note: z.string(), enteredByName: z.string(), enteredAt: Timestamp })),
});
export type IndicatorValueView = z.infer<typeof IndicatorValueView>;

export const IndicatorDetail = IndicatorRow.extend({
  definition: z.string(),
  /** Oldest first, at most SCORECARD_LIMITS.seriesPeriods. */
  series: z.array(IndicatorValueView),
  comparatorSeries: z.array(z.strictObject({ id: RowId, kind: z.enum(COMPARATOR_KINDS), name: z.string(), values: z.array(z.strictObject({ period: Period, value: z.number() })) })),
  objectives: z.array(z.strictObject({ id: RowId, planId: RowId, outcome: z.string() })),
  risks: z.array(z.strictObject({ id: RowId, reference: z.string(), title: z.string() })),
});
export type IndicatorDetail = z.infer<typeof IndicatorDetail>;

/** The columns an import of values reads, and the headings recognised for each ("Indicator name", "Month", "Actual"…). */

export const ImportRowView = z.strictObject({
  /** The row's number in the file, as a spreadsheet numbers it (the heading is row 1). */
  row: z.number().int().min(2),
  indicatorId: RowId.nullable(),
  indicatorName: z.string(),
  period: z.string().nullable(),
  value: z.number().nullable(),
  numerator: z.number().nullable(),
  denominator: z.number().nullable(),
  note: z.string(),
  /** What committing it does: a new value, a correction of the period's value, or nothing (the same). */
  action: z.enum(['new', 'correction', 'unchanged']).nullable(),
  errors: z.array(z.strictObject({ column: z.enum(['indicator', 'period', 'value', 'numerator', 'denominator', 'note']), message: z.string() })),
});
export type ImportRowView = z.infer<typeof ImportRowView>;

/** A values file read and checked, nothing stored: the rows, what each would do, and every error by row and column. */
export const ImportPreview = z.strictObject({
  fileName: z.string(),
  /** The heading found for each column read. */
  columns: z.record(z.string(), z.string()),
  rows: z.array(ImportRowView),
  counts: z.strictObject({ rows: z.number().int(), new: z.number().int(), corrections: z.number().int(), unchanged: z.number().int(), withErrors: z.number().int() }),
});
export type ImportPreview = z.infer<typeof ImportPreview>;

/** The rows of the indicators a command changed (recording a period's values), as the scorecard shows them. */
export const IndicatorRows = z.array(IndicatorRow);
