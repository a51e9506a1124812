import type { FeatureParts } from '../feature.js';
import type { Services } from '../registry.js';
import { scorecardCommands } from './commands.js';
import { scorecardRoutes } from './routes.js';

export { ScorecardService } from './service.js';
export { ScorecardQueries } from './queries.js';
export { ScorecardRepository } from './repo.js';
export { seedDemoScorecard } from './seed.js';
export { indicatorsOutOfTolerance } from './evidence.js';
export { exceptionsForAgenda } from './agenda.js';
export { VALUE_FIELDS, type ValueCells } from './import-preview.js';

/**
 * The performance scorecard: indicators with polarity, target, tolerance and comparators, their values
 * by period, RAG, direction of travel and exceptions. A change is announced as "scorecard.changed" on
 * the bus for a push to follow.
 */
export const scorecardFeature = (s: Services): FeatureParts => ({
  routes: scorecardRoutes(s.scorecard),
  commands: scorecardCommands(s.scorecard),
});
