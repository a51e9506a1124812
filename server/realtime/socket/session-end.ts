import { AppError } from '../../../shared/errors.js';
import type { SessionEndReason } from '../../../shared/protocol/socket.js';
import { inOrder } from '../../core/in-order.js';
import type { BoardIo, BoardSocket } from './command.js';

/** Every socket opened with one session, so a sign-out reaches all of that session's tabs. Server-side only. */
export const sessionRoom = (tokenHash: string) => `session:${tokenHash}`;

/**
 * Tells every socket in the room that its session ended, then disconnects them. The disconnect waits
 * one turn of the event loop so that a command refused in the same turn still gets its answer; no
 * command runs meanwhile, as each one checks its session first (see `requireLiveSession`).
 */
export function endSockets(io: BoardIo, room: string, reason: SessionEndReason): void {
  io.to(room).emit('session:ended', { reason });
  setImmediate(() => io.in(room).disconnectSockets(true));
}

/**
 * Every packet a socket sends first checks that its session is still alive, and still works as the
 * person the socket was opened for (not switched to another partnership), and slides the idle window. A command arriving after the session ended, before the socket closed, is answered
 * SESSION_EXPIRED and never run: nothing is done in the person's name once they are signed out.
 */
export function requireLiveSession(socket: BoardSocket, alive: (tokenHash: string, personId: number) => Promise<boolean>): void {
  // The check is read from storage, which may answer later: packets are passed on in the order they came.
  const turn = inOrder();
  socket.use((packet, next) => {
    void turn(async () => {
      let ok: boolean;
      try {
        ok = await alive(socket.data.auth.tokenHash, socket.data.auth.personId);
      } catch {
        ok = false;
      }
      if (ok) {
        next();
        return;
      }
      const ack: unknown = packet[packet.length - 1];
      if (typeof ack === 'function') ack({ ok: false, ...new AppError('SESSION_EXPIRED', 'Your session has ended. Sign in again.').toBody() });
    });
  });
}
