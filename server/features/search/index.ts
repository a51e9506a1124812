import type { FeatureKit, FeatureParts } from '../feature.js';
import type { Services } from '../registry.js';
import { searchRoutes } from './routes.js';

export { SearchService } from './service.js';
export { SqliteSearchRepository, type SearchRepository, type SearchScope } from './repo.js';

/** Full-text search across the partnership's records (the header's search box). */
export const searchFeature = (s: Services, kit: FeatureKit): FeatureParts => ({
  routes: searchRoutes(s.search, kit.budgets),
});
