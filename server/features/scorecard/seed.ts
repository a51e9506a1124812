import { and, eq, like } from 'drizzle-orm';
import { indicatorComparatorValues, indicatorComparators, indicatorObjectives, indicatorRisks, indicatorValues, indicators, planObjectives, risks } from '../../db/schema.js';
import { shiftPeriod, periodOfDate, type Frequency } from '../../../shared/domain/indicator-periods.js';
import type { Polarity } from '../../../shared/domain/scorecard.js';
import { todayIn } from '../../../shared/domain/scoring.js';
import type { IndicatorArea, IndicatorUnit } from '../../../shared/schemas/scorecard.js';
import type { ServiceContext } from '../../core/context.js';
import type { DemoIds } from '../demo/index.js';

/*
 * Northbrook's scorecard: the indicators of seed 001 Appendix 4 with their real figures (England, last
 * year, latest), placed before today, then three more recent periods invented consistently, so that some
 * are red, some improving, some deteriorating.
 */

interface DemoIndicator {
  area: IndicatorArea;
  name: string;
  definition?: string;
  polarity: Polarity;
  unit: IndicatorUnit;
  frequency: Frequency;
  agency: string;
  lead: string;
  target?: number;
  tolerance?: number;
  maintainedWithin?: number;
  caveat?: string;
  england?: number;
  /** The seed's figures, oldest first, then the three invented: one per period, the last the latest. */
  values: number[];
  /** How many periods lie between the seed's "last year" (values[0]) and the next value; 1 when none. */
  gap?: number;
  objective?: string;
  risk?: number;
}

const RECORDING = 'There are known recording issues being addressed, so the figures are likely to be an under-estimation.';

const DEMO: DemoIndicator[] = [
  { area: 'early_help', name: 'Early Help rate per 10,000 children and young people', polarity: 'neither', unit: 'rate_per_10000', frequency: 'monthly', agency: 'council', lead: 'council', maintainedWithin: 5, caveat: RECORDING, values: [169.2, 210.5, 267.5, 281.0, 295.4, 302.1] },
  { area: 'front_door', name: 'Referral rate per 10,000', polarity: 'neither', unit: 'rate_per_10000', frequency: 'monthly', agency: 'council', lead: 'council', maintainedWithin: 10, england: 520.7, values: [703.4, 988.7, 960.2, 941.5, 925.0], gap: 8 },
  { area: 'front_door', name: '% re-referrals within 12 months', definition: 'Referrals within 12 months of a previous referral, as a percentage of all referrals.', polarity: 'smaller_is_better', unit: 'percentage', frequency: 'monthly', agency: 'council', lead: 'council', target: 15, tolerance: 3, maintainedWithin: 0.5, england: 24.9, values: [13.8, 14.8, 16.2, 17.9, 19.1], gap: 8, risk: 1 },
  { area: 'assessment', name: '% initial assessments completed within 10 working days', polarity: 'bigger_is_better', unit: 'percentage', frequency: 'monthly', agency: 'council', lead: 'council', target: 75, tolerance: 5, maintainedWithin: 1, england: 75.5, values: [64.9, 46.0, 58.3, 69.8, 75.4], gap: 8, objective: 'Improved quality and timeliness' },
  { area: 'assessment', name: '% core assessments completed within 35 working days', polarity: 'bigger_is_better', unit: 'percentage', frequency: 'monthly', agency: 'council', lead: 'council', target: 80, tolerance: 5, maintainedWithin: 1, england: 76.7, values: [64.7, 82.6, 80.1, 77.9, 76.0], gap: 8, objective: 'Improved quality and timeliness' },
  { area: 'child_protection', name: 'Child protection plan rate per 10,000', polarity: 'neither', unit: 'rate_per_10000', frequency: 'monthly', agency: 'council', lead: 'council', maintainedWithin: 1, england: 37.9, values: [39.6, 44.5, 45.1, 44.0, 43.2], gap: 8 },
  { area: 'child_protection', name: 'Second or subsequent child protection plan within 2 years (%)', definition: '10–15% is considered ideal: too low may mean plans end too soon to be tested.', polarity: 'smaller_is_better', unit: 'percentage', frequency: 'monthly', agency: 'council', lead: 'council', target: 15, tolerance: 2, maintainedWithin: 0.5, england: 14.9, values: [10.5, 10.4, 11.0, 10.8, 10.6], gap: 12 },
  { area: 'looked_after_children', name: 'Looked after children rate per 10,000', polarity: 'neither', unit: 'rate_per_10000', frequency: 'monthly', agency: 'council', lead: 'council', maintainedWithin: 1, england: 60.0, values: [90.6, 94.7, 95.3, 96.0, 96.4], gap: 8 },
  { area: 'looked_after_children', name: 'Long-term stability of looked after children (% in the same placement for 2 years)', polarity: 'bigger_is_better', unit: 'percentage', frequency: 'monthly', agency: 'council', lead: 'council', target: 68, tolerance: 4, maintainedWithin: 1, england: 67, values: [65.7, 55.8, 57.2, 59.0, 61.3], gap: 8, objective: 'Elected members act as effective' },
  { area: 'looked_after_children', name: 'Average days from entering care to adoption', polarity: 'smaller_is_better', unit: 'days', frequency: 'monthly', agency: 'council', lead: 'council', target: 547, tolerance: 60, maintainedWithin: 10, england: 647, values: [1196, 533, 560, 601, 640], gap: 8 },
  { area: 'education', name: 'Key Stage 2 (Level 4+): reading', polarity: 'bigger_is_better', unit: 'percentage', frequency: 'annual', agency: 'schools', lead: 'schools', target: 86, tolerance: 2, maintainedWithin: 0.5, england: 86, values: [83, 83, 84, 85, 86] },
  { area: 'education', name: 'Key Stage 4: pupils achieving 5+ A*–C including English and maths', polarity: 'bigger_is_better', unit: 'percentage', frequency: 'annual', agency: 'schools', lead: 'schools', target: 60, tolerance: 2, maintainedWithin: 0.5, england: 58.3, values: [55.7, 57.7, 58.9, 59.4, 60.2] },
  { area: 'education', name: 'Persistent absence (all schools)', polarity: 'smaller_is_better', unit: 'percentage', frequency: 'annual', agency: 'schools', lead: 'schools', target: 5, tolerance: 0.5, maintainedWithin: 0.1, england: 4.9, values: [4.8, 5.7, 5.9, 6.3, 6.6] },
  { area: 'education', name: '% of schools rated good or outstanding', polarity: 'bigger_is_better', unit: 'percentage', frequency: 'annual', agency: 'schools', lead: 'schools', target: 75, tolerance: 5, maintainedWithin: 1, england: 70, values: [63, 68, 71, 74, 76] },
  { area: 'health', name: '% measured as overweight or obese in Year 6', polarity: 'smaller_is_better', unit: 'percentage', frequency: 'annual', agency: 'icb', lead: 'health', target: 35, tolerance: 2, maintainedWithin: 0.3, values: [35.5, 36.3, 37.3, 37.0, 36.4, 35.8] },
  { area: 'workforce', name: 'Social worker vacancy rate (% of posts vacant)', polarity: 'smaller_is_better', unit: 'percentage', frequency: 'monthly', agency: 'council', lead: 'dcs', target: 12, tolerance: 4, maintainedWithin: 0.5, values: [14.4, 22.5, 18.6, 17.2, 15.9, 14.8], gap: 7, objective: 'Social workers’ responsibilities and workloads', risk: 2 },
  { area: 'workforce', name: 'Social worker turnover rate (% leaving in the year)', polarity: 'smaller_is_better', unit: 'percentage', frequency: 'monthly', agency: 'council', lead: 'dcs', target: 12, tolerance: 3, maintainedWithin: 0.5, values: [10.5, 16.8, 16.0, 15.2, 14.1, 13.0], gap: 7, risk: 2 },
  { area: 'workforce', name: 'Average days lost to sickness absence by social workers', polarity: 'smaller_is_better', unit: 'days', frequency: 'monthly', agency: 'council', lead: 'dcs', target: 10, tolerance: 3, maintainedWithin: 0.3, values: [16.5, 14.5, 13.2, 12.9, 12.4, 11.8], gap: 7 },
];

export async function seedDemoScorecard(ctx: ServiceContext, ids: DemoIds): Promise<void> {
  const db = ctx.db;
  const now = ctx.clock();
  const today = todayIn(now);
  const at = new Date(now - 86_400_000).toISOString();
  const partnershipId = ids.partnershipId;
  for (const [position, d] of DEMO.entries()) {
    // The latest value is the last complete period's: last month, or last year.
    const latest = shiftPeriod(d.frequency, periodOfDate(d.frequency, today), -1);
    const gap = d.gap ?? 1;
    const periods = d.values.map((_, i) => shiftPeriod(d.frequency, latest, i - (d.values.length - 1) - (i === 0 ? gap - 1 : 0)));
    const indicator = await db
      .insert(indicators)
      .values({
        partnershipId,
        area: d.area,
        position,
        name: d.name,
        definition: d.definition ?? '',
        polarity: d.polarity,
        unit: d.unit,
        decimals: 1,
        frequency: d.frequency,
        agencyId: ids.agency[d.agency]!,
        leadPersonId: ids.person[d.lead]!,
        target: d.target ?? null,
        tolerance: d.tolerance ?? 0,
        maintainedWithin: d.maintainedWithin ?? 0,
        caveat: d.caveat ?? '',
        createdAt: at,
        updatedAt: at,
      })
      .returning({ id: indicators.id })
      .get();
    for (const [i, value] of d.values.entries()) await db.insert(indicatorValues).values({ partnershipId, indicatorId: indicator.id, period: periods[i]!, value, enteredById: ids.person[d.lead]!, enteredAt: at }).run();
    if (d.england !== undefined) {
      const england = await db.insert(indicatorComparators).values({ partnershipId, indicatorId: indicator.id, kind: 'england', name: 'England', position: 0 }).returning({ id: indicatorComparators.id }).get();
      // England's figure is of the seed's "last year" column's period, as the seed's scorecard shows it.
      await db.insert(indicatorComparatorValues).values({ comparatorId: england.id, period: periods[0]!, value: d.england }).run();
    }
    if (d.objective) {
      const o = await db.select({ id: planObjectives.id }).from(planObjectives).where(and(eq(planObjectives.partnershipId, partnershipId), like(planObjectives.outcome, `${d.objective}%`))).get();
      if (o) await db.insert(indicatorObjectives).values({ indicatorId: indicator.id, objectiveId: o.id }).run();
    }
    if (d.risk) {
      const r = await db.select({ id: risks.id }).from(risks).where(and(eq(risks.partnershipId, partnershipId), eq(risks.number, d.risk))).get();
      if (r) await db.insert(indicatorRisks).values({ indicatorId: indicator.id, riskId: r.id }).run();
    }
  };
}
