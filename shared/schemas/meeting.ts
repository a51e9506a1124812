import { z } from 'zod';
import { Id, IdParam, IsoDate, Name, NamedRef, Percent, RecordRef, RowId, Timestamp } from './common.js';
import { BOARD_ROLES } from '../domain/roles.js';

export const MEETING_STATUSES = ['scheduled', 'in_progress', 'closed', 'signed_off'] as const;
export type MeetingStatus = (typeof MEETING_STATUSES)[number];
export const MEETING_STATUS_LABELS: Record<MeetingStatus, string> = {
  scheduled: 'Scheduled',
  in_progress: 'In progress',
  closed: 'Closed',
  signed_off: 'Minutes signed off',
};

export const ATTENDANCE_STATUSES = ['present', 'apologies', 'absent', 'represented'] as const;
export type AttendanceStatus = (typeof ATTENDANCE_STATUSES)[number];
export const ATTENDANCE_LABELS: Record<AttendanceStatus, string> = {
  present: 'Present',
  apologies: 'Apologies',
  absent: 'Absent',
  represented: 'Represented by deputy',
};

export const ACTION_STATUSES = ['open', 'in_progress', 'done'] as const;
export type ActionStatus = (typeof ACTION_STATUSES)[number];
export const ACTION_STATUS_LABELS: Record<ActionStatus, string> = { open: 'Open', in_progress: 'In progress', done: 'Done' };

/** What an agenda item may point at. Challenges do not exist yet; the kind is reserved for them. */
export const AGENDA_LINK_KINDS = ['risk', 'challenge', 'action', 'mitigation', 'objective', 'indicator'] as const;
export type AgendaLinkKind = (typeof AGENDA_LINK_KINDS)[number];

const DateTime = z.string().refine((s) => /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/.test(s) && !Number.isNaN(Date.parse(s)), 'A date and time');
const OnlineLink = z
  .string()
  .trim()
  .max(500)
  .refine((s) => s === '' || /^https:\/\/[^\s]+$/.test(s), 'An https:// link');

export const AgendaLink = z.object({ kind: z.enum(AGENDA_LINK_KINDS), ref: RecordRef });
export type AgendaLink = z.infer<typeof AgendaLink>;

export const MeetingRef = z.object({ meetingId: Id });
export const CreateMeetingPayload = z.object({
  boardId: Id,
  /** None given: the board's name and the day (defaultMeetingTitle). */
  title: Name.optional(),
  startsAt: DateTime,
  location: z.string().trim().max(300).default(''),
  onlineLink: OnlineLink.default(''),
  /** Null: five working days before the meeting. */
  papersDeadline: IsoDate.nullable().default(null),
});
export type CreateMeetingPayload = z.infer<typeof CreateMeetingPayload>;
export const UpdateMeetingPayload = MeetingRef.extend({
  title: Name.optional(),
  startsAt: DateTime.optional(),
  location: z.string().trim().max(300).optional(),
  onlineLink: OnlineLink.optional(),
  papersDeadline: IsoDate.optional(),
});
export type UpdateMeetingPayload = z.infer<typeof UpdateMeetingPayload>;
export const MeetingDetailsPatch = UpdateMeetingPayload.omit({ meetingId: true });

const ItemFields = {
  title: Name,
  presenterPersonId: Id.nullable(),
  presenterAgencyId: Id.nullable(),
  minutes: z.number().int().min(1).max(240),
  links: z.array(AgendaLink).max(20),
};
export const AddAgendaItemPayload = MeetingRef.extend({
  ...ItemFields,
  presenterPersonId: ItemFields.presenterPersonId.default(null),
  presenterAgencyId: ItemFields.presenterAgencyId.default(null),
  minutes: ItemFields.minutes.default(10),
  links: ItemFields.links.default([]),
});
export type AddAgendaItemPayload = z.infer<typeof AddAgendaItemPayload>;
export const AgendaItemRef = MeetingRef.extend({ itemId: Id });
export const UpdateAgendaItemPayload = AgendaItemRef.extend(z.object(ItemFields).partial().shape);
export type UpdateAgendaItemPayload = z.infer<typeof UpdateAgendaItemPayload>;
/** A place on the agenda, counted from 0. */
const AgendaIndex = z.number().int().min(0).max(500);
export const MoveAgendaItemPayload = AgendaItemRef.extend({ toIndex: AgendaIndex });
/** A removed item put back as itself (same id, so its notes, decisions, actions and papers come back with it): at the place it had, or at `toIndex`. */
export const RestoreAgendaItemPayload = AgendaItemRef.extend({ toIndex: AgendaIndex.optional() });
export const SetCurrentItemPayload = MeetingRef.extend({ itemId: Id.nullable() });
export const SetAttendancePayload = MeetingRef.extend({
  personId: Id,
  status: z.enum(ATTENDANCE_STATUSES),
  deputyPersonId: Id.nullable().default(null),
});
export type SetAttendancePayload = z.infer<typeof SetAttendancePayload>;
export const AddGuestPayload = MeetingRef.extend({ name: Name, agency: z.string().trim().max(200).default('') });
export const GuestRef = MeetingRef.extend({ guestId: Id });
/** A paper for an agenda item: its file now (a file of the evidence store), or expected from its author by the papers deadline. */
export const AddPaperPayload = MeetingRef.extend({ itemId: Id, title: Name, authorPersonId: Id.nullable().default(null), evidenceId: Id.nullable().default(null) });
export const AttachPaperPayload = MeetingRef.extend({ paperId: Id, evidenceId: Id });
export const PaperRef = MeetingRef.extend({ paperId: Id });
export type AddPaperPayload = z.infer<typeof AddPaperPayload>;
export const LowerHandPayload = MeetingRef.extend({ personId: Id.optional() });
export const CreateActionPayload = MeetingRef.extend({
  itemId: Id.nullable().default(null),
  description: z.string().trim().min(3, 'Describe the action').max(2000),
  ownerId: Id,
  agencyId: Id.nullable().default(null),
  dueDate: IsoDate,
});
export type CreateActionPayload = z.infer<typeof CreateActionPayload>;
export const UpdateActionPayload = z.object({ actionId: Id, status: z.enum(ACTION_STATUSES) });
export const QuorumRulePayload = z.object({
  boardId: Id,
  percent: z.number().int().min(1).max(100),
  chairRequired: z.boolean(),
});
export type QuorumRulePayload = z.infer<typeof QuorumRulePayload>;
/** A query string: the board id is text there. */
export const ActionListQuery = z.object({ boardId: IdParam.optional() });
/** The actions log as its page shows it, for its export: a board's (or every board's), and only those not done. */
export const ActionLogQuery = ActionListQuery.extend({ open: z.enum(['true', 'false'], 'true or false').optional() });
export type ActionLogQuery = z.infer<typeof ActionLogQuery>;

// --- the meeting's Y.Doc: what people type together ---

/** Root names in `meeting:<id>`. Per agenda item: a Y.Text of notes and a Y.Map of decisions (id → Y.Text). */
export const MEETING_DOC = {
  summary: 'summary',
  notes: (itemId: number) => `notes:${itemId}`,
  decisions: (itemId: number) => `decisions:${itemId}`,
} as const;
export const MEETING_DOC_KEY = /^(summary|notes:([1-9][0-9]{0,9})|decisions:([1-9][0-9]{0,9}))$/;
export const DECISION_ID = /^d-[A-Za-z0-9_-]{1,60}$/;

// --- answers (strict: see common.ts) ---

export const QuorumRule = z.strictObject({
  percent: z.number().int().min(1).max(100),
  chairRequired: z.boolean(),
});
export type QuorumRule = z.infer<typeof QuorumRule>;

export const MeetingSummary = z.strictObject({
  id: RowId,
  boardId: RowId,
  boardName: z.string(),
  title: z.string(),
  startsAt: Timestamp,
  location: z.string(),
  onlineLink: z.string(),
  status: z.enum(MEETING_STATUSES),
  papersDeadline: IsoDate,
  currentItemId: RowId.nullable(),
  itemStartedAt: Timestamp.nullable(),
  startedAt: Timestamp.nullable(),
  closedAt: Timestamp.nullable(),
  signedOffAt: Timestamp.nullable(),
  signedOffByName: z.string().nullable(),
  itemCount: z.number().int().min(0),
});
export type MeetingSummary = z.infer<typeof MeetingSummary>;

export const AgendaLinkView = z.strictObject({ kind: z.enum(AGENDA_LINK_KINDS), ref: RecordRef, label: z.string() });
export type AgendaLinkView = z.infer<typeof AgendaLinkView>;

export const AgendaItemView = z.strictObject({
  id: RowId,
  position: z.number().int().min(0),
  title: z.string(),
  presenterPersonId: RowId.nullable(),
  presenterName: z.string().nullable(),
  presenterAgencyId: RowId.nullable(),
  presenterAgencyName: z.string().nullable(),
  minutes: z.number().int().min(1),
  links: z.array(AgendaLinkView),
  notes: z.string(),
});
export type AgendaItemView = z.infer<typeof AgendaItemView>;

export const AttendanceView = z.strictObject({
  personId: RowId,
  name: z.string(),
  agencyName: z.string(),
  role: z.enum(BOARD_ROLES),
  status: z.enum(ATTENDANCE_STATUSES).nullable(),
  /** Who attended in their place, when represented. */
  deputy: NamedRef.nullable(),
  namedDeputy: NamedRef.nullable(),
  /** Who may deputise for this member: the people of the member's own agency (the named deputy first). */
  deputyCandidates: z.array(NamedRef),
});
export type AttendanceView = z.infer<typeof AttendanceView>;

export const GuestView = z.strictObject({
  id: RowId,
  name: z.string(),
  agency: z.string(),
});
export type GuestView = z.infer<typeof GuestView>;

export const DecisionView = z.strictObject({
  id: z.string(),
  itemId: RowId,
  text: z.string(),
  byName: z.string().nullable(),
  at: Timestamp,
});
export type DecisionView = z.infer<typeof DecisionView>;

export const ActionView = z.strictObject({
  id: RowId,
  reference: z.string(),
  boardId: RowId,
  meetingId: RowId.nullable(),
  meetingTitle: z.string().nullable(),
  /** When the meeting that agreed it starts. */
  meetingDate: Timestamp.nullable(),
  itemId: RowId.nullable(),
  itemTitle: z.string().nullable(),
  description: z.string(),
  ownerId: RowId,
  ownerName: z.string(),
  agencyId: RowId.nullable(),
  agencyName: z.string().nullable(),
  dueDate: IsoDate,
  status: z.enum(ACTION_STATUSES),
  overdue: z.boolean(),
  createdAt: Timestamp,
  createdByName: z.string().nullable(),
});
export type ActionView = z.infer<typeof ActionView>;

export const HandView = z.strictObject({
  personId: RowId,
  name: z.string(),
  agencyName: z.string(),
  at: Timestamp,
});
export type HandView = z.infer<typeof HandView>;

export const QuorumView = z.strictObject({
  rule: QuorumRule,
  members: z.number().int().min(0),
  required: z.number().int().min(0),
  present: z.number().int().min(0),
  chairPresent: z.boolean(),
  met: z.boolean(),
});
export type QuorumView = z.infer<typeof QuorumView>;

/** A paper attached to an agenda item (a file of the evidence store), or expected from its author. */
export const PaperView = z.strictObject({
  id: RowId,
  itemId: RowId,
  title: z.string(),
  authorPersonId: RowId.nullable(),
  authorName: z.string().nullable(),
  evidenceId: RowId.nullable(),
  fileName: z.string().nullable(),
  receivedAt: Timestamp.nullable(),
  /** In (on time or late), expected, or late and not in (shared/domain/papers.ts). */
  state: z.enum(['received', 'received_late', 'expected', 'overdue']),
});
export type PaperView = z.infer<typeof PaperView>;

export const MeetingState = z.strictObject({
  meeting: MeetingSummary,
  agenda: z.array(AgendaItemView),
  attendance: z.array(AttendanceView),
  guests: z.array(GuestView),
  decisions: z.array(DecisionView),
  actions: z.array(ActionView),
  hands: z.array(HandView),
  quorum: QuorumView,
  papers: z.array(PaperView),
});
export type MeetingState = z.infer<typeof MeetingState>;

export const MeetingRights = z.strictObject({
  /** Start, advance, close, sign off, edit the agenda and attendance. */
  run: z.boolean(),
  /** Type notes and decisions, capture actions. */
  edit: z.boolean(),
  /** Sign off the minutes once closed: whoever chaired the meeting, or an admin. */
  signOff: z.boolean(),
  /** Why the meeting cannot be started today (it is scheduled for another day), in the server's words; null when it can. */
  startBlocked: z.string().nullable(),
});
export type MeetingRights = z.infer<typeof MeetingRights>;

export const MeetingDetail = MeetingState.extend({ rights: MeetingRights });
export type MeetingDetail = z.infer<typeof MeetingDetail>;

/** What "build agenda" proposes (the server's own; never sent as such). */
export interface AgendaProposal {
  title: string;
  reason: string;
  links: AgendaLink[];
  presenterPersonId: number | null;
  presenterAgencyId: number | null;
}

export const MinutesItem = z.strictObject({
  id: RowId,
  title: z.string(),
  presenter: z.string().nullable(),
  notes: z.string(),
  decisions: z.array(z.strictObject({ text: z.string() })),
  /** The records the item was about ("R-004 Placement sufficiency", "Action A-012: …"). Absent from minutes signed off before it was kept. */
  links: z.array(z.string()).optional(),
  actions: z.array(
    z.strictObject({ reference: z.string(), description: z.string(), ownerName: z.string(), agencyName: z.string().nullable(), dueDate: IsoDate }),
  ),
});
export type MinutesItem = z.infer<typeof MinutesItem>;

export const Minutes = z.strictObject({
  meeting: MeetingSummary,
  /** "Held on Tuesday 8 December 2026 from 10:04 to 11:52": the moments it was started and closed, London time. Absent from minutes signed off before it was kept. */
  held: z.string().optional(),
  attendance: z.strictObject({
    present: z.array(z.string()),
    represented: z.array(z.string()),
    apologies: z.array(z.string()),
    absent: z.array(z.string()),
    /** The board's observers who attended: in attendance, not among the members. Absent from minutes signed off before it was kept. */
    observing: z.array(z.string()).optional(),
    guests: z.array(z.string()),
  }),
  quorate: z.boolean(),
  summary: z.string(),
  items: z.array(MinutesItem),
  signedOff: z.strictObject({ byName: z.string(), at: Timestamp }).nullable(),
});
export type Minutes = z.infer<typeof Minutes>;

const RateFields = {
  key: RowId,
  name: z.string(),
  meetings: z.number().int().min(0),
  attended: z.number().int().min(0),
  /** Whole percent; null when no meeting has been held. */
  rate: Percent.nullable(),
};
/** An agency's attendance at a board's meetings held: seats filled, by its people or their deputies. It has no `agencyName` (never sent; named so both tables read alike). */
const AgencyRate = z.strictObject({ ...RateFields, agencyName: z.undefined().optional() });
/** A member's own attendance, with their agency. */
const PersonRate = z.strictObject({ ...RateFields, agencyName: z.string() });
/** A row of either table of the attendance report. */
export type AttendanceRateRow = z.infer<typeof AgencyRate> | z.infer<typeof PersonRate>;

export const AttendanceReport = z.strictObject({
  boardId: RowId,
  meetings: z.number().int().min(0),
  people: z.array(PersonRate),
  agencies: z.array(AgencyRate),
});
export type AttendanceReport = z.infer<typeof AttendanceReport>;
