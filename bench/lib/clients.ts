import WebSocket from 'ws';
import { WebsocketProvider } from 'y-websocket';
import * as Y from 'yjs';
import { YJS_PATH_PREFIX } from '../../shared/protocol/yjs.js';
import { sleep, waitUntil } from './stats.js';

export interface BenchClient {
  docName: string;
  doc: Y.Doc;
  provider: WebsocketProvider;
  /** Close codes this client saw (4529 would mean the server rate-limited the harness). */
  closes: number[];
  destroy(): void;
}

/** A `ws` WebSocket that sends the session cookie and our Origin, as a browser would. */
function cookieSocket(cookie: string | null, origin: string): typeof WebSocket {
  return class extends WebSocket {
    constructor(url: string | URL, protocols?: string | string[]) {
      super(url, protocols, { headers: { ...(cookie ? { cookie } : {}), origin } });
    }
  } as typeof WebSocket;
}

/** The stock y-websocket provider in Node on `docName`, signed in with `cookie` (ignored by the reference). */
export function connectClient(baseUrl: string, docName: string, cookie: string | null): BenchClient {
  const doc = new Y.Doc();
  const wsUrl = baseUrl.replace(/^http/, 'ws') + YJS_PATH_PREFIX.slice(0, -1);
  const provider = new WebsocketProvider(wsUrl, docName, doc, {
    WebSocketPolyfill: cookieSocket(cookie, baseUrl) as never,
    disableBc: true,
    // A bench client that loses its connection counts as a failure, not something to paper over.
    maxBackoffTime: 60_000,
  });
  const closes: number[] = [];
  provider.on('connection-close', (event) => {
    if (event) closes.push(event.code);
  });
  return {
    docName,
    doc,
    provider,
    closes,
    destroy() {
      provider.destroy();
      doc.destroy();
    },
  };
}

/**
 * Connects `count` clients spread over `docNames` (client i on doc i mod n) and sessions (round
 * robin), a few at a time, and waits until every one is synced.
 */
export async function connectMany(baseUrl: string, docNames: string[], count: number, cookies: (string | null)[]): Promise<BenchClient[]> {
  const clients: BenchClient[] = [];
  for (let i = 0; i < count; i++) {
    clients.push(connectClient(baseUrl, docNames[i % docNames.length]!, cookies[i % cookies.length] ?? null));
    if (i % 20 === 19) await sleep(5);
  }
  await waitUntil(() => clients.every((c) => c.provider.synced), 60_000, `${count} clients to sync`);
  return clients;
}

export async function closeAll(clients: BenchClient[]): Promise<void> {
  for (const c of clients) c.destroy();
  // Let the server see the closes, so per-session counts are back to zero before the next scenario.
  await sleep(300);
}

export const closeCodes = (clients: BenchClient[]): number[] => clients.flatMap((c) => c.closes);
