import type { FeatureKit, FeatureParts } from '../feature.js';
import type { Services } from '../registry.js';
import { planCommands } from './commands.js';
import { planRoutes } from './routes.js';

export { PlanService, type ProposalMeetingReader } from './service.js';
export { objectivesForAgenda } from './agenda.js';
export { RecommendationService } from './recommendations.js';
export { PlanQueries } from './queries.js';
export { PlanRepository } from './repo.js';
export { EvidenceReader, type LinkedRiskRow, type RiskReader } from './evidence.js';
export { seedDemoPlans } from './seed.js';

/**
 * The improvement plan: plans → themes → objectives → actions, each objective's monthly RAG (suggested
 * from evidence, decided by its lead or the chair), and the inspection recommendations they answer.
 * RAGs may be proposed at a meeting of the owning board (objective:propose-rag). No document kinds yet
 * (the co-edited progress narrative comes later), and no list rows pushed: a
 * change is announced as "plan.changed" on the bus for a push to follow.
 */
export const plansFeature = (s: Services, _kit: FeatureKit): FeatureParts => ({
  routes: planRoutes(s.plans, s.recommendations),
  commands: planCommands(s.plans, s.recommendations),
});
