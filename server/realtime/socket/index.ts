import type { Server as HttpServer } from 'node:http';
import { Server, type Socket } from 'socket.io';
import { AppError } from '../../../shared/errors.js';
import { canAdministerPartnership } from '../../../shared/domain/permissions.js';
import { JoinBoardPayload, boardRoom, type Ack, type ClientToServerEvents, type ServerToClientEvents } from '../../../shared/protocol/socket.js';
import { parse } from '../../../shared/validate.js';
import type { ServerConfig } from '../../config.js';
import { isCrossSite } from '../../http/same-origin.js';
import { authenticate, type AuthState } from '../../http/session.js';
import { loadActor } from '../../services/actors.js';
import type { ServiceContext } from '../../services/context.js';
import type { Services } from '../../services/index.js';
import { Presence } from './presence.js';

export interface SocketData {
  auth: AuthState;
}

export type BoardSocket = Socket<ClientToServerEvents, ServerToClientEvents, Record<string, never>, SocketData>;
export type BoardIo = Server<ClientToServerEvents, ServerToClientEvents, Record<string, never>, SocketData>;

/** Wraps a handler so a bad payload or a refusal answers the ack with a coded error; it never throws. */
export function command<R>(socket: BoardSocket, handler: (payload: unknown) => R | Promise<R>) {
  return async (payload: unknown, ack?: unknown): Promise<void> => {
    const reply = typeof ack === 'function' ? (ack as Ack<R>) : () => undefined;
    try {
      reply({ ok: true, data: await handler(payload) });
    } catch (err) {
      const appError = err instanceof AppError ? err : new AppError('INTERNAL', 'Something went wrong on the server.');
      if (!(err instanceof AppError)) console.error('socket command failed', socket.id, err);
      reply({ ok: false, ...appError.toBody() });
    }
  };
}

export function createSocketServer(httpServer: HttpServer, ctx: ServiceContext, config: ServerConfig, services: Services) {
  const io: BoardIo = new Server(httpServer, {
    // Leave /yjs upgrades to the Yjs server; otherwise a slow async auth there is cut off.
    destroyUpgrade: false,
    serveClient: false,
    maxHttpBufferSize: 256 * 1024,
    allowRequest: (req, callback) => callback(null, !isCrossSite(req, config.allowedOrigins)),
  });
  const presence = new Presence(io);

  io.use((socket, next) => {
    const state = authenticate(ctx, socket.request.headers.cookie);
    if (!state || 'expired' in state) {
      next(Object.assign(new Error('UNAUTHENTICATED'), { data: { code: 'UNAUTHENTICATED' } }));
      return;
    }
    socket.data.auth = state;
    next();
  });

  io.on('connection', (socket) => {
    socket.on(
      'board:join',
      command(socket, (raw) => {
        const { boardId } = parse(JoinBoardPayload, raw);
        // Authority is re-read: a membership removed since the socket connected no longer opens the room.
        const actor = loadActor(ctx, socket.data.auth.personId);
        if (!actor) throw new AppError('UNAUTHENTICATED', 'Sign in to continue.');
        const board = services.admin.boardOrNull(actor.partnershipId, boardId);
        if (!board || (!actor.boardRoles.has(boardId) && !canAdministerPartnership(actor, actor.partnershipId))) {
          throw new AppError('FORBIDDEN', 'You are not a member of this board.');
        }
        void socket.join(boardRoom(boardId));
        presence.join(socket.id, boardId, services.admin.presenceIdentity(actor.personId));
        return { presence: presence.list(boardId) };
      }),
    );
    socket.on(
      'board:leave',
      command(socket, (raw) => {
        const { boardId } = parse(JoinBoardPayload, raw);
        void socket.leave(boardRoom(boardId));
        presence.leave(socket.id, boardId);
        return null;
      }),
    );
    socket.on('disconnect', () => presence.leaveAll(socket.id));
  });

  return { io, presence };
}
