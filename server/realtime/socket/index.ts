import type { Server as HttpServer } from 'node:http';
import { Server, type ServerOptions } from 'socket.io';
import { AppError } from '../../../shared/errors.js';
import { COMMAND_NAMES } from '../../../shared/protocol/commands.js';
import { BoardPresence, FocusPayload, JoinBoardPayload, boardRoom, partnershipRoom, personRoom } from '../../../shared/protocol/socket.js';
import { RowId } from '../../../shared/schemas/common.js';
import { LIMITS } from '../../../shared/limits.js';
import { parse } from '../../../shared/validate.js';
import type { ServerConfig } from '../../config.js';
import { isCrossSite } from '../../core/same-origin.js';
import { loadActor } from '../../core/actors.js';
import { auditRefusal } from '../../core/audit.js';
import type { Authenticate } from '../../core/auth-state.js';
import type { CommandBudgets } from '../../core/command-budgets.js';
import type { ServiceContext } from '../../core/context.js';
import type { CommandDispatcher } from '../../core/dispatcher.js';
import { answer, spend, type BoardIo, type BoardSocket } from './command.js';
import { limitPeople } from './person-limits.js';
import { answeredWithin } from '../../core/answered-within.js';
import { inOrder } from '../../core/in-order.js';
import { openConnections } from '../../core/shared-connections.js';
import { Presence, type PresencePeers } from './presence.js';
import { requireLiveSession, sessionRoom } from './session-end.js';
import { mayEnterBoardRoom } from './board-rooms.js';
import { subscribePushes, type RowLoaders } from './pushes.js';

export interface SocketServer {
  io: BoardIo;
  close(): Promise<void>;
}

/** What the Socket.io server is given by the composition root. */
export interface SocketServices {
  authenticate: Authenticate;
  dispatcher: CommandDispatcher;
  budgets: CommandBudgets;
  /** Is the session alive, and still this person's (not switched away)? Checked before every packet; slides the idle window. */
  sessionAlive(tokenHash: string, personId: number): Promise<boolean>;
  /** The board, if it is this partnership's. */
  boardIn(partnershipId: number, boardId: number): Promise<{ id: number } | null>;
  presenceIdentity(personId: number): Promise<{ personId: number; name: string; agencyName: string }>;
  rows: RowLoaders;
  /**
   * Several processes (REDIS_URL): the adapter that carries every room's emits to the sockets the
   * other processes hold (realtime/cluster/). Absent, rooms are this process's alone.
   */
  adapter?: ServerOptions['adapter'];
}

/**
 * Board rooms, presence, commands and pushes. Commands go to the one dispatcher (the same path as
 * REST); pushes come from the domain bus (see pushes.ts).
 */
export function createSocketServer(httpServer: HttpServer, ctx: ServiceContext, config: ServerConfig, services: SocketServices): SocketServer {
  const io: BoardIo = new Server(httpServer, {
    // Leave /yjs upgrades to the Yjs server; otherwise a slow async auth there is cut off.
    destroyUpgrade: false,
    serveClient: false,
    maxHttpBufferSize: 256 * 1024,
    allowRequest: (req, callback) => callback(null, !isCrossSite(req, config)),
    ...(services.adapter ? { adapter: services.adapter } : {}),
  });
  const presence = new Presence(io, services.adapter ? askOtherProcesses(io) : null, config.log);
  if (services.adapter) {
    // Another process asks who is in a board room here: this process's sockets only (each answers for its own).
    io.on('presence:ask', (boardId, reply) => {
      if (RowId.safeParse(boardId).success && typeof reply === 'function') reply(presence.local(boardId));
    });
  }

  io.use((socket, next) => void signIn(socket, next));
  async function signIn(socket: BoardSocket, next: (err?: Error) => void): Promise<void> {
    const state = await services.authenticate(socket.request.headers.cookie).catch((err: unknown) => {
      config.log('socket sign-in check failed', { error: String(err) });
      return null;
    });
    if (!state || 'expired' in state) {
      next(Object.assign(new Error('UNAUTHENTICATED'), { data: { code: 'UNAUTHENTICATED' } }));
      return;
    }
    socket.data.auth = state;
    next();
  }
  // Per-person connection cap and the account's command budget (SOCKET_LIMITS); after authentication, which it keys on.
  const personLimits = limitPeople(io, config.socketLimits, services.budgets, openConnections(ctx.sharedCounters, 'socket', config.log), config.log);

  io.on('connection', (socket) => {
    const auth = socket.data.auth;
    // A sign-out reaches every socket of the session through its room; one that raced the sign-out
    // is ended by the check below, and every later packet is checked too.
    void socket.join(sessionRoom(auth.tokenHash));
    requireLiveSession(socket, services.sessionAlive, config.socketLimits.packetsAwaitingSessionCheck);
    // Everyone in a partnership sees its register, so every socket hears its rows change; joined once
    // the session is known to be still alive (a sign-out may have raced the connection).
    void services.sessionAlive(auth.tokenHash, auth.personId).then(
      (alive) => {
        if (!alive) {
          socket.disconnect(true);
          return;
        }
        void socket.join(partnershipRoom(auth.actor.partnershipId));
        void socket.join(personRoom(auth.personId));
      },
      () => socket.disconnect(true),
    );

    // Attempts on what the person may not touch go on the record, naming the event.
    const refused = async (event: string, err: unknown) => auditRefusal(ctx, auth.actor, `socket ${event}`, err);
    // Joins and leaves take effect in the order the tab sent them, so its last word is where it ends.
    const roomTurn = inOrder();
    const roomCommand = (event: string, ack: unknown, run: () => Promise<unknown> | unknown) =>
      answer(socket, ack, async () => {
        try {
          // The token is taken as the packet arrives, before it joins the line: what the budget refuses is
          // answered at once, so the line holds no more than the budget let in, however long a join ahead
          // of it waits on the database. Every spend settles in the order it was asked (in memory, or one
          // Redis connection), so the line keeps the order the tab sent.
          await spend(socket);
        } catch (err) {
          await refused(event, err);
          throw err;
        }
        return roomTurn(async () => {
          try {
            return await run();
          } catch (err) {
            await refused(event, err);
            throw err;
          }
        });
      });

    socket.on('board:join', (raw, ack) =>
      roomCommand('board:join', ack, async () => {
        const { boardId, screen } = parse(JoinBoardPayload, raw);
        // Authority is re-read: a membership removed since the socket connected no longer opens the room.
        const actor = await loadActor(ctx, auth.personId);
        if (!actor) throw new AppError('UNAUTHENTICATED', 'Sign in to continue.');
        if (!(await services.boardIn(actor.partnershipId, boardId)) || !mayEnterBoardRoom(actor, boardId)) {
          throw new AppError('FORBIDDEN', 'You are not a member of this board.');
        }
        const who = await services.presenceIdentity(actor.personId);
        // A tab closed while this was read: joining now would leave a ghost in the room and the list.
        if (socket.disconnected) return null;
        void socket.join(boardRoom(boardId));
        // Read again once in the room: a seat removed while the first read was on its way is evicted by
        // its event only if the socket was in the room by then; whichever came first, one of the two sees it.
        const still = await loadActor(ctx, auth.personId);
        if (!still || !mayEnterBoardRoom(still, boardId)) {
          void socket.leave(boardRoom(boardId));
          throw new AppError('FORBIDDEN', 'You are not a member of this board.');
        }
        if (socket.disconnected) return null;
        // A room's screen hears the board but is nobody here: it takes no place among the people, and is said apart.
        if (screen) presence.joinScreen(socket.id, boardId, who);
        else presence.join(socket.id, boardId, who);
        return presence.state(boardId);
      }),
    );
    socket.on('board:leave', (raw, ack) =>
      roomCommand('board:leave', ack, () => {
        const { boardId } = parse(JoinBoardPayload, raw);
        void socket.leave(boardRoom(boardId));
        presence.leave(socket.id, boardId);
        return null;
      }),
    );
    socket.on('presence:focus', async (raw) => {
      // Fire and forget, but it is broadcast to the board: it draws on the same budget as commands.
      if (!(await socket.data.commands.take().catch(() => false))) return;
      const result = FocusPayload.safeParse(raw);
      if (result.success) presence.focus(socket.id, result.data.boardId, result.data.record, result.data.field);
    });
    // Every declared command, through the one dispatcher: the same answer and errors as over REST.
    for (const name of COMMAND_NAMES) {
      socket.on(name, ((payload: unknown, ack: unknown) =>
        answer(socket, ack, () =>
          services.dispatcher.run(name, payload, { personId: auth.personId, allowance: auth.allowance, tokenHash: auth.tokenHash, partnershipId: auth.actor.partnershipId, via: `socket ${name}` }),
        )) as never);
    }
    socket.on('disconnect', () => presence.leaveAll(socket.id));
  });

  const unsubscribe = subscribePushes(io, ctx, presence, services.rows);

  return {
    io,
    async close() {
      unsubscribe();
      presence.close();
      personLimits.close();
      await io.close();
    },
  };
}

/**
 * The other processes' answers, each checked as any input from outside the process is (a process of
 * another version, or a stray publisher on Redis, must not put a forged list on every screen).
 */
function askOtherProcesses(io: BoardIo): PresencePeers {
  return {
    async ask(boardId) {
      // The adapter waits for as many answers as Redis counts listeners on its channel, then gives up
      // after requestsTimeout (LIMITS.presenceAskMs) with those that came: they are used. Anything else
      // listening there (a process of an older version during a deploy, a Redis tool) costs that wait,
      // not the others' people. The adapter's timer starts only once Redis has answered the count: with
      // Redis down that never comes, so this one, a little longer, bounds the whole wait.
      const answers: unknown[] = await answeredWithin(io.serverSideEmitWithAck('presence:ask', boardId), LIMITS.presenceAskMs + 500, 'the other processes').catch((err: unknown) => {
        const partial = (err as { responses?: unknown } | null)?.responses;
        if (Array.isArray(partial)) return partial as unknown[];
        throw err;
      });
      return answers.flatMap((a) => {
        const parsed = BoardPresence.safeParse(a);
        return parsed.success ? [parsed.data] : [];
      });
    },
  };
}
