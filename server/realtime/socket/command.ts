import type { Server, Socket } from 'socket.io';
import type { Ack, BoardPresence, ClientToServerEvents, ServerToClientEvents } from '../../../shared/protocol/socket.js';
import type { AuthState } from '../../core/auth-state.js';
import { toAppError } from '../../core/errors.js';
import type { Budget } from '../../core/command-budgets.js';

export interface SocketData {
  auth: AuthState;
  /** The account's command budget, shared by all of its sockets and its REST commands (see person-limits.ts). */
  commands: Budget;
}

/** Between the processes' Socket.io servers (REDIS_URL): presence.ts asks the others who is in a board room. */
export interface BetweenProcesses {
  'presence:ask': (boardId: number, reply: (state: BoardPresence) => void) => void;
}

export type BoardSocket = Socket<ClientToServerEvents, ServerToClientEvents, BetweenProcesses, SocketData>;
export type BoardIo = Server<ClientToServerEvents, ServerToClientEvents, BetweenProcesses, SocketData>;

/** Answers an acknowledgement with the handler's result, or with the coded error it threw; never throws. */
export async function answer<R>(socket: BoardSocket, ack: unknown, handler: () => R | Promise<R>): Promise<void> {
  const reply = typeof ack === 'function' ? (ack as Ack<R>) : () => undefined;
  try {
    reply({ ok: true, data: await handler() });
  } catch (err) {
    const appError = toAppError(err);
    // Storage trouble is expected while it lasts: one line each, not a stack.
    if (appError.code === 'STORAGE_UNAVAILABLE') console.error('socket command refused: storage unavailable', socket.id, String(err));
    else if (appError.status >= 500) console.error('socket command failed', socket.id, err);
    reply({ ok: false, ...appError.toBody() });
  }
}

/** Takes one of the account's command tokens, or refuses with RATE_LIMITED. */
export async function spend(socket: BoardSocket): Promise<void> {
  await socket.data.commands.spend();
}
