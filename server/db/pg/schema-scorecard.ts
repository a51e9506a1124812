import { doublePrecision, index, integer, pgTable, primaryKey, text, uniqueIndex } from 'drizzle-orm/pg-core';
import type { Frequency } from '../../../shared/domain/indicator-periods.js';
import type { Polarity } from '../../../shared/domain/scorecard.js';
import type { ComparatorKind, IndicatorArea, IndicatorUnit } from '../../../shared/schemas/scorecard.js';
import { agencies, partnerships, people, risks } from './schema.js';
import { planObjectives } from './schema-plans.js';

/* The PostgreSQL mirror of ../schema-scorecard.ts (documented there); see ./schema.ts for how the types map. */

const partnershipId = () =>
  integer('partnership_id')
    .notNull()
    .references(() => partnerships.id);
export const indicators = pgTable(
  'indicators',
  {
    id: integer('id').primaryKey().generatedByDefaultAsIdentity(),
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
    target: doublePrecision('target'),
    tolerance: doublePrecision('tolerance').notNull().default(0),
    maintainedWithin: doublePrecision('maintained_within').notNull().default(0),
    caveat: text('caveat').notNull().default(''),
    createdAt: text('created_at').notNull(),
    updatedAt: text('updated_at').notNull(),
    version: integer('version').notNull().default(1),
  },
  (t) => [index('indicators_partnership').on(t.partnershipId, t.area, t.position), uniqueIndex('indicators_name').on(t.partnershipId, t.name)],
);

export const indicatorValues = pgTable(
  'indicator_values',
  {
    id: integer('id').primaryKey().generatedByDefaultAsIdentity(),
    partnershipId: partnershipId(),
    indicatorId: integer('indicator_id')
      .notNull()
      .references(() => indicators.id),
    period: text('period').notNull(),
    value: doublePrecision('value').notNull(),
    numerator: doublePrecision('numerator'),
    denominator: doublePrecision('denominator'),
    note: text('note').notNull().default(''),
    enteredById: integer('entered_by_id')
      .notNull()
      .references(() => people.id),
    enteredAt: text('entered_at').notNull(),
  },
  (t) => [index('indicator_values_indicator').on(t.indicatorId, t.period, t.id)],
);

export const indicatorComparators = pgTable(
  'indicator_comparators',
  {
    id: integer('id').primaryKey().generatedByDefaultAsIdentity(),
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

export const indicatorComparatorValues = pgTable(
  'indicator_comparator_values',
  {
    comparatorId: integer('comparator_id')
      .notNull()
      .references(() => indicatorComparators.id),
    period: text('period').notNull(),
    value: doublePrecision('value').notNull(),
  },
  (t) => [primaryKey({ columns: [t.comparatorId, t.period] })],
);

export const indicatorObjectives = pgTable(
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

export const indicatorRisks = pgTable(
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
