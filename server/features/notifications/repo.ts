import { and, desc, eq, inArray, isNull, sql } from 'drizzle-orm';
import { notifications } from '../../db/schema.js';
import type { NotificationView } from '../../../shared/schemas/challenge.js';
import { isoAt, type ServiceContext } from '../../core/context.js';

export interface NewNotification {
  partnershipId: number;
  kind: NotificationView['kind'];
  challengeId: number | null;
  text: string;
  /** More than the title (a challenge's question): kept for mail only, and mailed only where the partnership allows it. */
  detail?: string | null;
  link: string;
  /** When given, a person gets this notification once only. */
  dedupeKey?: string;
}

export type Delivery = [personId: number, view: NotificationView][];

/**
 * Every read and write of notification rows. The public methods are asynchronous, so storage behind
 * them may be; on SQLite each resolves at once. `insertWithin` is the exception, and synchronous on
 * purpose: a notification is part of the change that causes it (a challenge raised, an action
 * assigned), so it is written inside the transaction the caller's unit of work has open. A PostgreSQL
 * repository would take that transaction's handle instead.
 */
export class NotificationRepository {
  constructor(
    private readonly ctx: ServiceContext,
    /** Called inside the transaction for each notification written: its mail goes in the same transaction. */
    private readonly written: (row: typeof notifications.$inferSelect) => Promise<void> = async () => {},
  ) {}

  /** One row per person, a repeated dedupe key skipped; inside the caller's open transaction. */
  async insertWithin(personIds: Iterable<number>, n: NewNotification): Promise<Delivery> {
    const created: Delivery = [];
    for (const personId of new Set(personIds)) {
      const row = await this.ctx.db
        .insert(notifications)
        .values({ partnershipId: n.partnershipId, personId, kind: n.kind, challengeId: n.challengeId, dedupeKey: n.dedupeKey ?? null, text: n.text, detail: n.detail ?? null, link: n.link, createdAt: isoAt(this.ctx.clock) })
        .onConflictDoNothing()
        .returning()
        .get();
      if (!row) continue;
      await this.written(row);
      created.push([personId, toView(row)]);
    }
    return created;
  }

  async list(personId: number, limit: number): Promise<{ items: NotificationView[]; unread: number }> {
    const items = (await this.ctx.db.select().from(notifications).where(eq(notifications.personId, personId)).orderBy(desc(notifications.id)).limit(limit).all()).map(toView);
    const unread = (await this.ctx.db
      .select({ n: sql<number>`count(*)` })
      .from(notifications)
      .where(and(eq(notifications.personId, personId), isNull(notifications.readAt)))
      .get())!.n;
    return { items, unread };
  }

  async markRead(personId: number, ids: number[] | 'all'): Promise<void> {
    const mine = eq(notifications.personId, personId);
    await this.ctx.db
      .update(notifications)
      .set({ readAt: isoAt(this.ctx.clock) })
      .where(ids === 'all' ? and(mine, isNull(notifications.readAt)) : and(mine, inArray(notifications.id, ids)))
      .run();
  }
}

function toView(row: typeof notifications.$inferSelect): NotificationView {
  return { id: row.id, kind: row.kind, text: row.text, link: row.link, createdAt: row.createdAt, read: row.readAt !== null };
}
