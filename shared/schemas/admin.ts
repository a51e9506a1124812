import { PROTECTIVE_MARKINGS, REPORTING_CYCLES } from '../domain/reporting.js';
import { AUDIT_GROUPS, AUDIT_RECORD_KINDS } from '../domain/audit-actions.js';
import { z } from 'zod';
import { AGENCY_KINDS, BOARD_ROLES } from '../domain/roles.js';
import { Email, Id, Name, NamedRef, RowId, Timestamp } from './common.js';

const OptionalText = z.string().trim().max(2000).nullable().optional();

/** A change must change something: a patch (or a command's payload, its record's ids aside) with no field is refused. */
const NOTHING = 'Nothing to change';
const changesSomething =
  (...ids: string[]) =>
  (v: object) =>
    Object.keys(v).some((k) => !ids.includes(k));

export const AgencyBody = z.object({ name: Name, kind: z.enum(AGENCY_KINDS) });
const AgencyFields = AgencyBody.partial();
export const AgencyPatch = AgencyFields.refine(changesSomething(), NOTHING);
export type AgencyBody = z.infer<typeof AgencyBody>;

export const PersonBody = z.object({
  name: Name,
  email: Email,
  agencyId: Id,
  jobTitle: z.string().trim().max(200).nullable().optional(),
  isPartnershipAdmin: z.boolean().default(false),
});
export type PersonBody = z.infer<typeof PersonBody>;
const PersonFields = z
  .object({
    name: Name,
    agencyId: Id,
    jobTitle: z.string().trim().max(200).nullable(),
    isPartnershipAdmin: z.boolean(),
    disabled: z.boolean(),
  })
  .partial();
export const PersonPatch = PersonFields.refine(changesSomething(), NOTHING);
export type PersonPatch = z.infer<typeof PersonPatch>;

export const BoardBody = z.object({
  name: Name,
  description: OptionalText,
  parentBoardId: Id.nullable().optional(),
  /** How often it sends a highlight report to its parent board. */
  reportingCycle: z.enum(REPORTING_CYCLES).optional(),
});
export type BoardBody = z.infer<typeof BoardBody>;
const BoardFields = BoardBody.partial();
export const BoardPatch = BoardFields.refine(changesSomething(), NOTHING);
export type BoardPatch = z.infer<typeof BoardPatch>;

export const MembershipBody = z.object({
  personId: Id,
  role: z.enum(BOARD_ROLES),
  deputyPersonId: Id.nullable().optional(),
});
export type MembershipBody = z.infer<typeof MembershipBody>;
const MembershipFields = z.object({ role: z.enum(BOARD_ROLES), deputyPersonId: Id.nullable() }).partial();
export const MembershipPatch = MembershipFields.refine(changesSomething(), NOTHING);
export type MembershipPatch = z.infer<typeof MembershipPatch>;

/* Command payloads (shared/protocol/commands.ts): the REST forms put the address's ids into them. */
export const UpdateAgencyPayload = AgencyFields.extend({ agencyId: Id }).refine(changesSomething('agencyId'), NOTHING);
export const UpdatePersonPayload = PersonFields.extend({ personId: Id }).refine(changesSomething('personId'), NOTHING);
export const PersonRef = z.object({ personId: Id });
export const UpdateBoardPayload = BoardFields.extend({ boardId: Id }).refine(changesSomething('boardId'), NOTHING);
export const AddMemberPayload = MembershipBody.extend({ boardId: Id });
export const MembershipRef = z.object({ boardId: Id, membershipId: Id });
export const UpdateMemberPayload = MembershipFields.extend({ boardId: Id, membershipId: Id }).refine(changesSomething('boardId', 'membershipId'), NOTHING);

/* Answers, shared so the client reads exactly what the server writes (strict: see common.ts). */
export const AgencyView = z.strictObject({
  id: RowId,
  name: z.string(),
  kind: z.enum(AGENCY_KINDS),
});
export type AgencyView = z.infer<typeof AgencyView>;

export const PersonView = z.strictObject({
  id: RowId,
  name: z.string(),
  email: z.string(),
  jobTitle: z.string().nullable(),
  agencyId: RowId,
  agencyName: z.string(),
  isPartnershipAdmin: z.boolean(),
  disabled: z.boolean(),
  /** False until the person has accepted an invitation and set a password. */
  active: z.boolean(),
  /**
   * The person's account also works in another partnership: its password is theirs alone, so this
   * partnership cannot send them a reset link (the other partnership is not named).
   */
  sharedAccount: z.boolean(),
});
export type PersonView = z.infer<typeof PersonView>;

export const MembershipView = z.strictObject({
  id: RowId,
  boardId: RowId,
  personId: RowId,
  personName: z.string(),
  agencyId: RowId,
  agencyName: z.string(),
  role: z.enum(BOARD_ROLES),
  deputy: NamedRef.nullable(),
});
export type MembershipView = z.infer<typeof MembershipView>;

export const BoardView = z.strictObject({
  id: RowId,
  name: z.string(),
  description: z.string().nullable(),
  parentBoardId: RowId.nullable(),
  parentBoardName: z.string().nullable(),
  reportingCycle: z.enum(REPORTING_CYCLES),
});
export type BoardView = z.infer<typeof BoardView>;

export const BoardDetail = BoardView.extend({
  members: z.array(MembershipView),
  childBoards: z.array(NamedRef),
});
export type BoardDetail = z.infer<typeof BoardDetail>;

export const PartnershipView = z.strictObject({
  id: RowId,
  name: z.string(),
  /** Printed on every page of its papers, packs, reports and minutes. */
  protectiveMarking: z.enum(PROTECTIVE_MARKINGS),
  /** Whether mails may carry more than a record's title (a challenge's question): off unless the administrators allow it. */
  mailDetails: z.boolean(),
  agencies: z.array(AgencyView),
  boards: z.array(BoardView),
});
export type PartnershipView = z.infer<typeof PartnershipView>;

export const InvitationView = z.strictObject({
  url: z.string(),
  expiresAt: Timestamp,
});
export type InvitationView = z.infer<typeof InvitationView>;

/** What membership:remove answers: the seat that went. */
export const RemovedMembership = z.strictObject({ membershipId: RowId });
export type RemovedMembership = z.infer<typeof RemovedMembership>;

export const CreatedPerson = z.strictObject({
  person: PersonView,
  /** Null when an existing account was linked: the person signs in with the password they have. */
  invitation: InvitationView.nullable(),
  linked: z.boolean(),
});
export type CreatedPerson = z.infer<typeof CreatedPerson>;

export const AuditEntry = z.strictObject({
  id: RowId,
  at: Timestamp,
  actorId: RowId.nullable(),
  actorName: z.string().nullable(),
  action: z.string(),
  entityType: z.string(),
  entityId: RowId.nullable(),
  /** What the entry records, as JSON: its shape is the action's (see server/core/audit.ts). Not for people to read: `sentence` and `changes` are. */
  detail: z.unknown(),
  /** The entry in words: "Margaret Ellison accepted the response of Northbrook ICB to C-004" (shared/domain/audit-words.ts). */
  sentence: z.string(),
  group: z.enum(AUDIT_GROUPS),
  /** The record it is about, named, with its page where the app has one. */
  record: z.strictObject({ kind: z.enum(AUDIT_RECORD_KINDS), id: RowId, label: z.string(), link: z.string().startsWith('/').nullable() }).nullable(),
  /** What it changed, as words. */
  changes: z.array(z.strictObject({ field: z.string(), before: z.string(), after: z.string() })),
});
export type AuditEntry = z.infer<typeof AuditEntry>;

/** The partnership's own settings (its administrators'). */
export const PartnershipSettingsPayload = z.object({
  protectiveMarking: z.enum(PROTECTIVE_MARKINGS, 'Choose a protective marking'),
  /** Left out: unchanged. */
  mailDetails: z.boolean('Yes or no').optional(),
});
export type PartnershipSettingsPayload = z.infer<typeof PartnershipSettingsPayload>;
export const PartnershipSettings = z.strictObject({ protectiveMarking: z.enum(PROTECTIVE_MARKINGS), mailDetails: z.boolean() });
export type PartnershipSettings = z.infer<typeof PartnershipSettings>;
