import { and, eq } from 'drizzle-orm';
import { accounts, agencies, invitations, partnerships, people } from '../../db/schema.js';
import { AppError } from '../../../shared/errors.js';
import { LIMITS } from '../../../shared/limits.js';
import type { PersonBody, PersonPatch, PersonView } from '../../../shared/schemas/admin.js';
import type { InvitationPreview } from '../../../shared/schemas/auth.js';
import { accountOf, addPersonRow, assertOnlyIn, partnershipsOf, setPassword, sharedBeyond } from '../auth/index.js';
import type { AdminService } from './service.js';
import { changedOnly, pick, toPersonView } from './views.js';
import { writeAudit } from '../../core/audit.js';
import type { ServiceContext } from '../../core/context.js';
import type { Delivery, NotificationService } from '../notifications/index.js';
import { hashPassword } from '../auth/index.js';
import { referencedAgency } from '../../core/references.js';
import { createSession, endSessionsOf, hashToken, newToken } from '../auth/index.js';

export interface CreatedPersonResult {
  person: PersonView;
  /** Null when an existing account was linked: no new password is needed. */
  invitation: { token: string; expiresAt: number } | null;
  linked: boolean;
}

/**
 * The people of a partnership and their way in. A partnership's administrator manages the person as
 * this partnership knows them; the account (e-mail, password) is the person's own once another
 * partnership shares it (see accounts.ts).
 */
export class PeopleAdmin {
  constructor(
    private readonly ctx: ServiceContext,
    private readonly admin: AdminService,
    private readonly notifications: NotificationService,
  ) {}

  people(partnershipId: number): PersonView[] {
    return this.ctx.db
      .select({ p: people, agencyName: agencies.name, account: accounts })
      .from(people)
      .innerJoin(agencies, eq(agencies.id, people.agencyId))
      .innerJoin(accounts, eq(accounts.id, people.accountId))
      .where(eq(people.partnershipId, partnershipId))
      .orderBy(people.name)
      .all()
      .map(({ p, agencyName, account }) => toPersonView(p, agencyName, account, sharedBeyond(this.ctx, account.id, partnershipId)));
  }

  private view(partnershipId: number, personId: number): PersonView {
    return this.people(partnershipId).find((p) => p.id === personId)!;
  }

  /**
   * A new e-mail gets an account and an invitation link. An e-mail that already has an account is
   * linked to this partnership: the person keeps their password, is told in each of their
   * partnerships, and can switch to this one at once.
   */
  createPerson(partnershipId: number, actorId: number, body: PersonBody): CreatedPersonResult {
    const agency = referencedAgency(this.ctx, partnershipId, body.agencyId, 'agencyId');
    const partnershipName = this.ctx.db.select({ name: partnerships.name }).from(partnerships).where(eq(partnerships.id, partnershipId)).get()!.name;
    let deliveries: Delivery[] = [];
    const created = this.ctx.database.transaction(() => {
      const { person, account, linked } = addPersonRow(this.ctx, { partnershipId, agencyId: agency.id, name: body.name, email: body.email, jobTitle: body.jobTitle ?? null, isPartnershipAdmin: body.isPartnershipAdmin });
      writeAudit(this.ctx, {
        partnershipId,
        actorId,
        action: linked ? 'person.link_account' : 'person.create',
        entityType: 'person',
        entityId: person.id,
        detail: { name: body.name, email: account.email, agency: agency.name, isPartnershipAdmin: body.isPartnershipAdmin },
      });
      if (!linked) return { person, linked, invitation: this.issueInvitation(partnershipId, actorId, person.id) };
      deliveries = partnershipsOf(this.ctx, account.id).map((p) =>
        this.notifications.notify([p.personId], {
          partnershipId: p.partnershipId,
          kind: 'partnership_added',
          challengeId: null,
          text: `You have been added to ${partnershipName} (${agency.name}). Choose it under “Partnership” at the top of any page.`,
          link: '/',
          dedupeKey: `partnership_added:${person.id}`,
        }),
      );
      return { person, linked, invitation: null };
    });
    this.notifications.deliver(...deliveries);
    // The person's open pages, in whichever partnership, learn of the new one (the switcher shows it).
    if (created.linked) for (const p of partnershipsOf(this.ctx, created.person.accountId)) this.ctx.bus.emit('membership.changed', { personId: p.personId });
    return { person: this.view(partnershipId, created.person.id), invitation: created.invitation, linked: created.linked };
  }

  /** A one-time link; issuing a new one voids earlier unused links for that person. */
  issueInvitation(partnershipId: number, actorId: number, personId: number): { token: string; expiresAt: number } {
    const person = this.admin.personIn(partnershipId, personId);
    const account = accountOf(this.ctx, personId)!;
    assertOnlyIn(this.ctx, account.id, partnershipId);
    return this.ctx.database.transaction(() => {
      writeAudit(this.ctx, { partnershipId, actorId, action: account.passwordHash ? 'person.reset_link' : 'person.invite', entityType: 'person', entityId: personId, detail: { person: person.name } });
      return newInvitation(this.ctx, personId, actorId);
    });
  }

  updatePerson(partnershipId: number, actorId: number, personId: number, requested: PersonPatch): PersonView {
    const before = this.admin.personIn(partnershipId, personId);
    const patch = changedOnly(before, requested);
    if (Object.keys(patch).length === 0) return this.view(partnershipId, personId);
    if (patch.agencyId !== undefined) referencedAgency(this.ctx, partnershipId, patch.agencyId, 'agencyId');
    if (personId === actorId && (patch.isPartnershipAdmin === false || patch.disabled === true)) {
      throw new AppError('CONFLICT', 'You cannot remove your own administration rights or disable yourself.');
    }
    const updated = this.ctx.database.transaction(() => {
      this.ctx.db.update(people).set(patch).where(eq(people.id, personId)).run();
      // Disabled here only: sessions working in this partnership end; the account's others carry on.
      if (patch.disabled) endSessionsOf(this.ctx, personId);
      writeAudit(this.ctx, {
        partnershipId,
        actorId,
        action: 'person.update',
        entityType: 'person',
        entityId: personId,
        detail: { person: before.name, before: pick(before, Object.keys(patch)), after: patch },
      });
      return this.view(partnershipId, personId);
    });
    // Announced once committed: their open connections close now, not at their next command.
    if (patch.disabled) this.ctx.bus.emit('person.sessions-ended', { personId, reason: 'disabled' });
    // Admin rights or a move of agency change what their open pages may do.
    this.ctx.bus.emit('membership.changed', { personId });
    return updated;
  }

  invitationPreview(token: string): InvitationPreview {
    const found = this.liveInvitation(token);
    return { name: found.person.name, email: found.email, partnershipName: found.partnershipName, agencyName: found.agencyName };
  }

  async acceptInvitation(token: string, password: string): Promise<{ token: string; personId: number }> {
    const found = this.liveInvitation(token);
    const hash = await hashPassword(password, this.ctx.config.passwordHashCost);
    const accepted = this.ctx.database.transaction(() => {
      // Re-read inside the transaction, as hashing took a while: two tabs accepting the same link must
      // not both succeed, and a link that has since expired, whose person was disabled, or whose account
      // another partnership now shares (no longer this partnership's to set) opens nothing.
      const still = this.ctx.db.select().from(invitations).where(eq(invitations.id, found.invitationId)).get();
      if (!still || still.usedAt !== null) throw new AppError('INVITATION_INVALID', 'This invitation link has already been used.');
      this.liveInvitation(token);
      this.ctx.db.update(invitations).set({ usedAt: this.ctx.clock() }).where(eq(invitations.id, found.invitationId)).run();
      setPassword(this.ctx, found.person.accountId, hash);
      writeAudit(this.ctx, { partnershipId: found.person.partnershipId, actorId: found.person.id, action: 'person.accept_invitation', entityType: 'person', entityId: found.person.id });
      // A new password is the person taking their account back: whoever held a session before
      // (perhaps the reason for the reset) is signed out, and only the session made here remains.
      endSessionsOf(this.ctx, found.person.id);
      const session = createSession(this.ctx, found.person.id);
      return { token: session.token, personId: found.person.id };
    });
    // A first invitation had no password, so no sessions to end; a reset link did.
    if (found.hadPassword) this.ctx.bus.emit('person.sessions-ended', { personId: found.person.id, reason: 'password_reset' });
    return accepted;
  }

  private liveInvitation(token: string) {
    const row = this.ctx.db
      .select({ inv: invitations, person: people, account: accounts, agencyName: agencies.name, partnershipName: partnerships.name })
      .from(invitations)
      .innerJoin(people, eq(people.id, invitations.personId))
      .innerJoin(accounts, eq(accounts.id, people.accountId))
      .innerJoin(agencies, eq(agencies.id, people.agencyId))
      .innerJoin(partnerships, eq(partnerships.id, people.partnershipId))
      .where(eq(invitations.tokenHash, hashToken(token)))
      .get();
    if (!row || row.inv.usedAt !== null || row.inv.expiresAt <= this.ctx.clock() || row.person.disabled) throw invalidLink();
    if (sharedBeyond(this.ctx, row.account.id, row.person.partnershipId)) throw invalidLink();
    return { invitationId: row.inv.id, person: row.person, email: row.account.email, hadPassword: row.account.passwordHash !== null, agencyName: row.agencyName, partnershipName: row.partnershipName };
  }
}

/** A one-time link for the person, inside the caller's transaction; it voids their earlier unused links. */
export function newInvitation(ctx: ServiceContext, personId: number, createdBy: number | null): { token: string; expiresAt: number } {
  const token = newToken();
  const expiresAt = ctx.clock() + LIMITS.invitationTtlMs;
  ctx.db.delete(invitations).where(and(eq(invitations.personId, personId))).run();
  ctx.db.insert(invitations).values({ personId, tokenHash: hashToken(token), createdBy, expiresAt }).run();
  return { token, expiresAt };
}

function invalidLink(): AppError {
  return new AppError('INVITATION_INVALID', 'This invitation link is no longer valid. Ask your partnership administrator for a new one.');
}
