import { and, asc, eq } from 'drizzle-orm';
import { accounts, agencies, boards, memberships, partnerships, people, sessions } from '../../db/schema.js';
import { AppError } from '../../../shared/errors.js';
import type { Capabilities, MembershipSummary } from '../../../shared/schemas/auth.js';
import { capabilities, NO_CAPABILITIES } from '../../../shared/domain/permissions.js';
import { loadActor } from '../../core/actors.js';
import type { ServiceContext } from '../../core/context.js';
import { accountByEmail, accountOf, partnershipsOf, type AccountPartnership, type AccountRow } from './accounts.js';
import { createSession } from './sessions.js';
import { assertPasswordAllowed, assertSessionAdmitted, passwordLanding } from './sso-required.js';

/** The session's person as /auth/me shows them: their row, agency, partnership and account. */
export interface Profile {
  person: typeof people.$inferSelect;
  agency: typeof agencies.$inferSelect;
  partnership: typeof partnerships.$inferSelect;
  account: AccountRow;
}

/**
 * What the auth service reads and writes: accounts, where a sign-in lands, sessions opened, switched
 * and ended. Public methods are asynchronous, so the storage behind them may be; each write is one
 * unit of work in one transaction that re-checks what the service decided on (a password verified, a
 * session's partnership), as two requests do interleave between a check and its write.
 *
 * Not here, on purpose: the per-request session lookup. `authenticate` (cookie-session.ts) and
 * `useSession` / `endExpiredSessions` (sessions.ts) are the hot path: every HTTP request, Socket.io
 * handshake and packet batch, every Yjs upgrade, and twice a second; they are one statement each, not
 * a unit of work. Nor are the account helpers (accounts.ts) that other features' units of
 * work call inside their own transactions (admin's people, the demo seed).
 */
export class AuthRepository {
  constructor(private readonly ctx: ServiceContext) {}

  async accountByEmail(email: string): Promise<AccountRow | undefined> {
    return accountByEmail(this.ctx, email);
  }

  async accountOf(personId: number): Promise<AccountRow | undefined> {
    return accountOf(this.ctx, personId);
  }

  /** SSO_REQUIRED when a partnership of the account requires single sign-on (see sso-required.ts). */
  async assertPasswordAllowed(accountId: number, doing: string): Promise<void> {
    await assertPasswordAllowed(this.ctx, accountId, doing);
  }

  async partnershipsOf(accountId: number): Promise<AccountPartnership[]> {
    return partnershipsOf(this.ctx, accountId);
  }

  async profile(personId: number): Promise<Profile | null> {
    return (
      (await this.ctx.db
        .select({ person: people, agency: agencies, partnership: partnerships, account: accounts })
        .from(people)
        .innerJoin(agencies, eq(agencies.id, people.agencyId))
        .innerJoin(partnerships, eq(partnerships.id, people.partnershipId))
        .innerJoin(accounts, eq(accounts.id, people.accountId))
        .where(eq(people.id, personId))
        .get()) ?? null
    );
  }

  /** The person's own seats, and the seats they deputise on (as a member), by board name. */
  /** Who the person is as the permission rules see them, and the boards their capabilities are reckoned at. */
  async capabilitiesOf(personId: number): Promise<Capabilities> {
    const actor = await loadActor(this.ctx, personId);
    if (!actor) return NO_CAPABILITIES;
    // An administrator may act at every board of the partnership; anyone else at the boards they sit on (or deputise at).
    const boardIds = actor.isPartnershipAdmin
      ? (await this.ctx.db.select({ id: boards.id }).from(boards).where(eq(boards.partnershipId, actor.partnershipId)).orderBy(asc(boards.id)).all()).map((b) => b.id)
      : [...actor.boardRoles.keys()];
    return capabilities(actor, boardIds);
  }

  async membershipsOf(personId: number): Promise<MembershipSummary[]> {
    const own = await this.ctx.db
      .select({ m: memberships, board: boards, deputy: people })
      .from(memberships)
      .innerJoin(boards, eq(boards.id, memberships.boardId))
      .leftJoin(people, eq(people.id, memberships.deputyPersonId))
      .where(eq(memberships.personId, personId))
      .all();
    const result: MembershipSummary[] = own.map(({ m, board, deputy }) => ({
      membershipId: m.id,
      boardId: board.id,
      boardName: board.name,
      partnershipId: board.partnershipId,
      role: m.role,
      deputy: deputy ? { id: deputy.id, name: deputy.name } : null,
      deputyFor: null,
    }));
    const deputising = await this.ctx.db
      .select({ m: memberships, board: boards, member: people })
      .from(memberships)
      .innerJoin(boards, eq(boards.id, memberships.boardId))
      .innerJoin(people, eq(people.id, memberships.personId))
      .where(and(eq(memberships.deputyPersonId, personId)))
      .all();
    for (const { m, board, member } of deputising) {
      if (result.some((r) => r.boardId === board.id)) continue;
      result.push({
        membershipId: m.id,
        boardId: board.id,
        boardName: board.name,
        partnershipId: board.partnershipId,
        role: m.role === 'chair' || m.role === 'vice_chair' ? 'member' : m.role,
        deputy: null,
        deputyFor: { id: member.id, name: member.name },
      });
    }
    return result.sort((a, b) => a.boardName.localeCompare(b.boardName));
  }

  /**
   * A session for the account whose password was just verified against `verifiedHash`, where it
   * lands decided in the same transaction: the partnership it last worked in, if it may still work
   * there with a password, else the first that has not disabled it and does not require single
   * sign-on. Null when the password changed while it was being checked (a reset link accepted
   * meanwhile) or every partnership has disabled the account; SSO_REQUIRED when every partnership it
   * works in requires single sign-on. Read in the same transaction, so a requirement saved while the
   * password was being checked is not slipped past.
   */
  async openSession(accountId: number, verifiedHash: string): Promise<{ token: string; personId: number } | null> {
    return this.ctx.database.transaction(async () => {
      const account = await this.ctx.db.select().from(accounts).where(eq(accounts.id, accountId)).get();
      if (!account || account.passwordHash !== verifiedHash) return null;
      const person = await passwordLanding(this.ctx, account);
      if (!person) {
        // Every partnership it works in signs it in through its organisation: said so (after the
        // password was right). None at all: as closed as a wrong password.
        await assertPasswordAllowed(this.ctx, accountId, 'a password cannot be used');
        return null;
      }
      return { token: (await createSession(this.ctx, person.id)).token, personId: person.id };
    });
  }

  /**
   * The session works as the account's person `toPersonId` from now on, and the account lands there
   * next time. Re-checked inside: the session still works as `fromPersonId` (SESSION_EXPIRED when it
   * has ended; CONFLICT when another tab switched it elsewhere meanwhile, false when to the same
   * place: nothing left to do), the target row is still the account's and not disabled, and the
   * target partnership admits how the session was opened (SSO_REQUIRED: only its own provider's).
   */
  async switchSession(tokenHash: string, fromPersonId: number, toPersonId: number, accountId: number): Promise<boolean> {
    return this.ctx.database.transaction(async () => {
      const session = await this.ctx.db.select().from(sessions).where(eq(sessions.tokenHash, tokenHash)).get();
      if (!session) throw new AppError('SESSION_EXPIRED', 'Your session has ended. Sign in again.');
      if (session.personId === toPersonId) return false;
      if (session.personId !== fromPersonId) throw new AppError('CONFLICT', 'This session changed partnership a moment ago. Look again and retry.');
      const target = await this.ctx.db.select().from(people).where(eq(people.id, toPersonId)).get();
      if (!target || target.accountId !== accountId || target.disabled) throw new AppError('NOT_FOUND', 'You are not a member of that partnership.', { field: 'partnershipId' });
      await assertSessionAdmitted(this.ctx, session.ssoPartnershipId, target.partnershipId);
      await this.ctx.db.update(sessions).set({ personId: toPersonId }).where(eq(sessions.tokenHash, tokenHash)).run();
      await this.ctx.db.update(accounts).set({ lastPersonId: toPersonId }).where(eq(accounts.id, accountId)).run();
      return true;
    });
  }

  /** The partnership whose single sign-on opened the session; null for a password (or a session gone). */
  async sessionOpenedThrough(tokenHash: string): Promise<number | null> {
    return (await this.ctx.db.select({ via: sessions.ssoPartnershipId }).from(sessions).where(eq(sessions.tokenHash, tokenHash)).get())?.via ?? null;
  }

  /** Sign-out: the session's row goes (announcing it is the service's, once done). */
  async endSession(tokenHash: string): Promise<void> {
    await this.ctx.db.delete(sessions).where(eq(sessions.tokenHash, tokenHash)).run();
  }
}
