import { boolean, index, integer, pgTable, text, uniqueIndex } from 'drizzle-orm/pg-core';
import type { ChallengeStatus, ChallengeSubjectKind, NotificationView } from '../../../shared/schemas/challenge.js';
import { agencies, boards, partnerships, people } from './schema.js';

/* The PostgreSQL mirror of ../schema-challenges.ts (documented there); see ./schema.ts for how the types map. */
export const challenges = pgTable(
  'challenges',
  {
    id: integer('id').primaryKey().generatedByDefaultAsIdentity(),
    partnershipId: integer('partnership_id')
      .notNull()
      .references(() => partnerships.id),
    number: integer('number').notNull(),
    boardId: integer('board_id')
      .notNull()
      .references(() => boards.id),
    escalatedToBoardId: integer('escalated_to_board_id').references(() => boards.id),
    title: text('title').notNull(),
    question: text('question').notNull().default(''),
    discussion: text('discussion').notNull().default(''),
    response: text('response').notNull().default(''),
    raisedById: integer('raised_by_id')
      .notNull()
      .references(() => people.id),
    raisedByAgencyId: integer('raised_by_agency_id')
      .notNull()
      .references(() => agencies.id),
    raisedAt: text('raised_at').notNull(),
    meetingId: integer('meeting_id'),
    agendaItemId: integer('agenda_item_id'),
    directedAgencyId: integer('directed_agency_id')
      .notNull()
      .references(() => agencies.id),
    directedPersonId: integer('directed_person_id').references(() => people.id),
    subjectKind: text('subject_kind').$type<ChallengeSubjectKind>().notNull().default('none'),
    subjectRef: text('subject_ref'),
    dueDate: text('due_date').notNull(),
    status: text('status').$type<ChallengeStatus>().notNull().default('open'),
    round: integer('round').notNull().default(1),
    respondedAt: text('responded_at'),
    closedAt: text('closed_at'),
    updatedAt: text('updated_at').notNull(),
  },
  (t) => [
    uniqueIndex('challenges_partnership_number').on(t.partnershipId, t.number),
    index('challenges_directed').on(t.directedAgencyId, t.status),
    index('challenges_board').on(t.boardId),
  ],
);

export const challengeEvents = pgTable(
  'challenge_events',
  {
    id: integer('id').primaryKey().generatedByDefaultAsIdentity(),
    challengeId: integer('challenge_id')
      .notNull()
      .references(() => challenges.id),
    kind: text('kind').notNull(),
    actorId: integer('actor_id').references(() => people.id),
    reason: text('reason'),
    dueDate: text('due_date'),
    response: text('response'),
    at: text('at').notNull(),
  },
  (t) => [index('challenge_events_challenge').on(t.challengeId, t.id)],
);

export const boardChallengeSettings = pgTable('board_challenge_settings', {
  boardId: integer('board_id')
    .primaryKey()
    .references(() => boards.id),
  raiserMayDecide: boolean('raiser_may_decide').notNull().default(false),
});

export const notifications = pgTable(
  'notifications',
  {
    id: integer('id').primaryKey().generatedByDefaultAsIdentity(),
    partnershipId: integer('partnership_id').notNull(),
    personId: integer('person_id')
      .notNull()
      .references(() => people.id),
    kind: text('kind').$type<NotificationView['kind']>().notNull(),
    challengeId: integer('challenge_id').references(() => challenges.id),
    dedupeKey: text('dedupe_key'),
    text: text('text').notNull(),
    detail: text('detail'),
    link: text('link').notNull(),
    createdAt: text('created_at').notNull(),
    readAt: text('read_at'),
  },
  (t) => [index('notifications_person').on(t.personId, t.id), uniqueIndex('notifications_dedupe').on(t.personId, t.dedupeKey)],
);
