import type { FeatureKit, FeatureParts } from '../feature.js';
import { adminCommands } from './commands.js';
import type { Services } from '../registry.js';
import { partnershipRoutes } from './routes.js';

export { AdminService } from './service.js';
export { PeopleAdmin } from './people.js';
export { AdminQueries, type AdminHotPath, type PresenceIdentity, type PrintHeading } from './queries.js';
export { AdminRepository } from './repo.js';
export { PeopleRepository } from './people-repo.js';
export { createPartnership, type CreatedPartnership, type NewPartnership } from './partnerships.js';

/** The partnership's agencies, people, boards, memberships, audit log and settings, for its administrators. */
export const adminFeature = (s: Services, kit: FeatureKit): FeatureParts => ({
  routes: partnershipRoutes(s.admin, s.people, kit.dispatch),
  commands: adminCommands(s.admin, s.people, kit.config.publicUrl),
});
