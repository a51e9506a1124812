import type { Server, Socket } from 'socket.io';
import { AppError } from '../../../shared/errors.js';
import type { Ack, ClientToServerEvents, ServerToClientEvents } from '../../../shared/protocol/socket.js';
import type { AuthState } from '../../http/session.js';

export interface SocketData {
  auth: AuthState;
}

export type BoardSocket = Socket<ClientToServerEvents, ServerToClientEvents, Record<string, never>, SocketData>;
export type BoardIo = Server<ClientToServerEvents, ServerToClientEvents, Record<string, never>, SocketData>;

/** Wraps a handler so a bad payload or a refusal answers the ack with a coded error; it never throws. */
export function command<R>(socket: BoardSocket, handler: (payload: unknown) => R) {
  return (payload: unknown, ack?: unknown): void => {
    const reply = typeof ack === 'function' ? (ack as Ack<R>) : () => undefined;
    try {
      reply({ ok: true, data: handler(payload) });
    } catch (err) {
      const appError = err instanceof AppError ? err : new AppError('INTERNAL', 'Something went wrong on the server.');
      if (!(err instanceof AppError)) console.error('socket command failed', socket.id, err);
      reply({ ok: false, ...appError.toBody() });
    }
  };
}
