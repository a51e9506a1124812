import { AppError } from '../../../shared/errors.js';
import type { PersonBody, PersonPatch, PersonView } from '../../../shared/schemas/admin.js';
import type { InvitationPreview } from '../../../shared/schemas/auth.js';
import type { ServiceContext } from '../../core/context.js';
import type { NotificationService } from '../notifications/index.js';
import { hashPassword } from '../auth/index.js';
import type { AdminQueries } from './queries.js';
import type { Link, PeopleRepository } from './people-repo.js';
import { changedOnly } from './views.js';

export interface CreatedPersonResult {
  person: PersonView;
  /** Null when an existing account was linked: no new password is needed. */
  invitation: Link | null;
  linked: boolean;
}

/**
 * The people of a partnership and their way in. A partnership's administrator manages the person as
 * this partnership knows them; the account (e-mail, password) is the person's own once another
 * partnership shares it (see auth/accounts.ts). Storage is the repository's: each change is one unit
 * of work that re-checks what is checked here.
 */
export class PeopleAdmin {
  constructor(
    private readonly ctx: ServiceContext,
    private readonly queries: AdminQueries,
    private readonly repo: PeopleRepository,
    private readonly notifications: Pick<NotificationService, 'deliver'>,
  ) {}

  people(partnershipId: number): Promise<PersonView[]> {
    return this.queries.people(partnershipId);
  }

  /**
   * A new e-mail gets an account and an invitation link. An e-mail that already has an account is
   * linked to this partnership: the person keeps their password, is told in each of their
   * partnerships, and can switch to this one at once.
   */
  async createPerson(partnershipId: number, actorId: number, body: PersonBody): Promise<CreatedPersonResult> {
    const agency = await this.repo.referencedAgency(partnershipId, body.agencyId, 'agencyId');
    const partnershipName = await this.repo.partnershipName(partnershipId);
    const created = await this.repo.createPerson(partnershipId, actorId, agency, body, (to, addedPersonId) => ({
      partnershipId: to.partnershipId,
      kind: 'partnership_added',
      challengeId: null,
      // Named only in the partnership it is about: a session another partnership's provider opened
      // works there alone (and may be that partnership's administrators' own doing), so the account's
      // other partnerships are not for its notifications to name. A password session's switcher shows it.
      text:
        to.partnershipId === partnershipId
          ? `You have been added to ${partnershipName} (${agency.name}). Choose it under “Partnership” at the top of any page.`
          : 'You have been added to another partnership. Choose it under “Partnership” at the top of any page.',
      link: '/',
      dedupeKey: `partnership_added:${addedPersonId}`,
    }));
    this.notifications.deliver(...created.deliveries);
    // The person's open pages, in whichever partnership, learn of the new one (the switcher shows it).
    if (created.linked) for (const p of await this.repo.partnershipsOf(created.accountId)) this.ctx.bus.emit('membership.changed', { personId: p.personId });
    return { person: await this.queries.person(partnershipId, created.personId), invitation: created.invitation, linked: created.linked };
  }

  /** A one-time link; issuing a new one voids earlier unused links for that person. */
  async issueInvitation(partnershipId: number, actorId: number, personId: number): Promise<Link> {
    const person = await this.repo.person(partnershipId, personId);
    const account = await this.repo.account(personId);
    await this.repo.assertOnlyIn(account.id, partnershipId);
    return this.repo.issueInvitation(partnershipId, actorId, person);
  }

  async updatePerson(partnershipId: number, actorId: number, personId: number, requested: PersonPatch): Promise<PersonView> {
    const before = await this.repo.person(partnershipId, personId);
    const patch = changedOnly(before, requested);
    if (Object.keys(patch).length === 0) return this.queries.person(partnershipId, personId);
    if (patch.agencyId !== undefined) await this.repo.referencedAgency(partnershipId, patch.agencyId, 'agencyId');
    if (personId === actorId && (patch.isPartnershipAdmin === false || patch.disabled === true)) {
      throw new AppError('CONFLICT', 'You cannot remove your own administration rights or disable yourself.');
    }
    await this.repo.updatePerson(before, actorId, patch);
    // Announced once committed: their open connections close now, not at their next command.
    if (patch.disabled) this.ctx.bus.emit('person.sessions-ended', { personId, reason: 'disabled' });
    // Admin rights or a move of agency change what their open pages may do.
    this.ctx.bus.emit('membership.changed', { personId });
    return this.queries.person(partnershipId, personId);
  }

  async invitationPreview(token: string): Promise<InvitationPreview> {
    const found = await this.repo.invitation(token);
    return { name: found.person.name, email: found.email, partnershipName: found.partnershipName, agencyName: found.agencyName };
  }

  async acceptInvitation(token: string, password: string): Promise<{ token: string; personId: number }> {
    const found = await this.repo.invitation(token);
    const hash = await hashPassword(password, this.ctx.config.passwordHashCost);
    const accepted = await this.repo.acceptInvitation(token, found, hash);
    // A first invitation had no password, so no sessions to end; a reset link did.
    if (found.hadPassword) this.ctx.bus.emit('person.sessions-ended', { personId: found.person.id, reason: 'password_reset' });
    return { token: accepted.token, personId: found.person.id };
  }
}
