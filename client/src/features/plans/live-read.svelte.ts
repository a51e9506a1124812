import { LiveRead as Live } from '../../lib/live-read.svelte';
import { socketClient } from '../../lib/sync/socket.svelte';

/**
 * A read of the plans' data kept live: again whenever any plan changes (`plan:changed`: a plan list,
 * the recommendations and a recommendation's page all show figures of every plan), and, for a page
 * that shows evidence too (a recommendation's), whenever the evidence changes.
 */
export class LiveRead<T> extends Live<T> {
  constructor(read: (options: { background: boolean }) => Promise<T>, what: string, showsEvidence = false) {
    super(read, what, [(fn) => socketClient.onPlanChanged(fn), ...(showsEvidence ? [(fn: () => void) => socketClient.onEvidenceChanged(fn)] : [])]);
  }
}
