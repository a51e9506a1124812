import { AppError } from '../../../../shared/errors';
import type { PresenceEntry } from '../../../../shared/protocol/socket';
import type { MeetingDetail, MeetingState } from '../../../../shared/schemas/meeting';
import { messageOf } from '../../lib/api';
import { meetingApi } from '../../lib/api/meetings';
import { socketClient } from '../../lib/sync/socket.svelte';

const ANNOUNCE_EVERY_MS = 1500;

/** A removal the chair may take back: what was said, where, the commands that put it back, and what to say once back. */
export interface Undoable {
  where: 'agenda' | 'guests';
  said: string;
  undo: () => Promise<unknown>;
  back: string;
}

/**
 * One meeting as a participant sees it: the state the server pushes to the board room after every
 * command, which item the chair is on (and whether this person follows), the item timer, who is here,
 * and a throttled stream of announcements for screen readers.
 */
export class MeetingLive {
  detail = $state<MeetingDetail | null>(null);
  loadError = $state<string | null>(null);
  notFound = $state(false);
  /** The last command's refusal, shown near the controls. */
  commandError = $state<string | null>(null);
  busy = $state(false);
  followChair = $state(true);
  ownItemId = $state<number | null>(null);
  now = $state(Date.now());
  presence = $state.raw<PresenceEntry[]>([]);
  /** Why this page could not join the board's room (so it hears no live changes nor who is here). */
  joinError = $state<string | null>(null);
  announcement = $state('');
  /** The last removal that can be undone, shown in the panel it was made in (see UndoStatus). */
  undoable = $state.raw<Undoable | null>(null);
  /** What the last Undo put back, said in the panel it was made in until the next removal there. */
  undone = $state.raw<Pick<Undoable, 'where' | 'back'> | null>(null);
  /** Tries joining the board's room again (set while the page is started). */
  rejoin: () => void = () => undefined;

  readonly currentItemId = $derived(this.detail?.meeting.currentItemId ?? null);
  readonly viewedItemId = $derived.by(() => {
    const agenda = this.detail?.agenda ?? [];
    const wanted = this.followChair && this.currentItemId ? this.currentItemId : (this.ownItemId ?? this.currentItemId);
    return agenda.some((i) => i.id === wanted) ? wanted : (agenda[0]?.id ?? null);
  });
  readonly viewedItem = $derived(this.detail?.agenda.find((i) => i.id === this.viewedItemId) ?? null);

  private queue: string[] = [];
  private timer: ReturnType<typeof setTimeout> | null = null;
  private lastAnnounced = 0;

  constructor(
    readonly partnershipId: number,
    readonly meetingId: number,
    /** The room's screen (the presenter view): it follows the chair and is not one of the people here. */
    readonly screen = false,
  ) {}

  /** Loads, joins the board room and listens; returns the teardown. */
  start(): () => void {
    void this.load();
    const socket = socketClient.raw;
    let joined: number | null = null;
    const onState = (state: MeetingState) => {
      if (state.meeting.id === this.meetingId) this.apply(state);
    };
    const onPresence = (e: { boardId: number; presence: PresenceEntry[] }) => {
      if (e.boardId === joined) this.presence = e.presence;
    };
    socket.on('meeting:state', onState);
    socket.on('presence:changed', onPresence);
    const join = () => {
      const boardId = this.detail?.meeting.boardId;
      if (!boardId) return;
      joined = boardId;
      socketClient
        .command('board:join', this.screen ? { boardId, screen: true } : { boardId })
        .then((r) => {
          this.presence = r.presence;
          this.joinError = null;
        })
        .catch((err: unknown) => {
          this.joinError = `This page is not following the meeting live, and who is here is not shown: ${messageOf(err)}`;
        });
    };
    this.rejoin = join;
    const stopRows = socketClient.onRowsChanged((e) => {
      if (e.kind === 'meeting' && e.ids.includes(this.meetingId)) void this.load(true);
    });
    const stopReconnect = socketClient.onReconnect(() => {
      void this.load(true).then(join);
    });
    const tick = setInterval(() => (this.now = Date.now()), 1000);
    const waitJoin = setInterval(() => {
      if (this.detail && joined === null && socketClient.connected) join();
    }, 200);
    return () => {
      socket.off('meeting:state', onState);
      socket.off('presence:changed', onPresence);
      stopRows();
      stopReconnect();
      clearInterval(tick);
      clearInterval(waitJoin);
      if (this.timer) clearTimeout(this.timer);
      if (joined !== null) {
        socketClient.command('board:leave', { boardId: joined }).catch(() => {
          // Nobody is left to tell: the page has gone, and the server leaves the room for a socket that drops.
        });
      }
    };
  }

  /** `background`: read because of a push or a reconnect, not the person (see BACKGROUND_READ_HEADER). */
  async load(background = false): Promise<void> {
    try {
      const detail = await meetingApi.detail(this.partnershipId, this.meetingId, { background });
      if (this.detail) this.apply(detail, detail.rights);
      else this.detail = detail;
      this.loadError = null;
    } catch (err) {
      if (err instanceof AppError && err.code === 'NOT_FOUND') this.notFound = true;
      else this.loadError = messageOf(err);
    }
  }

  /** A pushed state keeps the rights this person had; a loaded detail brings fresh ones. */
  private apply(state: MeetingState, rights?: MeetingDetail['rights']): void {
    const before = this.detail;
    if (!before) return;
    this.detail = { ...state, rights: rights ?? before.rights };
    const m = state.meeting;
    // Rights follow the attendance (a vice-chair chairs while the chair is away), the meeting's day and its
    // status: when a pushed state changes one of them, ask the server again rather than guess.
    const recorded = (s: MeetingState) => JSON.stringify(s.attendance.map((a) => [a.personId, a.status]));
    if (!rights && (recorded(before) !== recorded(state) || before.meeting.startsAt !== m.startsAt || before.meeting.status !== m.status)) void this.load(true);
    if (before.meeting.status !== m.status) {
      const said = { scheduled: 'The meeting is scheduled', in_progress: 'The chair has started the meeting', closed: 'The chair has closed the meeting', signed_off: 'The minutes are signed off' }[m.status];
      this.announce(said);
    }
    if (m.currentItemId && before.meeting.currentItemId !== m.currentItemId) {
      const index = state.agenda.findIndex((i) => i.id === m.currentItemId);
      if (index >= 0) this.announce(`The chair moved to item ${index + 1}: ${state.agenda[index]!.title}${this.followChair ? '' : '. You are not following the chair'}`);
    }
    const newActions = state.actions.filter((a) => !before.actions.some((b) => b.id === a.id));
    for (const a of newActions) this.announce(`Action ${a.reference} for ${a.ownerName}: ${a.description}`);
    const hands = state.hands.length - before.hands.length;
    if (hands > 0 && before.rights.run) this.announce(`${state.hands.at(-1)!.name} raised a hand`);
  }

  /** Polite and throttled: several changes in quick succession are read as one message. */
  announce(text: string): void {
    this.queue.push(text);
    if (this.timer) return;
    const wait = Math.max(0, this.lastAnnounced + ANNOUNCE_EVERY_MS - Date.now());
    this.timer = setTimeout(() => {
      this.timer = null;
      this.lastAnnounced = Date.now();
      this.announcement = this.queue.map((t) => (/[.!?]$/.test(t) ? t : `${t}.`)).join(' ');
      this.queue = [];
    }, wait);
  }

  /** Runs a command; on refusal keeps the server's message for the page. */
  async run(fn: () => Promise<MeetingState | unknown>): Promise<boolean> {
    this.busy = true;
    this.commandError = null;
    try {
      const result = await fn();
      if (result && typeof result === 'object' && 'meeting' in result && 'agenda' in result) this.apply(result as MeetingState);
      return true;
    } catch (err) {
      this.commandError = messageOf(err);
      return false;
    } finally {
      this.busy = false;
    }
  }

  /** Runs a removal; once done, offers to put it back. Returns whether it was done. */
  async remove(fn: () => Promise<unknown>, undoable: Undoable): Promise<boolean> {
    const ok = await this.run(fn);
    this.undoable = ok ? undoable : null;
    if (ok) this.undone = null;
    return ok;
  }

  /** Puts back the last removal; the offer ends either way. */
  async undo(): Promise<boolean> {
    const u = this.undoable;
    if (!u) return false;
    this.undoable = null;
    const ok = await this.run(u.undo);
    // Said in the panel's status region (read out there), not announced a second time.
    if (ok) this.undone = { where: u.where, back: u.back };
    return ok;
  }

  /** Turning "follow the chair" off keeps this person on the item they are reading. */
  setFollow(follow: boolean): void {
    if (!follow) this.ownItemId = this.viewedItemId;
    this.followChair = follow;
  }

  view(itemId: number): void {
    this.ownItemId = itemId;
    if (this.currentItemId && itemId !== this.currentItemId) this.followChair = false;
  }

  /** Seconds spent on the current item, while the meeting runs. */
  readonly elapsed = $derived.by(() => {
    const started = this.detail?.meeting.itemStartedAt;
    if (!started || this.detail?.meeting.status !== 'in_progress') return null;
    return Math.max(0, Math.floor((this.now - Date.parse(started)) / 1000));
  });
}

export function clock(seconds: number): string {
  const m = Math.floor(seconds / 60);
  const s = seconds % 60;
  return `${m}:${String(s).padStart(2, '0')}`;
}
