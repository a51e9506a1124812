import { and, asc, eq, inArray, isNull, ne, or } from 'drizzle-orm';
import { partnershipSso, people, sessions } from '../../db/schema.js';
import { AppError } from '../../../shared/errors.js';
import { signInWith, type SsoRequiredDetails } from '../../../shared/schemas/sso.js';
import type { ServiceContext } from '../../core/context.js';
import type { AccountRow, PersonRow } from './accounts.js';

/**
 * Where a partnership requires single sign-on (required and enabled), its provider is the only way
 * into that partnership. The requirement governs sessions working there, never the account elsewhere:
 * one partnership's administrators cannot take another partnership's password away from anyone.
 * - a password opens only the account's partnerships that accept one (passwordLanding); an account
 *   working only in partnerships that require single sign-on has no use for a password, and none is set;
 * - a session works in such a partnership only if that partnership's own provider opened it: one
 *   opened with a password cannot switch in, and one a provider opened switches into no other
 *   partnership at all (assertSessionAdmitted);
 * - turning the requirement on ends the sessions working there that no longer qualify.
 * Every check here runs inside the transaction that opens or moves the session.
 */
export interface SsoRequirement {
  partnershipId: number;
  label: string;
}

const requiring = and(eq(partnershipSso.required, true), eq(partnershipSso.enabled, true));

/** The account's active people, each with its partnership's requirement (null: a password works there). */
async function activePeople(ctx: ServiceContext, accountId: number): Promise<{ person: PersonRow; required: SsoRequirement | null }[]> {
  return (await ctx.db
    .select({ person: people, partnershipId: partnershipSso.partnershipId, label: partnershipSso.label })
    .from(people)
    .leftJoin(partnershipSso, and(eq(partnershipSso.partnershipId, people.partnershipId), requiring))
    .where(and(eq(people.accountId, accountId), eq(people.disabled, false)))
    .orderBy(asc(people.partnershipId))
    .all())
    .map((r) => ({ person: r.person, required: r.partnershipId === null ? null : { partnershipId: r.partnershipId, label: r.label! } }));
}

/**
 * Where a password sign-in lands: the partnership the account last worked in, if it may still work
 * there with a password, else the first that accepts one. Null when none does.
 */
export async function passwordLanding(ctx: ServiceContext, account: AccountRow): Promise<PersonRow | null> {
  const open = (await activePeople(ctx, account.id)).filter((r) => r.required === null).map((r) => r.person);
  return open.find((p) => p.id === account.lastPersonId) ?? open[0] ?? null;
}

/** The requirement that leaves the account no use for a password: every partnership it works in requires single sign-on. */
export async function ssoRequirementOf(ctx: ServiceContext, accountId: number): Promise<SsoRequirement | null> {
  const rows = await activePeople(ctx, accountId);
  if (rows.length === 0 || rows.some((r) => r.required === null)) return null;
  return rows[0]!.required;
}

/** The partnership's own requirement, if it has one in force. */
export async function partnershipRequirement(ctx: ServiceContext, partnershipId: number): Promise<SsoRequirement | null> {
  return (
    (await ctx.db
      .select({ partnershipId: partnershipSso.partnershipId, label: partnershipSso.label })
      .from(partnershipSso)
      .where(and(eq(partnershipSso.partnershipId, partnershipId), requiring))
      .get()) ?? null
  );
}

function ssoRequired(required: SsoRequirement, message: string): AppError {
  const details: SsoRequiredDetails = { label: required.label, url: `/api/auth/sso/${required.partnershipId}/start` };
  return new AppError('SSO_REQUIRED', message, details);
}

export async function assertPasswordAllowed(ctx: ServiceContext, accountId: number, doing: string): Promise<void> {
  const required = await ssoRequirementOf(ctx, accountId);
  if (required) throw ssoRequired(required, `Your partnership signs you in through your organisation, so ${doing}: use “${signInWith(required.label)}” on the sign-in page.`);
}

/**
 * A session opened through `ssoPartnershipId`'s provider (null: a password) may work in `partnershipId`.
 * A provider vouches for people to its own partnership only: its administrators chose it, and nothing
 * stops them choosing one that names anyone (their own server, or an Entra ID tenant whose users'
 * addresses they set), so a session it opened never moves into another partnership, required or not.
 */
export async function assertSessionAdmitted(ctx: ServiceContext, ssoPartnershipId: number | null, partnershipId: number): Promise<void> {
  if (ssoPartnershipId === partnershipId) return;
  const required = await partnershipRequirement(ctx, partnershipId);
  if (required) throw ssoRequired(required, `That partnership signs its people in through their organisation: use “${signInWith(required.label)}” to work in it.`);
  if (ssoPartnershipId !== null) {
    throw new AppError('FORBIDDEN', 'You signed in through another partnership’s organisation, which vouches for you there only. Sign out and sign in with your password to work in this partnership.');
  }
}

/**
 * The sessions a partnership's requirement, just turned on, bars (inside the saving transaction):
 * every session working in the partnership that its own provider did not open. Answers their token
 * hashes, removed.
 */
export async function endSessionsBarredBy(ctx: ServiceContext, partnershipId: number): Promise<string[]> {
  const barred = (await ctx.db
    .select({ tokenHash: sessions.tokenHash })
    .from(sessions)
    .innerJoin(people, eq(people.id, sessions.personId))
    .where(and(eq(people.partnershipId, partnershipId), or(isNull(sessions.ssoPartnershipId), ne(sessions.ssoPartnershipId, partnershipId))))
    .all())
    .map((r) => r.tokenHash);
  if (barred.length > 0) await ctx.db.delete(sessions).where(inArray(sessions.tokenHash, barred)).run();
  return barred;
}
