import { index, integer, pgTable, primaryKey, text } from 'drizzle-orm/pg-core';
import { bytea } from './columns.js';
import type { EvidenceForm, EvidenceKind, EvidenceTarget } from '../../../shared/schemas/evidence.js';
import { partnerships, people } from './schema.js';

/* The PostgreSQL mirror of ../schema-evidence.ts (documented there); see ./schema.ts for how the types map. */

export const evidenceItems = pgTable(
  'evidence_items',
  {
    id: integer('id').primaryKey().generatedByDefaultAsIdentity(),
    partnershipId: integer('partnership_id')
      .notNull()
      .references(() => partnerships.id),
    title: text('title').notNull(),
    date: text('date').notNull(),
    kind: text('kind').$type<EvidenceKind>().notNull(),
    form: text('form').$type<EvidenceForm>().notNull(),
    fileName: text('file_name'),
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

export const evidenceFiles = pgTable('evidence_files', {
  evidenceId: integer('evidence_id')
    .primaryKey()
    .references(() => evidenceItems.id),
  bytes: bytea('bytes').notNull(),
});

export const evidenceLinks = pgTable(
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
