import type { ServiceContext } from '../../core/context.js';
import type { Services } from '../registry.js';
import { seedDemoRisks } from '../risks/index.js';
import { scheduleDemoMeeting, seedDemoMeetings } from '../meetings/index.js';
import { seedDemoChallenges } from '../challenges/index.js';
import { seedDemoPlans } from '../plans/index.js';
import { seedDemoEvidence } from '../evidence/index.js';
import { seedDemoScorecard } from '../scorecard/index.js';
import { isEmpty, seedDemo } from './seed.js';
import { seedDemoNeighbour } from './neighbour.js';

export { DEMO_AGENCIES, DEMO_PEOPLE, isEmpty, seedDemo, type DemoIds } from './seed.js';

/** The demo partnership (and its neighbour, Eastbridge), when SEED_DEMO is on and the database is new. */
export async function seedDemoIfEmpty(ctx: ServiceContext, services: Services): Promise<void> {
  if (!ctx.config.seedDemo || !(await isEmpty(ctx))) return;
  const ids = await seedDemo(ctx, ctx.config.demoPassword, [seedDemoRisks, seedDemoMeetings, seedDemoChallenges, seedDemoPlans, seedDemoEvidence, seedDemoScorecard]);
  // Another process seeded it first, and goes on to the rest (the meeting, the neighbour).
  if (!ids) return;
  // What goes through the (asynchronous) meeting services runs once the seed's transaction has committed.
  await scheduleDemoMeeting(ctx, ids);
  await seedDemoNeighbour(ctx, services, ctx.config.demoPassword);
  ctx.config.log('seeded the demo partnership');
}
