import { request } from 'node:http';
import { expect, onTestFinished, vi } from 'vitest';
import WebSocket from 'ws';
import { WebsocketProvider } from 'y-websocket';
import * as Y from 'yjs';
import { YJS_PATH_PREFIX } from '../../shared/protocol/yjs.js';
import { useJitteredReconnect } from '../../shared/sync/reconnect.js';
import type { ApiClient } from './http.js';

export interface DocClient {
  doc: Y.Doc;
  provider: WebsocketProvider;
  closes: { code: number; reason: string }[];
  readOnlyReasons: string[];
  synced(): Promise<void>;
  destroy(): void;
}

/** A WebSocket class that sends the signed-in client's cookie, as a browser would. */
function cookieSocket(cookie: string | null, origin: string): typeof WebSocket {
  return class extends WebSocket {
    constructor(url: string | URL, protocols?: string | string[]) {
      super(url, protocols, { headers: { ...(cookie ? { cookie } : {}), origin } });
    }
  } as typeof WebSocket;
}

/** The stock y-websocket provider in Node, connected as `client` to one document. */
export function openDoc(client: ApiClient, docName: string, opts: { doc?: Y.Doc; connect?: boolean } = {}): DocClient {
  const doc = opts.doc ?? new Y.Doc();
  const wsUrl = client.baseUrl.replace(/^http/, 'ws') + YJS_PATH_PREFIX.slice(0, -1);
  const provider = new WebsocketProvider(wsUrl, docName, doc, {
    WebSocketPolyfill: cookieSocket(client.sessionCookie, client.baseUrl) as never,
    disableBc: true,
    connect: opts.connect ?? true,
  });
  const stopJitter = useJitteredReconnect(provider);
  const closes: DocClient['closes'] = [];
  const readOnlyReasons: string[] = [];
  provider.on('connection-close', (event) => {
    if (event) closes.push({ code: event.code, reason: event.reason });
  });
  provider.messageHandlers[2] = (_encoder, decoder) => {
    // y-protocols auth message: 0 = permission denied, then the reason.
    decoder.pos += 1;
    const len = decoder.arr[decoder.pos]!;
    readOnlyReasons.push(new TextDecoder().decode(decoder.arr.subarray(decoder.pos + 1, decoder.pos + 1 + len)));
    decoder.pos += 1 + len;
  };
  const handle: DocClient = {
    doc,
    provider,
    closes,
    readOnlyReasons,
    synced: () => vi.waitFor(() => expect(provider.synced).toBe(true), { timeout: 10_000, interval: 10 }),
    destroy: () => {
      stopJitter();
      provider.destroy();
      doc.destroy();
    },
  };
  onTestFinished(() => handle.destroy());
  return handle;
}

/** The HTTP status a WebSocket upgrade gets when the server refuses it before upgrading. */
export function upgradeStatus(url: string, cookie?: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request(url, {
      headers: { connection: 'Upgrade', upgrade: 'websocket', 'sec-websocket-version': '13', 'sec-websocket-key': 'dGhlIHNhbXBsZSBub25jZQ==', ...(cookie ? { cookie } : {}) },
    });
    req.on('response', (res) => {
      res.resume();
      resolve(res.statusCode ?? 0);
    });
    req.on('upgrade', (_res, socket) => {
      socket.destroy();
      resolve(101);
    });
    req.on('error', reject);
    req.end();
  });
}
