import type { WebsocketProvider } from 'y-websocket';
import { isFinalClose } from '../protocol/yjs.js';

export const RECONNECT = { baseMs: 250, capMs: 10_000 } as const;

/**
 * "Full jitter" backoff: a random delay up to an exponentially growing cap, so that two hundred
 * clients dropped by one restart do not all come back in the same millisecond.
 */
export function reconnectDelay(attempt: number, random: () => number = Math.random): number {
  const cap = Math.min(RECONNECT.capMs, RECONNECT.baseMs * 2 ** Math.max(0, attempt));
  return Math.floor(random() * cap);
}

/**
 * Replaces the stock provider's fixed exponential backoff with jittered reconnects. Final close
 * codes (4400–4499) are left to the provider, which stops; a deliberate disconnect stays disconnected.
 */
export function useJitteredReconnect(provider: WebsocketProvider, random: () => number = Math.random): () => void {
  let attempt = 0;
  let timer: ReturnType<typeof setTimeout> | null = null;
  const onClose = (event: CloseEvent | { code: number } | null) => {
    if (!provider.shouldConnect) return;
    if (event && isFinalClose(event.code)) return;
    provider.shouldConnect = false;
    if (timer) clearTimeout(timer);
    timer = setTimeout(() => {
      timer = null;
      provider.connect();
    }, reconnectDelay(attempt++, random));
  };
  const onSync = (synced: boolean) => {
    if (synced) attempt = 0;
  };
  provider.on('connection-close', onClose as never);
  provider.on('sync', onSync);
  return () => {
    if (timer) clearTimeout(timer);
    provider.off('connection-close', onClose as never);
    provider.off('sync', onSync);
  };
}
