import { and, desc, eq, inArray } from 'drizzle-orm';
import { indicatorObjectives, indicatorValues, indicators } from '../../db/schema.js';
import { indicatorRag } from '../../../shared/domain/scorecard.js';
import type { ServiceContext } from '../../core/context.js';

/**
 * The indicators out of tolerance (red against target: beyond the amber band) that evidence each of
 * these objectives, by objective: what an objective's suggested RAG weighs of the scorecard. Synchronous,
 * as a RAG decision reads it inside its transaction.
 */
export async function indicatorsOutOfTolerance(ctx: ServiceContext, partnershipId: number, objectiveIds: readonly number[]): Promise<Map<number, number>> {
  const out = new Map<number, number>();
  if (objectiveIds.length === 0) return out;
  const links = await ctx.db
    .select({ objectiveId: indicatorObjectives.objectiveId, i: indicators })
    .from(indicatorObjectives)
    .innerJoin(indicators, eq(indicators.id, indicatorObjectives.indicatorId))
    .where(and(inArray(indicatorObjectives.objectiveId, [...objectiveIds]), eq(indicators.partnershipId, partnershipId)))
    .all();
  for (const { objectiveId, i } of links) {
    const latest = await ctx.db.select({ value: indicatorValues.value }).from(indicatorValues).where(eq(indicatorValues.indicatorId, i.id)).orderBy(desc(indicatorValues.period), desc(indicatorValues.id)).get();
    if (latest && indicatorRag(i, latest.value) === 'red') out.set(objectiveId, (out.get(objectiveId) ?? 0) + 1);
  }
  return out;
}
