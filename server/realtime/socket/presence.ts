import { boardRoom, type BoardPresence, type PresenceEntry, type ScreenEntry } from '../../../shared/protocol/socket.js';
import { LIMITS } from '../../../shared/limits.js';
import type { BoardIo } from './command.js';

type Who = Pick<PresenceEntry, 'personId' | 'name' | 'agencyName'>;

/**
 * Several processes (REDIS_URL): each asks the others for who is in a board room on their sockets,
 * so that every list said is the whole room's, wherever its people are connected. Null: one process.
 */
export interface PresencePeers {
  ask(boardId: number): Promise<BoardPresence[]>;
}

/**
 * Who is in each board room and what they are looking at: this process's sockets here, the other
 * processes' asked for when the list is said (PresencePeers). Broadcasts are throttled per board so a
 * room of fifty people moving between fields does not flood every screen.
 */
export class Presence {
  private readonly boards = new Map<number, Map<string, PresenceEntry>>();
  /** Room screens by board, then socket: not people here, but said, so that nobody follows a board unseen. */
  private readonly screens = new Map<number, Map<string, ScreenEntry>>();
  private readonly pending = new Map<number, NodeJS.Timeout>();

  constructor(
    private readonly io: BoardIo,
    private readonly peers: PresencePeers | null,
    private readonly log: (message: string, extra?: Record<string, unknown>) => void,
  ) {}

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

  /** This process's people and screens in a board room, as another process asks for them. */
  local(boardId: number): BoardPresence {
    return { presence: [...(this.boards.get(boardId)?.values() ?? [])], screens: [...(this.screens.get(boardId)?.values() ?? [])] };
  }

  /**
   * The people here and the room screens, on every process: what "board:join" answers and
   * "presence:changed" pushes. Should the other processes not answer, this one's are said.
   */
  async state(boardId: number): Promise<BoardPresence> {
    const parts = [this.local(boardId)];
    if (this.peers) {
      try {
        parts.push(...(await this.peers.ask(boardId)));
      } catch (err) {
        this.log('other processes did not say who is in a board room', { boardId, error: String(err) });
      }
    }
    return { presence: onePerPerson(parts.flatMap((p) => p.presence)), screens: screensByPerson(parts.flatMap((p) => p.screens)) };
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
        void this.state(boardId).then((state) => this.io.to(boardRoom(boardId)).emit('presence:changed', { boardId, ...state }));
      }, LIMITS.presenceThrottleMs),
    );
  }
}

/** One entry per person: several tabs of the same person (on any process) show once, with a focus if any has one. */
function onePerPerson(entries: readonly PresenceEntry[]): PresenceEntry[] {
  const byPerson = new Map<number, PresenceEntry>();
  for (const entry of entries) {
    const seen = byPerson.get(entry.personId);
    if (!seen || (entry.record && !seen.record)) byPerson.set(entry.personId, entry);
  }
  return [...byPerson.values()].sort((a, b) => a.name.localeCompare(b.name));
}

/** One entry per person whose session opened a screen, however many. */
function screensByPerson(entries: readonly ScreenEntry[]): ScreenEntry[] {
  const byPerson = new Map<number, ScreenEntry>();
  for (const entry of entries) byPerson.set(entry.personId, entry);
  return [...byPerson.values()].sort((a, b) => a.name.localeCompare(b.name));
}
