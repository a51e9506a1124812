import { AppError } from '../../../../shared/errors';
import type { PlanDetail } from '../../../../shared/schemas/plan';
import { messageOf } from '../../lib/api';
import { planApi } from '../../lib/api/plans';
import { socketClient } from '../../lib/sync/socket.svelte';

/** Changes arrive in bursts (a meeting setting several RAGs): the plan is read again once they pause. */
const SETTLE_MS = 150;

/**
 * One plan as its page shows it, kept live: read again when the server says it changed (`plan:changed`)
 * and after the socket comes back from an absence (what changed meanwhile was not pushed).
 */
export class PlanState {
  detail = $state.raw<PlanDetail | null>(null);
  error = $state<string | null>(null);
  notFound = $state(false);
  loading = $state(true);
  private timer: ReturnType<typeof setTimeout> | null = null;
  private generation = 0;

  constructor(
    readonly partnershipId: number,
    readonly planId: number,
  ) {}

  start(): () => void {
    void this.load();
    const stops = [
      socketClient.onPlanChanged((planId) => {
        if (planId === this.planId) this.soon();
      }),
      socketClient.onReconnect(() => void this.load(true)),
    ];
    return () => {
      this.generation++;
      if (this.timer) clearTimeout(this.timer);
      for (const stop of stops) stop();
    };
  }

  /** `background`: read because of a push or a reconnect, not the person (see BACKGROUND_READ_HEADER). */
  async load(background = false): Promise<void> {
    const generation = ++this.generation;
    try {
      const detail = await planApi.plan(this.partnershipId, this.planId, { background });
      if (generation !== this.generation) return;
      this.detail = detail;
      this.error = null;
    } catch (err) {
      if (generation !== this.generation) return;
      if (err instanceof AppError && err.code === 'NOT_FOUND') this.notFound = true;
      // The plan shown stays; the page says it may be out of date, with a retry.
      else this.error = this.detail ? `The plan changed and could not be read again, so what is shown may be out of date: ${messageOf(err)}` : messageOf(err);
    } finally {
      if (generation === this.generation) this.loading = false;
    }
  }

  private soon(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => void this.load(true), SETTLE_MS);
  }
}
