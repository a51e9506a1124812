import type { Actor } from '../../shared/domain/permissions.js';

/** Who a request or connection is: the session's person, their account, and their authority when it was read. */
export interface AuthState {
  personId: number;
  /** The account signed in: one person, whichever partnership's row the session works as. */
  accountId: number;
  /**
   * Whose allowances the request draws on (command budget, open connections, uploads at once): the
   * account's, so that signing in again or working in another partnership buys no more. A session a
   * partnership's provider opened has its own, the account's in that partnership: it works there
   * alone, perhaps at that partnership's administrators' doing (a provider names whoever they say),
   * and must not use up what the account's other partnerships' sessions need.
   */
  allowance: string;
  tokenHash: string;
  actor: Actor;
}

/** What the auth feature gives the channels: a cookie header resolved to its session, expired, or nobody. */
export type Authenticate = (cookieHeader: string | undefined) => Promise<AuthState | { expired: true } | null>;
