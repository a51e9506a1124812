import type { ServiceContext } from '../../core/context.js';
import type { FeatureKit, FeatureParts } from '../feature.js';
import type { Services } from '../registry.js';
import { PgSearchRepository } from './pg-repo.js';
import type { SearchRepository } from './read-rules.js';
import { SqliteSearchRepository } from './repo.js';
import { searchRoutes } from './routes.js';

export { SearchService } from './service.js';
export { SqliteSearchRepository, PgSearchRepository };
export type { SearchRepository, SearchScope } from './read-rules.js';

/** The database's own full-text search: FTS5 on SQLite, text search on PostgreSQL. */
export const searchRepository = (ctx: ServiceContext): SearchRepository => (ctx.database.dialect === 'postgres' ? new PgSearchRepository(ctx) : new SqliteSearchRepository(ctx));

/** Full-text search across the partnership's records (the header's search box). */
export const searchFeature = (s: Services, kit: FeatureKit): FeatureParts => ({
  routes: searchRoutes(s.search, kit.budgets),
});
