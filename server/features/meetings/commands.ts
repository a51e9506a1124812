import type { CommandHandlers } from '../../core/dispatcher.js';
import type { CommandName } from '../../../shared/protocol/commands.js';
import type { AgendaService } from './agenda.js';
import type { MeetingService } from './service.js';

type MeetingCommandName = Extract<CommandName, `meeting:${string}` | `agenda:${string}` | `attendance:${string}` | `guest:${string}` | `hand:${string}` | `action:${string}` | 'board:quorum-rule'>;

/**
 * Meeting control is a set of server commands, never CRDT edits. Each answers the meeting's new state;
 * the service announces it ("meeting.changed"), so everyone at the board sees it whichever channel sent it.
 */
export function meetingCommands(m: MeetingService, agenda: AgendaService): Pick<CommandHandlers, MeetingCommandName> {
  return {
    'meeting:create': (actor, p) => m.create(actor, p),
    'meeting:update': (actor, p) => m.update(actor, p).state,
    'meeting:start': (actor, p) => m.start(actor, p.meetingId).state,
    'meeting:advance': (actor, p) => m.advance(actor, p.meetingId, p.itemId).state,
    'meeting:close': (actor, p) => m.close(actor, p.meetingId).state,
    'meeting:sign-off': (actor, p) => m.signOff(actor, p.meetingId).state,
    'meeting:build-agenda': (actor, p) => agenda.build(actor, p.meetingId).state,
    'agenda:add': (actor, p) => agenda.add(actor, p).state,
    'agenda:update': (actor, p) => agenda.update(actor, p).state,
    'agenda:remove': (actor, p) => agenda.remove(actor, p.meetingId, p.itemId).state,
    'agenda:move': (actor, p) => agenda.move(actor, p.meetingId, p.itemId, p.toIndex).state,
    'attendance:set': (actor, p) => m.setAttendance(actor, p).state,
    'guest:add': (actor, p) => m.addGuest(actor, p.meetingId, p.name, p.agency).state,
    'guest:remove': (actor, p) => m.removeGuest(actor, p.meetingId, p.guestId).state,
    'hand:raise': (actor, p) => m.raiseHand(actor, p.meetingId).state,
    'hand:lower': (actor, p) => m.lowerHand(actor, p.meetingId, p.personId).state,
    'action:create': (actor, p) => m.createAction(actor, p).action,
    'action:update': (actor, p) => m.updateAction(actor, p.actionId, p.status).action,
    'board:quorum-rule': (actor, p) => m.setQuorumRule(actor, p),
  };
}
