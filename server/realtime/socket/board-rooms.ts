import { canAdministerPartnership, type Actor } from '../../../shared/domain/permissions.js';
import { personRoom } from '../../../shared/protocol/socket.js';
import type { BoardIo } from './command.js';
import type { Presence } from './presence.js';

/** A board's room carries its meeting state and who is here: for its members (and deputies) and the partnership's admins. */
export function mayEnterBoardRoom(actor: Actor, boardId: number): boolean {
  return actor.boardRoles.has(boardId) || canAdministerPartnership(actor, actor.partnershipId);
}

/** Reads `boardRoom(id)` back. */
const BOARD_ROOM = /^board:(\d+)$/;

/**
 * After a person's memberships or admin rights change, takes each of their sockets out of the board
 * rooms they may no longer enter, and out of those boards' "here now". A null actor (disabled) may
 * enter none. Rooms newly open to them are joined by the page as usual.
 */
export function leaveForbiddenBoardRooms(io: BoardIo, presence: Presence, personId: number, actor: Actor | null): void {
  for (const socketId of [...(io.sockets.adapter.rooms.get(personRoom(personId)) ?? [])]) {
    const socket = io.sockets.sockets.get(socketId);
    if (!socket) continue;
    for (const room of [...socket.rooms]) {
      const match = BOARD_ROOM.exec(room);
      if (!match) continue;
      const boardId = Number(match[1]);
      if (actor && mayEnterBoardRoom(actor, boardId)) continue;
      void socket.leave(room);
      presence.leave(socket.id, boardId);
    }
  }
}
