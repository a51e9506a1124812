import { z } from 'zod';
import type { ErrorBody } from '../errors.js';

/** Every Socket.io event, declared once. Payloads from clients are validated with the schemas here. */
export const JoinBoardPayload = z.object({ boardId: z.number().int().positive() });
export type JoinBoardPayload = z.infer<typeof JoinBoardPayload>;

export type Ack<T = unknown> = (reply: { ok: true; data: T } | ({ ok: false } & ErrorBody)) => void;

export interface PresenceEntry {
  personId: number;
  name: string;
  agencyName: string;
  /** What they are looking at, e.g. "risk:12", and the field they are in. */
  record: string | null;
  field: string | null;
}

export interface ClientToServerEvents {
  'board:join': (payload: JoinBoardPayload, ack: Ack<{ presence: PresenceEntry[] }>) => void;
  'board:leave': (payload: JoinBoardPayload, ack: Ack<null>) => void;
}

export interface ServerToClientEvents {
  'presence:changed': (payload: { boardId: number; presence: PresenceEntry[] }) => void;
}

export const boardRoom = (boardId: number) => `board:${boardId}`;
