import nodemailer from 'nodemailer';
import type { ServerConfig } from '../../config.js';
import type { MailOutbox } from './outbox.js';

/** One mail handed to the SMTP server. */
export type SendMail = (mail: { to: string; subject: string; text: string; html: string; unsubscribeUrl: string | null }) => Promise<void>;

/** Sends through SMTP_URL with nodemailer; null without one (mails are then only kept). */
export function smtpSender(config: Pick<ServerConfig, 'smtpUrl' | 'mailFrom'>): { send: SendMail; close(): void } | null {
  if (!config.smtpUrl) return null;
  // Every wait well inside the outbox's stale claim (5 minutes), so a slow server never gets a mail sent twice.
  // One pooled connection: a morning's reminders and digests go down it one after another, not a new
  // connection and sign-in each (about a tenth of the time per mail here). A connection the SMTP server drops
  // while idle is replaced at the next mail; a mail whose send fails on it is tried again at the next tick.
  const transport = nodemailer.createTransport({ url: config.smtpUrl, pool: true, maxConnections: 1, connectionTimeout: 30_000, greetingTimeout: 30_000, socketTimeout: 60_000 });
  return {
    async send(mail) {
      await transport.sendMail({
        from: config.mailFrom,
        to: mail.to,
        subject: mail.subject,
        text: mail.text,
        html: mail.html,
        ...(mail.unsubscribeUrl ? { list: { unsubscribe: mail.unsubscribeUrl }, headers: { 'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click' } } : {}),
      });
    },
    close: () => transport.close(),
  };
}

/**
 * Drains the outbox: claims one mail at a time and sends it; runs again when asked meanwhile. Errors
 * (the SMTP server away) leave the mail to be tried at the next run, never lost.
 */
export class MailSender {
  private running: Promise<void> | null = null;
  private again = false;
  private closed = false;

  constructor(
    private readonly outbox: MailOutbox,
    private readonly send: SendMail,
    private readonly unsubscribeOf: (personId: number | null, kind: string) => string | null,
    private readonly log: ServerConfig['log'],
  ) {}

  /** Sends whatever waits; resolves when the outbox is empty (or every mail in it has been tried this run). */
  run(): Promise<void> {
    if (this.closed) return Promise.resolve();
    if (this.running) {
      this.again = true;
      return this.running;
    }
    this.running = this.drain().finally(() => {
      this.running = null;
      if (this.again && !this.closed) {
        this.again = false;
        void this.run();
      }
    });
    return this.running;
  }

  /** Resolves once no run is under way (nothing more is started after the server's close). */
  async idle(): Promise<void> {
    this.closed = true;
    while (this.running) await this.running;
  }

  private async drain(): Promise<void> {
    const tried = new Set<number>();
    for (let mail = await this.outbox.claimNext(); mail && !tried.has(mail.id); mail = await this.outbox.claimNext()) {
      tried.add(mail.id);
      try {
        await this.send({ to: mail.toAddress, subject: mail.subject, text: mail.textBody, html: mail.htmlBody, unsubscribeUrl: this.unsubscribeOf(mail.personId, mail.kind) });
        await this.outbox.sent(mail.id);
      } catch (err) {
        await this.outbox.notSent(mail, String(err));
        this.log('a mail could not be sent', { mailId: mail.id, error: String(err) });
        // The server is likely away: the rest wait for the next run.
        return;
      }
    }
  }
}
