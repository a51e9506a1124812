import { messageOf } from '../../lib/api';
import { EMPTY_LOOKUP, loadSubjects, type SubjectLookup, type SubjectRefs } from './labels';

/**
 * Names for the risks and mitigations some challenges are about (only those, never the whole register),
 * to name and link their subjects. Without them a subject still shows (as "Risk 12"), and the page says
 * why its names are missing, with a retry.
 */
export class Subjects {
  lookup = $state.raw<SubjectLookup>(EMPTY_LOOKUP);
  error = $state<string | null>(null);
  private stopped = false;
  private latest = 0;
  private rows: readonly SubjectRefs[] = [];

  constructor(readonly partnershipId: number) {}

  /** Names the subjects of these rows (by default the rows last asked for: a retry). The latest call wins. */
  async load(rows: readonly SubjectRefs[] = this.rows): Promise<void> {
    this.rows = rows;
    const mine = ++this.latest;
    try {
      const lookup = await loadSubjects(this.partnershipId, rows);
      if (this.stopped || mine !== this.latest) return;
      this.lookup = lookup;
      this.error = null;
    } catch (err) {
      if (!this.stopped && mine === this.latest) this.error = `The risks and mitigations these challenges are about could not be named: ${messageOf(err)}`;
    }
  }

  /** The page has gone: a late answer is dropped. */
  stop(): void {
    this.stopped = true;
  }
}
