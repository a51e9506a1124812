import type { FeatureKit, FeatureParts } from '../feature.js';
import type { Services } from '../registry.js';
import { partnershipRoutes } from './routes.js';

export { AdminService } from './service.js';
export { PeopleAdmin } from './people.js';
export { createPartnership, type CreatedPartnership, type NewPartnership } from './partnerships.js';

/** The partnership's agencies, people, boards, memberships, audit log and settings, for its administrators. */
export const adminFeature = (s: Services, kit: FeatureKit): FeatureParts => ({ routes: partnershipRoutes(kit.ctx, s.admin, s.people) });
