import { z } from 'zod';
import { Id, IdParam, IsoDate, Name, RecordRef } from './common.js';
import type { BoardRole } from '../domain/roles.js';

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
export const AGENDA_LINK_KINDS = ['risk', 'challenge', 'action', 'mitigation'] as const;
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
  title: Name.default('Board meeting'),
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
export const MoveAgendaItemPayload = AgendaItemRef.extend({ toIndex: z.number().int().min(0).max(500) });
export const SetCurrentItemPayload = MeetingRef.extend({ itemId: Id.nullable() });
export const SetAttendancePayload = MeetingRef.extend({
  personId: Id,
  status: z.enum(ATTENDANCE_STATUSES),
  deputyPersonId: Id.nullable().default(null),
});
export type SetAttendancePayload = z.infer<typeof SetAttendancePayload>;
export const AddGuestPayload = MeetingRef.extend({ name: Name, agency: z.string().trim().max(200).default('') });
export const GuestRef = MeetingRef.extend({ guestId: Id });
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

// --- the meeting's Y.Doc: what people type together ---

/** Root names in `meeting:<id>`. Per agenda item: a Y.Text of notes and a Y.Map of decisions (id → Y.Text). */
export const MEETING_DOC = {
  summary: 'summary',
  notes: (itemId: number) => `notes:${itemId}`,
  decisions: (itemId: number) => `decisions:${itemId}`,
} as const;
export const MEETING_DOC_KEY = /^(summary|notes:([1-9][0-9]{0,9})|decisions:([1-9][0-9]{0,9}))$/;
export const DECISION_ID = /^d-[A-Za-z0-9_-]{1,60}$/;

// --- views ---

export interface QuorumRule {
  percent: number;
  chairRequired: boolean;
}

export interface MeetingSummary {
  id: number;
  boardId: number;
  boardName: string;
  title: string;
  startsAt: string;
  location: string;
  onlineLink: string;
  status: MeetingStatus;
  papersDeadline: string;
  currentItemId: number | null;
  itemStartedAt: string | null;
  startedAt: string | null;
  closedAt: string | null;
  signedOffAt: string | null;
  signedOffByName: string | null;
  itemCount: number;
}

export interface AgendaLinkView extends AgendaLink {
  label: string;
}

export interface AgendaItemView {
  id: number;
  position: number;
  title: string;
  presenterPersonId: number | null;
  presenterName: string | null;
  presenterAgencyId: number | null;
  presenterAgencyName: string | null;
  minutes: number;
  links: AgendaLinkView[];
  notes: string;
}

export interface AttendanceView {
  personId: number;
  name: string;
  agencyName: string;
  role: BoardRole;
  status: AttendanceStatus | null;
  /** Who attended in their place, when represented. */
  deputy: { id: number; name: string } | null;
  namedDeputy: { id: number; name: string } | null;
  /** Who may deputise for this member: the people of the member's own agency (the named deputy first). */
  deputyCandidates: { id: number; name: string }[];
}

export interface GuestView {
  id: number;
  name: string;
  agency: string;
}

export interface DecisionView {
  id: string;
  itemId: number;
  text: string;
  byName: string | null;
  at: string;
}

export interface ActionView {
  id: number;
  reference: string;
  boardId: number;
  meetingId: number | null;
  meetingTitle: string | null;
  meetingDate: string | null;
  itemId: number | null;
  itemTitle: string | null;
  description: string;
  ownerId: number;
  ownerName: string;
  agencyId: number | null;
  agencyName: string | null;
  dueDate: string;
  status: ActionStatus;
  overdue: boolean;
  createdAt: string;
  createdByName: string | null;
}

export interface HandView {
  personId: number;
  name: string;
  agencyName: string;
  at: string;
}

export interface QuorumView {
  rule: QuorumRule;
  members: number;
  required: number;
  present: number;
  chairPresent: boolean;
  met: boolean;
}

export interface MeetingState {
  meeting: MeetingSummary;
  agenda: AgendaItemView[];
  attendance: AttendanceView[];
  guests: GuestView[];
  decisions: DecisionView[];
  actions: ActionView[];
  hands: HandView[];
  quorum: QuorumView;
}

export interface MeetingRights {
  /** Start, advance, close, sign off, edit the agenda and attendance. */
  run: boolean;
  /** Type notes and decisions, capture actions. */
  edit: boolean;
  /** Sign off the minutes once closed: whoever chaired the meeting, or an admin. */
  signOff: boolean;
  /** Why the meeting cannot be started today (it is scheduled for another day), in the server's words; null when it can. */
  startBlocked: string | null;
}

export interface MeetingDetail extends MeetingState {
  rights: MeetingRights;
}

export interface AgendaProposal {
  title: string;
  reason: string;
  links: AgendaLink[];
  presenterPersonId: number | null;
  presenterAgencyId: number | null;
}

export interface MinutesItem {
  id: number;
  title: string;
  presenter: string | null;
  notes: string;
  decisions: { text: string }[];
  actions: { reference: string; description: string; ownerName: string; agencyName: string | null; dueDate: string }[];
}

export interface Minutes {
  meeting: MeetingSummary;
  /** "Held on Tuesday 8 December 2026 from 10:04 to 11:52": the moments it was started and closed, London time. Absent from minutes signed off before it was kept. */
  held?: string;
  attendance: { present: string[]; represented: string[]; apologies: string[]; absent: string[]; guests: string[] };
  quorate: boolean;
  summary: string;
  items: MinutesItem[];
  signedOff: { byName: string; at: string } | null;
}

export interface AttendanceRateRow {
  key: number;
  name: string;
  agencyName?: string;
  meetings: number;
  attended: number;
  rate: number | null;
}

export interface AttendanceReport {
  boardId: number;
  meetings: number;
  people: AttendanceRateRow[];
  agencies: AttendanceRateRow[];
}
