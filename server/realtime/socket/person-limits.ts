import type { SocketLimits } from '../../../shared/limits.js';
import type { CommandBudgets } from '../../core/command-budgets.js';
import type { BoardIo, BoardSocket } from './command.js';

export interface PersonLimits {
  close(): void;
}

/**
 * Per-person limits on the Socket.io channel (SOCKET_LIMITS): at most `connectionsPerPerson` open
 * sockets across all of the person's sessions, refused at the handshake with a coded error the client
 * reads as `err.data.code`; and the account's one command budget (CommandBudgets, shared with REST
 * commands), held while a socket is open. Keyed by the person's allowance (their account, see
 * AuthState.allowance), not the session nor the partnership's row: signing in again, or working in another partnership, must not multiply the allowance.
 * Must be installed after the middleware that sets `socket.data.auth`.
 */
export function limitPeople(io: BoardIo, limits: SocketLimits, budgets: CommandBudgets): PersonLimits {
  const sockets = new Map<string, number>();

  io.use((socket, next) => {
    // The account, not the partnership's row of it: working in two partnerships buys no more (a
    // session a partnership's provider opened has its own, see AuthState.allowance).
    const key = socket.data.auth.allowance;
    const open = sockets.get(key) ?? 0;
    if (open >= limits.connectionsPerPerson) {
      const message = `You already have ${limits.connectionsPerPerson} connections open. Close some tabs and try again.`;
      next(Object.assign(new Error('RATE_LIMITED'), { data: { code: 'RATE_LIMITED', message } }));
      return;
    }
    sockets.set(key, open + 1);
    const held = budgets.hold(key);
    socket.data.commands = held.budget;
    releaseOnce(socket, () => {
      held.release();
      const left = (sockets.get(key) ?? 1) - 1;
      if (left > 0) sockets.set(key, left);
      else sockets.delete(key);
    });
    next();
  });

  return {
    close() {
      sockets.clear();
    },
  };
}

/**
 * A socket counted at the handshake is released exactly once: on disconnect, or, when a later
 * middleware refuses it or the client leaves before the connection completes (no disconnect is
 * emitted then), when its transport closes.
 */
function releaseOnce(socket: BoardSocket, release: () => void): void {
  let released = false;
  const done = () => {
    if (released) return;
    released = true;
    socket.conn.off('close', done);
    release();
  };
  socket.on('disconnect', done);
  socket.conn.once('close', done);
}
