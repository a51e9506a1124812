import { and, eq } from 'drizzle-orm';
import { accounts, agencies, boards, memberships, partnerships, people, sessions } from '../db/schema.js';
import { accountByEmail, accountOf, landingPerson, partnershipsOf, type AccountRow } from './accounts.js';
import { AppError } from '../../shared/errors.js';
import type { Capabilities, LoginBody, Me, MembershipSummary } from '../../shared/schemas/auth.js';
import { capabilities, NO_CAPABILITIES } from '../../shared/domain/permissions.js';
import { loadActor } from './actors.js';
import { SignInLimiter } from './sign-in-limits.js';
import { decoyHash, verifyPassword } from './passwords.js';
import { createSession } from './sessions.js';
import type { ServiceContext } from './context.js';

export class AuthService {
  private readonly limits: SignInLimiter;

  constructor(private readonly ctx: ServiceContext) {
    this.limits = new SignInLimiter(ctx.clock);
  }

  /** `address` is the client's address as Express sees it (X-Forwarded-For only under TRUST_PROXY). */
  async login(body: LoginBody, address: string): Promise<{ token: string; personId: number }> {
    // Counted before the password hash: a burst of parallel attempts is counted one by one, and only
    // as many reach the hash as the limits allow.
    const attempt = await this.limits.admit(body.email, address);
    let account: AccountRow | undefined;
    let ok: boolean;
    try {
      account = accountByEmail(this.ctx, body.email);
      ok = await verifyPassword(body.password, account?.passwordHash ?? (await decoyHash(this.ctx.config.passwordHashCost)));
    } catch (err) {
      attempt.abandoned();
      throw err;
    }
    // Disabled by every partnership it works in: as closed as a wrong password, and said the same way.
    const person = account && account.passwordHash && ok ? landingPerson(this.ctx, account) : null;
    if (!person) {
      attempt.failed();
      throw new AppError('INVALID_CREDENTIALS', 'The email or password is not right.');
    }
    attempt.succeeded();
    const { token } = createSession(this.ctx, person.id);
    return { token, personId: person.id };
  }

  /**
   * Moves a session to the same person's row in another partnership. Every page, list, room and
   * document of the session follows: its open connections are closed (they were opened as the other
   * partnership's person) and the pages start again in the chosen partnership.
   */
  switchPartnership(personId: number, tokenHash: string, partnershipId: number): Me {
    const account = accountOf(this.ctx, personId);
    const target = account ? partnershipsOf(this.ctx, account.id).find((p) => p.partnershipId === partnershipId) : undefined;
    if (!account || !target) throw new AppError('NOT_FOUND', 'You are not a member of that partnership.', { field: 'partnershipId' });
    if (target.personId !== personId) {
      this.ctx.database.transaction(() => {
        this.ctx.db.update(sessions).set({ personId: target.personId }).where(eq(sessions.tokenHash, tokenHash)).run();
        this.ctx.db.update(accounts).set({ lastPersonId: target.personId }).where(eq(accounts.id, account.id)).run();
      });
      this.ctx.sessionEvents.emit('sessionSwitched', { tokenHash });
    }
    return this.me(target.personId);
  }

  me(personId: number): Me {
    const row = this.ctx.db
      .select({ person: people, agency: agencies, partnership: partnerships, account: accounts })
      .from(people)
      .innerJoin(agencies, eq(agencies.id, people.agencyId))
      .innerJoin(partnerships, eq(partnerships.id, people.partnershipId))
      .innerJoin(accounts, eq(accounts.id, people.accountId))
      .where(eq(people.id, personId))
      .get();
    if (!row) throw new AppError('UNAUTHENTICATED', 'Sign in to continue.');
    const partnershipsOfAccount = partnershipsOf(this.ctx, row.account.id).map((p) => ({
      id: p.partnershipId,
      name: p.partnershipName,
      isAdmin: p.isAdmin,
      personId: p.personId,
      agency: p.agency,
      current: p.personId === personId,
      memberships: this.membershipsOf(p.personId),
    }));
    const current = partnershipsOfAccount.find((p) => p.current)!;
    return {
      person: { id: row.person.id, name: row.person.name, email: row.account.email, jobTitle: row.person.jobTitle },
      agency: { id: row.agency.id, name: row.agency.name, kind: row.agency.kind },
      partnership: { id: current.id, name: current.name, isAdmin: current.isAdmin },
      partnerships: partnershipsOfAccount,
      memberships: current.memberships,
      capabilities: this.capabilitiesOf(personId),
    };
  }

  /**
   * What the person may do, by the same rules the server checks each command with, so the client
   * shows exactly what will be allowed: at every board of the partnership for an administrator, at
   * the boards they sit on (or deputise at) for anyone else.
   */
  private capabilitiesOf(personId: number): Capabilities {
    const actor = loadActor(this.ctx, personId);
    if (!actor) return NO_CAPABILITIES;
    const boardIds = actor.isPartnershipAdmin
      ? this.ctx.db.select({ id: boards.id }).from(boards).where(eq(boards.partnershipId, actor.partnershipId)).all().map((b) => b.id)
      : [...actor.boardRoles.keys()];
    return capabilities(actor, boardIds);
  }

  private membershipsOf(personId: number): MembershipSummary[] {
    const own = this.ctx.db
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
    const deputising = this.ctx.db
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
}
