import type { ServiceContext } from '../../core/context.js';
import { isStorageTrouble } from '../../core/errors.js';
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
  const ids = await seedingInTurn(() => seedDemo(ctx, ctx.config.demoPassword, [seedDemoRisks, seedDemoMeetings, seedDemoChallenges, seedDemoPlans, seedDemoEvidence, seedDemoScorecard]));
  // Another process seeded it first, and goes on to the rest (the meeting, the neighbour).
  if (!ids) return;
  // What goes through the (asynchronous) meeting services runs once the seed's transaction has committed.
  await scheduleDemoMeeting(ctx, ids);
  await seedDemoNeighbour(ctx, services, ctx.config.demoPassword);
  ctx.config.log('seeded the demo partnership');
}

/**
 * Two processes started together on one new SQLite file: one seeds while the other's transaction finds
 * the file locked (SQLITE_BUSY, past the short busy wait the server keeps once started). It waits and
 * tries again, and then finds the demo there (seedDemo decides emptiness inside its transaction).
 */
async function seedingInTurn<T>(seed: () => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await seed();
    } catch (err) {
      if (!isStorageTrouble(err) || attempt >= 120) throw err;
      await new Promise((resolve) => setTimeout(resolve, 500));
    }
  }
}
