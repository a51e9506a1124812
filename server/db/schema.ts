import type { ScoreKind } from '../../shared/domain/matrix.js';
import { sql } from 'drizzle-orm';
import { blob, index, integer, primaryKey, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';
import type { AgencyKind, BoardRole } from '../../shared/domain/roles.js';
import type { RiskMatrix } from '../../shared/domain/scoring.js';
import type { ReportingCycle } from '../../shared/domain/reporting.js';
import type { MitigationStatus, RiskStatus } from '../../shared/schemas/risk.js';

const createdAt = () =>
  text('created_at')
    .notNull()
    .default(sql`(strftime('%Y-%m-%dT%H:%M:%fZ','now'))`);

export const partnerships = sqliteTable('partnerships', {
  id: integer('id').primaryKey({ autoIncrement: true }),
  name: text('name').notNull(),
  /** Null means the default NHS/NPSA matrix. */
  riskMatrix: text('risk_matrix', { mode: 'json' }).$type<RiskMatrix>(),
  /** Printed on every page of every paper, pack, report and minutes (Government Security Classifications). */
  protectiveMarking: text('protective_marking').notNull().default('OFFICIAL'),
  /** Whether mails may carry more than a record's title (its descriptions, a challenge's words): off by default. */
  mailDetails: integer('mail_details', { mode: 'boolean' }).notNull().default(false),
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

/**
 * A person's account: how they sign in (e-mail, password) and their sessions. One account may stand
 * for the same person in several partnerships (a DCI serving two local authorities); each partnership
 * knows them by its own `people` row, with its own agency, memberships and administration rights.
 */
export const accounts = sqliteTable('accounts', {
  id: integer('id').primaryKey({ autoIncrement: true }),
  email: text('email').notNull().unique(),
  /** Null until the person accepts an invitation and chooses a password. */
  passwordHash: text('password_hash'),
  /** The partnership (by its person row) the account last worked in; sign-in returns there. */
  lastPersonId: integer('last_person_id'),
  createdAt: createdAt(),
});

/** A person as one partnership knows them. Every record of the partnership refers to this row. */
export const people = sqliteTable(
  'people',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    partnershipId: integer('partnership_id')
      .notNull()
      .references(() => partnerships.id),
    accountId: integer('account_id')
      .notNull()
      .references(() => accounts.id),
    agencyId: integer('agency_id')
      .notNull()
      .references(() => agencies.id),
    name: text('name').notNull(),
    jobTitle: text('job_title'),
    isPartnershipAdmin: integer('is_partnership_admin', { mode: 'boolean' }).notNull().default(false),
    /** Disabled in this partnership only: the account signs in to its other partnerships as before. */
    disabled: integer('disabled', { mode: 'boolean' }).notNull().default(false),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex('people_account_partnership').on(t.accountId, t.partnershipId), index('people_partnership').on(t.partnershipId)],
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
    /**
     * How it was opened: null with a password (or an invitation or reset link), else the partnership
     * whose single sign-on opened it. A partnership that requires single sign-on admits only sessions
     * its own provider opened (sign-in, switching in, and ending the others when it is turned on).
     */
    ssoPartnershipId: integer('sso_partnership_id').references(() => partnerships.id),
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
    /** How often the board sends a highlight report to the board it reports to (its parent board). */
    reportingCycle: text('reporting_cycle').$type<ReportingCycle>().notNull().default('monthly'),
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

// --- the risk register: projections of the risk docs, kept by the server in the update's transaction ---

export const risks = sqliteTable(
  'risks',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    partnershipId: integer('partnership_id')
      .notNull()
      .references(() => partnerships.id),
    /** Partnership-wide running number, shown as R-001. */
    number: integer('number').notNull(),
    boardId: integer('board_id')
      .notNull()
      .references(() => boards.id),
    escalatedToBoardId: integer('escalated_to_board_id').references(() => boards.id),
    leadAgencyId: integer('lead_agency_id').references(() => agencies.id),
    ownerId: integer('owner_id').references(() => people.id),
    title: text('title').notNull().default(''),
    cause: text('cause').notNull().default(''),
    event: text('event').notNull().default(''),
    effect: text('effect').notNull().default(''),
    category: text('category'),
    inherentLikelihood: integer('inherent_likelihood'),
    inherentImpact: integer('inherent_impact'),
    currentLikelihood: integer('current_likelihood'),
    currentImpact: integer('current_impact'),
    targetLikelihood: integer('target_likelihood'),
    targetImpact: integer('target_impact'),
    tolerance: integer('tolerance'),
    reviewFrequencyDays: integer('review_frequency_days'),
    nextReviewDate: text('next_review_date'),
    /** The current score when the risk was last reviewed; the trend is measured against it. */
    lastReviewScore: integer('last_review_score'),
    lastReviewedAt: text('last_reviewed_at'),
    /** When the current score last rose above the tolerance; null while at or within it. */
    aboveToleranceSince: text('above_tolerance_since'),
    status: text('status').$type<RiskStatus>().notNull().default('open'),
    closedReason: text('closed_reason'),
    createdAt: text('created_at').notNull(),
    createdBy: integer('created_by').references(() => people.id),
    updatedAt: text('updated_at').notNull(),
    updatedBy: integer('updated_by').references(() => people.id),
  },
  (t) => [uniqueIndex('risks_partnership_number').on(t.partnershipId, t.number), index('risks_board').on(t.boardId)],
);

export const mitigations = sqliteTable(
  'mitigations',
  {
    /** `<riskId>:<key>`, made by the server from the doc being written (see mitigationRowId). */
    id: text('id').primaryKey(),
    riskId: integer('risk_id')
      .notNull()
      .references(() => risks.id),
    /** The mitigation's key within its risk's doc; chosen by the client, meaningful only within that risk. */
    key: text('key').notNull().default(''),
    action: text('action').notNull().default(''),
    ownerId: integer('owner_id').references(() => people.id),
    agencyId: integer('agency_id').references(() => agencies.id),
    dueDate: text('due_date'),
    status: text('status').$type<MitigationStatus>().notNull().default('not_started'),
    noteCount: integer('note_count').notNull().default(0),
    lastNoteAt: text('last_note_at'),
    updatedAt: text('updated_at').notNull(),
  },
  (t) => [uniqueIndex('mitigations_risk_key').on(t.riskId, t.key), index('mitigations_owner').on(t.ownerId)],
);

// --- documents: the append-only update log, and snapshots that compaction folds it into ---

export const docUpdates = sqliteTable(
  'doc_updates',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    docName: text('doc_name').notNull(),
    update: blob('update', { mode: 'buffer' }).notNull(),
    editorId: integer('editor_id'),
    at: integer('at').notNull(),
  },
  (t) => [index('doc_updates_doc').on(t.docName, t.id)],
);

/**
 * Who first wrote with each Yjs client id in a document. A client id is one page's own sequence of
 * edits: only its writer may add to it, so nobody can write "as" another editor's page (and so have
 * that editor's later edits dropped as duplicates, or their own words stored under that editor).
 */
export const docWriters = sqliteTable(
  'doc_writers',
  {
    docName: text('doc_name').notNull(),
    clientId: integer('client_id').notNull(),
    personId: integer('person_id').notNull(),
  },
  (t) => [primaryKey({ columns: [t.docName, t.clientId] })],
);

export const docSnapshots = sqliteTable('doc_snapshots', {
  docName: text('doc_name').primaryKey(),
  state: blob('state', { mode: 'buffer' }).notNull(),
  /** Every update with an id up to this one is folded into the state. */
  upToUpdateId: integer('up_to_update_id').notNull(),
  at: integer('at').notNull(),
});

/** Field-level audit trail: who changed which field from what to what. Append-only. */
export const fieldChanges = sqliteTable(
  'field_changes',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    partnershipId: integer('partnership_id').notNull(),
    docName: text('doc_name').notNull(),
    recordId: integer('record_id').notNull(),
    mitigationId: text('mitigation_id'),
    field: text('field').notNull(),
    fromValue: text('from_value', { mode: 'json' }),
    toValue: text('to_value', { mode: 'json' }),
    editorId: integer('editor_id'),
    at: text('at').notNull(),
  },
  (t) => [index('field_changes_doc').on(t.docName, t.id)],
);

export const scoreHistory = sqliteTable(
  'score_history',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    riskId: integer('risk_id')
      .notNull()
      .references(() => risks.id),
    kind: text('kind').$type<ScoreKind>().notNull(),
    likelihood: integer('likelihood'),
    impact: integer('impact'),
    score: integer('score'),
    editorId: integer('editor_id'),
    at: text('at').notNull(),
  },
  (t) => [index('score_history_risk').on(t.riskId, t.id)],
);

// Board meetings live in their own file, part of this schema.
export * from './schema-meetings.js';

// The challenge log and notifications live in their own file, part of this schema.
export * from './schema-challenges.js';

// The improvement plan, its RAG decisions and the inspection recommendations live in their own file, part of this schema.
export * from './schema-plans.js';

// The evidence store (files, links and notes of impact) lives in its own file, part of this schema.
export * from './schema-evidence.js';
export * from './schema-scorecard.js';

// Imports, meeting papers and published board packs (issue 14) live in their own file, part of this schema.
export * from './schema-packs.js';
export * from './schema-mail.js';
