import type { RequestHandler, Response } from 'express';
import { parse as parseCookie, serialize } from 'cookie';
import type { AuthState } from '../../core/auth-state.js';
import { attachAuth } from '../../http/request-auth.js';
import type { ServerConfig } from '../../config.js';
import { accountOf } from './accounts.js';
import { loadActor } from '../../core/actors.js';
import { resolveSession } from './sessions.js';
import type { ServiceContext } from '../../core/context.js';

export type { AuthState };

export const SESSION_COOKIE = 'sg_session';


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
    if (state) attachAuth(req, state);
    next();
  };
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
