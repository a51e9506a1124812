import type { Server } from 'socket.io';
import { boardRoom, type PresenceEntry } from '../../../shared/protocol/socket.js';
import { LIMITS } from '../../../shared/limits.js';

type Who = Pick<PresenceEntry, 'personId' | 'name' | 'agencyName'>;

/**
 * Who is in each board room and what they are looking at. Broadcasts are throttled per board so a
 * room of fifty people moving between fields does not flood every screen.
 */
export class Presence {
  private readonly boards = new Map<number, Map<string, PresenceEntry>>();
  private readonly pending = new Map<number, NodeJS.Timeout>();

  constructor(private readonly io: Server) {}

  join(socketId: string, boardId: number, who: Who): void {
    let room = this.boards.get(boardId);
    if (!room) this.boards.set(boardId, (room = new Map()));
    room.set(socketId, { ...who, record: null, field: null });
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
    const room = this.boards.get(boardId);
    if (!room?.delete(socketId)) return;
    if (room.size === 0) this.boards.delete(boardId);
    this.schedule(boardId);
  }

  leaveAll(socketId: string): void {
    for (const [boardId, room] of this.boards) if (room.has(socketId)) this.leave(socketId, boardId);
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
        this.io.to(boardRoom(boardId)).emit('presence:changed', { boardId, presence: this.list(boardId) });
      }, LIMITS.presenceThrottleMs),
    );
  }
}
