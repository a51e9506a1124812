import { and, eq, isNotNull } from 'drizzle-orm';
import { indicatorValues, indicators, objectiveRags, planObjectives } from '../../db/schema.js';
import { periodOfDate, shiftPeriod, periodLabel as indicatorPeriodLabel } from '../../../shared/domain/indicator-periods.js';
import { periodLabel } from '../../../shared/domain/plan-rag.js';
import { ragDue } from '../../../shared/domain/reminders.js';
import type { ServiceContext } from '../../core/context.js';
import type { NewNotification } from '../notifications/index.js';

/** A period's reminder for one person. */
export interface PeriodReminder {
  to: number;
  n: NewNotification;
}

/** An objective's lead, in the last days of a month, while the month's RAG is not decided. */
export function ragReminders(ctx: ServiceContext, today: string): PeriodReminder[] {
  if (!ragDue(today)) return [];
  const period = today.slice(0, 7);
  const decided = new Set(ctx.db.select({ id: objectiveRags.objectiveId }).from(objectiveRags).where(eq(objectiveRags.period, period)).all().map((r) => r.id));
  return ctx.db
    .select()
    .from(planObjectives)
    .where(isNotNull(planObjectives.leadPersonId))
    .all()
    .filter((o) => !decided.has(o.id))
    .map((o) => ({
      to: o.leadPersonId!,
      n: { partnershipId: o.partnershipId, kind: 'rag_due', challengeId: null, text: `${o.outcome.slice(0, 160)}: the RAG for ${periodLabel(period)} is due`, link: `/plans/${o.planId}/objectives/${o.id}`, dedupeKey: `rag-due:${o.id}:${period}` },
    }));
}

/** An indicator's lead, once its last period has ended with no value entered for it. */
export function valuesReminders(ctx: ServiceContext, today: string): PeriodReminder[] {
  const entered = new Set(ctx.db.select({ id: indicatorValues.indicatorId, period: indicatorValues.period }).from(indicatorValues).all().map((v) => `${v.id}|${v.period}`));
  return ctx.db
    .select()
    .from(indicators)
    .where(and(isNotNull(indicators.leadPersonId)))
    .all()
    .flatMap((i) => {
      const last = shiftPeriod(i.frequency, periodOfDate(i.frequency, today), -1);
      if (entered.has(`${i.id}|${last}`)) return [];
      return [{ to: i.leadPersonId!, n: { partnershipId: i.partnershipId, kind: 'values_due' as const, challengeId: null, text: `${i.name.slice(0, 160)}: the value for ${indicatorPeriodLabel(i.frequency, last)} is due`, link: `/indicators/${i.id}`, dedupeKey: `values-due:${i.id}:${last}` } }];
    });
}
