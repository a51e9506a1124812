import { LiveRead as Live } from '../../lib/live-read.svelte';
import { socketClient } from '../../lib/sync/socket.svelte';

/**
 * A read of the plans' data kept live: again whenever any plan changes (`plan:changed`: a plan list,
 * the recommendations and a recommendation's page all show figures of every plan).
 */
export class LiveRead<T> extends Live<T> {
  constructor(read: (options: { background: boolean }) => Promise<T>, what: string) {
    super(read, what, (fn) => socketClient.onPlanChanged(fn));
  }
}
