import type { Request } from 'express';
import { AppError } from '../../shared/errors.js';
import type { AuthState } from '../core/auth-state.js';

const AUTH = Symbol('auth');
type WithAuth = Request & { [AUTH]?: AuthState | { expired: true } };

/** Set once per request by the auth feature's session loader. */
export function attachAuth(req: Request, state: AuthState | { expired: true }): void {
  (req as WithAuth)[AUTH] = state;
}

/** The signed-in person of a request, if any (for recording refusals; routes use requireAuth). */
export function authOf(req: Request): AuthState | null {
  const state = (req as WithAuth)[AUTH];
  return state && !('expired' in state) ? state : null;
}

export function requireAuth(req: Request): AuthState {
  const state = (req as WithAuth)[AUTH];
  if (state && 'expired' in state) throw new AppError('SESSION_EXPIRED', 'Your session has ended. Sign in again.');
  if (!state) throw new AppError('UNAUTHENTICATED', 'Sign in to continue.');
  return state;
}
