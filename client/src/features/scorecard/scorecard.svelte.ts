import { LiveRead } from '../../lib/live-read.svelte';
import { socketClient } from '../../lib/sync/socket.svelte';

/**
 * A read of the scorecard kept live: again whenever an indicator changes (`scorecard:changed`: a value
 * entered by one person appears on every open scorecard), once the pushes of a burst pause.
 */
export class ScorecardRead<T> extends LiveRead<T> {
  constructor(read: (options: { background: boolean }) => Promise<T>, what: string) {
    super(read, what, (fn) => socketClient.onScorecardChanged(() => fn()));
  }
}
