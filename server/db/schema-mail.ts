import { index, integer, primaryKey, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';
import { agencies, notifications, partnerships, people } from './schema.js';

/*
 * Issue 15: e-mail that people act on, the reminders that keep the board's cycle, and single sign-on.
 * Every mail is first a row of the outbox, written in the same transaction as what caused it (a
 * notification, an invitation, a digest's claim), so a mail is never lost with a restart and never
 * sent twice by two processes: the sender claims a row before it sends it.
 */

/** A mail to send (or, with no SMTP server configured, kept here for the partnership's administrators to read). */
export const mailOutbox = sqliteTable(
  'mail_outbox',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    partnershipId: integer('partnership_id').references(() => partnerships.id),
    personId: integer('person_id').references(() => people.id),
    toAddress: text('to_address').notNull(),
    /** A notification kind, or invitation / password_reset / digest. */
    kind: text('kind').notNull(),
    subject: text('subject').notNull(),
    textBody: text('text_body').notNull(),
    htmlBody: text('html_body').notNull(),
    /** The notification it tells of: one mail per notification, whichever process writes it. */
    notificationId: integer('notification_id').references(() => notifications.id),
    /** queued → sending → sent | failed (tried too often); held: no SMTP server, kept for reading. */
    status: text('status').$type<'queued' | 'sending' | 'sent' | 'failed' | 'held'>().notNull(),
    attempts: integer('attempts').notNull().default(0),
    lastError: text('last_error'),
    /** When a sender claimed it (a claim older than a few minutes is of a process that died mid-send). */
    claimedAt: text('claimed_at'),
    createdAt: text('created_at').notNull(),
    sentAt: text('sent_at'),
  },
  (t) => [index('mail_outbox_status').on(t.status, t.id), index('mail_outbox_partnership').on(t.partnershipId, t.id), uniqueIndex('mail_outbox_notification').on(t.notificationId)],
);

/** How a person wants each kind of mail: immediately (the default), in the 07:30 digest, or not at all. */
export const mailPreferences = sqliteTable(
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

/** A person's digest of a day, claimed once (by whichever process gets there first), with the last notification it covered. */
export const mailDigests = sqliteTable(
  'mail_digests',
  {
    personId: integer('person_id')
      .notNull()
      .references(() => people.id),
    /** The day in Europe/London, YYYY-MM-DD. */
    day: text('day').notNull(),
    lastNotificationId: integer('last_notification_id').notNull(),
    createdAt: text('created_at').notNull(),
  },
  (t) => [primaryKey({ columns: [t.personId, t.day] })],
);

/** A self-service password reset: the link's token (hashed), good for one use within its hour. */
export const passwordResets = sqliteTable('password_resets', {
  id: integer('id').primaryKey({ autoIncrement: true }),
  personId: integer('person_id')
    .notNull()
    .references(() => people.id),
  tokenHash: text('token_hash').notNull().unique(),
  createdAt: text('created_at').notNull(),
  expiresAt: integer('expires_at').notNull(),
  usedAt: integer('used_at'),
});

/** A partnership's single sign-on through its organisation's OpenID Connect provider. */
export const partnershipSso = sqliteTable('partnership_sso', {
  partnershipId: integer('partnership_id')
    .primaryKey()
    .references(() => partnerships.id),
  /** Shown on the sign-in page: "Sign in with <label>". */
  label: text('label').notNull(),
  issuerUrl: text('issuer_url').notNull(),
  clientId: text('client_id').notNull(),
  /** Encrypted with the key from the environment (SECRETS_KEY); never logged, never sent back. */
  clientSecretSealed: text('client_secret_sealed').notNull(),
  /** Lower-case e-mail domains whose people may sign in this way. */
  allowedDomains: text('allowed_domains', { mode: 'json' }).$type<string[]>().notNull(),
  /** Password sign-in refused for the partnership's people. */
  required: integer('required', { mode: 'boolean' }).notNull().default(false),
  /** A verified address of an allowed domain with no person yet becomes one (off unless the admin turns it on). */
  createsPeople: integer('creates_people', { mode: 'boolean' }).notNull().default(false),
  /** The agency people made on first sign-in belong to (a person must have one); null makes nobody. */
  newPeopleAgencyId: integer('new_people_agency_id').references(() => agencies.id),
  /**
   * The provider vouches for every address it sends (Microsoft Entra ID sends no email_verified
   * claim): an address with no such claim is accepted. One the provider says is unverified never is.
   */
  trustsProviderEmail: integer('trusts_provider_email', { mode: 'boolean' }).notNull().default(false),
  enabled: integer('enabled', { mode: 'boolean' }).notNull().default(true),
  updatedAt: text('updated_at').notNull(),
  updatedBy: integer('updated_by').references(() => people.id),
});

/** A sign-in under way at a provider: its state, nonce and PKCE verifier, for ten minutes, used once. */
export const ssoStates = sqliteTable(
  'sso_states',
  {
    /** SHA-256 of the state sent to the provider. */
    stateHash: text('state_hash').primaryKey(),
    partnershipId: integer('partnership_id')
      .notNull()
      .references(() => partnerships.id),
    nonce: text('nonce').notNull(),
    codeVerifier: text('code_verifier').notNull(),
    /** The address typed on the sign-in page (the provider's verified one must be it). */
    loginHint: text('login_hint'),
    createdAt: integer('created_at').notNull(),
  },
  (t) => [index('sso_states_created').on(t.createdAt)],
);
