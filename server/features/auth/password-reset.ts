import { and, eq, gt, isNull } from 'drizzle-orm';
import { passwordResets, people } from '../../db/schema.js';
import { AppError } from '../../../shared/errors.js';
import { LIMITS } from '../../../shared/limits.js';
import type { PasswordResetPreview } from '../../../shared/schemas/auth.js';
import { writeAudit } from '../../core/audit.js';
import { isoAt, type ServiceContext } from '../../core/context.js';
import { TokenBucket } from '../../core/token-bucket.js';
import { takeSharedToken } from '../../core/shared-counters.js';
import { accountByEmail, accountOf, personRowsOf, setPassword, voidLinksOf } from './accounts.js';
import { hashPassword } from './passwords.js';
import { assertPasswordAllowed, passwordLanding } from './sso-required.js';
import { createSession, endSessionsOf, hashToken, newToken } from './sessions.js';

/** Mails a link inside the caller's transaction (the mail feature's outbox). */
export type MailLink = (personId: number, purpose: 'password_reset', url: string, expiresAt: number) => Promise<void>;

/** Requests from one address: a few at once, then one a minute. */
const PER_ADDRESS = { burst: LIMITS.passwordResetBurst, perSecond: LIMITS.passwordResetPerSecond };
const ADDRESSES_KEPT = 10_000;

const invalid = () => new AppError('INVITATION_INVALID', 'This link to choose a new password is no longer valid. Ask for a new one from the sign-in page.');

/**
 * "Forgotten your password?" (issue 15): a link to choose a new one is mailed to the address, if it is
 * an account's; the answer is the same either way, so the page tells nobody which addresses have
 * accounts. One link per account a quarter of an hour, a few requests per address; the link works
 * once, for an hour, and choosing a password with it ends every session of the account.
 */
export class PasswordResets {
  private readonly perAddress = new Map<string, TokenBucket>();

  constructor(
    private readonly ctx: ServiceContext,
    private readonly mailLink: MailLink,
  ) {}

  async request(email: string, address: string): Promise<void> {
    if (!(await this.takeToken(address))) throw new AppError('RATE_LIMITED', 'Too many requests from this address. Try again in a few minutes.');
    const account = await accountByEmail(this.ctx, email);
    // An account that signs in only through its organisation has no password to reset: no link (the same answer, though).
    const person = account ? (await passwordLanding(this.ctx, account)) : null;
    if (!account || !person) return;
    const now = this.ctx.clock();
    await this.ctx.database.transaction(async () => {
      const recent = await this.ctx.db.select({ id: passwordResets.id }).from(passwordResets).innerJoin(people, eq(people.id, passwordResets.personId)).where(and(eq(people.accountId, account.id), gt(passwordResets.createdAt, new Date(now - LIMITS.passwordResetEveryMs).toISOString()))).get();
      if (recent) return;
      const token = newToken();
      const expiresAt = now + LIMITS.passwordResetTtlMs;
      await this.ctx.db.insert(passwordResets).values({ personId: person.id, tokenHash: hashToken(token), createdAt: isoAt(this.ctx.clock), expiresAt }).run();
      await writeAudit(this.ctx, { partnershipId: person.partnershipId, actorId: null, action: 'account.reset_requested', entityType: 'person', entityId: person.id, detail: { address } });
      await this.mailLink(person.id, 'password_reset', `${this.ctx.config.publicUrl}/reset/${token}`, expiresAt);
    });
  }

  async preview(token: string): Promise<PasswordResetPreview> {
    const row = await this.live(token);
    return { email: (await accountOf(this.ctx, row.personId))!.email, expiresAt: new Date(row.expiresAt).toISOString() };
  }

  /** The new password for the whole account; every session of it ends, and the one made here begins. */
  async reset(token: string, password: string): Promise<{ token: string; personId: number }> {
    await this.live(token);
    const hash = await hashPassword(password, this.ctx.config.passwordHashCost);
    const done = await this.ctx.database.transaction(async () => {
      const row = await this.live(token);
      const used = await this.ctx.db.update(passwordResets).set({ usedAt: this.ctx.clock() }).where(and(eq(passwordResets.id, row.id), isNull(passwordResets.usedAt))).run();
      if (used.changes !== 1) throw invalid();
      const account = (await accountOf(this.ctx, row.personId))!;
      // Single sign-on required everywhere it works since the link was sent: no password is set.
      await assertPasswordAllowed(this.ctx, account.id, 'no password can be set');
      // The session opens where a password works (the link's partnership may require single sign-on since).
      const person = await passwordLanding(this.ctx, account);
      if (!person) throw invalid();
      await setPassword(this.ctx, account.id, hash);
      await voidLinksOf(this.ctx, account.id);
      const persons = await personRowsOf(this.ctx, account.id);
      for (const p of persons) await endSessionsOf(this.ctx, p.id);
      await writeAudit(this.ctx, { partnershipId: person.partnershipId, actorId: person.id, action: 'account.password_reset', entityType: 'person', entityId: person.id });
      return { token: (await createSession(this.ctx, person.id)).token, personId: person.id, persons: persons.map((p) => p.id) };
    });
    for (const personId of done.persons) this.ctx.bus.emit('person.sessions-ended', { personId, reason: 'password_reset' });
    return { token: done.token, personId: done.personId };
  }

  private async live(token: string): Promise<typeof passwordResets.$inferSelect> {
    const row = await this.ctx.db.select().from(passwordResets).where(eq(passwordResets.tokenHash, hashToken(token))).get();
    if (!row || row.usedAt !== null || row.expiresAt <= this.ctx.clock()) throw invalid();
    const person = await this.ctx.db.select({ disabled: people.disabled }).from(people).where(eq(people.id, row.personId)).get();
    if (!person || person.disabled) throw invalid();
    return row;
  }

  /** One of the address's tokens: in Redis when processes share it (one budget whichever process answers), else here. */
  private async takeToken(address: string): Promise<boolean> {
    const shared = this.ctx.sharedCounters;
    if (shared) return (await takeSharedToken(shared, `password-reset:${address}`, PER_ADDRESS.perSecond, PER_ADDRESS.burst)) === 0;
    return this.bucket(address).take();
  }

  private bucket(address: string): TokenBucket {
    let bucket = this.perAddress.get(address);
    if (!bucket) {
      // Forgetting the oldest addresses costs nothing: a forgotten address starts with a full bucket, as a new one does.
      if (this.perAddress.size >= ADDRESSES_KEPT) this.perAddress.delete(this.perAddress.keys().next().value!);
      this.perAddress.set(address, (bucket = new TokenBucket(PER_ADDRESS.perSecond, PER_ADDRESS.burst)));
    }
    return bucket;
  }
}
