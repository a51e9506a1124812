import type { Request, RequestHandler, Response } from 'express';
import { parse as parseCookie, serialize } from 'cookie';
import { AppError } from '../../../shared/errors.js';
import type { Actor } from '../../../shared/domain/permissions.js';
import type { ServerConfig } from '../../config.js';
import { accountOf } from '../admin/accounts.js';
import { loadActor } from '../../core/actors.js';
import { resolveSession } from './sessions.js';
import type { ServiceContext } from '../../core/context.js';

export const SESSION_COOKIE = 'sg_session';

export interface AuthState {
  personId: number;
  /** The account signed in: one person, whichever partnership's row the session works as. */
  accountId: number;
  tokenHash: string;
  actor: Actor;
}

const AUTH = Symbol('auth');
type WithAuth = Request & { [AUTH]?: AuthState | { expired: true } };

export function readSessionToken(cookieHeader: string | undefined): string | undefined {
  if (!cookieHeader) return undefined;
  return parseCookie(cookieHeader)[SESSION_COOKIE];
}

/** Resolves the session cookie and the person's authority; used by HTTP, Socket.io and Yjs alike. */
export function authenticate(ctx: ServiceContext, cookieHeader: string | undefined): AuthState | { expired: true } | null {
  const session = resolveSession(ctx, readSessionToken(cookieHeader));
  if (!session || 'expired' in session) return session;
  const actor = loadActor(ctx, session.personId);
  const account = actor && accountOf(ctx, session.personId);
  if (!actor || !account) return null;
  return { personId: session.personId, accountId: account.id, tokenHash: session.tokenHash, actor };
}

export function sessionLoader(ctx: ServiceContext): RequestHandler {
  return (req, _res, next) => {
    const state = authenticate(ctx, req.headers.cookie);
    if (state) (req as WithAuth)[AUTH] = state;
    next();
  };
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

export function setSessionCookie(res: Response, config: ServerConfig, token: string): void {
  res.append(
    'Set-Cookie',
    serialize(SESSION_COOKIE, token, {
      httpOnly: true,
      sameSite: 'lax',
      secure: config.secureCookies,
      path: '/',
      maxAge: Math.floor(config.sessionAbsoluteMs / 1000),
    }),
  );
}

export function clearSessionCookie(res: Response, config: ServerConfig): void {
  res.append('Set-Cookie', serialize(SESSION_COOKIE, '', { httpOnly: true, sameSite: 'lax', secure: config.secureCookies, path: '/', maxAge: 0 }));
}
