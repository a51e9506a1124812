import type { FeatureKit, FeatureParts } from '../feature.js';
import type { Services } from '../registry.js';
import type { DocKindHandler } from '../../realtime/yjs/doc-kind.js';
import { challengeCommands } from './commands.js';
import { challengeDocHandler } from './doc.js';
import { challengeRoutes } from './routes.js';

export { ChallengeService } from './service.js';
export { ChallengeQueries } from './queries.js';
export { ChallengeRepository } from './repo.js';
export { seedDemoChallenges } from './seed.js';

/** The challenge log: challenges raised at a board to an agency, answered, pressed, accepted, escalated. */
export const challengesFeature = (s: Services, kit: FeatureKit): FeatureParts => ({
  routes: challengeRoutes(s.challenges, kit.dispatch),
  commands: challengeCommands(s.challenges),
  docKinds: { challenge: challengeDocHandler(kit.ctx, s.challenges.commitPath) as DocKindHandler<never> },
  // The challenge log is the whole partnership's: the changed rows go to all of it as they are.
  rows: { challenge: (partnershipId, ids) => s.challenges.queries.list(partnershipId, { ids }) },
});
