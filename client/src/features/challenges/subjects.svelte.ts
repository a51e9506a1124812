import { messageOf } from '../../lib/api';
import { EMPTY_LOOKUP, loadSubjects, type SubjectLookup } from './labels';

/**
 * The risks and mitigations a challenge may be about, to name and link its subject. Without them a
 * subject still shows (as "Risk 12"), and the page says why its names are missing, with a retry.
 */
export class Subjects {
  lookup = $state.raw<SubjectLookup>(EMPTY_LOOKUP);
  error = $state<string | null>(null);
  private stopped = false;

  constructor(readonly partnershipId: number) {}

  async load(): Promise<void> {
    try {
      const lookup = await loadSubjects(this.partnershipId);
      if (this.stopped) return;
      this.lookup = lookup;
      this.error = null;
    } catch (err) {
      if (!this.stopped) this.error = `The risks and mitigations challenges are about could not be named: ${messageOf(err)}`;
    }
  }

  /** The page has gone: a late answer is dropped. */
  stop(): void {
    this.stopped = true;
  }
}
