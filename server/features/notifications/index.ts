import type { FeatureKit, FeatureParts } from '../feature.js';
import type { Services } from '../registry.js';
import { notificationRoutes } from './routes.js';

export { NotificationService, type Delivery, type NewNotification } from './service.js';
export { NotificationRepository } from './repo.js';

/** In-app notifications: written by the features in their transactions, pushed once committed. */
export const notificationsFeature = (s: Services, kit: FeatureKit): FeatureParts => ({
  routes: notificationRoutes(s.notifications, kit.dispatch),
  commands: {
    // A person's own notifications only: the service reads and marks by the sender's person id.
    'notifications:read': async (actor, p) => {
      await s.notifications.markRead(actor.personId, p.ids);
      return s.notifications.list(actor.personId);
    },
  },
});

