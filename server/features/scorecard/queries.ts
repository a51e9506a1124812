import { and, asc, desc, eq, inArray } from 'drizzle-orm';
import { agencies, indicatorComparatorValues, indicatorComparators, indicatorObjectives, indicatorRisks, indicatorValues, indicators, people, planObjectives, risks } from '../../db/schema.js';
import { riskReference } from '../../../shared/domain/scoring.js';
import type { ServiceContext } from '../../core/context.js';

export type IndicatorRecord = typeof indicators.$inferSelect;

/** Everything the scorecard's answers are assembled from (view.ts), read in a handful of queries. */
export interface ScorecardRecords {
  indicators: (IndicatorRecord & { agencyName: string | null; leadPersonName: string | null })[];
  /** Every value row, corrections included: by period, newest first within a period. */
  values: { id: number; indicatorId: number; period: string; value: number; numerator: number | null; denominator: number | null; note: string; enteredByName: string; enteredAt: string }[];
  comparators: { id: number; indicatorId: number; kind: (typeof indicatorComparators.$inferSelect)['kind']; name: string; position: number }[];
  comparatorValues: { comparatorId: number; period: string; value: number }[];
}

/**
 * Read side of the scorecard, from its rows. Asynchronous, so the storage behind it may be (on SQLite
 * each call resolves at once); the writes are ScorecardRepository's.
 */
export class ScorecardQueries {
  constructor(private readonly ctx: ServiceContext) {}

  /** The partnership's indicators (or those ids of it) with their values and comparators. */
  async records(partnershipId: number, ids?: readonly number[]): Promise<ScorecardRecords> {
    const db = this.ctx.db;
    const rows = await db
      .select({ i: indicators, agencyName: agencies.name, leadPersonName: people.name })
      .from(indicators)
      .leftJoin(agencies, eq(agencies.id, indicators.agencyId))
      .leftJoin(people, eq(people.id, indicators.leadPersonId))
      .where(ids ? and(eq(indicators.partnershipId, partnershipId), inArray(indicators.id, [...ids])) : eq(indicators.partnershipId, partnershipId))
      .orderBy(asc(indicators.area), asc(indicators.position), asc(indicators.id))
      .all();
    const found = rows.map((r) => r.i.id);
    if (found.length === 0) return { indicators: [], values: [], comparators: [], comparatorValues: [] };
    const values = await db
      .select({
        id: indicatorValues.id,
        indicatorId: indicatorValues.indicatorId,
        period: indicatorValues.period,
        value: indicatorValues.value,
        numerator: indicatorValues.numerator,
        denominator: indicatorValues.denominator,
        note: indicatorValues.note,
        enteredByName: people.name,
        enteredAt: indicatorValues.enteredAt,
      })
      .from(indicatorValues)
      .innerJoin(people, eq(people.id, indicatorValues.enteredById))
      .where(inArray(indicatorValues.indicatorId, found))
      .orderBy(asc(indicatorValues.period), desc(indicatorValues.id))
      .all();
    const comparators = await db
      .select({ id: indicatorComparators.id, indicatorId: indicatorComparators.indicatorId, kind: indicatorComparators.kind, name: indicatorComparators.name, position: indicatorComparators.position })
      .from(indicatorComparators)
      .where(inArray(indicatorComparators.indicatorId, found))
      .orderBy(asc(indicatorComparators.position), asc(indicatorComparators.id))
      .all();
    const comparatorValues =
      comparators.length === 0
        ? []
        : (await db
            .select()
            .from(indicatorComparatorValues)
            .where(inArray(indicatorComparatorValues.comparatorId, comparators.map((c) => c.id)))
            .orderBy(asc(indicatorComparatorValues.period))
            .all());
    return { indicators: rows.map((r) => ({ ...r.i, agencyName: r.agencyName, leadPersonName: r.leadPersonName })), values, comparators, comparatorValues };
  }

  /** The plan objectives and risks an indicator evidences, as its page lists them. */
  async links(indicatorId: number): Promise<{ objectives: { id: number; planId: number; outcome: string }[]; risks: { id: number; reference: string; title: string }[] }> {
    const db = this.ctx.db;
    const objectives = await db
      .select({ id: planObjectives.id, planId: planObjectives.planId, outcome: planObjectives.outcome })
      .from(indicatorObjectives)
      .innerJoin(planObjectives, eq(planObjectives.id, indicatorObjectives.objectiveId))
      .where(eq(indicatorObjectives.indicatorId, indicatorId))
      .orderBy(asc(planObjectives.id))
      .all();
    const linked = await db.select({ id: risks.id, number: risks.number, title: risks.title }).from(indicatorRisks).innerJoin(risks, eq(risks.id, indicatorRisks.riskId)).where(eq(indicatorRisks.indicatorId, indicatorId)).orderBy(asc(risks.number)).all();
    return { objectives, risks: linked.map((r) => ({ id: r.id, reference: riskReference(r.number), title: r.title })) };
  }

  /** The improvement plans whose objectives these indicators evidence: their suggested RAGs move with them. */
  async plansEvidenced(indicatorIds: readonly number[]): Promise<number[]> {
    if (indicatorIds.length === 0) return [];
    return (await this.ctx.db
      .selectDistinct({ planId: planObjectives.planId })
      .from(indicatorObjectives)
      .innerJoin(planObjectives, eq(planObjectives.id, indicatorObjectives.objectiveId))
      .where(inArray(indicatorObjectives.indicatorId, [...indicatorIds]))
      .all())
      .map((r) => r.planId);
  }

  /** The indicators evidencing each of these objectives (for the plan's RAG suggestion). */
  async indicatorIdsByObjective(objectiveIds: readonly number[]): Promise<Map<number, number[]>> {
    const out = new Map<number, number[]>();
    if (objectiveIds.length === 0) return out;
    for (const l of (await this.ctx.db.select().from(indicatorObjectives).where(inArray(indicatorObjectives.objectiveId, [...objectiveIds])).all())) out.set(l.objectiveId, [...(out.get(l.objectiveId) ?? []), l.indicatorId]);
    return out;
  }

  /** The indicators evidencing a risk. */
  async indicatorIdsForRisk(riskId: number): Promise<number[]> {
    return (await this.ctx.db.select({ id: indicatorRisks.indicatorId }).from(indicatorRisks).where(eq(indicatorRisks.riskId, riskId)).all()).map((r) => r.id);
  }
}
