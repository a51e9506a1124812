import type { AccountRow } from './accounts.js';
import { AppError } from '../../../shared/errors.js';
import type { LoginBody, Me } from '../../../shared/schemas/auth.js';
import { SignInLimiter } from './sign-in-limits.js';
import { decoyHash, verifyPassword } from './passwords.js';
import type { AuthRepository } from './repo.js';
import type { ServiceContext } from '../../core/context.js';

/**
 * Sign-in, sign-out, switching partnership and the session's person. Storage is the repository's
 * (asynchronous; each change one unit of work that re-checks what is decided here). The per-request
 * session lookup is not here: it is the synchronous hot path (cookie-session.ts, sessions.ts).
 */
export class AuthService {
  private readonly limits: SignInLimiter;

  constructor(
    private readonly ctx: ServiceContext,
    private readonly repo: AuthRepository,
  ) {
    this.limits = new SignInLimiter(ctx.clock, ctx.sharedCounters);
  }

  /** `address` is the client's address as Express sees it (X-Forwarded-For only under TRUST_PROXY). */
  async login(body: LoginBody, address: string): Promise<{ token: string; personId: number }> {
    // Counted before the password hash: a burst of parallel attempts is counted one by one, and only
    // as many reach the hash as the limits allow.
    const attempt = await this.limits.admit(body.email, address);
    let account: AccountRow | undefined;
    let ok: boolean;
    let opened: { token: string; personId: number } | null;
    try {
      account = await this.repo.accountByEmail(body.email);
      ok = await verifyPassword(body.password, account?.passwordHash ?? (await decoyHash(this.ctx.config.passwordHashCost)));
      // Where it lands is decided with the session, in one unit of work: a password changed while it
      // was being checked opens nothing. Disabled by every partnership it works in: as closed as a
      // wrong password, and said the same way. Single sign-on required is checked there too, and only
      // once the password is right: whether an address works where single sign-on is required is not
      // told to whoever types it (the sign-in page offers the button by the domain alone).
      opened = account?.passwordHash && ok ? await this.repo.openSession(account.id, account.passwordHash) : null;
    } catch (err) {
      await attempt.abandoned();
      throw err;
    }
    if (!opened) {
      await attempt.failed();
      throw new AppError('INVALID_CREDENTIALS', 'The email or password is not right.');
    }
    await attempt.succeeded();
    return opened;
  }

  /**
   * Refuses choosing a password (an invitation or reset link) for an address whose partnership
   * requires single sign-on: it signs in through its organisation, and a password would bypass that.
   */
  async assertPasswordMayBeSet(email: string): Promise<void> {
    const account = await this.repo.accountByEmail(email);
    if (account) await this.repo.assertPasswordAllowed(account.id, 'no password can be set');
  }

  /**
   * Moves a session to the same person's row in another partnership. Every page, list, room and
   * document of the session follows: its open connections are closed (they were opened as the other
   * partnership's person) and the pages start again in the chosen partnership.
   */
  async switchPartnership(personId: number, tokenHash: string, partnershipId: number): Promise<Me> {
    const account = await this.repo.accountOf(personId);
    const target = account ? (await this.repo.partnershipsOf(account.id)).find((p) => p.partnershipId === partnershipId) : undefined;
    if (!account || !target) throw new AppError('NOT_FOUND', 'You are not a member of that partnership.', { field: 'partnershipId' });
    if (target.personId !== personId) {
      // Announced by whichever request moved it (two tabs choosing the same partnership at once move it once).
      if (await this.repo.switchSession(tokenHash, personId, target.personId, account.id)) this.ctx.bus.emit('session.switched', { tokenHash });
    }
    return this.me(target.personId, tokenHash);
  }

  /** Sign-out: the session ends, and its open connections with it (announced, so they close now, not at a sweep). */
  async logout(tokenHash: string): Promise<void> {
    await this.repo.endSession(tokenHash);
    this.ctx.bus.emit('session.ended', { tokenHash, reason: 'signed_out' });
  }

  /**
   * The session's person. A session single sign-on opened works in its partnership only (it switches
   * nowhere), and the account's other partnerships are not that provider's to show: it lists only its own.
   */
  async me(personId: number, tokenHash?: string): Promise<Me> {
    const row = await this.repo.profile(personId);
    if (!row) throw new AppError('UNAUTHENTICATED', 'Sign in to continue.');
    const viaSso = tokenHash !== undefined && (await this.repo.sessionOpenedThrough(tokenHash)) !== null;
    const rows = (await this.repo.partnershipsOf(row.account.id)).filter((p) => !viaSso || p.personId === personId);
    const seats = await Promise.all(rows.map((p) => this.repo.membershipsOf(p.personId)));
    const partnershipsOfAccount = rows.map((p, i) => ({
      id: p.partnershipId,
      name: p.partnershipName,
      isAdmin: p.isAdmin,
      personId: p.personId,
      agency: p.agency,
      current: p.personId === personId,
      memberships: seats[i]!,
    }));
    const current = partnershipsOfAccount.find((p) => p.current)!;
    return {
      person: { id: row.person.id, name: row.person.name, email: row.account.email, jobTitle: row.person.jobTitle },
      agency: { id: row.agency.id, name: row.agency.name, kind: row.agency.kind },
      partnership: { id: current.id, name: current.name, isAdmin: current.isAdmin, protectiveMarking: rows.find((p) => p.personId === personId)!.protectiveMarking },
      partnerships: partnershipsOfAccount,
      memberships: current.memberships,
      // What the person may do, by the same rules the server checks each command with.
      capabilities: await this.repo.capabilitiesOf(personId),
    };
  }
}
