import { io, type Socket } from 'socket.io-client';
import { onTestFinished } from 'vitest';
import type { AckReply, ClientToServerEvents, ServerToClientEvents } from '../../shared/protocol/socket.js';
import type { ApiClient } from './http.js';

export type BoardClient = Socket<ServerToClientEvents, ClientToServerEvents>;

/** A real Socket.io client carrying the signed-in client's cookie. */
export async function connectSocket(client: ApiClient): Promise<BoardClient> {
  const socket: BoardClient = io(client.baseUrl, {
    transports: ['websocket'],
    extraHeaders: { cookie: client.sessionCookie ?? '', origin: client.baseUrl },
    reconnection: false,
    forceNew: true,
  });
  onTestFinished(() => {
    socket.disconnect();
  });
  await new Promise<void>((resolve, reject) => {
    socket.once('connect', () => resolve());
    socket.once('connect_error', (err) => reject(err));
  });
  return socket;
}

/** Sends a command and resolves with its acknowledgement. */
export function send<T = unknown>(socket: BoardClient, event: keyof ClientToServerEvents, payload: unknown): Promise<AckReply<T>> {
  return new Promise((resolve) => {
    (socket.emit as (e: string, p: unknown, ack: (r: AckReply<T>) => void) => void)(event, payload, resolve);
  });
}
