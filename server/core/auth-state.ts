import type { Actor } from '../../shared/domain/permissions.js';

/** Who a request or connection is: the session's person, their account, and their authority when it was read. */
export interface AuthState {
  personId: number;
  /** The account signed in: one person, whichever partnership's row the session works as. */
  accountId: number;
  tokenHash: string;
  actor: Actor;
}

/** What the auth feature gives the channels: a cookie header resolved to its session, expired, or nobody. */
export type Authenticate = (cookieHeader: string | undefined) => AuthState | { expired: true } | null;
