import { auditRefusal } from '../../core/audit.js';
import type { Server as HttpServer } from 'node:http';
import { Server } from 'socket.io';
import { AppError } from '../../../shared/errors.js';
import { FocusPayload, JoinBoardPayload, boardRoom, partnershipRoom, personRoom, type RiskOvertakenEvent, type RowsChangedEvent, type SessionEndReason } from '../../../shared/protocol/socket.js';
import { parse } from '../../../shared/validate.js';
import type { ServerConfig } from '../../config.js';
import { isCrossSite } from '../../core/same-origin.js';
import { authenticate } from '../../features/auth/cookie-session.js';
import { loadActor } from '../../core/actors.js';
import type { ServiceContext } from '../../core/context.js';
import type { RowsChanged } from '../../features/risks/doc.js';
import type { Services } from '../../features/registry.js';
import { command, type BoardIo } from './command.js';
import { limitPeople } from './person-limits.js';
import { Presence } from './presence.js';
import { endSockets, requireLiveSession, sessionRoom } from './session-end.js';
import { leaveForbiddenBoardRooms, mayEnterBoardRoom } from './board-rooms.js';
import { registerRiskCommands } from '../../features/risks/commands.js';
import { registerMeetingCommands } from '../../features/meetings/commands.js';
import { registerChallengeCommands } from '../../features/challenges/commands.js';
import type { MeetingResult } from '../../features/meetings/guard.js';
import type { DocKind } from '../../../shared/protocol/yjs.js';
import type { RiskMatrix } from '../../../shared/domain/scoring.js';

const ROWS_CHANGED_COALESCE_MS = 100;

export interface SocketServer {
  io: BoardIo;
  /** Tells every open list in the partnership which rows changed; coalesced over a few milliseconds. */
  rowsChanged(changed: RowsChanged): void;
  /** A meeting command ran (over Socket.io or REST): push its state, refresh lists, re-check editors. */
  meetingChanged(partnershipId: number, result: MeetingResult): void;
  challengeChanged(partnershipId: number, challengeId: number): void;
  /** The partnership's risk matrix changed: every open register, heat map and risk page redraws with it. */
  riskMatrixChanged(partnershipId: number, matrix: RiskMatrix): void;
  /** A session ended: its sockets are told why and disconnected. */
  endSession(tokenHash: string, reason: SessionEndReason): void;
  /** Every session of a person ended (disabled, password reset): all their sockets, likewise. */
  endSessionsOf(personId: number, reason: SessionEndReason): void;
  /** A change this person made to a risk did not hold: their sockets alone are told. */
  tellPerson(personId: number, event: RiskOvertakenEvent): void;
  /** A person's boards changed: their sockets leave the board rooms (and presence) no longer theirs. */
  membershipChanged(personId: number): void;
  close(): Promise<void>;
}

export function createSocketServer(
  httpServer: HttpServer,
  ctx: ServiceContext,
  config: ServerConfig,
  services: Services,
  onRiskCommand: (riskId: number) => void,
  recheck: (filter: { kind?: DocKind; id?: number; personId?: number }) => void,
  /** Is the session alive, and still this person's (not switched away)? Checked before every command; slides the idle window. */
  sessionAlive: (tokenHash: string, personId: number) => boolean,
): SocketServer {
  const io: BoardIo = new Server(httpServer, {
    // Leave /yjs upgrades to the Yjs server; otherwise a slow async auth there is cut off.
    destroyUpgrade: false,
    serveClient: false,
    maxHttpBufferSize: 256 * 1024,
    allowRequest: (req, callback) => callback(null, !isCrossSite(req, config)),
  });
  const presence = new Presence(io);
  const pending = new Map<string, { partnershipId: number; event: RowsChangedEvent; timer: NodeJS.Timeout }>();

  function rowsChanged(changed: RowsChanged): void {
    const key = `${changed.partnershipId}:${changed.kind}`;
    const open = pending.get(key);
    if (open) {
      for (const id of changed.ids) if (!open.event.ids.includes(id)) open.event.ids.push(id);
      return;
    }
    const entry = {
      partnershipId: changed.partnershipId,
      event: { kind: changed.kind, ids: [...changed.ids] },
      timer: setTimeout(() => {
        pending.delete(key);
        io.to(partnershipRoom(entry.partnershipId)).emit('rows:changed', entry.event);
      }, ROWS_CHANGED_COALESCE_MS),
    };
    pending.set(key, entry);
  }

  function meetingChanged(partnershipId: number, result: MeetingResult): void {
    for (const r of result.recheck) recheck(r);
    io.to(boardRoom(result.state.meeting.boardId)).emit('meeting:state', result.state);
    rowsChanged({ partnershipId, kind: 'meeting', ids: [result.state.meeting.id] });
  }

  io.use((socket, next) => {
    const state = authenticate(ctx, socket.request.headers.cookie);
    if (!state || 'expired' in state) {
      next(Object.assign(new Error('UNAUTHENTICATED'), { data: { code: 'UNAUTHENTICATED' } }));
      return;
    }
    socket.data.auth = state;
    next();
  });
  // Per-person connection cap and command budget (SOCKET_LIMITS); after authentication, which it keys on.
  const personLimits = limitPeople(io, config.socketLimits);

  io.on('connection', (socket) => {
    // A sign-out reaches every socket of the session through its room; one that raced the sign-out
    // is ended by the check below, and every later packet is checked too.
    void socket.join(sessionRoom(socket.data.auth.tokenHash));
    requireLiveSession(socket, sessionAlive);
    // Attempts on what the person may not touch go on the record, naming the command.
    socket.use((packet, next) => {
      socket.data.event = String(packet[0]).slice(0, 40);
      next();
    });
    socket.data.onRefused = (err) => auditRefusal(ctx, socket.data.auth.actor, `socket ${socket.data.event ?? ''}`, err);
    if (!sessionAlive(socket.data.auth.tokenHash, socket.data.auth.personId)) {
      socket.disconnect(true);
      return;
    }
    // Everyone in a partnership sees its register, so every socket hears its rows change.
    void socket.join(partnershipRoom(socket.data.auth.actor.partnershipId));
    void socket.join(personRoom(socket.data.auth.personId));

    socket.on(
      'board:join',
      command(socket, (raw) => {
        const { boardId } = parse(JoinBoardPayload, raw);
        // Authority is re-read: a membership removed since the socket connected no longer opens the room.
        const actor = loadActor(ctx, socket.data.auth.personId);
        if (!actor) throw new AppError('UNAUTHENTICATED', 'Sign in to continue.');
        const board = services.admin.boardOrNull(actor.partnershipId, boardId);
        if (!board || !mayEnterBoardRoom(actor, boardId)) {
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
    socket.on('presence:focus', (raw) => {
      // Fire and forget, but it is broadcast to the board: it draws on the same budget as commands.
      if (!socket.data.commands.take()) return;
      const result = FocusPayload.safeParse(raw);
      if (result.success) presence.focus(socket.id, result.data.boardId, result.data.record, result.data.field);
    });
    registerRiskCommands(socket, ctx, services, {
      changed(partnershipId, riskId) {
        rowsChanged({ partnershipId, kind: 'risk', ids: [riskId] });
        onRiskCommand(riskId);
      },
    });
    registerChallengeCommands(socket, ctx, services, challengeChanged);
    registerMeetingCommands(socket, ctx, services, {
      changed: meetingChanged,
      listed: (partnershipId, kind, id) => rowsChanged({ partnershipId, kind, ids: [id] }),
    });
    socket.on('disconnect', () => presence.leaveAll(socket.id));
  });

  /** A challenge moved: refresh lists, and re-decide who may write its question and response. */
  function challengeChanged(partnershipId: number, challengeId: number): void {
    rowsChanged({ partnershipId, kind: 'challenge', ids: [challengeId] });
    recheck({ kind: 'challenge', id: challengeId });
  }

  services.notifications.onCreated = (personId, view) => io.to(personRoom(personId)).emit('notification:new', view);

  return {
    io,
    rowsChanged,
    meetingChanged,
    challengeChanged,
    tellPerson: (personId, event) => io.to(personRoom(personId)).emit('risk:overtaken', event),
    // A band is read from the matrix, never stored on a row: the new matrix re-bands every open list
    // and risk page at once, however many risks (a "rows:changed" naming them all would not scale).
    riskMatrixChanged(partnershipId, matrix) {
      io.to(partnershipRoom(partnershipId)).emit('risk-matrix:changed', matrix);
    },
    endSession: (tokenHash, reason) => endSockets(io, sessionRoom(tokenHash), reason),
    endSessionsOf: (personId, reason) => endSockets(io, personRoom(personId), reason),
    membershipChanged: (personId) => {
      leaveForbiddenBoardRooms(io, presence, personId, loadActor(ctx, personId));
      // A new seat (or a lost one) shows on the person's open pages without a reload.
      io.to(personRoom(personId)).emit('membership:changed');
    },
    async close() {
      presence.close();
      personLimits.close();
      for (const entry of pending.values()) clearTimeout(entry.timer);
      pending.clear();
      await io.close();
    },
  };
}
