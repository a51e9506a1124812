import { io, type Socket } from 'socket.io-client';
import { onTestFinished } from 'vitest';
import type { AckReply, ClientToServerEvents, ServerToClientEvents } from '../../shared/protocol/socket.js';
import type { ApiClient } from './http.js';

export type BoardClient = Socket<ServerToClientEvents, ClientToServerEvents>;

/**
 * A real Socket.io client carrying the signed-in client's cookie; resolves with the refusal's
 * `err.data` when the server refuses the connection.
 */
export function tryConnect(client: ApiClient): Promise<{ connected: true; socket: BoardClient } | { connected: false; data: unknown; error: Error }> {
  const socket: BoardClient = io(client.baseUrl, {
    transports: ['websocket'],
    extraHeaders: { cookie: client.sessionCookie ?? '', origin: client.baseUrl },
    reconnection: false,
    forceNew: true,
  });
  onTestFinished(() => {
    socket.disconnect();
  });
  return new Promise((resolve) => {
    socket.once('connect', () => resolve({ connected: true, socket }));
    socket.once('connect_error', (err) => resolve({ connected: false, data: (err as Error & { data?: unknown }).data, error: err }));
  });
}

/** A real Socket.io client carrying the signed-in client's cookie. */
export async function connectSocket(client: ApiClient): Promise<BoardClient> {
  const result = await tryConnect(client);
  if (!result.connected) throw result.error;
  return result.socket;
}

/** Sends a command and resolves with its acknowledgement. */
export function send<T = unknown>(socket: BoardClient, event: keyof ClientToServerEvents, payload: unknown): Promise<AckReply<T>> {
  return new Promise((resolve) => {
    (socket.emit as (e: string, p: unknown, ack: (r: AckReply<T>) => void) => void)(event, payload, resolve);
  });
}
