import { and, desc, eq, gt, gte, inArray, sql } from 'drizzle-orm';
import { mailDigests, mailOutbox, notifications } from '../../db/schema.js';
import { londonDay, londonTime } from '../../../shared/domain/meeting-time.js';
import { DIGEST_TIME, type MailPreference, type MailPreferencesView, type NotificationKind, type OutboxList } from '../../../shared/schemas/mail.js';
import { isoAt, type ServiceContext } from '../../core/context.js';
import { digestMail, linkMail, notificationMail } from './compose.js';
import { MailAddresses } from './addresses.js';
import { MailOutbox } from './outbox.js';
import { MailPreferences } from './preferences.js';
import { MailSender, smtpSender } from './transport.js';

/** A notification row as it is written: what its mail says. */
export interface NotifiedRow {
  id: number;
  personId: number;
  kind: NotificationKind;
  text: string;
  detail: string | null;
  link: string;
  createdAt: string;
}

/** How far back a first digest looks. */
const DIGEST_LOOKBACK_MS = 24 * 3_600_000;
const DIGEST_AT = `${String(DIGEST_TIME.hour).padStart(2, '0')}:${String(DIGEST_TIME.minute).padStart(2, '0')}`;

/**
 * Mail (issue 15): each notification becomes a mail in the same transaction (at once, or gathered into
 * the 07:30 digest, or none, as the person chose), invitations and password resets are always mailed;
 * all through the outbox, which the sender drains through SMTP when one is configured.
 */
export class MailService {
  readonly addresses: MailAddresses;
  readonly preferences: MailPreferences;
  readonly outbox: MailOutbox;
  private readonly smtp: ReturnType<typeof smtpSender>;
  private readonly sender: MailSender | null;
  private soon: NodeJS.Immediate | null = null;

  constructor(private readonly ctx: ServiceContext) {
    this.addresses = new MailAddresses(ctx);
    this.preferences = new MailPreferences(ctx);
    this.smtp = smtpSender(ctx.config);
    this.outbox = new MailOutbox(ctx, this.smtp !== null);
    this.sender = this.smtp && new MailSender(this.outbox, this.smtp.send, (personId, kind) => (personId === null || !isKind(kind) ? null : this.addresses.unsubscribeUrl(personId, kind)), ctx.config.log);
  }

  get sending(): boolean {
    return this.sender !== null;
  }

  /** Inside the notification's transaction: its mail, if the person takes this kind at once. */
  async notified(row: NotifiedRow): Promise<void> {
    const to = await this.addresses.recipient(row.personId);
    if (!to || to.disabled || (await this.preferences.modeOf(row.personId, row.kind)) !== 'immediate') return;
    const mail = notificationMail(this.addresses.frame(to, row.kind), { kind: row.kind, text: row.text, detail: to.mailDetails ? row.detail : null, url: this.addresses.url(row.link), createdAt: row.createdAt });
    // "Added to a partnership" names another partnership: no administrator's outbox lists it (it is the account's own news).
    const listedFor = row.kind === 'partnership_added' ? null : to.partnershipId;
    await this.outbox.queueWithin({ ...mail, partnershipId: listedFor, personId: to.personId, to: to.email, kind: row.kind, notificationId: row.id });
    this.sendSoon();
  }

  /** Inside the caller's transaction: an invitation or a reset link, always mailed. */
  async linkWithin(personId: number, purpose: 'invitation' | 'password_reset', url: string, expiresAt: number): Promise<void> {
    const to = await this.addresses.recipient(personId);
    if (!to) return;
    const mail = linkMail(this.addresses.frame(to, null), purpose, to.name, url, new Date(expiresAt).toISOString());
    await this.outbox.queueWithin({ ...mail, partnershipId: to.partnershipId, personId, to: to.email, kind: purpose });
    this.sendSoon();
  }

  /**
   * The morning digests, from 07:30 London time: each person's is claimed for the day (one row, in the
   * transaction that writes its mail), so it is made once whichever process runs this, and however often;
   * a server that was down at 07:30 makes it when it starts.
   */
  async digests(): Promise<number> {
    const now = this.ctx.clock();
    if (londonTime(now) < DIGEST_AT) return 0;
    const day = londonDay(now);
    let made = 0;
    for (const [personId, kinds] of (await this.preferences.digestTakers())) {
      await this.ctx.database.transaction(async () => {
        if ((await this.ctx.db.select().from(mailDigests).where(and(eq(mailDigests.personId, personId), eq(mailDigests.day, day))).get())) return;
        const last = await this.ctx.db.select().from(mailDigests).where(eq(mailDigests.personId, personId)).orderBy(desc(mailDigests.day)).limit(1).get();
        const since = last ? gt(notifications.id, last.lastNotificationId) : gte(notifications.createdAt, new Date(now - DIGEST_LOOKBACK_MS).toISOString());
        // A notification mailed at once already (before the person moved its kind to the digest) is not told twice.
        const unmailed = sql`not exists (select 1 from ${mailOutbox} where ${mailOutbox.notificationId} = ${notifications.id})`;
        const items = await this.ctx.db.select().from(notifications).where(and(eq(notifications.personId, personId), inArray(notifications.kind, kinds), since, unmailed)).orderBy(notifications.id).limit(200).all();
        const lastId = items.at(-1)?.id ?? last?.lastNotificationId ?? 0;
        await this.ctx.db.insert(mailDigests).values({ personId, day, lastNotificationId: lastId, createdAt: isoAt(this.ctx.clock) }).run();
        const to = await this.addresses.recipient(personId);
        if (items.length === 0 || !to || to.disabled) return;
        const mail = digestMail({ ...this.addresses.frame(to, null), preferencesUrl: this.addresses.url('/me/mail') }, day, items.map((n) => ({ kind: n.kind, text: n.text, detail: to.mailDetails ? n.detail : null, url: this.addresses.url(n.link), createdAt: n.createdAt })));
        await this.outbox.queueWithin({ ...mail, partnershipId: to.partnershipId, personId, to: to.email, kind: 'digest' });
        made++;
      });
    }
    return made;
  }

  /**
   * Sends once the caller's transaction has committed (the next turn of the event loop: the mail's row
   * is then stored, or gone with a rollback), not at the next tick.
   */
  private sendSoon(): void {
    if (!this.sender || this.soon) return;
    this.soon = setImmediate(() => {
      this.soon = null;
      void this.send();
    });
  }

  /** Sends what waits in the outbox (nothing without SMTP). */
  send(): Promise<void> {
    return this.sender?.run() ?? Promise.resolve();
  }

  async preferencesOf(personId: number): Promise<MailPreferencesView> {
    return { email: (await this.addresses.recipient(personId))?.email ?? '', preferences: (await this.preferences.all(personId)), sending: this.sending };
  }

  async savePreferences(personId: number, choices: readonly MailPreference[]): Promise<MailPreferencesView> {
    await this.preferences.save(personId, choices);
    return this.preferencesOf(personId);
  }

  async outboxOf(partnershipId: number): Promise<OutboxList> {
    return { items: (await this.outbox.list(partnershipId)), sending: this.sending };
  }

  /** Waits for a mail being sent (its row is then marked), then lets the SMTP connection go. */
  async close(): Promise<void> {
    if (this.soon) clearImmediate(this.soon);
    await this.sender?.idle();
    this.smtp?.close();
  }
}

function isKind(kind: string): kind is NotificationKind {
  return kind !== 'digest' && kind !== 'invitation' && kind !== 'password_reset';
}
