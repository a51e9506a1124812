import type { FeatureParts } from '../feature.js';
import type { Services } from '../registry.js';
import { notificationRoutes } from './routes.js';

export { NotificationService, type Delivery, type NewNotification } from './service.js';
export { NotificationRepository } from './repo.js';

/** In-app notifications: written by the features in their transactions, pushed once committed. */
export const notificationsFeature = (s: Services): FeatureParts => ({ routes: notificationRoutes(s.notifications) });
