import type { FeatureKit, FeatureParts } from '../feature.js';
import type { Services } from '../registry.js';
import type { DocKindHandler } from '../../realtime/yjs/doc-kind.js';
import { riskCommands } from './commands.js';
import { riskDocHandler } from './doc.js';
import { RegisterQueries } from './register-queries.js';
import { riskRoutes } from './routes.js';

export { RiskService } from './service.js';
export { RiskRepository } from './repo.js';
export { RiskQueries } from './queries.js';
export { RiskMatrixService } from './matrix.js';
export { RiskAlerts } from './tolerance.js';
export { RegisterQueries } from './register-queries.js';
export { projectRiskUpdate } from './projection.js';
export { seedDemoRisks } from './seed.js';

/** The risk register: risks, their co-edited documents and mitigations, the matrix, tolerance and escalation. */
export const risksFeature = (s: Services, kit: FeatureKit): FeatureParts => ({
  // The register a page at a time: its queries read the risks' projection, as the whole list does.
  routes: riskRoutes(s.risks, s.riskMatrix, new RegisterQueries(kit.ctx, s.risks.queries), kit.dispatch),
  commands: riskCommands(s.risks, s.riskMatrix),
  docKinds: { risk: riskDocHandler(kit.ctx, s.risks, s.riskAlerts, s.notifications) as DocKindHandler<never> },
  // Everyone in a partnership sees its whole register, so the changed rows go to all of it as they are.
  rows: { risk: async (partnershipId, ids) => s.risks.queries.list(partnershipId, { ids }) },
});
