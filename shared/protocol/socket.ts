import { z } from 'zod';
import type { ErrorBody } from '../errors.js';
import type { DocKind } from './yjs.js';
import type {
  ChangeOwnerPayload,
  CloseRiskPayload,
  CreateRiskPayload,
  EscalateRiskPayload,
  ReopenRiskPayload,
  RiskRow,
} from '../schemas/risk.js';

/** Every Socket.io event, declared once. Payloads from clients are validated with the schemas here. */
export const JoinBoardPayload = z.object({ boardId: z.number().int().positive() });
export type JoinBoardPayload = z.infer<typeof JoinBoardPayload>;

export const FocusPayload = z.object({
  boardId: z.number().int().positive(),
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

export interface ClientToServerEvents {
  'board:join': (payload: JoinBoardPayload, ack: Ack<{ presence: PresenceEntry[] }>) => void;
  'board:leave': (payload: JoinBoardPayload, ack: Ack<null>) => void;
  'presence:focus': (payload: FocusPayload) => void;
  'risk:create': (payload: z.input<typeof CreateRiskPayload>, ack: Ack<RiskRow>) => void;
  'risk:close': (payload: z.input<typeof CloseRiskPayload>, ack: Ack<RiskRow>) => void;
  'risk:reopen': (payload: z.input<typeof ReopenRiskPayload>, ack: Ack<RiskRow>) => void;
  'risk:escalate': (payload: z.input<typeof EscalateRiskPayload>, ack: Ack<RiskRow>) => void;
  'risk:deescalate': (payload: z.input<typeof EscalateRiskPayload>, ack: Ack<RiskRow>) => void;
  'risk:change-owner': (payload: z.input<typeof ChangeOwnerPayload>, ack: Ack<RiskRow>) => void;
}

export interface ServerToClientEvents {
  'presence:changed': (payload: { boardId: number; presence: PresenceEntry[] }) => void;
  'rows:changed': (payload: RowsChangedEvent) => void;
}

export const boardRoom = (boardId: number) => `board:${boardId}`;
export const partnershipRoom = (partnershipId: number) => `partnership:${partnershipId}`;
