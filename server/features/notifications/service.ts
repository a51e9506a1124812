import type { NotificationView } from '../../../shared/schemas/challenge.js';
import type { ServiceContext } from '../../core/context.js';
import type { Delivery, NewNotification, NotificationRepository } from './repo.js';

export type { Delivery, NewNotification } from './repo.js';

/** In-app notifications. Each is announced on the bus ("notification.created") once its transaction has committed. */
export class NotificationService {
  constructor(
    private readonly ctx: ServiceContext,
    private readonly repo: NotificationRepository,
  ) {}

  /**
   * Writes one notification per person (skipping repeats of a dedupe key), inside the caller's
   * transaction: synchronous, as it is one step of the caller's unit of work. Returns them for
   * `deliver`, which the caller calls once the transaction has committed.
   */
  async notify(personIds: Iterable<number>, n: NewNotification): Promise<Delivery> {
    return this.repo.insertWithin(personIds, n);
  }

  deliver(...deliveries: Delivery[]): void {
    for (const delivery of deliveries) for (const [personId, view] of delivery) this.ctx.bus.emit('notification.created', { personId, view });
  }

  list(personId: number, limit = 50): Promise<{ items: NotificationView[]; unread: number }> {
    return this.repo.list(personId, limit);
  }

  markRead(personId: number, ids: number[] | 'all'): Promise<void> {
    return this.repo.markRead(personId, ids);
  }
}
