import { z } from 'zod';
import { LIMITS } from '../limits.js';
import { AGENCY_KINDS, BOARD_ROLES } from '../domain/roles.js';
import { Email, Id, NamedRef, RowId } from './common.js';

export const LoginBody = z.object({
  email: Email,
  password: z.string().min(1, 'Required').max(LIMITS.passwordMax),
});
export type LoginBody = z.infer<typeof LoginBody>;

export const NewPassword = z.string().min(LIMITS.passwordMin, `At least ${LIMITS.passwordMin} characters`).max(LIMITS.passwordMax);

export const AcceptInvitationBody = z.object({
  token: z.string().min(16).max(200),
  password: NewPassword,
});
export type AcceptInvitationBody = z.infer<typeof AcceptInvitationBody>;

/* Answers (strict: see common.ts). */

export const MembershipSummary = z.strictObject({
  membershipId: RowId,
  boardId: RowId,
  boardName: z.string(),
  partnershipId: RowId,
  role: z.enum(BOARD_ROLES),
  deputy: NamedRef.nullable(),
  /** Boards where this person is the named deputy of another member. */
  deputyFor: NamedRef.nullable(),
});
export type MembershipSummary = z.infer<typeof MembershipSummary>;

const AgencySummary = z.strictObject({ id: RowId, name: z.string(), kind: z.enum(AGENCY_KINDS) });

/** One partnership the account works in, with the person's agency and seats there. */
export const PartnershipSummary = z.strictObject({
  id: RowId,
  name: z.string(),
  isAdmin: z.boolean(),
  /** The person as this partnership knows them. */
  personId: RowId,
  agency: AgencySummary,
  /** The partnership this session is working in. */
  current: z.boolean(),
  memberships: z.array(MembershipSummary),
});
export type PartnershipSummary = z.infer<typeof PartnershipSummary>;

/**
 * What the person may do at one board, as the server decides it (shared/domain/permissions.ts,
 * boardCapabilities): the client shows exactly these and never works a right out for itself.
 */
export const BoardCapabilities = z.strictObject({
  boardId: z.number().int().positive(),
  /** Sits on the board as chair, vice-chair, member or a member's named deputy (observers watch). */
  takePart: z.boolean(),
  /** Schedules its meetings and sets its quorum rule (its chair, or an administrator). */
  schedule: z.boolean(),
  /** Runs one of its meetings while the chair is recorded as away (a vice-chair too). */
  runWhenChairAway: z.boolean(),
  raiseChallenge: z.boolean(),
  createRisk: z.boolean(),
  /** Moves on any of its actions, not only those the person owns. */
  updateAnyAction: z.boolean(),
});
export type BoardCapabilities = z.infer<typeof BoardCapabilities>;

/** What the person may do in the partnership the session works in; `boards` lists every board where they may do anything. */
export const Capabilities = z.strictObject({
  administer: z.boolean(),
  /** At one board or more. */
  raiseChallenge: z.boolean(),
  /** At one board or more. */
  createRisk: z.boolean(),
  /** Adds and changes the scorecard's indicators (an administrator, or a board's chair or vice-chair). */
  defineIndicators: z.boolean(),
  /** Brings records in from a spreadsheet (anyone but an observer; each row is then checked as its own edit would be). */
  importRecords: z.boolean(),
  boards: z.array(BoardCapabilities),
});
export type Capabilities = z.infer<typeof Capabilities>;

/** The signed-in person in the partnership the session works in, and every partnership of their account. */
export const Me = z.strictObject({
  person: z.strictObject({
    id: RowId,
    name: z.string(),
    email: z.string(),
    jobTitle: z.string().nullable(),
  }),
  agency: AgencySummary,
  /** `protectiveMarking`: what every printed page of the partnership carries (its administrators' setting). */
  partnership: z.strictObject({ id: RowId, name: z.string(), isAdmin: z.boolean(), protectiveMarking: z.string() }),
  partnerships: z.array(PartnershipSummary),
  memberships: z.array(MembershipSummary),
  capabilities: Capabilities,
});
export type Me = z.infer<typeof Me>;

export const InvitationPreview = z.strictObject({
  name: z.string(),
  email: z.string(),
  partnershipName: z.string(),
  agencyName: z.string(),
});
export type InvitationPreview = z.infer<typeof InvitationPreview>;

/** POST /api/auth/forgotten-password: the address typed; the answer is the same whether or not it is known. */
export const ForgottenPasswordBody = z.object({ email: Email });
export const ForgottenPasswordAnswer = z.strictObject({ message: z.string() });

/** A self-service reset link, as its page shows it before a new password is chosen. */
export const PasswordResetPreview = z.strictObject({ email: z.string(), expiresAt: z.iso.datetime({ offset: true }) });
export type PasswordResetPreview = z.infer<typeof PasswordResetPreview>;
export const ResetPasswordBody = z.object({ token: z.string().min(16).max(200), password: NewPassword });
export type ResetPasswordBody = z.infer<typeof ResetPasswordBody>;

export const SwitchPartnershipBody = z.object({ partnershipId: Id });
export type SwitchPartnershipBody = z.infer<typeof SwitchPartnershipBody>;
