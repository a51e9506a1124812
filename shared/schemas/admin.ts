import { z } from 'zod';
import { AGENCY_KINDS, BOARD_ROLES } from '../domain/roles.js';
import { Email, Id, Name } from './common.js';

const OptionalText = z.string().trim().max(2000).nullable().optional();

export const AgencyBody = z.object({ name: Name, kind: z.enum(AGENCY_KINDS) });
export const AgencyPatch = AgencyBody.partial().refine((v) => Object.keys(v).length > 0, 'Nothing to change');
export type AgencyBody = z.infer<typeof AgencyBody>;

export const PersonBody = z.object({
  name: Name,
  email: Email,
  agencyId: Id,
  jobTitle: z.string().trim().max(200).nullable().optional(),
  isPartnershipAdmin: z.boolean().default(false),
});
export type PersonBody = z.infer<typeof PersonBody>;
export const PersonPatch = z
  .object({
    name: Name,
    agencyId: Id,
    jobTitle: z.string().trim().max(200).nullable(),
    isPartnershipAdmin: z.boolean(),
    disabled: z.boolean(),
  })
  .partial()
  .refine((v) => Object.keys(v).length > 0, 'Nothing to change');
export type PersonPatch = z.infer<typeof PersonPatch>;

export const BoardBody = z.object({
  name: Name,
  description: OptionalText,
  parentBoardId: Id.nullable().optional(),
});
export type BoardBody = z.infer<typeof BoardBody>;
export const BoardPatch = BoardBody.partial().refine((v) => Object.keys(v).length > 0, 'Nothing to change');
export type BoardPatch = z.infer<typeof BoardPatch>;

export const MembershipBody = z.object({
  personId: Id,
  role: z.enum(BOARD_ROLES),
  deputyPersonId: Id.nullable().optional(),
});
export type MembershipBody = z.infer<typeof MembershipBody>;
export const MembershipPatch = z
  .object({ role: z.enum(BOARD_ROLES), deputyPersonId: Id.nullable() })
  .partial()
  .refine((v) => Object.keys(v).length > 0, 'Nothing to change');
export type MembershipPatch = z.infer<typeof MembershipPatch>;

/* Response shapes, shared so the client reads exactly what the server writes. */
export interface AgencyView {
  id: number;
  name: string;
  kind: (typeof AGENCY_KINDS)[number];
}
export interface PersonView {
  id: number;
  name: string;
  email: string;
  jobTitle: string | null;
  agencyId: number;
  agencyName: string;
  isPartnershipAdmin: boolean;
  disabled: boolean;
  /** False until the person has accepted an invitation and set a password. */
  active: boolean;
  /**
   * The person's account also works in another partnership: its password is theirs alone, so this
   * partnership cannot send them a reset link (the other partnership is not named).
   */
  sharedAccount: boolean;
}
export interface MembershipView {
  id: number;
  boardId: number;
  personId: number;
  personName: string;
  agencyId: number;
  agencyName: string;
  role: (typeof BOARD_ROLES)[number];
  deputy: { id: number; name: string } | null;
}
export interface BoardView {
  id: number;
  name: string;
  description: string | null;
  parentBoardId: number | null;
  parentBoardName: string | null;
}
export interface BoardDetail extends BoardView {
  members: MembershipView[];
  childBoards: { id: number; name: string }[];
}
export interface PartnershipView {
  id: number;
  name: string;
  agencies: AgencyView[];
  boards: BoardView[];
}
export interface InvitationView {
  url: string;
  expiresAt: string;
}
export interface CreatedPerson {
  person: PersonView;
  /** Null when an existing account was linked: the person signs in with the password they have. */
  invitation: InvitationView | null;
  linked: boolean;
}
export interface AuditEntry {
  id: number;
  at: string;
  actorId: number | null;
  actorName: string | null;
  action: string;
  entityType: string;
  entityId: number | null;
  detail: unknown;
}
