import { longDate } from '../../../shared/domain/date-words.js';
import { and, eq, isNotNull, isNull } from 'drizzle-orm';
import { meetingPapers, meetings } from '../../db/schema.js';
import { addDays, todayIn } from '../../../shared/domain/scoring.js';
import type { ServiceContext } from '../../core/context.js';
import type { Delivery, NotificationService } from '../notifications/index.js';

/** How many days before the papers deadline an author still owing a paper is reminded. */
export const PAPER_REMINDER_DAYS = 2;

/**
 * The papers deadline's reminders (issue 14 item 3): an author whose paper is not in is reminded once
 * when the deadline is `PAPER_REMINDER_DAYS` days away or less, and once more when it has passed (the
 * paper is then late). Each is sent once whatever the number of checks or restarts (a dedupe key per
 * paper and kind). Meetings already held are left alone.
 */
export async function sendPaperReminders(ctx: ServiceContext, notifications: NotificationService): Promise<number> {
  const today = todayIn(ctx.clock());
  const owed = await ctx.db
    .select({ id: meetingPapers.id, title: meetingPapers.title, authorId: meetingPapers.authorPersonId, partnershipId: meetingPapers.partnershipId, meetingId: meetings.id, meetingTitle: meetings.title, deadline: meetings.papersDeadline })
    .from(meetingPapers)
    .innerJoin(meetings, eq(meetings.id, meetingPapers.meetingId))
    .where(and(isNull(meetingPapers.removedAt), isNull(meetingPapers.evidenceId), isNotNull(meetingPapers.authorPersonId), eq(meetings.status, 'scheduled')))
    .all();
  const deliveries: Delivery[] = [];
  await ctx.database.transaction(async () => {
    for (const p of owed) {
      const link = `/meetings/${p.meetingId}`;
      if (today > p.deadline) {
        deliveries.push((await notifications.notify([p.authorId!], { partnershipId: p.partnershipId, kind: 'paper_late', challengeId: null, text: `Paper “${p.title}” for ${p.meetingTitle} is late: it was due by ${longDate(p.deadline)}`, link, dedupeKey: `paper-late:${p.id}` })));
      } else if (today >= addDays(p.deadline, -PAPER_REMINDER_DAYS)) {
        deliveries.push((await notifications.notify([p.authorId!], { partnershipId: p.partnershipId, kind: 'paper_due', challengeId: null, text: `Paper “${p.title}” for ${p.meetingTitle} is due by ${longDate(p.deadline)}`, link, dedupeKey: `paper-due:${p.id}` })));
      }
    }
  });
  notifications.deliver(...deliveries);
  return deliveries.reduce((n, d) => n + d.length, 0);
}
