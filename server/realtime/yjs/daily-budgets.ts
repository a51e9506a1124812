import { DOC_LIMITS } from '../../../shared/limits.js';

interface Spent {
  newWriters: number;
  tombstones: number;
}

/**
 * What each person has added to each document today that nobody can see: new Yjs client ids and
 * born-deleted content. Both stay in a document's state for good, so they are budgeted per person,
 * document and day (DOC_LIMITS) rather than left to fill a record to its size limit unseen. Held in
 * memory for the process; a restart forgives the day, which costs an attacker a restart they cannot cause.
 */
export class DailyBudgets {
  private day = '';
  private readonly spent = new Map<string, Spent>();

  constructor(private readonly today: () => string) {}

  /** Adds the cost and answers true, or answers false and adds nothing when it would pass a budget. */
  spend(docName: string, personId: number, cost: Spent): boolean {
    if (cost.newWriters === 0 && cost.tombstones === 0) return true;
    const day = this.today();
    if (day !== this.day) {
      // A new day: yesterday's spending is forgotten all at once, so the map never outgrows one day.
      this.day = day;
      this.spent.clear();
    }
    const key = `${docName}|${personId}`;
    const so = this.spent.get(key) ?? { newWriters: 0, tombstones: 0 };
    const next = { newWriters: so.newWriters + cost.newWriters, tombstones: so.tombstones + cost.tombstones };
    if (next.newWriters > DOC_LIMITS.newWritersPerPersonPerDay || next.tombstones > DOC_LIMITS.tombstonesPerPersonPerDay) return false;
    this.spent.set(key, next);
    return true;
  }
}
