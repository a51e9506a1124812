import { and, eq } from 'drizzle-orm';
import { mailPreferences } from '../../db/schema.js';
import { NOTIFICATION_KINDS } from '../../../shared/schemas/challenge.js';
import type { MailMode, MailPreference, NotificationKind } from '../../../shared/schemas/mail.js';
import { isoAt, type ServiceContext } from '../../core/context.js';

/** Each person's choice per kind; a kind never chosen is mailed at once. */
export class MailPreferences {
  constructor(private readonly ctx: ServiceContext) {}

  async modeOf(personId: number, kind: NotificationKind): Promise<MailMode> {
    return (await this.ctx.db.select({ mode: mailPreferences.mode }).from(mailPreferences).where(and(eq(mailPreferences.personId, personId), eq(mailPreferences.kind, kind))).get())?.mode ?? 'immediate';
  }

  async all(personId: number): Promise<MailPreference[]> {
    const chosen = new Map((await this.ctx.db.select().from(mailPreferences).where(eq(mailPreferences.personId, personId)).all()).map((p) => [p.kind, p.mode]));
    return NOTIFICATION_KINDS.map((kind) => ({ kind, mode: chosen.get(kind) ?? 'immediate' }));
  }

  async save(personId: number, choices: readonly MailPreference[]): Promise<void> {
    const at = isoAt(this.ctx.clock);
    await this.ctx.database.transaction(async () => {
      for (const { kind, mode } of choices) {
        await this.ctx.db.insert(mailPreferences).values({ personId, kind, mode, updatedAt: at }).onConflictDoUpdate({ target: [mailPreferences.personId, mailPreferences.kind], set: { mode, updatedAt: at } }).run();
      }
    });
  }

  /** The people who take any kind in the digest, and which kinds. */
  async digestTakers(): Promise<Map<number, NotificationKind[]>> {
    const takers = new Map<number, NotificationKind[]>();
    for (const p of (await this.ctx.db.select().from(mailPreferences).where(eq(mailPreferences.mode, 'digest')).all())) {
      takers.set(p.personId, [...(takers.get(p.personId) ?? []), p.kind as NotificationKind]);
    }
    return takers;
  }
}
