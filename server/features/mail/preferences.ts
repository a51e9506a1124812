import { and, eq } from 'drizzle-orm';
import { mailPreferences } from '../../db/schema.js';
import { NOTIFICATION_KINDS } from '../../../shared/schemas/challenge.js';
import type { MailMode, MailPreference, NotificationKind } from '../../../shared/schemas/mail.js';
import { isoAt, type ServiceContext } from '../../core/context.js';

/** Each person's choice per kind; a kind never chosen is mailed at once. */
export class MailPreferences {
  constructor(private readonly ctx: ServiceContext) {}

  modeOf(personId: number, kind: NotificationKind): MailMode {
    return this.ctx.db.select({ mode: mailPreferences.mode }).from(mailPreferences).where(and(eq(mailPreferences.personId, personId), eq(mailPreferences.kind, kind))).get()?.mode ?? 'immediate';
  }

  all(personId: number): MailPreference[] {
    const chosen = new Map(this.ctx.db.select().from(mailPreferences).where(eq(mailPreferences.personId, personId)).all().map((p) => [p.kind, p.mode]));
    return NOTIFICATION_KINDS.map((kind) => ({ kind, mode: chosen.get(kind) ?? 'immediate' }));
  }

  save(personId: number, choices: readonly MailPreference[]): void {
    const at = isoAt(this.ctx.clock);
    this.ctx.database.transaction(() => {
      for (const { kind, mode } of choices) {
        this.ctx.db.insert(mailPreferences).values({ personId, kind, mode, updatedAt: at }).onConflictDoUpdate({ target: [mailPreferences.personId, mailPreferences.kind], set: { mode, updatedAt: at } }).run();
      }
    });
  }

  /** The people who take any kind in the digest, and which kinds. */
  digestTakers(): Map<number, NotificationKind[]> {
    const takers = new Map<number, NotificationKind[]>();
    for (const p of this.ctx.db.select().from(mailPreferences).where(eq(mailPreferences.mode, 'digest')).all()) {
      takers.set(p.personId, [...(takers.get(p.personId) ?? []), p.kind as NotificationKind]);
    }
    return takers;
  }
}
