import type { z } from 'zod';
import * as C from '../schemas/challenge.js';
import * as M from '../schemas/meeting.js';
import * as R from '../schemas/risk.js';

/**
 * Who may send a command at all. The finer rule (the risk's owner, the board's chair, a deputy standing
 * in) is the service's, read from shared/domain/permissions.ts; this is the gate before it.
 * - `person`: anyone signed in to the partnership (the service decides per record);
 * - `admin`: partnership administrators only.
 */
export type CommandGate = 'person' | 'admin';

export interface CommandSpec {
  payload: z.ZodType;
  gate: CommandGate;
  /** In words, for the API reference and refusals: who may run it. */
  who: string;
}

const spec = <P extends z.ZodType>(payload: P, who: string, gate: CommandGate = 'person') => ({ payload, gate, who });

/**
 * Every command, declared once: its name, its payload schema and who may run it. One dispatcher serves
 * each over Socket.io (`socket.emit(name, payload, ack)`) and REST (`POST /api/commands/<name>`), with
 * the same answer and the same errors; its result type is in CommandResults below.
 */
export const COMMANDS = {
  'risk:create': spec(R.CreateRiskPayload, 'A member of a board the risk sits at, or an administrator.'),
  'risk:close': spec(R.CloseRiskPayload, "The chair of the risk's board or of the board it is escalated to, or an administrator."),
  'risk:reopen': spec(R.ReopenRiskPayload, "The chair of the risk's board or of the board it is escalated to, or an administrator."),
  'risk:escalate': spec(R.EscalateRiskPayload, "The chair of the risk's board, or an administrator, giving a reason."),
  'risk:deescalate': spec(R.DeescalateRiskPayload, "The chair of the risk's board or of the board it is escalated to, or an administrator."),
  'risk:change-owner': spec(R.ChangeOwnerPayload, "The risk's owner, the chair of its board or of the board it is escalated to, or an administrator."),
  'challenge:raise': spec(C.RaiseChallengePayload, 'A member (or deputy) of the board, or an administrator.'),
  'challenge:submit': spec(C.ChallengeRef, 'The agency the challenge is directed at.'),
  'challenge:accept': spec(C.ChallengeReason, "The board's chair (or the raiser, where the board lets raisers decide)."),
  'challenge:press': spec(C.PressChallengePayload, "The board's chair (or the raiser, where the board lets raisers decide)."),
  'challenge:close': spec(C.ChallengeReason, "The board's chair, or an administrator."),
  'challenge:escalate': spec(C.ChallengeReason, "The board's chair, or an administrator."),
  'meeting:create': spec(M.CreateMeetingPayload, "The board's chair, or an administrator."),
  'meeting:update': spec(M.UpdateMeetingPayload, 'Whoever runs the meeting, or an administrator.'),
  'meeting:start': spec(M.MeetingRef, 'Whoever runs the meeting.'),
  'meeting:advance': spec(M.SetCurrentItemPayload, 'Whoever runs the meeting.'),
  'meeting:close': spec(M.MeetingRef, 'Whoever runs the meeting.'),
  'meeting:sign-off': spec(M.MeetingRef, "The board's chair."),
  'meeting:build-agenda': spec(M.MeetingRef, 'Whoever runs the meeting.'),
  'agenda:add': spec(M.AddAgendaItemPayload, 'Whoever runs the meeting.'),
  'agenda:update': spec(M.UpdateAgendaItemPayload, 'Whoever runs the meeting.'),
  'agenda:remove': spec(M.AgendaItemRef, 'Whoever runs the meeting.'),
  'agenda:move': spec(M.MoveAgendaItemPayload, 'Whoever runs the meeting.'),
  'attendance:set': spec(M.SetAttendancePayload, 'Whoever runs the meeting, for anyone; a member (or deputy) for themselves.'),
  'guest:add': spec(M.AddGuestPayload, 'Whoever runs the meeting.'),
  'guest:remove': spec(M.GuestRef, 'Whoever runs the meeting.'),
  'hand:raise': spec(M.MeetingRef, 'A member (or deputy) present at the meeting.'),
  'hand:lower': spec(M.LowerHandPayload, 'The person whose hand it is, or whoever runs the meeting.'),
  'action:create': spec(M.CreateActionPayload, 'Anyone who may edit the meeting: its chair, members and deputies, or an administrator.'),
  'action:update': spec(M.UpdateActionPayload, "The action's owner, the board's chair, or an administrator."),
  'board:quorum-rule': spec(M.QuorumRulePayload, "The board's chair, or an administrator."),
} as const satisfies Record<string, CommandSpec>;

export type CommandName = keyof typeof COMMANDS;
export const COMMAND_NAMES = Object.keys(COMMANDS) as CommandName[];
/** What a client sends (defaults not yet applied). */
export type CommandInput<K extends CommandName> = z.input<(typeof COMMANDS)[K]['payload']>;
/** What a handler receives (validated, defaults applied). */
export type CommandPayload<K extends CommandName> = z.infer<(typeof COMMANDS)[K]['payload']>;

/** What each command answers. Every meeting command answers the meeting's new state, also pushed to the board. */
export interface CommandResults {
  'risk:create': R.RiskRow;
  'risk:close': R.RiskRow;
  'risk:reopen': R.RiskRow;
  'risk:escalate': R.RiskRow;
  'risk:deescalate': R.RiskRow;
  'risk:change-owner': R.RiskRow;
  'challenge:raise': C.ChallengeRow;
  'challenge:submit': C.ChallengeRow;
  'challenge:accept': C.ChallengeRow;
  'challenge:press': C.ChallengeRow;
  'challenge:close': C.ChallengeRow;
  'challenge:escalate': C.ChallengeRow;
  'meeting:create': M.MeetingSummary;
  'meeting:update': M.MeetingState;
  'meeting:start': M.MeetingState;
  'meeting:advance': M.MeetingState;
  'meeting:close': M.MeetingState;
  'meeting:sign-off': M.MeetingState;
  'meeting:build-agenda': M.MeetingState;
  'agenda:add': M.MeetingState;
  'agenda:update': M.MeetingState;
  'agenda:remove': M.MeetingState;
  'agenda:move': M.MeetingState;
  'attendance:set': M.MeetingState;
  'guest:add': M.MeetingState;
  'guest:remove': M.MeetingState;
  'hand:raise': M.MeetingState;
  'hand:lower': M.MeetingState;
  'action:create': M.ActionView;
  'action:update': M.ActionView;
  'board:quorum-rule': M.QuorumRule;
}
export type CommandResult<K extends CommandName> = CommandResults[K];

export function isCommandName(name: string): name is CommandName {
  return Object.prototype.hasOwnProperty.call(COMMANDS, name);
}

/** The REST address of a command. */
export const commandPath = (name: CommandName) => `/api/commands/${name}`;
