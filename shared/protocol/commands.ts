import type { z } from 'zod';
import * as A from '../schemas/admin.js';
import * as C from '../schemas/challenge.js';
import * as E from '../schemas/evidence.js';
import * as Mx from '../schemas/matrix.js';
import * as M from '../schemas/meeting.js';
import * as Pl from '../schemas/plan.js';
import * as Sc from '../schemas/scorecard.js';
import * as Pk from '../schemas/packs.js';
import * as R from '../schemas/risk.js';
import * as Sso from '../schemas/sso.js';

/**
 * Who may send a command at all. The finer rule (the risk's owner, the board's chair, a deputy standing
 * in) is the service's, read from shared/domain/permissions.ts; this is the gate before it.
 * - `person`: anyone signed in to the partnership (the service decides per record);
 * - `admin`: partnership administrators only.
 */
export type CommandGate = 'person' | 'admin';

export interface CommandSpec {
  payload: z.ZodType;
  /** What the command answers (strict: see shared/schemas/common.ts); checked in development and tests. */
  result: z.ZodType;
  gate: CommandGate;
  /** In words, for the API reference and refusals: who may run it. */
  who: string;
}

const spec = <P extends z.ZodType, R extends z.ZodType>(payload: P, result: R, who: string, gate: CommandGate = 'person') => ({ payload, result, gate, who });

/**
 * Every command, declared once: its name, its payload schema and who may run it. One dispatcher serves
 * each over Socket.io (`socket.emit(name, payload, ack)`) and REST (`POST /api/commands/<name>`), with
 * the same answer and the same errors.
 */
export const COMMANDS = {
  'risk:create': spec(R.CreateRiskPayload, R.RiskRow, 'A member of a board the risk sits at, or an administrator.'),
  'risk:close': spec(R.CloseRiskPayload, R.RiskRow, "The chair of the risk's board or of the board it is escalated to, or an administrator."),
  'risk:reopen': spec(R.ReopenRiskPayload, R.RiskRow, "The chair of the risk's board or of the board it is escalated to, or an administrator."),
  'risk:escalate': spec(R.EscalateRiskPayload, R.RiskRow, "The chair of the risk's board, or an administrator, giving a reason."),
  'risk:deescalate': spec(R.DeescalateRiskPayload, R.RiskRow, "The chair of the risk's board or of the board it is escalated to, or an administrator."),
  'risk:change-owner': spec(R.ChangeOwnerPayload, R.RiskRow, "The risk's owner, the chair of its board or of the board it is escalated to, or an administrator."),
  'challenge:raise': spec(C.RaiseChallengePayload, C.ChallengeRow, 'A member (or deputy) of the board, or an administrator.'),
  'challenge:submit': spec(C.ChallengeRef, C.ChallengeRow, 'The agency the challenge is directed at.'),
  'challenge:accept': spec(C.ChallengeReason, C.ChallengeRow, "The board's chair (or the raiser, where the board lets raisers decide)."),
  'challenge:press': spec(C.PressChallengePayload, C.ChallengeRow, "The board's chair (or the raiser, where the board lets raisers decide)."),
  'challenge:close': spec(C.ChallengeReason, C.ChallengeRow, "The board's chair, or an administrator."),
  'challenge:escalate': spec(C.ChallengeReason, C.ChallengeRow, "The board's chair, or an administrator."),
  'meeting:create': spec(M.CreateMeetingPayload, M.MeetingSummary, "The board's chair, or an administrator."),
  'meeting:update': spec(M.UpdateMeetingPayload, M.MeetingState, 'Whoever runs the meeting, or an administrator.'),
  'meeting:start': spec(M.MeetingRef, M.MeetingState, 'Whoever runs the meeting.'),
  'meeting:advance': spec(M.SetCurrentItemPayload, M.MeetingState, 'Whoever runs the meeting.'),
  'meeting:close': spec(M.MeetingRef, M.MeetingState, 'Whoever runs the meeting.'),
  'meeting:sign-off': spec(M.MeetingRef, M.MeetingState, "The board's chair."),
  'meeting:build-agenda': spec(M.MeetingRef, M.MeetingState, 'Whoever runs the meeting.'),
  'agenda:add': spec(M.AddAgendaItemPayload, M.MeetingState, 'Whoever runs the meeting.'),
  'agenda:update': spec(M.UpdateAgendaItemPayload, M.MeetingState, 'Whoever runs the meeting.'),
  'agenda:remove': spec(M.AgendaItemRef, M.MeetingState, 'Whoever runs the meeting.'),
  'agenda:move': spec(M.MoveAgendaItemPayload, M.MeetingState, 'Whoever runs the meeting.'),
  'agenda:restore': spec(M.RestoreAgendaItemPayload, M.MeetingState, 'Whoever runs the meeting; the item comes back as itself, at the place it had or at `toIndex`.'),
  'attendance:set': spec(M.SetAttendancePayload, M.MeetingState, 'Whoever runs the meeting, for anyone; a member (or deputy) for themselves.'),
  'guest:add': spec(M.AddGuestPayload, M.MeetingState, 'Whoever runs the meeting.'),
  'guest:remove': spec(M.GuestRef, M.MeetingState, 'Whoever runs the meeting.'),
  'hand:raise': spec(M.MeetingRef, M.MeetingState, 'A member (or deputy) present at the meeting.'),
  'hand:lower': spec(M.LowerHandPayload, M.MeetingState, 'The person whose hand it is, or whoever runs the meeting.'),
  'paper:add': spec(M.AddPaperPayload, M.MeetingState, 'Whoever runs the meeting.'),
  'paper:attach': spec(M.AttachPaperPayload, M.MeetingState, "The paper's author, or whoever runs the meeting; the file is one of the partnership's evidence files."),
  'paper:remove': spec(M.PaperRef, M.MeetingState, 'Whoever runs the meeting.'),
  'pack:publish': spec(Pk.PublishPackPayload, Pk.PackVersionView, 'Whoever runs the meeting; the PDF is printed then and kept as the version members received.'),
  'action:create': spec(M.CreateActionPayload, M.ActionView, 'Anyone who may edit the meeting: its chair, members and deputies, or an administrator.'),
  'action:update': spec(M.UpdateActionPayload, M.ActionView, "The action's owner, the board's chair, or an administrator."),
  'board:quorum-rule': spec(M.QuorumRulePayload, M.QuorumRule, "The board's chair, or an administrator."),
  'risk-matrix:save': spec(Mx.RiskMatrixBody, Mx.MatrixSaved, 'A partnership administrator; refused while a risk holds a score the new matrix cannot.', 'admin'),
  'board:challenge-settings': spec(C.ChallengeSettingsPayload, C.ChallengeSettings, 'A partnership administrator.', 'admin'),
  'notifications:read': spec(C.MarkNotificationsReadPayload, C.NotificationList, 'Anyone, for their own notifications.'),
  'plan:create': spec(Pl.CreatePlanPayload, Pl.PlanSummary, "The chair or a vice-chair of the board that will own it, or an administrator."),
  'plan:update': spec(Pl.UpdatePlanPayload, Pl.PlanSummary, "The chair or a vice-chair of the plan's board (and of the board it is handed to), or an administrator."),
  'theme:create': spec(Pl.CreateThemePayload, Pl.ThemeView, "The chair or a vice-chair of the plan's board, or an administrator."),
  'theme:update': spec(Pl.UpdateThemePayload, Pl.ThemeView, "The chair or a vice-chair of the plan's board, or an administrator."),
  'objective:create': spec(Pl.CreateObjectivePayload, Pl.ObjectiveView, "The chair or a vice-chair of the plan's board, or an administrator."),
  'objective:update': spec(Pl.UpdateObjectivePayload, Pl.ObjectiveView, "The chair or a vice-chair of the plan's board, or an administrator."),
  'objective:set-rag': spec(Pl.SetRagPayload, Pl.ObjectiveView, "The objective's lead, the chair of the plan's board, or an administrator; a RAG other than the suggestion needs a rationale."),
  'objective:propose-rag': spec(
    Pl.ProposeRagPayload,
    Pl.ObjectiveView,
    "During an in-progress meeting of the plan's board with the objective on its agenda: a member present (or a named deputy standing in), the objective's lead, the board's chair, or an administrator; never an observer.",
  ),
  'plan-action:create': spec(Pl.CreatePlanActionPayload, Pl.PlanActionView, "The chair or a vice-chair of the plan's board, or an administrator."),
  'plan-action:update': spec(
    Pl.UpdatePlanActionPayload,
    Pl.PlanActionView,
    "Status and completed date (its progress text is the objective doc's): the action's lead officers, the objective's lead, the chair of the plan's board, or an administrator; anything else: the chair or a vice-chair, or an administrator.",
  ),
  'recommendation:create': spec(Pl.CreateRecommendationPayload, Pl.RecommendationView, "An administrator, or the chair or a vice-chair of a board that owns a plan."),
  'recommendation:update': spec(Pl.UpdateRecommendationPayload, Pl.RecommendationView, "An administrator, or the chair or a vice-chair of a board that owns a plan."),
  'indicator:create': spec(Sc.CreateIndicatorPayload, Sc.IndicatorRow, 'An administrator, or the chair or a vice-chair of one of the partnership’s boards.'),
  'indicator:update': spec(Sc.UpdateIndicatorPayload, Sc.IndicatorRow, 'An administrator, or the chair or a vice-chair of one of the partnership’s boards; the frequency cannot change.'),
  'indicator:set-comparators': spec(Sc.SetComparatorsPayload, Sc.IndicatorRow, 'An administrator, or the chair or a vice-chair of one of the partnership’s boards; the list given replaces the indicator’s comparators.'),
  'indicator:record-values': spec(Sc.RecordValuesPayload, Sc.IndicatorRows, 'Each indicator’s lead, its owning agency’s people on the boards, a chair, or an administrator; all the values are stored, or none.'),
  'evidence:add-link': spec(E.AddEvidenceLinkPayload, E.EvidenceView, 'A chair, vice-chair, member or deputy of any board of the partnership, or an administrator.'),
  'evidence:add-note': spec(E.AddEvidenceNotePayload, E.EvidenceView, 'A chair, vice-chair, member or deputy of any board of the partnership, or an administrator.'),
  'evidence:update': spec(E.UpdateEvidencePayload, E.EvidenceView, 'Whoever added it, a board chair, or an administrator.'),
  'evidence:remove': spec(E.EvidenceRef, E.EvidenceView, 'Whoever added it, a board chair, or an administrator; the item leaves the lists and stays on the record.'),
  'partnership:settings': spec(A.PartnershipSettingsPayload, A.PartnershipSettings, 'A partnership administrator.', 'admin'),
  'partnership:sso': spec(Sso.SsoSettingsPayload, Sso.SsoSettingsView, 'A partnership administrator; turned on, the issuer must answer its discovery document.', 'admin'),
  'agency:create': spec(A.AgencyBody, A.AgencyView, 'A partnership administrator.', 'admin'),
  'agency:update': spec(A.UpdateAgencyPayload, A.AgencyView, 'A partnership administrator.', 'admin'),
  'person:create': spec(A.PersonBody, A.CreatedPerson, 'A partnership administrator.', 'admin'),
  'person:update': spec(A.UpdatePersonPayload, A.PersonView, 'A partnership administrator.', 'admin'),
  'person:invite': spec(A.PersonRef, A.InvitationView, 'A partnership administrator.', 'admin'),
  'board:create': spec(A.BoardBody, A.BoardView, 'A partnership administrator.', 'admin'),
  'board:update': spec(A.UpdateBoardPayload, A.BoardView, 'A partnership administrator.', 'admin'),
  'membership:add': spec(A.AddMemberPayload, A.MembershipView, 'A partnership administrator.', 'admin'),
  'membership:update': spec(A.UpdateMemberPayload, A.MembershipView, 'A partnership administrator.', 'admin'),
  'membership:remove': spec(A.MembershipRef, A.RemovedMembership, 'A partnership administrator.', 'admin'),
} as const satisfies Record<string, CommandSpec>;

export type CommandName = keyof typeof COMMANDS;
export const COMMAND_NAMES = Object.keys(COMMANDS) as CommandName[];
/** What a client sends (defaults not yet applied). */
export type CommandInput<K extends CommandName> = z.input<(typeof COMMANDS)[K]['payload']>;
/** What a handler receives (validated, defaults applied). */
export type CommandPayload<K extends CommandName> = z.infer<(typeof COMMANDS)[K]['payload']>;

/** What each command answers (its `result` schema). Every meeting command answers the meeting's new state, also pushed to the board. */
export type CommandResults = { [K in CommandName]: z.infer<(typeof COMMANDS)[K]['result']> };
export type CommandResult<K extends CommandName> = CommandResults[K];

export function isCommandName(name: string): name is CommandName {
  return Object.prototype.hasOwnProperty.call(COMMANDS, name);
}

/** The REST address of a command. */
export const commandPath = (name: CommandName) => `/api/commands/${name}`;
