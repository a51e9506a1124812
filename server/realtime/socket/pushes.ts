import { boardRoom, partnershipRoom, personRoom, type RowsChangedEvent } from '../../../shared/protocol/socket.js';
import type { DocKind } from '../../../shared/protocol/yjs.js';
import type { DomainBus } from '../../bus.js';
import { loadActor } from '../../core/actors.js';
import type { ServiceContext } from '../../core/context.js';
import type { Presence } from './presence.js';
import type { BoardIo } from './command.js';
import { leaveForbiddenBoardRooms } from './board-rooms.js';
import { endSockets, sessionRoom } from './session-end.js';

const ROWS_CHANGED_COALESCE_MS = 100;

/** Reads the list rows of a kind, as every member of the partnership sees them (the features supply these; a feature's storage may answer later). */
export type RowLoaders = Partial<Record<DocKind, (partnershipId: number, ids: number[]) => unknown[] | Promise<unknown[]>>>;

/**
 * Socket.io's subscriptions to the domain bus: what each event pushes, to whom. The services never call
 * Socket.io; whatever changed, however it changed, reaches open pages from here.
 */
export function subscribePushes(io: BoardIo, ctx: ServiceContext, presence: Presence, rows: RowLoaders): () => void {
  const bus: DomainBus = ctx.bus;
  const pending = new Map<string, { partnershipId: number; kind: DocKind; ids: Set<number>; timer: NodeJS.Timeout }>();

  /**
   * Coalesced over a few milliseconds per partnership and kind; the push carries the rows themselves
   * (everyone in a partnership sees its lists), so an open list updates without asking again.
   */
  function rowsChanged(partnershipId: number, kind: DocKind, ids: number[]): void {
    const key = `${partnershipId}:${kind}`;
    const open = pending.get(key);
    if (open) {
      for (const id of ids) open.ids.add(id);
      return;
    }
    const entry = {
      partnershipId,
      kind,
      ids: new Set(ids),
      timer: setTimeout(() => {
        pending.delete(key);
        void push(partnershipId, kind, [...entry.ids]);
      }, ROWS_CHANGED_COALESCE_MS),
    };
    pending.set(key, entry);
  }

  async function push(partnershipId: number, kind: DocKind, ids: number[]): Promise<void> {
    const event: RowsChangedEvent = { kind, ids };
    const load = rows[kind];
    try {
      if (load) event.rows = await load(partnershipId, ids);
    } catch (err) {
      // The ids alone still tell every list what to ask for again.
      ctx.config.log('reading changed rows failed', { kind, error: String(err) });
    }
    io.to(partnershipRoom(partnershipId)).emit('rows:changed', event);
  }

  const stops = [
    bus.on('rows.changed', (e) => rowsChanged(e.partnershipId, e.kind, e.ids)),
    bus.on('risk.changed', (e) => rowsChanged(e.partnershipId, 'risk', [e.riskId])),
    bus.on('challenge.changed', (e) => rowsChanged(e.partnershipId, 'challenge', [e.challengeId])),
    bus.on('meeting.changed', (e) => {
      io.to(boardRoom(e.state.meeting.boardId)).emit('meeting:state', e.state);
      rowsChanged(e.partnershipId, 'meeting', [e.state.meeting.id]);
    }),
    bus.on('notification.created', (e) => void io.to(personRoom(e.personId)).emit('notification:new', e.view)),
    bus.on('risk.overtaken', (e) => void io.to(personRoom(e.personId)).emit('risk:overtaken', e.event)),
    // A band is read from the matrix, never stored on a row: the new matrix re-bands every open list
    // and risk page at once, however many risks (a "rows:changed" naming them all would not scale).
    bus.on('risk-matrix.changed', (e) => void io.to(partnershipRoom(e.partnershipId)).emit('risk-matrix:changed', e.matrix)),
    bus.on('plan.changed', (e) => void io.to(partnershipRoom(e.partnershipId)).emit('plan:changed', { planId: e.planId })),
    // Every member of the partnership reads its evidence (shared/domain/evidence-permissions.ts), so
    // its room hears it; another partnership's sockets are in another room.
    bus.on('evidence.changed', (e) => void io.to(partnershipRoom(e.partnershipId)).emit('evidence:changed')),
    bus.on('scorecard.changed', (e) => void io.to(partnershipRoom(e.partnershipId)).emit('scorecard:changed', { indicatorIds: e.indicatorIds })),
    // Which board rooms a person's sockets may stay in is decided by each process for the sockets it
    // holds (and its presence lists), so this hears other processes too; the push goes once, from the one that emitted it.
    bus.on('membership.changed', ({ personId }, { fromPeer }) => void membershipChanged(personId, !fromPeer), { fromPeers: true }),
    bus.on('session.ended', ({ tokenHash, reason }) => endSockets(io, sessionRoom(tokenHash), reason)),
    bus.on('person.sessions-ended', ({ personId, reason }) => endSockets(io, personRoom(personId), reason)),
    bus.on('session.switched', ({ tokenHash }) => endSockets(io, sessionRoom(tokenHash), 'partnership_switched')),
  ];

  async function membershipChanged(personId: number, push: boolean): Promise<void> {
    try {
      leaveForbiddenBoardRooms(io, presence, personId, await loadActor(ctx, personId));
    } catch (err) {
      ctx.config.log('re-checking board rooms failed', { personId, error: String(err) });
    }
    // A new seat (or a lost one) shows on the person's open pages without a reload.
    if (push) io.to(personRoom(personId)).emit('membership:changed');
  }

  return () => {
    for (const stop of stops) stop();
    for (const entry of pending.values()) clearTimeout(entry.timer);
    pending.clear();
  };
}
