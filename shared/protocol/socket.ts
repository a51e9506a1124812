import { z } from 'zod';
import type * as C from '../schemas/challenge.js';
import { Id } from '../schemas/common.js';
import type { ErrorBody } from '../errors.js';
import type { DocKind } from './yjs.js';
import type {
  ChangeOwnerPayload,
  CloseRiskPayload,
  CreateRiskPayload,
  DeescalateRiskPayload,
  EscalateRiskPayload,
  OvertakenChange,
  ReopenRiskPayload,
  RiskRow,
} from '../schemas/risk.js';
import type * as M from '../schemas/meeting.js';
import type { RiskMatrix } from '../domain/scoring.js';

/** Every Socket.io event, declared once. Payloads from clients are validated with the schemas here. */
export const JoinBoardPayload = z.object({ boardId: Id });
export type JoinBoardPayload = z.infer<typeof JoinBoardPayload>;

export const FocusPayload = z.object({
  boardId: Id,
  record: z.string().max(60).nullable(),
  field: z.string().max(60).nullable(),
});
export type FocusPayload = z.infer<typeof FocusPayload>;

export type AckReply<T> = { ok: true; data: T } | ({ ok: false } & ErrorBody);
export type Ack<T = unknown> = (reply: AckReply<T>) => void;

export interface PresenceEntry {
  personId: number;
  name: string;
  agencyName: string;
  /** What they are looking at, e.g. "risk:12", and the field they are in. */
  record: string | null;
  field: string | null;
}

/** Pushed when projection rows change, so every open list refreshes those rows without reload. */
export interface RowsChangedEvent {
  kind: DocKind;
  ids: number[];
}

/**
 * Why the server ended the session a socket was opened with: signed out (here or in another tab),
 * expired (idle or past its lifetime), the person disabled, or their password reset.
 */
/** `partnership_switched`: the session works in another partnership now; this page belongs to the one it left. */
export type SessionEndReason = 'signed_out' | 'expired' | 'disabled' | 'password_reset' | 'partnership_switched';

/** Pushed just before the server disconnects every socket of a session that has ended. */
export interface SessionEndedEvent {
  reason: SessionEndReason;
}

/**
 * Pushed to the person whose change to a risk's field did not hold: someone else set the same field at
 * the same moment and the merge kept their value. Only that person is told (never the one whose value
 * held, nor anyone watching); the risk's history records it for everyone.
 */
export interface RiskOvertakenEvent {
  /** The history entry's id (a page that also reads the history tells each once). */
  id: number;
  riskId: number;
  /** The history entry (see OvertakenChange): field, both values, both people, in words. */
  change: OvertakenChange;
  at: string;
}

export interface ClientToServerEvents {
  'board:join': (payload: JoinBoardPayload, ack: Ack<{ presence: PresenceEntry[] }>) => void;
  'board:leave': (payload: JoinBoardPayload, ack: Ack<null>) => void;
  'presence:focus': (payload: FocusPayload) => void;
  'challenge:raise': (payload: z.input<typeof C.RaiseChallengePayload>, ack: Ack<C.ChallengeRow>) => void;
  'challenge:submit': (payload: z.input<typeof C.ChallengeRef>, ack: Ack<C.ChallengeRow>) => void;
  'challenge:accept': (payload: z.input<typeof C.ChallengeReason>, ack: Ack<C.ChallengeRow>) => void;
  'challenge:press': (payload: z.input<typeof C.PressChallengePayload>, ack: Ack<C.ChallengeRow>) => void;
  'challenge:close': (payload: z.input<typeof C.ChallengeReason>, ack: Ack<C.ChallengeRow>) => void;
  'challenge:escalate': (payload: z.input<typeof C.ChallengeReason>, ack: Ack<C.ChallengeRow>) => void;
  'risk:create': (payload: z.input<typeof CreateRiskPayload>, ack: Ack<RiskRow>) => void;
  'risk:close': (payload: z.input<typeof CloseRiskPayload>, ack: Ack<RiskRow>) => void;
  'risk:reopen': (payload: z.input<typeof ReopenRiskPayload>, ack: Ack<RiskRow>) => void;
  'risk:escalate': (payload: z.input<typeof EscalateRiskPayload>, ack: Ack<RiskRow>) => void;
  'risk:deescalate': (payload: z.input<typeof DeescalateRiskPayload>, ack: Ack<RiskRow>) => void;
  'risk:change-owner': (payload: z.input<typeof ChangeOwnerPayload>, ack: Ack<RiskRow>) => void;
  // Meetings: every command answers with the meeting's new state, which is also pushed to the board room.
  'meeting:create': (payload: z.input<typeof M.CreateMeetingPayload>, ack: Ack<M.MeetingSummary>) => void;
  'meeting:update': (payload: z.input<typeof M.UpdateMeetingPayload>, ack: Ack<M.MeetingState>) => void;
  'meeting:start': (payload: z.input<typeof M.MeetingRef>, ack: Ack<M.MeetingState>) => void;
  'meeting:advance': (payload: z.input<typeof M.SetCurrentItemPayload>, ack: Ack<M.MeetingState>) => void;
  'meeting:close': (payload: z.input<typeof M.MeetingRef>, ack: Ack<M.MeetingState>) => void;
  'meeting:sign-off': (payload: z.input<typeof M.MeetingRef>, ack: Ack<M.MeetingState>) => void;
  'meeting:build-agenda': (payload: z.input<typeof M.MeetingRef>, ack: Ack<M.MeetingState>) => void;
  'agenda:add': (payload: z.input<typeof M.AddAgendaItemPayload>, ack: Ack<M.MeetingState>) => void;
  'agenda:update': (payload: z.input<typeof M.UpdateAgendaItemPayload>, ack: Ack<M.MeetingState>) => void;
  'agenda:remove': (payload: z.input<typeof M.AgendaItemRef>, ack: Ack<M.MeetingState>) => void;
  'agenda:move': (payload: z.input<typeof M.MoveAgendaItemPayload>, ack: Ack<M.MeetingState>) => void;
  'attendance:set': (payload: z.input<typeof M.SetAttendancePayload>, ack: Ack<M.MeetingState>) => void;
  'guest:add': (payload: z.input<typeof M.AddGuestPayload>, ack: Ack<M.MeetingState>) => void;
  'guest:remove': (payload: z.input<typeof M.GuestRef>, ack: Ack<M.MeetingState>) => void;
  'hand:raise': (payload: z.input<typeof M.MeetingRef>, ack: Ack<M.MeetingState>) => void;
  'hand:lower': (payload: z.input<typeof M.LowerHandPayload>, ack: Ack<M.MeetingState>) => void;
  'action:create': (payload: z.input<typeof M.CreateActionPayload>, ack: Ack<M.ActionView>) => void;
  'action:update': (payload: z.input<typeof M.UpdateActionPayload>, ack: Ack<M.ActionView>) => void;
  'board:quorum-rule': (payload: z.input<typeof M.QuorumRulePayload>, ack: Ack<M.QuorumRule>) => void;
}

export interface ServerToClientEvents {
  'presence:changed': (payload: { boardId: number; presence: PresenceEntry[] }) => void;
  'rows:changed': (payload: RowsChangedEvent) => void;
  /** A meeting's state after a command: current item, agenda, attendance, hands, actions. */
  'meeting:state': (payload: M.MeetingState) => void;
  /** A notification for the signed-in person, as it is written. */
  'notification:new': (payload: C.NotificationView) => void;
  /** The session ended: the socket is disconnected next, and the page should go to sign-in. */
  'session:ended': (payload: SessionEndedEvent) => void;
  /** A change this person made to a risk's field did not hold (see RiskOvertakenEvent). */
  'risk:overtaken': (payload: RiskOvertakenEvent) => void;
  /** The person's boards or roles changed: their open pages read /api/auth/me again. */
  'membership:changed': () => void;
  /** The partnership's risk matrix changed (sizes, labels, bands): pages redraw with it; rows follow in "rows:changed". */
  'risk-matrix:changed': (payload: RiskMatrix) => void;
}

export const boardRoom = (boardId: number) => `board:${boardId}`;
export const partnershipRoom = (partnershipId: number) => `partnership:${partnershipId}`;
export const personRoom = (personId: number) => `person:${personId}`;
