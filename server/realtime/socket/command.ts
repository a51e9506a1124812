import type { Server, Socket } from 'socket.io';
import { AppError } from '../../../shared/errors.js';
import type { Ack, ClientToServerEvents, ServerToClientEvents } from '../../../shared/protocol/socket.js';
import type { AuthState } from '../../features/auth/cookie-session.js';
import { toAppError } from '../../core/errors.js';
import type { TokenBucket } from '../../core/token-bucket.js';

export interface SocketData {
  auth: AuthState;
  /** The person's command budget, shared by all of their sockets (set at connection, see person-limits.ts). */
  commands: TokenBucket;
  /** The event of the packet being handled (set by a middleware), for the record of refusals. */
  event?: string;
  /** Hears every refused command (see auditRefusal for which go on the record). */
  onRefused?: (err: unknown) => void;
}

export type BoardSocket = Socket<ClientToServerEvents, ServerToClientEvents, Record<string, never>, SocketData>;
export type BoardIo = Server<ClientToServerEvents, ServerToClientEvents, Record<string, never>, SocketData>;

/**
 * Wraps a handler so a bad payload or a refusal answers the ack with a coded error; it never throws.
 * A command over the session's rate is answered RATE_LIMITED and not run: commands write and notify
 * people, so one session must not be able to flood the register.
 */
export function command<R>(socket: BoardSocket, handler: (payload: unknown) => R) {
  return (payload: unknown, ack?: unknown): void => {
    const reply = typeof ack === 'function' ? (ack as Ack<R>) : () => undefined;
    try {
      const budget = socket.data.commands;
      if (!budget.take()) {
        const retryAfterSeconds = Math.max(1, Math.ceil(budget.msUntilToken() / 1000));
        throw new AppError('RATE_LIMITED', 'Too many actions at once. Wait a moment and try again.', { retryAfterSeconds });
      }
      reply({ ok: true, data: handler(payload) });
    } catch (err) {
      const appError = toAppError(err);
      if (appError.status < 500) socket.data.onRefused?.(err);
      // Storage trouble is expected while it lasts: one line each, not a stack.
      if (appError.code === 'STORAGE_UNAVAILABLE') console.error('socket command refused: storage unavailable', socket.id, String(err));
      else if (appError.status >= 500) console.error('socket command failed', socket.id, err);
      reply({ ok: false, ...appError.toBody() });
    }
  };
}
