import { and, asc, eq, lt } from 'drizzle-orm';
import { agencies, partnershipSso, people, sessions, ssoStates } from '../../db/schema.js';
import { writeAudit, type AuditInput } from '../../core/audit.js';
import { isoAt, type ServiceContext } from '../../core/context.js';
import { accountByEmail, accountOf, addPersonRow, createSession, endSessionsBarredBy, hashToken, type PersonRow } from '../auth/index.js';

export type SsoRow = typeof partnershipSso.$inferSelect;
export type StateRow = typeof ssoStates.$inferSelect;

/** How long a sign-in may stay at the provider before its state is refused. */
export const STATE_TTL_MS = 10 * 60_000;

/** The columns an administrator's save writes (the secret already sealed). */
export type SsoValues = Omit<SsoRow, 'partnershipId' | 'updatedAt' | 'updatedBy'>;

/**
 * Single sign-on's storage: the partnership's settings, the states of sign-ins under way (kept as
 * hashes, used once), and the sign-in itself (a person found or made, a session opened, audited) in
 * one transaction each.
 */
export class SsoRepository {
  constructor(private readonly ctx: ServiceContext) {}

  async settings(partnershipId: number): Promise<SsoRow | undefined> {
    return this.ctx.db.select().from(partnershipSso).where(eq(partnershipSso.partnershipId, partnershipId)).get();
  }

  /**
   * Saves the settings and the audit entry together (the entry never carries the secret). Saved
   * required, the sessions the requirement bars end in the same transaction: a password sign-in
   * cannot land between the save and the sweep. Answers their token hashes, for the service to announce.
   */
  async save(partnershipId: number, actorId: number, values: SsoValues, detail: Record<string, unknown>): Promise<{ saved: SsoRow; sessionsEnded: string[] }> {
    return this.ctx.database.transaction(async () => {
      const row = { ...values, updatedAt: isoAt(this.ctx.clock), updatedBy: actorId };
      const saved = await this.ctx.db
        .insert(partnershipSso)
        .values({ partnershipId, ...row })
        .onConflictDoUpdate({ target: partnershipSso.partnershipId, set: row })
        .returning()
        .get();
      const sessionsEnded = values.required && values.enabled ? (await endSessionsBarredBy(this.ctx, partnershipId)) : [];
      await writeAudit(this.ctx, { partnershipId, actorId, action: 'partnership.sso_settings', entityType: 'partnership', entityId: partnershipId, detail: { ...detail, sessionsEnded: sessionsEnded.length } });
      return { saved, sessionsEnded };
    });
  }

  /** Whether the agency is one of the partnership's. */
  async agencyIn(partnershipId: number, agencyId: number): Promise<boolean> {
    return (await this.ctx.db.select({ id: agencies.id }).from(agencies).where(and(eq(agencies.id, agencyId), eq(agencies.partnershipId, partnershipId))).get()) !== undefined;
  }

  /** How the session was opened: through which partnership's single sign-on (null: a password), and when. Undefined for a session gone. */
  async sessionOpening(tokenHash: string): Promise<{ via: number | null; createdAt: number } | undefined> {
    return this.ctx.db.select({ via: sessions.ssoPartnershipId, createdAt: sessions.createdAt }).from(sessions).where(eq(sessions.tokenHash, tokenHash)).get();
  }

  /** The person's sign-in address. */
  async emailOf(personId: number): Promise<string | null> {
    return (await accountOf(this.ctx, personId))?.email ?? null;
  }

  /** The enabled settings whose allowed domains include this one, partnership order. */
  async enabledForDomain(domain: string): Promise<SsoRow[]> {
    return (await this.ctx.db
      .select()
      .from(partnershipSso)
      .where(eq(partnershipSso.enabled, true))
      .orderBy(asc(partnershipSso.partnershipId))
      .all())
      .filter((r) => r.allowedDomains.includes(domain));
  }

  async putState(row: StateRow): Promise<void> {
    await this.ctx.database.transaction(async () => {
      // States nobody came back with are swept as new ones are made.
      await this.ctx.db.delete(ssoStates).where(lt(ssoStates.createdAt, this.ctx.clock() - STATE_TTL_MS)).run();
      await this.ctx.db.insert(ssoStates).values(row).run();
    });
  }

  /** The state's row, removed in the same step: a state is good for one callback only, replayed or not. */
  async takeState(state: string): Promise<StateRow | undefined> {
    return this.ctx.database.transaction(async () => this.ctx.db.delete(ssoStates).where(eq(ssoStates.stateHash, hashToken(state))).returning().get());
  }

  /**
   * Signs the person in: re-checked inside (still there, still active), or — where the partnership
   * lets single sign-on make people (`newPeopleAgencyId`) — a person made with no board roles in the
   * agency the administrators chose, for an address no account has yet. Null when there is no one to sign in. The session (marked as
   * opened through this partnership's provider) and the audit entry are one unit.
   */
  async signIn(partnershipId: number, email: string, name: string, newPeopleAgencyId: number | null, detail: Record<string, unknown>): Promise<{ token: string; personId: number; created: boolean } | null> {
    return this.ctx.database.transaction(async () => {
      let person = await this.personFor(partnershipId, email);
      let created = false;
      // Only a new address becomes a person here. An account that already works in another
      // partnership is added by an administrator, deliberately and with notice: a provider this
      // partnership chose must not quietly tie someone else's account to it.
      if (!person && newPeopleAgencyId !== null && !(await accountByEmail(this.ctx, email))) {
        const agency = await this.ctx.db.select({ id: agencies.id }).from(agencies).where(and(eq(agencies.id, newPeopleAgencyId), eq(agencies.partnershipId, partnershipId))).get();
        if (!agency) return null;
        person = (await addPersonRow(this.ctx, { partnershipId, agencyId: agency.id, name, email, jobTitle: null, isPartnershipAdmin: false })).person;
        created = true;
        await writeAudit(this.ctx, { partnershipId, actorId: person.id, action: 'person.create', entityType: 'person', entityId: person.id, detail: { name, email, via: 'sso' } });
      }
      if (!person || person.disabled) return null;
      // Where the account's next password sign-in lands is not moved: a provider vouches for this
      // partnership only, and another partnership's administrators choose theirs.
      const { token } = await createSession(this.ctx, person.id, partnershipId);
      await writeAudit(this.ctx, { partnershipId, actorId: person.id, action: 'auth.sso_sign_in', entityType: 'person', entityId: person.id, detail: { ...detail, created } });
      return { token, personId: person.id, created };
    });
  }

  /** A refused single sign-on, on the partnership's record. Best effort: a refusal must never become a 500. */
  async refused(entry: Omit<AuditInput, 'action' | 'entityType' | 'entityId'>): Promise<void> {
    try {
      await writeAudit(this.ctx, { ...entry, action: 'auth.sso_refused', entityType: 'partnership', entityId: entry.partnershipId });
    } catch {
      // See above.
    }
  }

  private async personFor(partnershipId: number, email: string): Promise<PersonRow | undefined> {
    const account = await accountByEmail(this.ctx, email);
    if (!account) return undefined;
    return this.ctx.db.select().from(people).where(and(eq(people.accountId, account.id), eq(people.partnershipId, partnershipId))).get();
  }
}
