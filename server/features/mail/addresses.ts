import { eq } from 'drizzle-orm';
import { accounts, partnerships, people } from '../../db/schema.js';
import { NOTIFICATION_KINDS } from '../../../shared/schemas/challenge.js';
import type { NotificationKind } from '../../../shared/schemas/mail.js';
import type { ServiceContext } from '../../core/context.js';
import type { MailFrame } from './compose.js';

/** A person as mail reaches them: their address and the partnership whose mail it is. */
export interface Recipient {
  personId: number;
  name: string;
  email: string;
  disabled: boolean;
  partnershipId: number;
  partnershipName: string;
  marking: string;
  mailDetails: boolean;
}

/** Where mails go and what their links are: read inside the caller's transaction (synchronous). */
export class MailAddresses {
  constructor(private readonly ctx: ServiceContext) {}

  async recipient(personId: number): Promise<Recipient | null> {
    const row = await this.ctx.db
      .select({ personId: people.id, name: people.name, email: accounts.email, disabled: people.disabled, partnershipId: partnerships.id, partnershipName: partnerships.name, marking: partnerships.protectiveMarking, mailDetails: partnerships.mailDetails })
      .from(people)
      .innerJoin(accounts, eq(accounts.id, people.accountId))
      .innerJoin(partnerships, eq(partnerships.id, people.partnershipId))
      .where(eq(people.id, personId))
      .get();
    return row ?? null;
  }

  url(path: string): string {
    return `${this.ctx.config.publicUrl}${path.startsWith('/') ? path : `/${path}`}`;
  }

  /** The one-click way out of one kind, signed for this person (a forged or altered link is refused). */
  unsubscribeUrl(personId: number, kind: NotificationKind): string {
    return this.url(`/api/mail/unsubscribe?person=${personId}&kind=${kind}&sig=${this.signature(personId, kind)}`);
  }

  signature(personId: number, kind: string): string {
    return this.ctx.secrets.sign(`unsubscribe|${personId}|${kind}`);
  }

  /** The link's person and kind, if its signature is theirs. */
  verifyUnsubscribe(person: unknown, kind: unknown, sig: unknown): { personId: number; kind: NotificationKind } | null {
    if (typeof person !== 'string' || typeof kind !== 'string' || typeof sig !== 'string' || !/^\d{1,12}$/.test(person)) return null;
    if (!(NOTIFICATION_KINDS as readonly string[]).includes(kind)) return null;
    return this.ctx.secrets.verify(`unsubscribe|${person}|${kind}`, sig) ? { personId: Number(person), kind: kind as NotificationKind } : null;
  }

  frame(r: Recipient, kind: NotificationKind | null): MailFrame {
    return { partnershipName: r.partnershipName, marking: r.marking, preferencesUrl: kind ? this.url('/me/mail') : null, unsubscribeUrl: kind ? this.unsubscribeUrl(r.personId, kind) : null };
  }
}
