import { boolean, index, integer, pgTable, text, uniqueIndex } from 'drizzle-orm/pg-core';
import { jsonb } from './columns.js';
import type { ActionStatus, AgendaLinkKind, AttendanceStatus, MeetingStatus, Minutes } from '../../../shared/schemas/meeting.js';
import { agencies, boards, partnerships, people } from './schema.js';

/* The PostgreSQL mirror of ../schema-meetings.ts (documented there); see ./schema.ts for how the types map. */

export const boardQuorumRules = pgTable('board_quorum_rules', {
  boardId: integer('board_id')
    .primaryKey()
    .references(() => boards.id),
  percent: integer('percent').notNull().default(50),
  chairRequired: boolean('chair_required').notNull().default(true),
});

export const meetings = pgTable(
  'meetings',
  {
    id: integer('id').primaryKey().generatedByDefaultAsIdentity(),
    partnershipId: integer('partnership_id')
      .notNull()
      .references(() => partnerships.id),
    boardId: integer('board_id')
      .notNull()
      .references(() => boards.id),
    title: text('title').notNull(),
    startsAt: text('starts_at').notNull(),
    location: text('location').notNull().default(''),
    onlineLink: text('online_link').notNull().default(''),
    papersDeadline: text('papers_deadline').notNull(),
    status: text('status').$type<MeetingStatus>().notNull().default('scheduled'),
    currentItemId: integer('current_item_id'),
    itemStartedAt: text('item_started_at'),
    summary: text('summary').notNull().default(''),
    startedAt: text('started_at'),
    startedBy: integer('started_by').references(() => people.id),
    closedAt: text('closed_at'),
    closedBy: integer('closed_by').references(() => people.id),
    signedOffAt: text('signed_off_at'),
    signedOffBy: integer('signed_off_by').references(() => people.id),
    frozenMinutes: jsonb('frozen_minutes').$type<Minutes>(),
    createdAt: text('created_at').notNull(),
    createdBy: integer('created_by').references(() => people.id),
  },
  (t) => [index('meetings_board').on(t.boardId, t.startsAt)],
);

export const agendaItems = pgTable(
  'agenda_items',
  {
    id: integer('id').primaryKey().generatedByDefaultAsIdentity(),
    meetingId: integer('meeting_id')
      .notNull()
      .references(() => meetings.id),
    position: integer('position').notNull(),
    title: text('title').notNull(),
    presenterPersonId: integer('presenter_person_id').references(() => people.id),
    presenterAgencyId: integer('presenter_agency_id').references(() => agencies.id),
    minutes: integer('minutes').notNull().default(10),
    notes: text('notes').notNull().default(''),
    removed: boolean('removed').notNull().default(false),
  },
  (t) => [index('agenda_items_meeting').on(t.meetingId, t.position)],
);

export const agendaLinks = pgTable(
  'agenda_links',
  {
    id: integer('id').primaryKey().generatedByDefaultAsIdentity(),
    itemId: integer('item_id')
      .notNull()
      .references(() => agendaItems.id),
    meetingId: integer('meeting_id')
      .notNull()
      .references(() => meetings.id),
    kind: text('kind').$type<AgendaLinkKind>().notNull(),
    ref: text('ref').notNull(),
  },
  (t) => [index('agenda_links_ref').on(t.kind, t.ref), index('agenda_links_item').on(t.itemId)],
);

export const meetingAttendance = pgTable(
  'meeting_attendance',
  {
    id: integer('id').primaryKey().generatedByDefaultAsIdentity(),
    meetingId: integer('meeting_id')
      .notNull()
      .references(() => meetings.id),
    personId: integer('person_id')
      .notNull()
      .references(() => people.id),
    status: text('status').$type<AttendanceStatus>().notNull(),
    deputyPersonId: integer('deputy_person_id').references(() => people.id),
    recordedBy: integer('recorded_by').references(() => people.id),
    at: text('at').notNull(),
  },
  (t) => [uniqueIndex('meeting_attendance_person').on(t.meetingId, t.personId)],
);

export const meetingGuests = pgTable('meeting_guests', {
  id: integer('id').primaryKey().generatedByDefaultAsIdentity(),
  meetingId: integer('meeting_id')
    .notNull()
    .references(() => meetings.id),
  name: text('name').notNull(),
  agency: text('agency').notNull().default(''),
});

export const meetingDecisions = pgTable(
  'meeting_decisions',
  {
    id: text('id').primaryKey(),
    meetingId: integer('meeting_id')
      .notNull()
      .references(() => meetings.id),
    itemId: integer('item_id').notNull(),
    text: text('text').notNull().default(''),
    createdBy: integer('created_by').references(() => people.id),
    createdAt: text('created_at').notNull(),
    updatedAt: text('updated_at').notNull(),
  },
  (t) => [index('meeting_decisions_meeting').on(t.meetingId)],
);

export const meetingActions = pgTable(
  'meeting_actions',
  {
    id: integer('id').primaryKey().generatedByDefaultAsIdentity(),
    partnershipId: integer('partnership_id')
      .notNull()
      .references(() => partnerships.id),
    boardId: integer('board_id')
      .notNull()
      .references(() => boards.id),
    meetingId: integer('meeting_id').references(() => meetings.id),
    itemId: integer('item_id').references(() => agendaItems.id),
    description: text('description').notNull(),
    ownerId: integer('owner_id')
      .notNull()
      .references(() => people.id),
    agencyId: integer('agency_id').references(() => agencies.id),
    dueDate: text('due_date').notNull(),
    status: text('status').$type<ActionStatus>().notNull().default('open'),
    createdAt: text('created_at').notNull(),
    createdBy: integer('created_by').references(() => people.id),
    updatedAt: text('updated_at').notNull(),
  },
  (t) => [index('meeting_actions_board').on(t.boardId), index('meeting_actions_meeting').on(t.meetingId)],
);
