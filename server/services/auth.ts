import { and, eq } from 'drizzle-orm';
import { agencies, boards, memberships, partnerships, people } from '../db/schema.js';
import { AppError } from '../../shared/errors.js';
import type { LoginBody, Me, MembershipSummary } from '../../shared/schemas/auth.js';
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
    let person: typeof people.$inferSelect | undefined;
    let ok: boolean;
    try {
      person = this.ctx.db.select().from(people).where(eq(people.email, body.email)).get();
      ok = await verifyPassword(body.password, person?.passwordHash ?? (await decoyHash(this.ctx.config.passwordHashCost)));
    } catch (err) {
      attempt.abandoned();
      throw err;
    }
    if (!person || !person.passwordHash || !ok || person.disabled) {
      attempt.failed();
      throw new AppError('INVALID_CREDENTIALS', 'The email or password is not right.');
    }
    attempt.succeeded();
    const { token } = createSession(this.ctx, person.id);
    return { token, personId: person.id };
  }

  me(personId: number): Me {
    const row = this.ctx.db
      .select({ person: people, agency: agencies, partnership: partnerships })
      .from(people)
      .innerJoin(agencies, eq(agencies.id, people.agencyId))
      .innerJoin(partnerships, eq(partnerships.id, people.partnershipId))
      .where(eq(people.id, personId))
      .get();
    if (!row) throw new AppError('UNAUTHENTICATED', 'Sign in to continue.');
    return {
      person: { id: row.person.id, name: row.person.name, email: row.person.email, jobTitle: row.person.jobTitle },
      agency: { id: row.agency.id, name: row.agency.name, kind: row.agency.kind },
      partnerships: [{ id: row.partnership.id, name: row.partnership.name, isAdmin: row.person.isPartnershipAdmin }],
      memberships: this.membershipsOf(personId),
    };
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
