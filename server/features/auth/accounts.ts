import { and, asc, eq, ne } from 'drizzle-orm';
import { accounts, agencies, invitations, partnerships, people } from '../../db/schema.js';
import { AppError } from '../../../shared/errors.js';
import type { ServiceContext } from '../../core/context.js';

/**
 * Accounts and the partnerships they work in. An account is how a person signs in (e-mail, password,
 * sessions); each partnership knows the person by its own `people` row. Everything a partnership
 * records refers to its row, so one partnership's records never name another partnership's person.
 *
 * A password opens every partnership of the account, so no single partnership's administrator may
 * set it once the account is shared: invitation and reset links are for accounts of one partnership
 * only (see `assertOnlyIn`), checked when the link is made and again when it is used.
 *
 * These are storage steps, synchronous on purpose: each runs inside a repository's open transaction
 * (AuthRepository, admin's PeopleRepository, the demo seed) or on the hot path (`accountOf` in
 * `authenticate`). Services reach accounts through the repositories' asynchronous methods.
 */

export type AccountRow = typeof accounts.$inferSelect;
export type PersonRow = typeof people.$inferSelect;

export function normaliseEmail(email: string): string {
  return email.trim().toLowerCase();
}

export async function accountByEmail(ctx: ServiceContext, email: string): Promise<AccountRow | undefined> {
  return ctx.db.select().from(accounts).where(eq(accounts.email, normaliseEmail(email))).get();
}

export async function accountOf(ctx: ServiceContext, personId: number): Promise<AccountRow | undefined> {
  return (await ctx.db
    .select({ a: accounts })
    .from(people)
    .innerJoin(accounts, eq(accounts.id, people.accountId))
    .where(eq(people.id, personId))
    .get())?.a;
}

/** The account's rows in every partnership, oldest partnership first. */
export async function personRowsOf(ctx: ServiceContext, accountId: number): Promise<PersonRow[]> {
  return ctx.db.select().from(people).where(eq(people.accountId, accountId)).orderBy(asc(people.partnershipId)).all();
}

/** Does the account also work in a partnership other than this one? */
export async function sharedBeyond(ctx: ServiceContext, accountId: number, partnershipId: number): Promise<boolean> {
  return !!(await ctx.db
    .select({ id: people.id })
    .from(people)
    .where(and(eq(people.accountId, accountId), ne(people.partnershipId, partnershipId)))
    .get());
}

/** Refuses setting the account's password from one partnership once another partnership shares it. */
export async function assertOnlyIn(ctx: ServiceContext, accountId: number, partnershipId: number): Promise<void> {
  if ((await sharedBeyond(ctx, accountId, partnershipId))) {
    throw new AppError('CONFLICT', 'This person’s account is also used in another partnership, so only they can change its password.', { field: 'email' });
  }
}

export interface NewPerson {
  partnershipId: number;
  agencyId: number;
  name: string;
  email: string;
  jobTitle: string | null;
  isPartnershipAdmin: boolean;
  /** Only for provisioning and the demo: a first password for a new account. */
  passwordHash?: string | null;
}

/**
 * Adds a person to a partnership, inside the caller's transaction. A new e-mail makes a new account;
 * an e-mail with an account links it (`linked`), keeping its password. An account still waiting for
 * its owner's first password cannot be linked: whoever holds that partnership's invitation link would
 * otherwise gain this partnership too.
 */
export async function addPersonRow(ctx: ServiceContext, p: NewPerson): Promise<{ person: PersonRow; account: AccountRow; linked: boolean }> {
  const email = normaliseEmail(p.email);
  let account = await accountByEmail(ctx, email);
  const linked = account !== undefined;
  if (account) {
    const here = await ctx.db.select({ id: people.id }).from(people).where(and(eq(people.accountId, account.id), eq(people.partnershipId, p.partnershipId))).get();
    if (here) throw new AppError('CONFLICT', 'Someone in this partnership already has that email.', { field: 'email' });
    if (account.passwordHash === null) {
      throw new AppError('CONFLICT', 'This email has an account in another partnership that its owner has not yet activated. Add them once they have signed in.', { field: 'email' });
    }
  } else {
    account = await ctx.db.insert(accounts).values({ email, passwordHash: p.passwordHash ?? null }).returning().get();
  }
  const person = await ctx.db
    .insert(people)
    .values({ partnershipId: p.partnershipId, accountId: account.id, agencyId: p.agencyId, name: p.name, jobTitle: p.jobTitle, isPartnershipAdmin: p.isPartnershipAdmin })
    .returning()
    .get();
  if (!linked) await ctx.db.update(accounts).set({ lastPersonId: person.id }).where(eq(accounts.id, account.id)).run();
  // Any link still waiting for a linked account was made for one partnership; it must not open two.
  // Here, so that every way of linking (an admin, the operator's tool) voids them.
  else await voidLinksOf(ctx, account.id);
  return { person, account, linked };
}

/** Sets an account's password (accepting an invitation or a reset link) and voids its other links. */
export async function setPassword(ctx: ServiceContext, accountId: number, passwordHash: string): Promise<void> {
  await ctx.db.update(accounts).set({ passwordHash }).where(eq(accounts.id, accountId)).run();
}

/** Voids every unused invitation or reset link of the account's rows (its sharing has changed). */
export async function voidLinksOf(ctx: ServiceContext, accountId: number): Promise<void> {
  for (const row of (await personRowsOf(ctx, accountId))) await ctx.db.delete(invitations).where(eq(invitations.personId, row.id)).run();
}

export interface AccountPartnership {
  personId: number;
  partnershipId: number;
  partnershipName: string;
  protectiveMarking: string;
  agency: { id: number; name: string; kind: typeof agencies.$inferSelect.kind };
  isAdmin: boolean;
}

/** The partnerships the account may work in now (disabled rows are left out). */
export async function partnershipsOf(ctx: ServiceContext, accountId: number): Promise<AccountPartnership[]> {
  return (await ctx.db
    .select({ p: people, partnershipName: partnerships.name, protectiveMarking: partnerships.protectiveMarking, agency: agencies })
    .from(people)
    .innerJoin(partnerships, eq(partnerships.id, people.partnershipId))
    .innerJoin(agencies, eq(agencies.id, people.agencyId))
    .where(and(eq(people.accountId, accountId), eq(people.disabled, false)))
    .orderBy(asc(partnerships.name))
    .all())
    .map(({ p, partnershipName, protectiveMarking, agency }) => ({
      personId: p.id,
      partnershipId: p.partnershipId,
      partnershipName,
      protectiveMarking,
      agency: { id: agency.id, name: agency.name, kind: agency.kind },
      isAdmin: p.isPartnershipAdmin,
    }));
}
