import type { NotificationView } from '../../../../shared/schemas/challenge';
import { messageOf } from '../../lib/api';
import { challengeApi } from '../../lib/api/challenges';
import { socketClient } from '../../lib/sync/socket.svelte';

/**
 * The signed-in person's notifications: loaded once, then pushed live over Socket.io
 * ("notification:new"). One store for the header bell and the notifications page.
 */
export class NotificationsState {
  items = $state.raw<NotificationView[]>([]);
  unread = $state(0);
  loaded = $state(false);
  error = $state<string | null>(null);
  /** A polite announcement of the newest arrival, for screen readers. */
  announcement = $state('');

  private personId: number | null = null;
  private stops: (() => void)[] = [];

  /** Starts listening for this person; calling again for the same person does nothing. */
  start(personId: number): () => void {
    if (this.personId !== personId) {
      this.stop();
      this.personId = personId;
      this.items = [];
      this.unread = 0;
      this.loaded = false;
      this.announcement = '';
      this.stops.push(socketClient.onNotification((n) => this.receive(n)));
      this.stops.push(socketClient.onReconnect(() => void this.load(true)));
      void this.load();
    }
    return () => this.stop();
  }

  private stop(): void {
    for (const stop of this.stops) stop();
    this.stops = [];
    this.personId = null;
  }

  /** `background`: read because of a push or a reconnect, not the person (see BACKGROUND_READ_HEADER). */
  async load(background = false): Promise<void> {
    try {
      const list = await challengeApi.notifications({ background });
      this.items = list.items;
      this.unread = list.unread;
      this.error = null;
      this.loaded = true;
    } catch (err) {
      this.error = messageOf(err);
    }
  }

  private receive(n: NotificationView): void {
    if (this.items.some((x) => x.id === n.id)) return;
    this.items = [n, ...this.items];
    if (!n.read) this.unread++;
    this.announcement = `New notification: ${n.text}`;
  }

  async markRead(ids: number[] | 'all'): Promise<void> {
    if (ids !== 'all' && ids.length === 0) return;
    try {
      const list = await challengeApi.markRead(ids);
      this.items = list.items;
      this.unread = list.unread;
      this.error = null;
    } catch (err) {
      this.error = messageOf(err);
    }
  }
}

export const notifications = new NotificationsState();
