import { and, asc, eq, inArray, isNull, ne, or } from 'drizzle-orm';
import { partnershipSso, people, sessions } from '../../db/schema.js';
import { AppError } from '../../../shared/errors.js';
import { signInWith, type SsoRequiredDetails } from '../../../shared/schemas/sso.js';
import type { ServiceContext } from '../../core/context.js';

/**
 * Where a partnership requires single sign-on (required and enabled), its provider is the only way in:
 * - a password opens every partnership of an account (switching needs none), so an account working in
 *   any such partnership signs in only through its organisation, and no password is set for it;
 * - a session works in such a partnership only if that partnership's own provider opened it: one
 *   opened with a password, or through another partnership's provider, cannot switch in (and one a
 *   provider opened switches into no other partnership at all, see assertSessionAdmitted);
 * - turning the requirement on ends the sessions that no longer qualify (sessionsBarredBy).
 * Every check here runs inside the transaction that opens or moves the session.
 */
export interface SsoRequirement {
  partnershipId: number;
  label: string;
}

const requiring = and(eq(partnershipSso.required, true), eq(partnershipSso.enabled, true));

export function ssoRequirementOf(ctx: ServiceContext, accountId: number): SsoRequirement | null {
  return (
    ctx.db
      .select({ partnershipId: partnershipSso.partnershipId, label: partnershipSso.label })
      .from(people)
      .innerJoin(partnershipSso, eq(partnershipSso.partnershipId, people.partnershipId))
      .where(and(eq(people.accountId, accountId), eq(people.disabled, false), requiring))
      .orderBy(asc(partnershipSso.partnershipId))
      .get() ?? null
  );
}

/** The partnership's own requirement, if it has one in force. */
export function partnershipRequirement(ctx: ServiceContext, partnershipId: number): SsoRequirement | null {
  return (
    ctx.db
      .select({ partnershipId: partnershipSso.partnershipId, label: partnershipSso.label })
      .from(partnershipSso)
      .where(and(eq(partnershipSso.partnershipId, partnershipId), requiring))
      .get() ?? null
  );
}

function ssoRequired(required: SsoRequirement, message: string): AppError {
  const details: SsoRequiredDetails = { label: required.label, url: `/api/auth/sso/${required.partnershipId}/start` };
  return new AppError('SSO_REQUIRED', message, details);
}

export function assertPasswordAllowed(ctx: ServiceContext, accountId: number, doing: string): void {
  const required = ssoRequirementOf(ctx, accountId);
  if (required) throw ssoRequired(required, `Your partnership signs you in through your organisation, so ${doing}: use “${signInWith(required.label)}” on the sign-in page.`);
}

/**
 * A session opened through `ssoPartnershipId`'s provider (null: a password) may work in `partnershipId`.
 * A provider vouches for people to its own partnership only: its administrators chose it, and nothing
 * stops them choosing one that names anyone (their own server, or an Entra ID tenant whose users'
 * addresses they set), so a session it opened never moves into another partnership, required or not.
 */
export function assertSessionAdmitted(ctx: ServiceContext, ssoPartnershipId: number | null, partnershipId: number): void {
  if (ssoPartnershipId === partnershipId) return;
  const required = partnershipRequirement(ctx, partnershipId);
  if (required) throw ssoRequired(required, `That partnership signs its people in through their organisation: use “${signInWith(required.label)}” to work in it.`);
  if (ssoPartnershipId !== null) {
    throw new AppError('FORBIDDEN', 'You signed in through another partnership’s organisation, which vouches for you there only. Sign out and sign in with your password to work in this partnership.');
  }
}

/**
 * The sessions a partnership's requirement, just turned on, bars (inside the saving transaction):
 * every session opened with a password by an account working in the partnership, and every session
 * working in it that another partnership's provider opened. Answers their token hashes, removed.
 */
export function endSessionsBarredBy(ctx: ServiceContext, partnershipId: number): string[] {
  const accountsHere = ctx.db
    .select({ id: people.accountId })
    .from(people)
    .where(and(eq(people.partnershipId, partnershipId), eq(people.disabled, false)));
  const barred = ctx.db
    .select({ tokenHash: sessions.tokenHash })
    .from(sessions)
    .innerJoin(people, eq(people.id, sessions.personId))
    .where(
      and(
        inArray(people.accountId, accountsHere),
        or(isNull(sessions.ssoPartnershipId), and(eq(people.partnershipId, partnershipId), ne(sessions.ssoPartnershipId, partnershipId))),
      ),
    )
    .all()
    .map((r) => r.tokenHash);
  if (barred.length > 0) ctx.db.delete(sessions).where(inArray(sessions.tokenHash, barred)).run();
  return barred;
}
