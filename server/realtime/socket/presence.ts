import type { Server } from 'socket.io';
import { boardRoom, type BoardPresence, type PresenceEntry, type ScreenEntry } from '../../../shared/protocol/socket.js';
import { LIMITS } from '../../../shared/limits.js';

type Who = Pick<PresenceEntry, 'personId' | 'name' | 'agencyName'>;

/**
 * Who is in each board room and what they are looking at. Broadcasts are throttled per board so a
 * room of fifty people moving between fields does not flood every screen.
 */
export class Presence {
  private readonly boards = new Map<number, Map<string, PresenceEntry>>();
  /** Room screens by board, then socket: not people here, but said, so that nobody follows a board unseen. */
  private readonly screens = new Map<number, Map<string, ScreenEntry>>();
  private readonly pending = new Map<number, NodeJS.Timeout>();

  constructor(private readonly io: Server) {}

  join(socketId: string, boardId: number, who: Who): void {
    this.screens.get(boardId)?.delete(socketId);
    let room = this.boards.get(boardId);
    if (!room) this.boards.set(boardId, (room = new Map()));
    room.set(socketId, { ...who, record: null, field: null });
    this.schedule(boardId);
  }

  /** A room's screen joins: it takes no place among the people (a tab that was one leaves them). */
  joinScreen(socketId: string, boardId: number, who: Who): void {
    const room = this.boards.get(boardId);
    if (room?.delete(socketId) && room.size === 0) this.boards.delete(boardId);
    let screens = this.screens.get(boardId);
    if (!screens) this.screens.set(boardId, (screens = new Map()));
    screens.set(socketId, { personId: who.personId, name: who.name });
    this.schedule(boardId);
  }

  focus(socketId: string, boardId: number, record: string | null, field: string | null): void {
    const entry = this.boards.get(boardId)?.get(socketId);
    if (!entry || (entry.record === record && entry.field === field)) return;
    entry.record = record;
    entry.field = field;
    this.schedule(boardId);
  }

  leave(socketId: string, boardId: number): void {
    let left = false;
    for (const rooms of [this.boards, this.screens] as Map<number, Map<string, unknown>>[]) {
      const room = rooms.get(boardId);
      if (!room?.delete(socketId)) continue;
      left = true;
      if (room.size === 0) rooms.delete(boardId);
    }
    if (left) this.schedule(boardId);
  }

  leaveAll(socketId: string): void {
    const boardIds = new Set<number>();
    for (const rooms of [this.boards, this.screens] as Map<number, Map<string, unknown>>[]) for (const [boardId, room] of rooms) if (room.has(socketId)) boardIds.add(boardId);
    for (const boardId of boardIds) this.leave(socketId, boardId);
  }

  /** The people here and the room screens: what "board:join" answers and "presence:changed" pushes. */
  state(boardId: number): BoardPresence {
    return { presence: this.list(boardId), screens: this.screensOf(boardId) };
  }

  /** One entry per person whose session opened a screen, however many. */
  private screensOf(boardId: number): ScreenEntry[] {
    const byPerson = new Map<number, ScreenEntry>();
    for (const entry of this.screens.get(boardId)?.values() ?? []) byPerson.set(entry.personId, entry);
    return [...byPerson.values()].sort((a, b) => a.name.localeCompare(b.name));
  }

  /** One entry per person: several tabs of the same person show once, with the latest focus. */
  list(boardId: number): PresenceEntry[] {
    const byPerson = new Map<number, PresenceEntry>();
    for (const entry of this.boards.get(boardId)?.values() ?? []) {
      const seen = byPerson.get(entry.personId);
      if (!seen || (entry.record && !seen.record)) byPerson.set(entry.personId, entry);
    }
    return [...byPerson.values()].sort((a, b) => a.name.localeCompare(b.name));
  }

  close(): void {
    for (const timer of this.pending.values()) clearTimeout(timer);
    this.pending.clear();
  }

  private schedule(boardId: number): void {
    if (this.pending.has(boardId)) return;
    this.pending.set(
      boardId,
      setTimeout(() => {
        this.pending.delete(boardId);
        this.io.to(boardRoom(boardId)).emit('presence:changed', { boardId, ...this.state(boardId) });
      }, LIMITS.presenceThrottleMs),
    );
  }
}
