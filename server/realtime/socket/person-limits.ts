import type { SocketLimits } from '../../../shared/limits.js';
import type { CommandBudgets } from '../../core/command-budgets.js';
import type { OpenConnections } from '../../core/shared-connections.js';
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
 * Must be installed after the middleware that sets `socket.data.auth`. With REDIS_URL the open sockets
 * are counted in Redis (shared-connections.ts): a person's sockets at every process share one cap.
 */
export function limitPeople(io: BoardIo, limits: SocketLimits, budgets: CommandBudgets, sockets: OpenConnections, log: (message: string, extra?: Record<string, unknown>) => void): PersonLimits {
  io.use((socket, next) => void admit(socket, next));
  async function admit(socket: BoardSocket, next: (err?: Error) => void): Promise<void> {
    // The account, not the partnership's row of it: working in two partnerships buys no more (a
    // session a partnership's provider opened has its own, see AuthState.allowance).
    const key = socket.data.auth.allowance;
    // Gone while the session was read: its transport's close has fired already and would never release
    // a place counted now (Socket.io emits no disconnect for it either).
    if (socket.conn.readyState !== 'open') {
      next(new Error('GONE'));
      return;
    }
    // Released on every way out from here, also while the count is being taken (several processes:
    // a page gone meanwhile); releasing what was not counted does nothing.
    releaseOnce(socket, () => sockets.release(key, socket.id));
    let admitted: boolean;
    try {
      admitted = await sockets.admit(key, socket.id, limits.connectionsPerPerson);
    } catch (err) {
      log('could not count a socket connection', { error: String(err) });
      next(Object.assign(new Error('SERVER_BUSY'), { data: { code: 'SERVER_BUSY', message: 'Could not connect just now. Try again in a moment.' } }));
      return;
    }
    if (!admitted) {
      const message = `You already have ${limits.connectionsPerPerson} connections open. Close some tabs and try again.`;
      next(Object.assign(new Error('RATE_LIMITED'), { data: { code: 'RATE_LIMITED', message } }));
      return;
    }
    const held = budgets.hold(key);
    socket.data.commands = held.budget;
    releaseOnce(socket, () => held.release());
    next();
  }

  return {
    close() {
      sockets.close();
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
