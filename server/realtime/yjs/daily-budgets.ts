import { DOC_LIMITS, LIMITS } from '../../../shared/limits.js';
import { answeredWithin } from '../../core/answered-within.js';
import { spendSharedDaily, type ScriptRunner } from '../../core/shared-counters.js';

interface Spent {
  newWriters: number;
  tombstones: number;
}

/**
 * What each person has added to each document today that nobody can see: new Yjs client ids and
 * born-deleted content. Both stay in a document's state for good, so they are budgeted per person,
 * document and day (DOC_LIMITS) rather than left to fill a record to its size limit unseen.
 */
export interface DailyBudgets {
  /** Adds the cost and answers true, or answers false and adds nothing when it would pass a budget. */
  spend(docName: string, personId: number, cost: Spent): Promise<boolean>;
}

/**
 * In memory when REDIS_URL is unset; in Redis (shared-counters.ts) when it is set, so that a person
 * editing one document through two processes has one budget, not one at each.
 */
export function dailyBudgets(shared: ScriptRunner | null, today: () => string, log: (message: string, extra?: Record<string, unknown>) => void): DailyBudgets {
  return shared ? new SharedDailyBudgets(shared, today, log) : new LocalDailyBudgets(today);
}

/**
 * Held in memory for the process; a restart forgives the day, which costs an attacker a restart they
 * cannot cause. Decided before the promise is returned: two updates are counted one by one.
 */
class LocalDailyBudgets implements DailyBudgets {
  private day = '';
  private readonly spent = new Map<string, Spent>();

  constructor(private readonly today: () => string) {}

  spend(docName: string, personId: number, cost: Spent): Promise<boolean> {
    if (cost.newWriters === 0 && cost.tombstones === 0) return Promise.resolve(true);
    const day = this.today();
    if (day !== this.day) {
      // A new day: yesterday's spending is forgotten all at once, so the map never outgrows one day.
      this.day = day;
      this.spent.clear();
    }
    const key = `${docName}|${personId}`;
    const so = this.spent.get(key) ?? { newWriters: 0, tombstones: 0 };
    const next = { newWriters: so.newWriters + cost.newWriters, tombstones: so.tombstones + cost.tombstones };
    if (next.newWriters > DOC_LIMITS.newWritersPerPersonPerDay || next.tombstones > DOC_LIMITS.tombstonesPerPersonPerDay) return Promise.resolve(false);
    this.spent.set(key, next);
    return Promise.resolve(true);
  }
}

/**
 * A hash per document, person and day, kept past the day (LIMITS.dailyBudgetKeptMs) then gone by itself.
 * It is asked with the commit queue's run held, so a Redis that is slow or gone must not hold every
 * document's saving: past LIMITS.sharedBudgetWaitMs this process's own budget answers instead (each
 * process then allows a day's budget of its own, until Redis answers again).
 */
class SharedDailyBudgets implements DailyBudgets {
  private readonly fallback: LocalDailyBudgets;
  private unreachable = false;

  constructor(
    private readonly redis: ScriptRunner,
    private readonly today: () => string,
    private readonly log: (message: string, extra?: Record<string, unknown>) => void,
  ) {
    this.fallback = new LocalDailyBudgets(today);
  }

  async spend(docName: string, personId: number, cost: Spent): Promise<boolean> {
    if (cost.newWriters === 0 && cost.tombstones === 0) return true;
    const asked = spendSharedDaily(this.redis, {
      day: this.today(),
      docName,
      personId,
      cost,
      limits: { newWriters: DOC_LIMITS.newWritersPerPersonPerDay, tombstones: DOC_LIMITS.tombstonesPerPersonPerDay },
      keptMs: LIMITS.dailyBudgetKeptMs,
    });
    try {
      const within = await answeredWithin(asked, LIMITS.sharedBudgetWaitMs, 'Redis');
      if (this.unreachable) this.log('the daily document budgets are shared through Redis again');
      this.unreachable = false;
      return within;
    } catch (err) {
      // Said once per outage, not once per update.
      if (!this.unreachable) this.log('the daily document budgets are this process\'s own until Redis answers', { error: String(err) });
      this.unreachable = true;
      return this.fallback.spend(docName, personId, cost);
    }
  }
}
