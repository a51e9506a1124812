import { and, asc, eq } from 'drizzle-orm';
import { partnershipSso, people } from '../../db/schema.js';
import { AppError } from '../../../shared/errors.js';
import { signInWith } from '../../../shared/schemas/sso.js';
import type { ServiceContext } from '../../core/context.js';

/**
 * A partnership that requires single sign-on (required and enabled) refuses passwords for its people.
 * A password opens every partnership of the account (switching needs none), so an account working in
 * any such partnership signs in only through its organisation, and no password is set for it.
 */
export function ssoRequirementOf(ctx: ServiceContext, accountId: number): { partnershipId: number; label: string } | null {
  return (
    ctx.db
      .select({ partnershipId: partnershipSso.partnershipId, label: partnershipSso.label })
      .from(people)
      .innerJoin(partnershipSso, eq(partnershipSso.partnershipId, people.partnershipId))
      .where(and(eq(people.accountId, accountId), eq(people.disabled, false), eq(partnershipSso.required, true), eq(partnershipSso.enabled, true)))
      .orderBy(asc(partnershipSso.partnershipId))
      .get() ?? null
  );
}

export function assertPasswordAllowed(ctx: ServiceContext, accountId: number, doing: string): void {
  const required = ssoRequirementOf(ctx, accountId);
  if (!required) return;
  throw new AppError('SSO_REQUIRED', `Your partnership signs you in through your organisation, so ${doing}: use “${signInWith(required.label)}” on the sign-in page.`, {
    label: required.label,
    url: `/api/auth/sso/${required.partnershipId}/start`,
  });
}
