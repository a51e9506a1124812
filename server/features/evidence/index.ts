import type { FeatureKit, FeatureParts } from '../feature.js';
import type { Services } from '../registry.js';
import { evidenceCommands } from './commands.js';
import { evidenceRoutes } from './routes.js';

export { EvidenceService } from './service.js';
export { EvidenceQueries } from './queries.js';
export { EvidenceRepository } from './repo.js';
export { seedDemoEvidence } from './seed.js';

/**
 * The evidence store (issue 12 §4): files (in the database, checked by content), links and notes,
 * linked to the plan's objectives and actions, recommendations, risks and challenges; served only to
 * the partnership's members, as downloads; every upload and download on the record.
 */
export const evidenceFeature = (s: Services, kit: FeatureKit): FeatureParts => ({
  routes: evidenceRoutes(s.evidence, kit.budgets, kit.ctx.config.uploadIdleMs),
  commands: evidenceCommands(s.evidence),
});
