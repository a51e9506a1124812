import { sql } from 'drizzle-orm';
import { index, integer, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';
import type { AgencyKind, BoardRole } from '../../shared/domain/roles.js';

const createdAt = () =>
  text('created_at')
    .notNull()
    .default(sql`(strftime('%Y-%m-%dT%H:%M:%fZ','now'))`);

export const partnerships = sqliteTable('partnerships', {
  id: integer('id').primaryKey({ autoIncrement: true }),
  name: text('name').notNull(),
  createdAt: createdAt(),
});

export const agencies = sqliteTable(
  'agencies',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    partnershipId: integer('partnership_id')
      .notNull()
      .references(() => partnerships.id),
    name: text('name').notNull(),
    kind: text('kind').$type<AgencyKind>().notNull(),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex('agencies_partnership_name').on(t.partnershipId, t.name)],
);

export const people = sqliteTable(
  'people',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    partnershipId: integer('partnership_id')
      .notNull()
      .references(() => partnerships.id),
    agencyId: integer('agency_id')
      .notNull()
      .references(() => agencies.id),
    name: text('name').notNull(),
    email: text('email').notNull(),
    jobTitle: text('job_title'),
    /** Null until the person accepts an invitation and chooses a password. */
    passwordHash: text('password_hash'),
    isPartnershipAdmin: integer('is_partnership_admin', { mode: 'boolean' }).notNull().default(false),
    disabled: integer('disabled', { mode: 'boolean' }).notNull().default(false),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex('people_email').on(t.email), index('people_partnership').on(t.partnershipId)],
);

export const invitations = sqliteTable('invitations', {
  id: integer('id').primaryKey({ autoIncrement: true }),
  personId: integer('person_id')
    .notNull()
    .references(() => people.id),
  tokenHash: text('token_hash').notNull().unique(),
  createdBy: integer('created_by').references(() => people.id),
  expiresAt: integer('expires_at').notNull(),
  usedAt: integer('used_at'),
});

export const sessions = sqliteTable(
  'sessions',
  {
    /** SHA-256 of the cookie's token: a stolen database does not yield live sessions. */
    tokenHash: text('token_hash').primaryKey(),
    personId: integer('person_id')
      .notNull()
      .references(() => people.id),
    createdAt: integer('created_at').notNull(),
    lastSeenAt: integer('last_seen_at').notNull(),
    expiresAt: integer('expires_at').notNull(),
  },
  (t) => [index('sessions_person').on(t.personId)],
);

export const boards = sqliteTable(
  'boards',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    partnershipId: integer('partnership_id')
      .notNull()
      .references(() => partnerships.id),
    name: text('name').notNull(),
    description: text('description'),
    /** The board this one escalates to. */
    parentBoardId: integer('parent_board_id'),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex('boards_partnership_name').on(t.partnershipId, t.name)],
);

export const memberships = sqliteTable(
  'memberships',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    boardId: integer('board_id')
      .notNull()
      .references(() => boards.id),
    personId: integer('person_id')
      .notNull()
      .references(() => people.id),
    role: text('role').$type<BoardRole>().notNull(),
    deputyPersonId: integer('deputy_person_id').references(() => people.id),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex('memberships_board_person').on(t.boardId, t.personId)],
);

export const auditLog = sqliteTable(
  'audit_log',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    partnershipId: integer('partnership_id').notNull(),
    actorId: integer('actor_id'),
    action: text('action').notNull(),
    entityType: text('entity_type').notNull(),
    entityId: integer('entity_id'),
    detail: text('detail', { mode: 'json' }),
    at: text('at').notNull(),
  },
  (t) => [index('audit_partnership_at').on(t.partnershipId, t.at)],
);
