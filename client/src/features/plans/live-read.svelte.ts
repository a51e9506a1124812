import { AppError } from '../../../../shared/errors';
import { messageOf } from '../../lib/api';
import { socketClient } from '../../lib/sync/socket.svelte';

/**
 * A read of the plans' data kept live: read at start, again whenever any plan changes (`plan:changed`:
 * a plan list, the recommendations and a recommendation's page all show figures of every plan) and
 * after the socket comes back from an absence. The latest read wins; what is shown stays on a failure.
 */
export class LiveRead<T> {
  value = $state.raw<T | null>(null);
  error = $state<string | null>(null);
  notFound = $state(false);
  private generation = 0;

  constructor(
    /** `background`: read because of a push or a reconnect, not the person (see BACKGROUND_READ_HEADER). */
    private readonly read: (options: { background: boolean }) => Promise<T>,
    /** Says what could not be loaded, for the retry alert. */
    private readonly what: string,
  ) {}

  start(): () => void {
    void this.load();
    const stops = [socketClient.onPlanChanged(() => void this.load(true)), socketClient.onReconnect(() => void this.load(true))];
    return () => {
      this.generation++;
      for (const stop of stops) stop();
    };
  }

  async load(background = false): Promise<void> {
    const generation = ++this.generation;
    try {
      const value = await this.read({ background });
      if (generation !== this.generation) return;
      this.value = value;
      this.error = null;
    } catch (err) {
      if (generation !== this.generation) return;
      if (err instanceof AppError && err.code === 'NOT_FOUND') this.notFound = true;
      else this.error = `${this.what} could not be loaded: ${messageOf(err)}`;
    }
  }
}
