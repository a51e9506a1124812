import { AppError } from '../../../../shared/errors';
import { messageOf } from '../../lib/api';
import { socketClient } from '../../lib/sync/socket.svelte';

const SETTLE_MS = 150;

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
  private timer: ReturnType<typeof setTimeout> | null = null;

  constructor(
    /** `background`: read because of a push or a reconnect, not the person (see BACKGROUND_READ_HEADER). */
    private readonly read: (options: { background: boolean }) => Promise<T>,
    /** Says what could not be loaded, for the retry alert. */
    private readonly what: string,
    /** Whether what is read shows evidence too (a recommendation's page): then `evidence:changed` reads it again as well. */
    private readonly showsEvidence = false,
  ) {}

  start(): () => void {
    void this.load();
    const stops = [socketClient.onPlanChanged(() => this.soon()), socketClient.onReconnect(() => void this.load(true))];
    if (this.showsEvidence) stops.push(socketClient.onEvidenceChanged(() => this.soon()));
    return () => {
      this.generation++;
      if (this.timer) clearTimeout(this.timer);
      for (const stop of stops) stop();
    };
  }

  /** Pushes come in bursts (evidence on a recommendation is both a plan's and the evidence's news): read once they pause. */
  private soon(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => void this.load(true), SETTLE_MS);
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
