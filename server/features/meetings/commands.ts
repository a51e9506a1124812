import { AppError } from '../../../shared/errors.js';
import type { DocKind } from '../../../shared/protocol/yjs.js';
import {
  AddAgendaItemPayload,
  AddGuestPayload,
  AgendaItemRef,
  CreateActionPayload,
  CreateMeetingPayload,
  GuestRef,
  LowerHandPayload,
  MeetingRef,
  MoveAgendaItemPayload,
  QuorumRulePayload,
  SetAttendancePayload,
  SetCurrentItemPayload,
  UpdateActionPayload,
  UpdateAgendaItemPayload,
  UpdateMeetingPayload,
} from '../../../shared/schemas/meeting.js';
import { parse } from '../../../shared/validate.js';
import { loadActor } from '../../core/actors.js';
import type { ServiceContext } from '../../core/context.js';
import type { Services } from '../registry.js';
import type { MeetingResult } from './guard.js';
import { command, type BoardSocket } from '../../realtime/socket/command.js';

export interface MeetingCommandHooks {
  /** After a command: push the state to the board room, refresh lists, re-decide open editors' rights. */
  changed(partnershipId: number, result: MeetingResult): void;
  /** A meeting was scheduled: lists of the board's meetings refresh. */
  listed(partnershipId: number, kind: DocKind, id: number): void;
}

/**
 * Meeting control is a set of server commands, never CRDT edits: each payload is validated, the
 * sender's authority re-read, the change audited, and the new state pushed to everyone at the board.
 */
export function registerMeetingCommands(socket: BoardSocket, ctx: ServiceContext, services: Services, hooks: MeetingCommandHooks): void {
  const actor = () => {
    const a = loadActor(ctx, socket.data.auth.personId);
    if (!a) throw new AppError('UNAUTHENTICATED', 'Sign in to continue.');
    return a;
  };
  const m = services.meetings;
  const a = services.agenda;
  const on = (event: Parameters<BoardSocket['on']>[0], run: (raw: unknown, who: ReturnType<typeof actor>) => MeetingResult) => {
    socket.on(
      event,
      command(socket, (raw) => {
        const who = actor();
        const result = run(raw, who);
        hooks.changed(who.partnershipId, result);
        return result.state;
      }) as never,
    );
  };

  socket.on('meeting:create', command(socket, (raw) => {
    const who = actor();
    const summary = m.create(who, parse(CreateMeetingPayload, raw));
    hooks.listed(who.partnershipId, 'meeting', summary.id);
    return summary;
  }));
  on('meeting:update', (raw, who) => m.update(who, parse(UpdateMeetingPayload, raw)));
  on('meeting:start', (raw, who) => m.start(who, parse(MeetingRef, raw).meetingId));
  on('meeting:advance', (raw, who) => {
    const p = parse(SetCurrentItemPayload, raw);
    return m.advance(who, p.meetingId, p.itemId);
  });
  on('meeting:close', (raw, who) => m.close(who, parse(MeetingRef, raw).meetingId));
  on('meeting:sign-off', (raw, who) => m.signOff(who, parse(MeetingRef, raw).meetingId));
  on('meeting:build-agenda', (raw, who) => a.build(who, parse(MeetingRef, raw).meetingId));
  on('agenda:add', (raw, who) => a.add(who, parse(AddAgendaItemPayload, raw)));
  on('agenda:update', (raw, who) => a.update(who, parse(UpdateAgendaItemPayload, raw)));
  on('agenda:remove', (raw, who) => {
    const p = parse(AgendaItemRef, raw);
    return a.remove(who, p.meetingId, p.itemId);
  });
  on('agenda:move', (raw, who) => {
    const p = parse(MoveAgendaItemPayload, raw);
    return a.move(who, p.meetingId, p.itemId, p.toIndex);
  });
  on('attendance:set', (raw, who) => m.setAttendance(who, parse(SetAttendancePayload, raw)));
  on('guest:add', (raw, who) => {
    const p = parse(AddGuestPayload, raw);
    return m.addGuest(who, p.meetingId, p.name, p.agency);
  });
  on('guest:remove', (raw, who) => {
    const p = parse(GuestRef, raw);
    return m.removeGuest(who, p.meetingId, p.guestId);
  });
  on('hand:raise', (raw, who) => m.raiseHand(who, parse(MeetingRef, raw).meetingId));
  on('hand:lower', (raw, who) => {
    const p = parse(LowerHandPayload, raw);
    return m.lowerHand(who, p.meetingId, p.personId);
  });
  socket.on('action:create', command(socket, (raw) => {
    const who = actor();
    const { action, result } = m.createAction(who, parse(CreateActionPayload, raw));
    hooks.changed(who.partnershipId, result);
    return action;
  }));
  socket.on('action:update', command(socket, (raw) => {
    const who = actor();
    const p = parse(UpdateActionPayload, raw);
    const { action, result } = m.updateAction(who, p.actionId, p.status);
    if (result) hooks.changed(who.partnershipId, result);
    return action;
  }));
  socket.on('board:quorum-rule', command(socket, (raw) => m.setQuorumRule(actor(), parse(QuorumRulePayload, raw))));
}
