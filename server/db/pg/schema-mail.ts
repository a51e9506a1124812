import { bigint, boolean, index, integer, pgTable, primaryKey, text, uniqueIndex } from 'drizzle-orm/pg-core';
import { jsonb } from './columns.js';
import { agencies, notifications, partnerships, people } from './schema.js';

/* The PostgreSQL mirror of ../schema-mail.ts (documented there); see ./schema.ts for how the types map. */

export const mailOutbox = pgTable(
  'mail_outbox',
  {
    id: integer('id').primaryKey().generatedByDefaultAsIdentity(),
    partnershipId: integer('partnership_id').references(() => partnerships.id),
    personId: integer('person_id').references(() => people.id),
    toAddress: text('to_address').notNull(),
    kind: text('kind').notNull(),
    subject: text('subject').notNull(),
    textBody: text('text_body').notNull(),
    htmlBody: text('html_body').notNull(),
    notificationId: integer('notification_id').references(() => notifications.id),
    status: text('status').$type<'queued' | 'sending' | 'sent' | 'failed' | 'held'>().notNull(),
    attempts: integer('attempts').notNull().default(0),
    lastError: text('last_error'),
    claimedAt: text('claimed_at'),
    createdAt: text('created_at').notNull(),
    sentAt: text('sent_at'),
  },
  (t) => [index('mail_outbox_status').on(t.status, t.id), index('mail_outbox_partnership').on(t.partnershipId, t.id), uniqueIndex('mail_outbox_notification').on(t.notificationId)],
);

export const mailPreferences = pgTable(
  'mail_preferences',
  {
    personId: integer('person_id')
      .notNull()
      .references(() => people.id),
    kind: text('kind').notNull(),
    mode: text('mode').$type<'immediate' | 'digest' | 'off'>().notNull(),
    updatedAt: text('updated_at').notNull(),
  },
  (t) => [primaryKey({ columns: [t.personId, t.kind] })],
);

export const mailDigests = pgTable(
  'mail_digests',
  {
    personId: integer('person_id')
      .notNull()
      .references(() => people.id),
    day: text('day').notNull(),
    lastNotificationId: integer('last_notification_id').notNull(),
    createdAt: text('created_at').notNull(),
  },
  (t) => [primaryKey({ columns: [t.personId, t.day] })],
);

export const passwordResets = pgTable('password_resets', {
  id: integer('id').primaryKey().generatedByDefaultAsIdentity(),
  personId: integer('person_id')
    .notNull()
    .references(() => people.id),
  tokenHash: text('token_hash').notNull().unique(),
  createdAt: text('created_at').notNull(),
  expiresAt: bigint('expires_at', { mode: 'number' }).notNull(),
  usedAt: bigint('used_at', { mode: 'number' }),
});

export const partnershipSso = pgTable('partnership_sso', {
  partnershipId: integer('partnership_id')
    .primaryKey()
    .references(() => partnerships.id),
  label: text('label').notNull(),
  issuerUrl: text('issuer_url').notNull(),
  clientId: text('client_id').notNull(),
  clientSecretSealed: text('client_secret_sealed').notNull(),
  allowedDomains: jsonb('allowed_domains').$type<string[]>().notNull(),
  required: boolean('required').notNull().default(false),
  createsPeople: boolean('creates_people').notNull().default(false),
  newPeopleAgencyId: integer('new_people_agency_id').references(() => agencies.id),
  trustsProviderEmail: boolean('trusts_provider_email').notNull().default(false),
  enabled: boolean('enabled').notNull().default(true),
  updatedAt: text('updated_at').notNull(),
  updatedBy: integer('updated_by').references(() => people.id),
});

export const ssoStates = pgTable(
  'sso_states',
  {
    stateHash: text('state_hash').primaryKey(),
    partnershipId: integer('partnership_id')
      .notNull()
      .references(() => partnerships.id),
    nonce: text('nonce').notNull(),
    codeVerifier: text('code_verifier').notNull(),
    loginHint: text('login_hint'),
    createdAt: bigint('created_at', { mode: 'number' }).notNull(),
  },
  (t) => [index('sso_states_created').on(t.createdAt)],
);
