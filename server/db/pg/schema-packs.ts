import { index, integer, pgTable, primaryKey, text } from 'drizzle-orm/pg-core';
import { bytea, jsonb } from './columns.js';
import { partnerships, people } from './schema.js';
import { agendaItems, meetings } from './schema-meetings.js';
import { evidenceItems } from './schema-evidence.js';

/* The PostgreSQL mirror of ../schema-packs.ts (documented there); see ./schema.ts for how the types map. */

export const importMappings = pgTable(
  'import_mappings',
  {
    partnershipId: integer('partnership_id')
      .notNull()
      .references(() => partnerships.id),
    kind: text('kind').notNull(),
    mapping: jsonb('mapping').$type<Record<string, string>>().notNull(),
    updatedAt: text('updated_at').notNull(),
    updatedBy: integer('updated_by').references(() => people.id),
  },
  (t) => [primaryKey({ columns: [t.partnershipId, t.kind] })],
);

export const imports = pgTable(
  'imports',
  {
    id: text('id').primaryKey(),
    partnershipId: integer('partnership_id')
      .notNull()
      .references(() => partnerships.id),
    kind: text('kind').notNull(),
    personId: integer('person_id')
      .notNull()
      .references(() => people.id),
    fileName: text('file_name').notNull(),
    plan: jsonb('plan').notNull(),
    status: text('status').$type<'previewed' | 'committing' | 'committed' | 'failed'>().notNull().default('previewed'),
    createdAt: text('created_at').notNull(),
    committedAt: text('committed_at'),
  },
  (t) => [index('imports_partnership').on(t.partnershipId, t.createdAt)],
);

export const meetingPapers = pgTable(
  'meeting_papers',
  {
    id: integer('id').primaryKey().generatedByDefaultAsIdentity(),
    partnershipId: integer('partnership_id')
      .notNull()
      .references(() => partnerships.id),
    meetingId: integer('meeting_id')
      .notNull()
      .references(() => meetings.id),
    itemId: integer('item_id')
      .notNull()
      .references(() => agendaItems.id),
    title: text('title').notNull(),
    evidenceId: integer('evidence_id').references(() => evidenceItems.id),
    authorPersonId: integer('author_person_id').references(() => people.id),
    position: integer('position').notNull().default(0),
    addedBy: integer('added_by')
      .notNull()
      .references(() => people.id),
    addedAt: text('added_at').notNull(),
    receivedAt: text('received_at'),
    removedAt: text('removed_at'),
    removedBy: integer('removed_by').references(() => people.id),
  },
  (t) => [index('meeting_papers_meeting').on(t.meetingId, t.itemId)],
);

export const meetingPacks = pgTable(
  'meeting_packs',
  {
    id: integer('id').primaryKey().generatedByDefaultAsIdentity(),
    partnershipId: integer('partnership_id')
      .notNull()
      .references(() => partnerships.id),
    meetingId: integer('meeting_id')
      .notNull()
      .references(() => meetings.id),
    version: integer('version').notNull(),
    publishedAt: text('published_at').notNull(),
    publishedBy: integer('published_by')
      .notNull()
      .references(() => people.id),
    pdf: bytea('pdf').notNull(),
    pages: integer('pages').notNull(),
    snapshot: jsonb('snapshot').notNull(),
  },
  (t) => [index('meeting_packs_meeting').on(t.meetingId, t.version)],
);
