import { and, eq, inArray, isNotNull } from 'drizzle-orm';
import { indicatorValues, indicators, objectiveRags, planObjectives } from '../../db/schema.js';
import { periodOfDate, shiftPeriod, periodLabel as indicatorPeriodLabel } from '../../../shared/domain/indicator-periods.js';
import { periodLabel } from '../../../shared/domain/plan-rag.js';
import { monthEnd, ragDue } from '../../../shared/domain/reminders.js';
import type { ServiceContext } from '../../core/context.js';
import type { NewNotification } from '../notifications/index.js';
import type { DueScope } from './due-dates.js';

/** A period's reminder for one person. */
export interface PeriodReminder {
  to: number;
  n: NewNotification;
  /** By when: a month's RAG by the month's last day; a period's values have no date (due since the period ended). */
  dueDate: string | null;
}

/** An objective's lead, in the last days of a month, while the month's RAG is not decided. */
export async function ragReminders(ctx: ServiceContext, today: string, scope?: DueScope): Promise<PeriodReminder[]> {
  if (!ragDue(today)) return [];
  const period = today.slice(0, 7);
  const decided = new Set((await ctx.db.select({ id: objectiveRags.objectiveId }).from(objectiveRags).where(eq(objectiveRags.period, period)).all()).map((r) => r.id));
  const whose = scope ? [eq(planObjectives.partnershipId, scope.partnershipId), eq(planObjectives.leadPersonId, scope.personId)] : [];
  return (await ctx.db
    .select()
    .from(planObjectives)
    .where(and(isNotNull(planObjectives.leadPersonId), ...whose))
    .all())
    .filter((o) => !decided.has(o.id))
    .map((o) => ({
      to: o.leadPersonId!,
      n: { partnershipId: o.partnershipId, kind: 'rag_due', challengeId: null, text: `${o.outcome.slice(0, 160)}: the RAG for ${periodLabel(period)} is due`, link: `/plans/${o.planId}/objectives/${o.id}`, dedupeKey: `rag-due:${o.id}:${period}` },
      dueDate: monthEnd(period),
    }));
}

/** An indicator's lead, once its last period has ended with no value entered for it. */
export async function valuesReminders(ctx: ServiceContext, today: string, scope?: DueScope): Promise<PeriodReminder[]> {
  const whose = scope ? [eq(indicators.partnershipId, scope.partnershipId), eq(indicators.leadPersonId, scope.personId)] : [];
  const led = await ctx.db
    .select()
    .from(indicators)
    .where(and(isNotNull(indicators.leadPersonId), ...whose))
    .all();
  if (led.length === 0) return [];
  const entered = new Set(
    (await ctx.db
      .select({ id: indicatorValues.indicatorId, period: indicatorValues.period })
      .from(indicatorValues)
      .where(inArray(indicatorValues.indicatorId, led.map((i) => i.id)))
      .all())
      .map((v) => `${v.id}|${v.period}`),
  );
  return led
    .flatMap((i) => {
      const last = shiftPeriod(i.frequency, periodOfDate(i.frequency, today), -1);
      if (entered.has(`${i.id}|${last}`)) return [];
      return [{ to: i.leadPersonId!, n: { partnershipId: i.partnershipId, kind: 'values_due' as const, challengeId: null, text: `${i.name.slice(0, 160)}: the value for ${indicatorPeriodLabel(i.frequency, last)} is due`, link: `/indicators/${i.id}`, dedupeKey: `values-due:${i.id}:${last}` }, dueDate: null }];
    });
}
