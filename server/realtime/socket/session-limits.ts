import { SOCKET_LIMITS } from '../../../shared/limits.js';
import { TokenBucket } from '../../services/token-bucket.js';
import type { BoardIo, BoardSocket } from './command.js';

interface SessionEntry {
  sockets: number;
  commands: TokenBucket;
  /** Set while the session has no socket: forgets the entry once its bucket has refilled. */
  forget: NodeJS.Timeout | null;
}

export interface SessionLimits {
  close(): void;
}

/**
 * Per-session limits on the Socket.io channel (SOCKET_LIMITS): at most `connectionsPerSession` open
 * sockets, refused at the handshake with a coded error the client reads as `err.data.code`; and one
 * command budget shared by all of the session's sockets, which `command()` draws on.
 *
 * The entry outlives the session's last socket until its bucket is full again, so disconnecting and
 * reconnecting does not buy a fresh burst. Must be installed after the middleware that sets
 * `socket.data.auth`.
 */
export function limitSessions(io: BoardIo): SessionLimits {
  const sessions = new Map<string, SessionEntry>();

  io.use((socket, next) => {
    const key = socket.data.auth.tokenHash;
    let entry = sessions.get(key);
    if (entry && entry.sockets >= SOCKET_LIMITS.connectionsPerSession) {
      const message = `This session already has ${SOCKET_LIMITS.connectionsPerSession} connections open. Close some tabs and try again.`;
      next(Object.assign(new Error('RATE_LIMITED'), { data: { code: 'RATE_LIMITED', message } }));
      return;
    }
    if (!entry) {
      entry = { sockets: 0, commands: new TokenBucket(SOCKET_LIMITS.commandsPerSecond, SOCKET_LIMITS.commandBurst), forget: null };
      sessions.set(key, entry);
    }
    if (entry.forget) clearTimeout(entry.forget);
    entry.forget = null;
    entry.sockets++;
    socket.data.commands = entry.commands;
    releaseOnce(socket, () => release(key, entry));
    next();
  });

  function release(key: string, entry: SessionEntry): void {
    entry.sockets--;
    if (entry.sockets > 0) return;
    entry.forget = setTimeout(() => {
      if (sessions.get(key) === entry && entry.sockets === 0) sessions.delete(key);
    }, entry.commands.msUntilFull());
    entry.forget.unref();
  }

  return {
    close() {
      for (const entry of sessions.values()) if (entry.forget) clearTimeout(entry.forget);
      sessions.clear();
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
