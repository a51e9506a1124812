import type { FeatureKit, FeatureParts } from '../feature.js';
import type { Services } from '../registry.js';
import type { DocKindHandler } from '../../realtime/yjs/doc-kind.js';
import { planCommands } from './commands.js';
import { objectiveDocHandler } from './doc.js';
import { planRoutes } from './routes.js';

export { PlanService } from './service.js';
export { RecommendationService } from './recommendations.js';
export { PlanQueries } from './queries.js';
export { PlanRepository } from './repo.js';
export { EvidenceReader, type LinkedRiskRow, type RiskReader } from './evidence.js';
export { seedDemoPlans } from './seed.js';
export { backfillObjectiveDocs } from './doc-backfill.js';

/**
 * The improvement plan: plans → themes → objectives → actions, each objective's monthly RAG (suggested
 * from evidence, decided by its lead or the chair), and the inspection recommendations they answer.
 * Each objective's progress (its narrative and its actions' updates) is co-edited in its doc
 * (`objective:<id>`, doc.ts). No list rows are pushed: a change is announced as "plan.changed" on the
 * bus for a push to follow.
 */
export const plansFeature = (s: Services, kit: FeatureKit): FeatureParts => ({
  routes: planRoutes(s.plans, s.recommendations),
  commands: planCommands(s.plans, s.recommendations),
  // Members present at a live meeting of the plan's board write the progress of the objectives on its agenda.
  docKinds: { objective: objectiveDocHandler(kit.ctx, (id, personId) => s.meetings.queries.commitPath.liveMeetingBoardsLinking('objective', String(id), personId)) as DocKindHandler<never> },
});
