import type { EvidenceQuery, EvidenceView } from '../../../../shared/schemas/evidence';
import { messageOf } from '../../lib/api';
import { evidenceApi } from '../../lib/api/evidence';
import { socketClient } from '../../lib/sync/socket.svelte';

/** Changes come in bursts (a form saving, someone tidying links): the list is read again once they pause. */
const SETTLE_MS = 150;

type Query = Partial<Record<keyof EvidenceQuery, string | number | undefined>>;

/**
 * A list of the partnership's evidence kept live: read at start and whenever the person changes its
 * filters, and again, as a background read (see BACKGROUND_READ_HEADER), when the server says
 * evidence changed (`evidence:changed`) or the socket comes back from an absence. The latest read
 * wins; on a failure what is shown stays and the error says so.
 */
export class EvidenceList {
  items = $state.raw<EvidenceView[] | null>(null);
  error = $state<string | null>(null);
  private generation = 0;
  private timer: ReturnType<typeof setTimeout> | null = null;

  constructor(
    readonly partnershipId: number,
    /** The filters as they are now (read on every load). */
    private readonly query: () => Query,
    /** Says what could not be loaded, for the retry alert. */
    private readonly what = 'The evidence',
  ) {}

  start(): () => void {
    const stops = [socketClient.onEvidenceChanged(() => this.soon()), socketClient.onReconnect(() => void this.load(true))];
    return () => {
      this.generation++;
      if (this.timer) clearTimeout(this.timer);
      for (const stop of stops) stop();
    };
  }

  /** `background`: read because of a push or a reconnect, not the person. */
  async load(background = false): Promise<void> {
    const generation = ++this.generation;
    try {
      const items = await evidenceApi.list(this.partnershipId, this.query(), { background });
      if (generation !== this.generation) return;
      this.items = items;
      this.error = null;
    } catch (err) {
      if (generation !== this.generation) return;
      this.error = this.items ? `${this.what} changed and could not be read again, so what is shown may be out of date: ${messageOf(err)}` : `${this.what} could not be loaded: ${messageOf(err)}`;
    }
  }

  private soon(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => void this.load(true), SETTLE_MS);
  }
}
