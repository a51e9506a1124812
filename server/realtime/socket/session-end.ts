import { AppError } from '../../../shared/errors.js';
import type { SessionEndReason } from '../../../shared/protocol/socket.js';
import { toAppError } from '../../core/errors.js';
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

type Packet = Parameters<Parameters<BoardSocket['use']>[0]>[0];
type Waiting = { packet: Packet; next: (err?: Error) => void };

/**
 * Every packet a socket sends first checks that its session is still alive, and still works as the
 * person the socket was opened for (not switched to another partnership), and slides the idle window.
 * A command arriving after the session ended, before the socket closed, is answered SESSION_EXPIRED and
 * never run: nothing is done in the person's name once they are signed out.
 *
 * The check reads storage. Packets that arrive while a read is out wait for the next one, which starts
 * after they arrived, so each packet is still judged by a read made after it came; one read answers
 * them all, in the order they came. A flood therefore costs at most one read in flight and one waiting
 * per socket, and no more than `maxWaiting` packets are held, counting those the read in flight is
 * for (each may be a 256 KB payload, so counting only the ones not yet in a read would let a connection
 * hold twice the limit): past that, they are refused at once.
 */
export function requireLiveSession(socket: BoardSocket, alive: (tokenHash: string, personId: number) => Promise<boolean>, maxWaiting: number): void {
  let waiting: Waiting[] = [];
  // The batch the read in flight will answer: still held, so counted against the limit.
  let beingRead = 0;
  let reading = false;

  const refuse = (packet: Packet, error: AppError) => {
    const ack: unknown = packet[packet.length - 1];
    if (typeof ack === 'function') ack({ ok: false, ...error.toBody() });
  };

  const checkWaiting = async () => {
    reading = true;
    while (waiting.length > 0) {
      const batch = waiting;
      waiting = [];
      beingRead = batch.length;
      // A read that fails is no yes, but no ending either: storage trouble is said as such (not "sign in again").
      let refusal: AppError | null;
      try {
        refusal = (await alive(socket.data.auth.tokenHash, socket.data.auth.personId)) ? null : new AppError('SESSION_EXPIRED', 'Your session has ended. Sign in again.');
      } catch (err) {
        refusal = toAppError(err);
      }
      beingRead = 0;
      // next() only queues the packet's handler (Socket.io runs it on a later tick), so it cannot throw here.
      for (const { packet, next } of batch) {
        if (refusal) refuse(packet, refusal);
        else next();
      }
    }
    reading = false;
  };

  socket.use((packet, next) => {
    if (waiting.length + beingRead >= maxWaiting) {
      refuse(packet, new AppError('RATE_LIMITED', 'Too much was sent at once on this connection. Wait a moment, then try again.', { retryAfterSeconds: 1 }));
      return;
    }
    waiting.push({ packet, next });
    if (!reading) void checkWaiting();
  });
}
