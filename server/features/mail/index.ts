import type { FeatureKit, FeatureParts } from '../feature.js';
import type { Services } from '../registry.js';
import { mailRoutes } from './routes.js';

export { MailService } from './service.js';

/** E-mail (issue 15): preferences, one-click unsubscribe, the outbox; the mails themselves are written by the notifications. */
export const mailFeature = (s: Services, _kit: FeatureKit): FeatureParts => ({
  routes: mailRoutes(s.mail),
});
