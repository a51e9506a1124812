import { todayIn } from '../../../shared/domain/scoring.js';
import type { ServiceContext } from '../../core/context.js';
import type { Delivery, NotificationService } from '../notifications/index.js';
import { DUE_SOURCES, reminderFor } from './due-dates.js';
import { ragReminders, valuesReminders } from './periods.js';

export { DUE_SOURCES, type DueScope } from './due-dates.js';
export { ragReminders, valuesReminders } from './periods.js';

/**
 * The board's cycle kept (issue 15): actions, mitigations and reviews due and overdue, the month's RAG
 * of each objective, the last period's indicator values. Each reminder is a notification with a dedupe
 * key, written in one transaction (whichever process gets there first writes it; the mail follows from
 * it), so a tick may come as often as it likes.
 */
export async function sendDueReminders(ctx: ServiceContext, notifications: NotificationService): Promise<number> {
  const today = todayIn(ctx.clock());
  const deliveries: Delivery[] = [];
  await ctx.database.transaction(async () => {
    for (const source of DUE_SOURCES) {
      for (const item of (await source.items(ctx))) {
        const reminder = item.to.length > 0 ? reminderFor(source, item, today) : null;
        if (reminder) deliveries.push((await notifications.notify(item.to, { partnershipId: item.partnershipId, challengeId: null, link: item.link, ...reminder })));
      }
    }
    for (const r of [...(await ragReminders(ctx, today)), ...(await valuesReminders(ctx, today))]) deliveries.push((await notifications.notify([r.to], r.n)));
  });
  notifications.deliver(...deliveries);
  return deliveries.reduce((n, d) => n + d.length, 0);
}
