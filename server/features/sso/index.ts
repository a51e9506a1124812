import type { FeatureKit, FeatureParts } from '../feature.js';
import type { Services } from '../registry.js';
import { ssoCommands } from './commands.js';
import { ssoRoutes } from './routes.js';

export { SsoService, CALLBACK_PATH } from './service.js';
export { SsoRepository } from './repo.js';

/** Single sign-on with OpenID Connect: per partnership settings, the sign-in page's lookup, the code + PKCE flow. */
export const ssoFeature = (s: Services, kit: FeatureKit): FeatureParts => ({
  routes: ssoRoutes(kit.config, s.sso, kit.dispatch),
  commands: ssoCommands(s.sso),
});
