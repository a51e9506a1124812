import { AppError } from '../../../shared/errors';
import { messageOf } from './api';
import { socketClient } from './sync/socket.svelte';

/** Subscribes to the pushes that say a read is out of date; answers the unsubscribe. */
export type ChangeFeed = (onChange: () => void) => () => void;

/** Pushes come in bursts (evidence on a recommendation is both a plan's and the evidence's news): read once they pause. */
const SETTLE_MS = 150;

/**
 * A read kept live: read at start, again whenever its feed says what it shows changed (`plan:changed`,
 * `scorecard:changed`), and after the socket comes back from an absence (what changed meanwhile was not
 * pushed). Those reads are background reads (BACKGROUND_READ_HEADER). The latest read wins; what is
 * shown stays on a failure.
 */
export class LiveRead<T> {
  value = $state.raw<T | null>(null);
  error = $state<string | null>(null);
  notFound = $state(false);
  private generation = 0;
  private timer: ReturnType<typeof setTimeout> | null = null;

  constructor(
    /** `background`: read because of a push or a reconnect, not the person. */
    private readonly read: (options: { background: boolean }) => Promise<T>,
    /** Says what could not be loaded, for the retry alert. */
    private readonly what: string,
    private readonly changes: ChangeFeed | readonly ChangeFeed[],
  ) {}

  start(): () => void {
    void this.load();
    const feeds = Array.isArray(this.changes) ? this.changes : [this.changes as ChangeFeed];
    const stops = [...feeds.map((feed) => feed(() => this.soon())), socketClient.onReconnect(() => void this.load(true))];
    return () => {
      this.generation++;
      if (this.timer) clearTimeout(this.timer);
      for (const stop of stops) stop();
    };
  }

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
