import { blob, index, integer, primaryKey, sqliteTable, text } from 'drizzle-orm/sqlite-core';
import type { EvidenceForm, EvidenceKind, EvidenceTarget } from '../../shared/schemas/evidence.js';
import { partnerships, people } from './schema.js';

/*
 * The evidence store (issue 12 §4). Files live in the database (one place to back up), their bytes in
 * a table of their own so that listing evidence never reads a blob. Removal is soft: a removed item
 * leaves the lists but stays on the record, with who removed it and when.
 */

export const evidenceItems = sqliteTable(
  'evidence_items',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    partnershipId: integer('partnership_id')
      .notNull()
      .references(() => partnerships.id),
    title: text('title').notNull(),
    /** The day the evidence speaks for (an audit's date, a survey's), not when it was added. */
    date: text('date').notNull(),
    kind: text('kind').$type<EvidenceKind>().notNull(),
    form: text('form').$type<EvidenceForm>().notNull(),
    fileName: text('file_name'),
    /** Detected from the bytes when uploaded, never taken from the name or the browser. */
    contentType: text('content_type'),
    size: integer('size'),
    url: text('url'),
    note: text('note'),
    addedById: integer('added_by_id')
      .notNull()
      .references(() => people.id),
    addedAt: text('added_at').notNull(),
    updatedAt: text('updated_at').notNull(),
    removedAt: text('removed_at'),
    removedById: integer('removed_by_id').references(() => people.id),
    version: integer('version').notNull().default(1),
  },
  (t) => [index('evidence_items_partnership').on(t.partnershipId, t.date)],
);

/** A file's bytes, one row per file item. */
export const evidenceFiles = sqliteTable('evidence_files', {
  evidenceId: integer('evidence_id')
    .primaryKey()
    .references(() => evidenceItems.id),
  bytes: blob('bytes', { mode: 'buffer' }).notNull(),
});

/** What an item bears on: an objective, a plan action, a recommendation, a risk or a challenge of the same partnership. */
export const evidenceLinks = sqliteTable(
  'evidence_links',
  {
    evidenceId: integer('evidence_id')
      .notNull()
      .references(() => evidenceItems.id),
    targetKind: text('target_kind').$type<EvidenceTarget>().notNull(),
    targetId: integer('target_id').notNull(),
  },
  (t) => [primaryKey({ columns: [t.evidenceId, t.targetKind, t.targetId] }), index('evidence_links_target').on(t.targetKind, t.targetId)],
);
