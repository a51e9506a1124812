import { and, desc, eq } from 'drizzle-orm';
import { mailOutbox } from '../../db/schema.js';
import type { OutboxItem } from '../../../shared/schemas/mail.js';
import { isoAt, type ServiceContext } from '../../core/context.js';
import type { ComposedMail } from './compose.js';

export interface QueuedMail extends ComposedMail {
  partnershipId: number | null;
  personId: number | null;
  to: string;
  kind: string;
  notificationId?: number;
  /** The signed one-click address (RFC 8058), for the List-Unsubscribe header. */
  unsubscribeUrl?: string | null;
}

/** A claimed mail, as the sender sends it. */
export type ClaimedMail = typeof mailOutbox.$inferSelect;

/** After this long a claim is of a process that stopped mid-send: the mail is tried again. */
const STALE_CLAIM_MS = 5 * 60_000;
/** Tries before a mail is marked failed (the administrators see it, with the last error). */
export const MAIL_ATTEMPTS_MAX = 5;

/**
 * The outbox: every mail is a row first, written inside the transaction of what caused it, so it
 * survives a restart and is sent once whichever process sends it (the sender claims a row, with one
 * UPDATE, before sending it). With no SMTP server a mail is `held`: kept for the administrators to read.
 */
export class MailOutbox {
  constructor(
    private readonly ctx: ServiceContext,
    private readonly sending: boolean,
  ) {}

  /** Inside the caller's transaction. A second mail for the same notification is not written. */
  async queueWithin(mail: QueuedMail): Promise<void> {
    await this.ctx.db
      .insert(mailOutbox)
      .values({
        partnershipId: mail.partnershipId,
        personId: mail.personId,
        toAddress: mail.to,
        kind: mail.kind,
        subject: mail.subject,
        textBody: mail.text,
        htmlBody: mail.html,
        notificationId: mail.notificationId ?? null,
        status: this.sending ? 'queued' : 'held',
        createdAt: isoAt(this.ctx.clock),
      })
      .onConflictDoNothing()
      .run();
  }

  /** The next mail to send, claimed by this process (null when none waits). */
  async claimNext(): Promise<ClaimedMail | null> {
    // Real time, not the service clock: a claim goes stale by how long its process has really been silent.
    const now = Date.now();
    const stale = new Date(now - STALE_CLAIM_MS).toISOString();
    // One statement, in a transaction of its own: two processes never claim the same mail.
    const row = await this.ctx.database.sql.get<{ id: number }>(
      `update mail_outbox set status = 'sending', claimed_at = ?, attempts = attempts + 1
       where id = (select id from mail_outbox where status = 'queued' or (status = 'sending' and claimed_at < ?) order by id limit 1)
       returning id`,
      [new Date(now).toISOString(), stale],
    );
    return row ? ((await this.ctx.db.select().from(mailOutbox).where(eq(mailOutbox.id, row.id)).get()) ?? null) : null;
  }

  async sent(id: number): Promise<void> {
    await this.ctx.db.update(mailOutbox).set({ status: 'sent', sentAt: isoAt(this.ctx.clock), lastError: null }).where(and(eq(mailOutbox.id, id), eq(mailOutbox.status, 'sending'))).run();
  }

  /** Tried again later, or given up on after MAIL_ATTEMPTS_MAX tries. */
  async notSent(mail: ClaimedMail, error: string): Promise<void> {
    const status = mail.attempts >= MAIL_ATTEMPTS_MAX ? 'failed' : 'queued';
    await this.ctx.db.update(mailOutbox).set({ status, lastError: error.slice(0, 500) }).where(and(eq(mailOutbox.id, mail.id), eq(mailOutbox.status, 'sending'))).run();
  }

  /** The partnership's latest mails, newest first, for its administrators. */
  async list(partnershipId: number, limit = 100): Promise<OutboxItem[]> {
    return (await this.ctx.db
      .select()
      .from(mailOutbox)
      .where(eq(mailOutbox.partnershipId, partnershipId))
      .orderBy(desc(mailOutbox.id))
      .limit(limit)
      .all())
      .map((r) => ({ id: r.id, to: r.toAddress, kind: r.kind, subject: r.subject, textBody: forAdministrators(r.kind, r.textBody), status: r.status, attempts: r.attempts, lastError: r.lastError, createdAt: r.createdAt, sentAt: r.sentAt }));
  }
}

/**
 * What the administrators may read of a mail. A one-click link is signed for its person alone: with it
 * they could stop anyone's mails of a kind unknown to them, so its signature is left out. A password
 * reset link (asked for by anyone, from the sign-in page) sets the password of the whole account, which
 * may work in other partnerships too: its token is left out, or an administrator could take the account.
 */
function forAdministrators(kind: string, text: string): string {
  const unsigned = text.replace(/(\/api\/mail\/unsubscribe\?[^\s]*?sig=)[\w-]+/g, '$1…');
  return kind === 'password_reset' ? unsigned.replace(/\/(reset|invite)\/[\w-]+/g, '/$1/…') : unsigned;
}
