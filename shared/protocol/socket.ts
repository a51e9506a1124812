import { z } from 'zod';
import { LIMITS } from '../limits.js';
import { ChallengeRow, NotificationView } from '../schemas/challenge.js';
import type { CommandInput, CommandName, CommandResult } from './commands.js';
import { Id, RowId, Timestamp } from '../schemas/common.js';
import type { ErrorBody } from '../errors.js';
import type { DocKind } from './yjs.js';
import { OvertakenChange, RiskRow } from '../schemas/risk.js';
import { MeetingState } from '../schemas/meeting.js';
import { RiskMatrixView } from '../schemas/matrix.js';
import type { RiskMatrix } from '../domain/scoring.js';

/** Every Socket.io event, declared once. Payloads from clients are validated with the schemas here. */
/**
 * `screen`: the page is a room's screen (the meeting's presenter view), not a person at the board. It
 * joins the room to hear its pushes, and stands in no one's presence: it is neither listed nor counted
 * among the people here. Nobody listens unseen, though: who opened a screen is said apart (`screens`).
 */
export const JoinBoardPayload = z.object({ boardId: Id, screen: z.boolean().optional() });
export type JoinBoardPayload = z.infer<typeof JoinBoardPayload>;

export const FocusPayload = z.object({
  boardId: Id,
  record: z.string().max(60).nullable(),
  field: z.string().max(60).nullable(),
});
export type FocusPayload = z.infer<typeof FocusPayload>;

export type AckReply<T> = { ok: true; data: T } | ({ ok: false } & ErrorBody);
export type Ack<T = unknown> = (reply: AckReply<T>) => void;

/* What the server sends over Socket.io besides command results (strict: see shared/schemas/common.ts). */

/*
 * Bounded, as every answer another process gives is checked against these (presence.ts): a name as
 * long as a name may be, a focus as FocusPayload allows, and more people than any board room holds.
 */
export const PresenceEntry = z.strictObject({
  personId: RowId,
  name: z.string().max(LIMITS.nameMax),
  agencyName: z.string().max(LIMITS.nameMax),
  /** What they are looking at, e.g. "risk:12", and the field they are in. */
  record: z.string().max(60).nullable(),
  field: z.string().max(60).nullable(),
});
export type PresenceEntry = z.infer<typeof PresenceEntry>;

/** A room's screen (a presenter view) following the board, by the person whose session opened it. */
export const ScreenEntry = z.strictObject({ personId: RowId, name: z.string().max(LIMITS.nameMax) });
export type ScreenEntry = z.infer<typeof ScreenEntry>;

/** Who is at a board now, and the room screens that follow it: the answer to "board:join", and pushed as "presence:changed" with the board's id. */
export const BoardPresence = z.strictObject({ presence: z.array(PresenceEntry).max(5000), screens: z.array(ScreenEntry).max(500) });
export type BoardPresence = z.infer<typeof BoardPresence>;
export const PresenceChanged = BoardPresence.extend({ boardId: RowId });
export type PresenceChanged = z.infer<typeof PresenceChanged>;

/** Pushed when projection rows change, so every open list refreshes those rows without reload. */
export interface RowsChangedEvent {
  kind: DocKind;
  ids: number[];
  /** The rows themselves, as the list shows them (risk rows, challenge rows, meeting summaries); absent if they could not be read. */
  rows?: unknown[];
}
const ChangedIds = z.array(RowId).min(1);
/**
 * The push as sent: per kind, the rows a partnership-wide list shows. Meetings carry ids only (a
 * board's meetings are its members', so each list asks again with its own rights). The server builds
 * the event as RowsChangedEvent above; this says what each kind's rows are.
 */
export const RowsChangedEvent = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('risk'), ids: ChangedIds, rows: z.array(RiskRow).optional() }),
  z.strictObject({ kind: z.literal('challenge'), ids: ChangedIds, rows: z.array(ChallengeRow).optional() }),
  z.strictObject({ kind: z.literal('meeting'), ids: ChangedIds }),
]);

/**
 * Why the server ended the session a socket was opened with: signed out (here or in another tab),
 * expired (idle or past its lifetime), the person disabled, or their password reset;
 * `sso_required`: the partnership now requires single sign-on and the session was not opened through it;
 * `partnership_switched`: the session works in another partnership now; this page belongs to the one it left.
 */
export const SESSION_END_REASONS = ['signed_out', 'expired', 'disabled', 'password_reset', 'sso_required', 'partnership_switched'] as const;
export type SessionEndReason = (typeof SESSION_END_REASONS)[number];

/** Pushed just before the server disconnects every socket of a session that has ended. */
export const SessionEndedEvent = z.strictObject({ reason: z.enum(SESSION_END_REASONS) });
export type SessionEndedEvent = z.infer<typeof SessionEndedEvent>;

/**
 * Pushed to the person whose change to a risk's field did not hold: someone else set the same field at
 * the same moment and the merge kept their value. Only that person is told (never the one whose value
 * held, nor anyone watching); the risk's history records it for everyone.
 */
export const RiskOvertakenEvent = z.strictObject({
  /** The history entry's id (a page that also reads the history tells each once). */
  id: RowId,
  riskId: RowId,
  /** The history entry (see OvertakenChange): field, both values, both people, in words. */
  change: OvertakenChange,
  at: Timestamp,
});
export type RiskOvertakenEvent = z.infer<typeof RiskOvertakenEvent>;

/** Every command of shared/protocol/commands.ts is a Socket.io event with an acknowledgement. */
type CommandEvents = { [K in CommandName]: (payload: CommandInput<K>, ack: Ack<CommandResult<K>>) => void };

/** What the events with an acknowledgement that are not commands answer. */
export const SOCKET_ACKS = {
  'board:join': BoardPresence,
  'board:leave': z.null(),
} as const;
type AckOf<K extends keyof typeof SOCKET_ACKS> = Ack<z.infer<(typeof SOCKET_ACKS)[K]>>;

export type ClientToServerEvents = CommandEvents & {
  'board:join': (payload: JoinBoardPayload, ack: AckOf<'board:join'>) => void;
  'board:leave': (payload: JoinBoardPayload, ack: AckOf<'board:leave'>) => void;
  'presence:focus': (payload: FocusPayload) => void;
};

/** Which plan changed; every member of the partnership may read plans, so the push goes to all of it. */
export const PlanChangedEvent = z.strictObject({ planId: RowId });
export type PlanChangedEvent = z.infer<typeof PlanChangedEvent>;

/** Which indicators changed; every member of the partnership reads the scorecard. */
export const ScorecardChangedEvent = z.strictObject({ indicatorIds: z.array(RowId) });
export type ScorecardChangedEvent = z.infer<typeof ScorecardChangedEvent>;

export interface ServerToClientEvents {
  'presence:changed': (payload: PresenceChanged) => void;
  'rows:changed': (payload: RowsChangedEvent) => void;
  /** A meeting's state after a command: current item, agenda, attendance, hands, actions. */
  'meeting:state': (payload: MeetingState) => void;
  /** A notification for the signed-in person, as it is written. */
  'notification:new': (payload: NotificationView) => void;
  /** The session ended: the socket is disconnected next, and the page should go to sign-in. */
  'session:ended': (payload: SessionEndedEvent) => void;
  /** A change this person made to a risk's field did not hold (see RiskOvertakenEvent). */
  'risk:overtaken': (payload: RiskOvertakenEvent) => void;
  /** The person's boards or roles changed: their open pages read /api/auth/me again. */
  'membership:changed': () => void;
  /** The partnership's risk matrix changed (sizes, labels, bands): pages redraw with it; rows follow in "rows:changed". */
  'risk-matrix:changed': (payload: RiskMatrix) => void;
  /** An improvement plan changed (structure, an action's status or progress, an objective's RAG): open plan pages read it again. */
  'plan:changed': (payload: PlanChangedEvent) => void;
  /** Evidence of the partnership was added, changed or removed: open evidence lists read again (each with its own filters). */
  'evidence:changed': () => void;
  /** Scorecard indicators changed (definitions, comparators, values): open scorecard pages read them again. */
  'scorecard:changed': (payload: ScorecardChangedEvent) => void;
}

/**
 * Every push's payload, declared once: what `socket.on(event)` receives. "membership:changed" carries
 * nothing. The type check below keeps this table and ServerToClientEvents the same.
 */
export const PUSHES = {
  'presence:changed': PresenceChanged,
  'rows:changed': RowsChangedEvent,
  'meeting:state': MeetingState,
  'notification:new': NotificationView,
  'session:ended': SessionEndedEvent,
  'risk:overtaken': RiskOvertakenEvent,
  'membership:changed': null,
  'risk-matrix:changed': RiskMatrixView,
  'plan:changed': PlanChangedEvent,
  'evidence:changed': null,
  'scorecard:changed': ScorecardChangedEvent,
} as const satisfies Record<keyof ServerToClientEvents, z.ZodType | null>;
type PushPayload<K extends keyof ServerToClientEvents> = Parameters<ServerToClientEvents[K]>[0];
const pushesMatch: { [K in keyof ServerToClientEvents]: (typeof PUSHES)[K] extends z.ZodType ? (z.infer<(typeof PUSHES)[K]> extends PushPayload<K> ? true : never) : Parameters<ServerToClientEvents[K]> extends [] ? true : never } = {
  'presence:changed': true,
  'rows:changed': true,
  'meeting:state': true,
  'notification:new': true,
  'session:ended': true,
  'risk:overtaken': true,
  'membership:changed': true,
  'risk-matrix:changed': true,
  'plan:changed': true,
  'evidence:changed': true,
  'scorecard:changed': true,
};
void pushesMatch;

export const boardRoom = (boardId: number) => `board:${boardId}`;
export const partnershipRoom = (partnershipId: number) => `partnership:${partnershipId}`;
export const personRoom = (personId: number) => `person:${personId}`;
