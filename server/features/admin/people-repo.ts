import { and, eq, ne } from 'drizzle-orm';
import { accounts, agencies, invitations, memberships, partnerships, people } from '../../db/schema.js';
import { AppError } from '../../../shared/errors.js';
import { LIMITS } from '../../../shared/limits.js';
import type { AgencyKind } from '../../../shared/domain/roles.js';
import type { PersonBody, PersonPatch } from '../../../shared/schemas/admin.js';
import { writeAudit } from '../../core/audit.js';
import type { ServiceContext } from '../../core/context.js';
import { referencedAgency } from '../../core/references.js';
import { accountOf, addPersonRow, assertOnlyIn, assertPasswordAllowed, createSession, endSessionsOf, hashToken, newToken, partnershipsOf, setPassword, sharedBeyond, type AccountRow, type PersonRow } from '../auth/index.js';
import type { Delivery, NewNotification, NotificationService } from '../notifications/index.js';
import { pick } from './views.js';

/** A live invitation link, as read when it is shown or accepted. */
export interface LiveInvitation {
  invitationId: number;
  person: PersonRow;
  email: string;
  hadPassword: boolean;
  agencyName: string;
  partnershipName: string;
}

export interface Link {
  token: string;
  expiresAt: number;
}

/** The notice an account newly linked (as `addedPersonId`) sends to its person in each of its partnerships. */
export type LinkNotice = (to: { personId: number; partnershipId: number }, addedPersonId: number) => NewNotification;

/**
 * Every write of a partnership's people, their invitation links and provisioning a partnership, and
 * the reads a command checks before it writes. Public methods are asynchronous; each write is one
 * unit of work in one transaction (the person's row, the account, the audit row, the links, the
 * notifications, the sessions ended or made).
 *
 * Two requests arriving together interleave between the service's checks and these writes, so each
 * re-checks inside its transaction: the person's row is still as the service read it (CONFLICT
 * otherwise); an account is still this partnership's alone before a link is issued for it; an
 * invitation is still unused, unexpired, its person still enabled and its account still unshared when
 * it is accepted. The account helpers of the auth feature (addPersonRow, setPassword, ...) are
 * synchronous on purpose: they are steps inside these transactions.
 */
export class PeopleRepository {
  constructor(
    private readonly ctx: ServiceContext,
    /** Tells a linked account's person in each partnership (none for provisioning). */
    private readonly notifications: Pick<NotificationService, 'notify'> | null,
    /** Mails each link issued, in its transaction (none for provisioning: the operator hands that link over). */
    private readonly mailLink: ((personId: number, purpose: 'invitation' | 'password_reset', url: string, expiresAt: number) => Promise<void>) | null = null,
  ) {}

  // --- what commands check ---

  /** The person, if of this partnership (another partnership's row is simply not found). */
  async person(partnershipId: number, personId: number): Promise<PersonRow> {
    const row = await this.ctx.db.select().from(people).where(and(eq(people.id, personId), eq(people.partnershipId, partnershipId))).get();
    if (!row) throw new AppError('NOT_FOUND', 'Person not found.');
    return row;
  }

  async partnershipName(partnershipId: number): Promise<string> {
    return (await this.ctx.db.select({ name: partnerships.name }).from(partnerships).where(eq(partnerships.id, partnershipId)).get())!.name;
  }

  /** An agency of the partnership named in a payload, or a refusal naming the field. */
  async referencedAgency(partnershipId: number, agencyId: number, path: string) {
    return referencedAgency(this.ctx, partnershipId, agencyId, path);
  }

  async account(personId: number): Promise<AccountRow> {
    return (await accountOf(this.ctx, personId))!;
  }

  /** Refuses setting the account's password from this partnership once another shares it. */
  async assertOnlyIn(accountId: number, partnershipId: number): Promise<void> {
    await assertOnlyIn(this.ctx, accountId, partnershipId);
  }

  /** The partnerships the account works in (their people ids): those a change of sharing is announced to. */
  async partnershipsOf(accountId: number): Promise<{ personId: number; partnershipId: number }[]> {
    return partnershipsOf(this.ctx, accountId);
  }

  /** The link, if it still opens anything; INVITATION_INVALID otherwise. */
  async invitation(token: string): Promise<LiveInvitation> {
    return this.liveInvitation(token);
  }

  // --- units of work ---

  /**
   * A new person: a new e-mail gets an account and an invitation link; an e-mail with an account
   * links it, and `notice` tells the person in each of their partnerships (delivered by the caller
   * once committed).
   */
  async createPerson(partnershipId: number, actorId: number, agency: { id: number; name: string }, body: PersonBody, notice: LinkNotice): Promise<{ personId: number; accountId: number; linked: boolean; invitation: Link | null; deliveries: Delivery[] }> {
    return this.ctx.database.transaction(async () => {
      // addPersonRow re-reads the account inside this transaction: an e-mail taken, or an account not yet activated, is refused here.
      const { person, account, linked } = await addPersonRow(this.ctx, { partnershipId, agencyId: agency.id, name: body.name, email: body.email, jobTitle: body.jobTitle ?? null, isPartnershipAdmin: body.isPartnershipAdmin });
      await writeAudit(this.ctx, {
        partnershipId,
        actorId,
        action: linked ? 'person.link_account' : 'person.create',
        entityType: 'person',
        entityId: person.id,
        detail: { name: body.name, email: account.email, agency: agency.name, isPartnershipAdmin: body.isPartnershipAdmin },
      });
      if (!linked) return { personId: person.id, accountId: account.id, linked, invitation: (await this.issueWithin(partnershipId, actorId, person)), deliveries: [] };
      const deliveries: Delivery[] = [];
      if (this.notifications) for (const p of await partnershipsOf(this.ctx, account.id)) deliveries.push(await this.notifications.notify([p.personId], notice(p, person.id)));
      return { personId: person.id, accountId: account.id, linked, invitation: null, deliveries };
    });
  }

  /** A one-time link (an invitation, or a reset once a password is set); voids the person's earlier links. */
  async issueInvitation(partnershipId: number, actorId: number, person: PersonRow): Promise<Link> {
    return this.ctx.database.transaction(async () => this.issueWithin(partnershipId, actorId, person));
  }

  async updatePerson(before: PersonRow, actorId: number, patch: Partial<PersonPatch>): Promise<void> {
    await this.ctx.database.transaction(async () => {
      const now = (await this.ctx.db.select().from(people).where(eq(people.id, before.id)).get()) as Record<string, unknown> | undefined;
      const seen = before as unknown as Record<string, unknown>;
      if (!now || Object.keys(patch).some((k) => now[k] !== seen[k])) throw new AppError('CONFLICT', 'This person changed a moment ago. Look again and retry.');
      // Nobody may remove their own rights (the service's check), but two administrators removing each
      // other's at once each pass it, and the partnership would be left with nobody to administer it:
      // counted here, inside the transaction, after any such change that committed first.
      if ((patch.isPartnershipAdmin === false || patch.disabled === true) && before.isPartnershipAdmin && !before.disabled) {
        const others = await this.ctx.db
          .select({ id: people.id })
          .from(people)
          .where(and(eq(people.partnershipId, before.partnershipId), eq(people.isPartnershipAdmin, true), eq(people.disabled, false), ne(people.id, before.id)))
          .get();
        if (!others) throw new AppError('CONFLICT', 'The partnership needs at least one administrator who can sign in. Make someone else an administrator first.');
      }
      if (patch.agencyId !== undefined) await this.deputiesFollow(before.id, patch.agencyId);
      await this.ctx.db.update(people).set(patch).where(eq(people.id, before.id)).run();
      // Disabled here only: sessions working in this partnership end; the account's others carry on.
      if (patch.disabled) await endSessionsOf(this.ctx, before.id);
      await writeAudit(this.ctx, {
        partnershipId: before.partnershipId,
        actorId,
        action: 'person.update',
        entityType: 'person',
        entityId: before.id,
        detail: { person: before.name, before: pick(before, Object.keys(patch)), after: patch },
      });
    });
  }

  /**
   * The link used: the account's password set, its earlier sessions ended, one new session made.
   * Re-read inside the transaction, as hashing took a while: two tabs accepting the same link must not
   * both succeed, and a link that has since expired, whose person was disabled, or whose account
   * another partnership now shares (no longer this partnership's to set) opens nothing.
   */
  async acceptInvitation(token: string, found: LiveInvitation, passwordHash: string): Promise<{ token: string }> {
    return this.ctx.database.transaction(async () => {
      const still = await this.ctx.db.select().from(invitations).where(eq(invitations.id, found.invitationId)).get();
      if (!still || still.usedAt !== null) throw new AppError('INVITATION_INVALID', 'This invitation link has already been used.');
      await this.liveInvitation(token);
      // Single sign-on required since the hashing began: no password is set.
      await assertPasswordAllowed(this.ctx, found.person.accountId, 'no password can be set');
      await this.ctx.db.update(invitations).set({ usedAt: this.ctx.clock() }).where(eq(invitations.id, found.invitationId)).run();
      await setPassword(this.ctx, found.person.accountId, passwordHash);
      await writeAudit(this.ctx, { partnershipId: found.person.partnershipId, actorId: found.person.id, action: 'person.accept_invitation', entityType: 'person', entityId: found.person.id });
      // A new password is the person taking their account back: whoever held a session before
      // (perhaps the reason for the reset) is signed out, and only the session made here remains.
      await endSessionsOf(this.ctx, found.person.id);
      return { token: (await createSession(this.ctx, found.person.id)).token };
    });
  }

  /** An empty partnership with its first agency and administrator (and, without a password, their invitation link). */
  async createPartnership(input: { name: string; agency: { name: string; kind: AgencyKind }; admin: { name: string; email: string } }, passwordHash: string | null) {
    return this.ctx.database.transaction(async () => {
      const partnershipId = (await this.ctx.db.insert(partnerships).values({ name: input.name }).returning().get()).id;
      const agencyId = (await this.ctx.db.insert(agencies).values({ partnershipId, ...input.agency }).returning().get()).id;
      const { person, linked } = await addPersonRow(this.ctx, { partnershipId, agencyId, name: input.admin.name, email: input.admin.email, jobTitle: null, isPartnershipAdmin: true, passwordHash });
      await writeAudit(this.ctx, { partnershipId, actorId: null, action: 'partnership.create', entityType: 'partnership', entityId: partnershipId, detail: { name: input.name, admin: input.admin.email } });
      const invitation = linked || passwordHash !== null ? null : (await newInvitation(this.ctx, person.id, null));
      return { partnershipId, agencyId, adminId: person.id, linked, invitation };
    });
  }

  // --- inside a transaction ---

  /**
   * A deputy stands in for the member's own agency (deputyRefusal), and is lent that member's powers
   * at the board (loadActor): moving a named deputy, or a member who has one, to another agency would
   * lend a member's powers across agencies. Refused until the seats name another deputy (or none).
   */
  private async deputiesFollow(personId: number, agencyId: number): Promise<void> {
    const standsInAcross = await this.ctx.db
      .select({ id: memberships.id })
      .from(memberships)
      .innerJoin(people, eq(people.id, memberships.personId))
      .where(and(eq(memberships.deputyPersonId, personId), ne(people.agencyId, agencyId)))
      .get();
    const deputyAcross = await this.ctx.db
      .select({ id: memberships.id })
      .from(memberships)
      .innerJoin(people, eq(people.id, memberships.deputyPersonId))
      .where(and(eq(memberships.personId, personId), ne(people.agencyId, agencyId)))
      .get();
    if (standsInAcross || deputyAcross) {
      throw new AppError(
        'CONFLICT',
        standsInAcross
          ? 'This person is the named deputy of a member of their present agency. Name another deputy on those seats before moving them.'
          : 'This person’s seats name a deputy of their present agency. Name another deputy (or none) on those seats before moving them.',
        { field: 'agencyId' },
      );
    }
  }

  /** Re-checks the account is still this partnership's alone (a link sets a password that opens every partnership of it). */
  private async issueWithin(partnershipId: number, actorId: number, person: PersonRow): Promise<Link> {
    const account = await accountOf(this.ctx, person.id);
    if (!account) throw new AppError('NOT_FOUND', 'Person not found.');
    await assertOnlyIn(this.ctx, account.id, partnershipId);
    await writeAudit(this.ctx, { partnershipId, actorId, action: account.passwordHash ? 'person.reset_link' : 'person.invite', entityType: 'person', entityId: person.id, detail: { person: person.name } });
    const link = await newInvitation(this.ctx, person.id, actorId);
    await this.mailLink?.(person.id, account.passwordHash ? 'password_reset' : 'invitation', `${this.ctx.config.publicUrl}/invite/${link.token}`, link.expiresAt);
    return link;
  }

  private async liveInvitation(token: string): Promise<LiveInvitation> {
    const row = await this.ctx.db
      .select({ inv: invitations, person: people, account: accounts, agencyName: agencies.name, partnershipName: partnerships.name })
      .from(invitations)
      .innerJoin(people, eq(people.id, invitations.personId))
      .innerJoin(accounts, eq(accounts.id, people.accountId))
      .innerJoin(agencies, eq(agencies.id, people.agencyId))
      .innerJoin(partnerships, eq(partnerships.id, people.partnershipId))
      .where(eq(invitations.tokenHash, hashToken(token)))
      .get();
    if (!row || row.inv.usedAt !== null || row.inv.expiresAt <= this.ctx.clock() || row.person.disabled) throw invalidLink();
    if ((await sharedBeyond(this.ctx, row.account.id, row.person.partnershipId))) throw invalidLink();
    return { invitationId: row.inv.id, person: row.person, email: row.account.email, hadPassword: row.account.passwordHash !== null, agencyName: row.agencyName, partnershipName: row.partnershipName };
  }
}

/** A one-time link for the person, inside the caller's transaction; it voids their earlier unused links. */
async function newInvitation(ctx: ServiceContext, personId: number, createdBy: number | null): Promise<Link> {
  const token = newToken();
  const expiresAt = ctx.clock() + LIMITS.invitationTtlMs;
  await ctx.db.delete(invitations).where(eq(invitations.personId, personId)).run();
  await ctx.db.insert(invitations).values({ personId, tokenHash: hashToken(token), createdBy, expiresAt }).run();
  return { token, expiresAt };
}

function invalidLink(): AppError {
  return new AppError('INVITATION_INVALID', 'This invitation link is no longer valid. Ask your partnership administrator for a new one.');
}
