import { and, desc, eq, inArray, isNull, sql } from 'drizzle-orm';
import { notifications } from '../../db/schema.js';
import type { NotificationView } from '../../../shared/schemas/challenge.js';
import { isoAt, type ServiceContext } from '../../core/context.js';

export interface NewNotification {
  partnershipId: number;
  kind: NotificationView['kind'];
  challengeId: number | null;
  text: string;
  link: string;
  /** When given, a person gets this notification once only. */
  dedupeKey?: string;
}

export type Delivery = [personId: number, view: NotificationView][];

/** In-app notifications. Each is announced on the bus ("notification.created") once its transaction has committed. */
export class NotificationService {
  constructor(private readonly ctx: ServiceContext) {}

  /**
   * Writes one notification per person (skipping repeats of a dedupe key), inside the caller's
   * transaction. Returns them for `deliver`, which the caller calls once the transaction has committed.
   */
  notify(personIds: Iterable<number>, n: NewNotification): Delivery {
    const created: [number, NotificationView][] = [];
    for (const personId of new Set(personIds)) {
      const row = this.ctx.db
        .insert(notifications)
        .values({ partnershipId: n.partnershipId, personId, kind: n.kind, challengeId: n.challengeId, dedupeKey: n.dedupeKey ?? null, text: n.text, link: n.link, createdAt: isoAt(this.ctx.clock) })
        .onConflictDoNothing()
        .returning()
        .get();
      if (row) created.push([personId, toView(row)]);
    }
    return created;
  }

  deliver(...deliveries: Delivery[]): void {
    for (const delivery of deliveries) for (const [personId, view] of delivery) this.ctx.bus.emit('notification.created', { personId, view });
  }

  list(personId: number, limit = 50): { items: NotificationView[]; unread: number } {
    const items = this.ctx.db.select().from(notifications).where(eq(notifications.personId, personId)).orderBy(desc(notifications.id)).limit(limit).all().map(toView);
    const unread = this.ctx.db
      .select({ n: sql<number>`count(*)` })
      .from(notifications)
      .where(and(eq(notifications.personId, personId), isNull(notifications.readAt)))
      .get()!.n;
    return { items, unread };
  }

  markRead(personId: number, ids: number[] | 'all'): void {
    const mine = eq(notifications.personId, personId);
    this.ctx.db
      .update(notifications)
      .set({ readAt: isoAt(this.ctx.clock) })
      .where(ids === 'all' ? and(mine, isNull(notifications.readAt)) : and(mine, inArray(notifications.id, ids)))
      .run();
  }
}

function toView(row: typeof notifications.$inferSelect): NotificationView {
  return { id: row.id, kind: row.kind, text: row.text, link: row.link, createdAt: row.createdAt, read: row.readAt !== null };
}
