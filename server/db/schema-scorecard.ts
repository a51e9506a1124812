import { index, integer, primaryKey, real, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';
import type { Frequency } from '../../shared/domain/indicator-periods.js';
import type { Polarity } from '../../shared/domain/scorecard.js';
import type { ComparatorKind, IndicatorArea, IndicatorUnit } from '../../shared/schemas/scorecard.js';
import { agencies, partnerships, people, risks } from './schema.js';
import { planObjectives } from './schema-plans.js';

/*
 * The performance scorecard (issue 13). Every row carries its partnership, so that a record named by id
 * is checked against the actor's partnership in one look-up; rows that commands change carry a version.
 */

const partnershipId = () =>
  integer('partnership_id')
    .notNull()
    .references(() => partnerships.id);

/** An indicator the board watches: what it measures, which way is good, the target and the amber band. */
export const indicators = sqliteTable(
  'indicators',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    partnershipId: partnershipId(),
    area: text('area').$type<IndicatorArea>().notNull(),
    position: integer('position').notNull().default(0),
    name: text('name').notNull(),
    definition: text('definition').notNull().default(''),
    polarity: text('polarity').$type<Polarity>().notNull(),
    unit: text('unit').$type<IndicatorUnit>().notNull(),
    decimals: integer('decimals').notNull().default(1),
    frequency: text('frequency').$type<Frequency>().notNull(),
    agencyId: integer('agency_id').references(() => agencies.id),
    leadPersonId: integer('lead_person_id').references(() => people.id),
    target: real('target'),
    /** The amber band's width beyond the target, in the indicator's unit. */
    tolerance: real('tolerance').notNull().default(0),
    /** A change this small is "maintained"; also the band of "similar" to a comparator. */
    maintainedWithin: real('maintained_within').notNull().default(0),
    /** "Known recording issues … likely to be an under-estimation". */
    caveat: text('caveat').notNull().default(''),
    createdAt: text('created_at').notNull(),
    updatedAt: text('updated_at').notNull(),
    version: integer('version').notNull().default(1),
  },
  (t) => [index('indicators_partnership').on(t.partnershipId, t.area, t.position), uniqueIndex('indicators_name').on(t.partnershipId, t.name)],
);

/**
 * An indicator's values, append-only: per period the latest row is the value; a correction adds a row
 * and the earlier one stays in the history (superseded), with who entered each and when.
 */
export const indicatorValues = sqliteTable(
  'indicator_values',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    partnershipId: partnershipId(),
    indicatorId: integer('indicator_id')
      .notNull()
      .references(() => indicators.id),
    period: text('period').notNull(),
    value: real('value').notNull(),
    numerator: real('numerator'),
    denominator: real('denominator'),
    note: text('note').notNull().default(''),
    enteredById: integer('entered_by_id')
      .notNull()
      .references(() => people.id),
    enteredAt: text('entered_at').notNull(),
  },
  (t) => [index('indicator_values_indicator').on(t.indicatorId, t.period, t.id)],
);

/** A named series to compare with: England, statistical neighbours, the region. */
export const indicatorComparators = sqliteTable(
  'indicator_comparators',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    partnershipId: partnershipId(),
    indicatorId: integer('indicator_id')
      .notNull()
      .references(() => indicators.id),
    kind: text('kind').$type<ComparatorKind>().notNull(),
    name: text('name').notNull(),
    position: integer('position').notNull().default(0),
  },
  (t) => [index('indicator_comparators_indicator').on(t.indicatorId, t.position)],
);

export const indicatorComparatorValues = sqliteTable(
  'indicator_comparator_values',
  {
    comparatorId: integer('comparator_id')
      .notNull()
      .references(() => indicatorComparators.id),
    period: text('period').notNull(),
    value: real('value').notNull(),
  },
  (t) => [primaryKey({ columns: [t.comparatorId, t.period] })],
);

/** The improvement plan objectives an indicator evidences: out of tolerance, it weighs on their suggested RAG. */
export const indicatorObjectives = sqliteTable(
  'indicator_objectives',
  {
    indicatorId: integer('indicator_id')
      .notNull()
      .references(() => indicators.id),
    objectiveId: integer('objective_id')
      .notNull()
      .references(() => planObjectives.id),
  },
  (t) => [primaryKey({ columns: [t.indicatorId, t.objectiveId] }), index('indicator_objectives_objective').on(t.objectiveId)],
);

/** The register's risks an indicator evidences: shown on the risk's page. */
export const indicatorRisks = sqliteTable(
  'indicator_risks',
  {
    indicatorId: integer('indicator_id')
      .notNull()
      .references(() => indicators.id),
    riskId: integer('risk_id')
      .notNull()
      .references(() => risks.id),
  },
  (t) => [primaryKey({ columns: [t.indicatorId, t.riskId] }), index('indicator_risks_risk').on(t.riskId)],
);
