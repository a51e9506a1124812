import type { CommandHandlers } from '../../core/dispatcher.js';
import type { CommandName } from '../../../shared/protocol/commands.js';
import type { AgendaService } from './agenda.js';
import type { MeetingService } from './service.js';
import type { PaperService } from './papers.js';

type MeetingCommandName = Extract<CommandName, `meeting:${string}` | `agenda:${string}` | `attendance:${string}` | `guest:${string}` | `hand:${string}` | `paper:${string}` | `action:${string}` | 'board:quorum-rule'>;

/**
 * Meeting control is a set of server commands, never CRDT edits. Each answers the meeting's new state;
 * the service announces it ("meeting.changed"), so everyone at the board sees it whichever channel sent it.
 */
export function meetingCommands(m: MeetingService, agenda: AgendaService, papers: PaperService): Pick<CommandHandlers, MeetingCommandName> {
  return {
    'meeting:create': (actor, p) => m.create(actor, p),
    'meeting:update': async (actor, p) => (await m.update(actor, p)).state,
    'meeting:start': async (actor, p) => (await m.start(actor, p.meetingId)).state,
    'meeting:advance': async (actor, p) => (await m.advance(actor, p.meetingId, p.itemId)).state,
    'meeting:close': async (actor, p) => (await m.close(actor, p.meetingId)).state,
    'meeting:sign-off': async (actor, p) => (await m.signOff(actor, p.meetingId)).state,
    'meeting:build-agenda': async (actor, p) => (await agenda.build(actor, p.meetingId)).state,
    'agenda:add': async (actor, p) => (await agenda.add(actor, p)).state,
    'agenda:update': async (actor, p) => (await agenda.update(actor, p)).state,
    'agenda:remove': async (actor, p) => (await agenda.remove(actor, p.meetingId, p.itemId)).state,
    'agenda:restore': async (actor, p) => (await agenda.restore(actor, p.meetingId, p.itemId, p.toIndex)).state,
    'agenda:move': async (actor, p) => (await agenda.move(actor, p.meetingId, p.itemId, p.toIndex)).state,
    'attendance:set': async (actor, p) => (await m.setAttendance(actor, p)).state,
    'guest:add': async (actor, p) => (await m.addGuest(actor, p.meetingId, p.name, p.agency)).state,
    'guest:remove': async (actor, p) => (await m.removeGuest(actor, p.meetingId, p.guestId)).state,
    'hand:raise': async (actor, p) => (await m.raiseHand(actor, p.meetingId)).state,
    'hand:lower': async (actor, p) => (await m.lowerHand(actor, p.meetingId, p.personId)).state,
    'paper:add': async (actor, p) => (await papers.add(actor, p)).state,
    'paper:attach': async (actor, p) => (await papers.attach(actor, p)).state,
    'paper:remove': async (actor, p) => (await papers.remove(actor, p)).state,
    'action:create': async (actor, p) => (await m.createAction(actor, p)).action,
    'action:update': async (actor, p) => (await m.updateAction(actor, p.actionId, p.status)).action,
    'board:quorum-rule': (actor, p) => m.setQuorumRule(actor, p),
  };
}
