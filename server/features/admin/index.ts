import type { FeatureParts } from '../feature.js';
import type { Services } from '../registry.js';
import { partnershipRoutes } from './routes.js';

export { AdminService } from './service.js';
export { PeopleAdmin } from './people.js';
export { AdminQueries, type AdminHotPath, type PresenceIdentity } from './queries.js';
export { AdminRepository } from './repo.js';
export { PeopleRepository } from './people-repo.js';
export { createPartnership, type CreatedPartnership, type NewPartnership } from './partnerships.js';

/** The partnership's agencies, people, boards, memberships, audit log and settings, for its administrators. */
export const adminFeature = (s: Services): FeatureParts => ({ routes: partnershipRoutes(s.admin, s.people) });
