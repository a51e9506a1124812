import { blob, index, integer, primaryKey, sqliteTable, text } from 'drizzle-orm/sqlite-core';
import { partnerships, people } from './schema.js';
import { agendaItems, meetings } from './schema-meetings.js';
import { evidenceItems } from './schema-evidence.js';

/*
 * Issue 14: spreadsheets brought in, papers attached to agenda items, and the packs a chair publishes.
 * An import is previewed first and kept (so the commit is of exactly what was previewed, by the person
 * who previewed it); a published pack keeps its PDF and the facts it showed, so "changed since the pack"
 * can be answered after the register moves on.
 */

/** How a partnership's spreadsheets name their columns, remembered per kind of import. */
export const importMappings = sqliteTable(
  'import_mappings',
  {
    partnershipId: integer('partnership_id')
      .notNull()
      .references(() => partnerships.id),
    kind: text('kind').notNull(),
    /** Field → the heading it was read from. */
    mapping: text('mapping', { mode: 'json' }).$type<Record<string, string>>().notNull(),
    updatedAt: text('updated_at').notNull(),
    updatedBy: integer('updated_by').references(() => people.id),
  },
  (t) => [primaryKey({ columns: [t.partnershipId, t.kind] })],
);

/** A previewed import: what committing it will do, row by row; committed at most once. */
export const imports = sqliteTable(
  'imports',
  {
    /** Random, not guessable: the id is in the commit's address. */
    id: text('id').primaryKey(),
    partnershipId: integer('partnership_id')
      .notNull()
      .references(() => partnerships.id),
    kind: text('kind').notNull(),
    personId: integer('person_id')
      .notNull()
      .references(() => people.id),
    fileName: text('file_name').notNull(),
    /** The checked plan of changes (the preview the person saw). */
    plan: text('plan', { mode: 'json' }).notNull(),
    status: text('status').$type<'previewed' | 'committing' | 'committed' | 'failed'>().notNull().default('previewed'),
    createdAt: text('created_at').notNull(),
    committedAt: text('committed_at'),
  },
  (t) => [index('imports_partnership').on(t.partnershipId, t.createdAt)],
);

/** A paper attached to an agenda item: a file of the evidence store, with its author and when it arrived. */
export const meetingPapers = sqliteTable(
  'meeting_papers',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
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
    /** The file; null while the paper is expected but not yet in. */
    evidenceId: integer('evidence_id').references(() => evidenceItems.id),
    authorPersonId: integer('author_person_id').references(() => people.id),
    position: integer('position').notNull().default(0),
    addedBy: integer('added_by')
      .notNull()
      .references(() => people.id),
    addedAt: text('added_at').notNull(),
    /** When the file arrived (late if after the meeting's papers deadline). */
    receivedAt: text('received_at'),
    removedAt: text('removed_at'),
    removedBy: integer('removed_by').references(() => people.id),
  },
  (t) => [index('meeting_papers_meeting').on(t.meetingId, t.itemId)],
);

/** A published pack: the PDF members received, frozen, and the facts it showed. */
export const meetingPacks = sqliteTable(
  'meeting_packs',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
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
    pdf: blob('pdf', { mode: 'buffer' }).notNull(),
    pages: integer('pages').notNull(),
    /** What the pack showed of the register, plan and scorecard, for "changed since the pack". */
    snapshot: text('snapshot', { mode: 'json' }).notNull(),
  },
  (t) => [index('meeting_packs_meeting').on(t.meetingId, t.version)],
);
