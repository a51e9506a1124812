import type { SocketLimits } from '../../../shared/limits.js';
import { TokenBucket } from '../../core/token-bucket.js';
import type { BoardIo, BoardSocket } from './command.js';

interface PersonEntry {
  sockets: number;
  commands: TokenBucket;
  /** Set while the session has no socket: forgets the entry once its bucket has refilled. */
  forget: NodeJS.Timeout | null;
}

export interface PersonLimits {
  close(): void;
}

/**
 * Per-person limits on the Socket.io channel (SOCKET_LIMITS): at most `connectionsPerPerson` open
 * sockets across all of the person's sessions, refused at the handshake with a coded error the client
 * reads as `err.data.code`; and one command budget shared by all of them, which `command()` draws on.
 * Keyed by the person's account, not the session nor the partnership's row: signing in again, or
 * working in another partnership, must not multiply the allowance.
 *
 * The entry outlives the person's last socket until its bucket is full again, so disconnecting and
 * reconnecting does not buy a fresh burst. Must be installed after the middleware that sets
 * `socket.data.auth`.
 */
export function limitPeople(io: BoardIo, limits: SocketLimits): PersonLimits {
  const people = new Map<number, PersonEntry>();

  io.use((socket, next) => {
    // The account, not the partnership's row of it: working in two partnerships buys no more.
    const key = socket.data.auth.accountId;
    let entry = people.get(key);
    if (entry && entry.sockets >= limits.connectionsPerPerson) {
      const message = `You already have ${limits.connectionsPerPerson} connections open. Close some tabs and try again.`;
      next(Object.assign(new Error('RATE_LIMITED'), { data: { code: 'RATE_LIMITED', message } }));
      return;
    }
    if (!entry) {
      entry = { sockets: 0, commands: new TokenBucket(limits.commandsPerSecond, limits.commandBurst), forget: null };
      people.set(key, entry);
    }
    if (entry.forget) clearTimeout(entry.forget);
    entry.forget = null;
    entry.sockets++;
    socket.data.commands = entry.commands;
    releaseOnce(socket, () => release(key, entry));
    next();
  });

  function release(key: number, entry: PersonEntry): void {
    entry.sockets--;
    if (entry.sockets > 0) return;
    entry.forget = setTimeout(() => {
      if (people.get(key) === entry && entry.sockets === 0) people.delete(key);
    }, entry.commands.msUntilFull());
    entry.forget.unref();
  }

  return {
    close() {
      for (const entry of people.values()) if (entry.forget) clearTimeout(entry.forget);
      people.clear();
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
