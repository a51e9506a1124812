import { z } from 'zod';
import type { NotificationView } from '../schemas/challenge.js';
import type { CommandInput, CommandName, CommandResult } from './commands.js';
import { Id } from '../schemas/common.js';
import type { ErrorBody } from '../errors.js';
import type { DocKind } from './yjs.js';
import type { OvertakenChange } from '../schemas/risk.js';
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
  /** The rows themselves, as the list shows them (risk rows, challenge rows, meeting summaries); absent if they could not be read. */
  rows?: unknown[];
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

/** Every command of shared/protocol/commands.ts is a Socket.io event with an acknowledgement. */
type CommandEvents = { [K in CommandName]: (payload: CommandInput<K>, ack: Ack<CommandResult<K>>) => void };

export type ClientToServerEvents = CommandEvents & {
  'board:join': (payload: JoinBoardPayload, ack: Ack<{ presence: PresenceEntry[] }>) => void;
  'board:leave': (payload: JoinBoardPayload, ack: Ack<null>) => void;
  'presence:focus': (payload: FocusPayload) => void;
};

export interface ServerToClientEvents {
  'presence:changed': (payload: { boardId: number; presence: PresenceEntry[] }) => void;
  'rows:changed': (payload: RowsChangedEvent) => void;
  /** A meeting's state after a command: current item, agenda, attendance, hands, actions. */
  'meeting:state': (payload: M.MeetingState) => void;
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
}

export const boardRoom = (boardId: number) => `board:${boardId}`;
export const partnershipRoom = (partnershipId: number) => `partnership:${partnershipId}`;
export const personRoom = (personId: number) => `person:${personId}`;
