import type { RequestHandler, Response } from 'express';
import { parse as parseCookie, serialize } from 'cookie';
import type { AuthState } from '../../core/auth-state.js';
import { attachAuth } from '../../http/request-auth.js';
import type { ServerConfig } from '../../config.js';
import { accountOf } from './accounts.js';
import { loadActor } from '../../core/actors.js';
import { resolveSession } from './sessions.js';
import { BACKGROUND_READ_HEADER } from '../../../shared/protocol/rest.js';
import type { ServiceContext } from '../../core/context.js';

export type { AuthState };

export const SESSION_COOKIE = 'sg_session';


export function readSessionToken(cookieHeader: string | undefined): string | undefined {
  if (!cookieHeader) return undefined;
  return parseCookie(cookieHeader)[SESSION_COOKIE];
}

/**
 * Resolves the session cookie and the person's authority; used by HTTP, Socket.io and Yjs alike.
 * The hot path, synchronous on purpose: every request, handshake and upgrade runs it, the Yjs upgrade
 * and Socket.io's middleware from synchronous handlers (see sessions.ts). It reads, and at most
 * slides the idle window; every change of a session is AuthRepository's.
 */
export async function authenticate(ctx: ServiceContext, cookieHeader: string | undefined, options: { slide?: boolean } = {}): Promise<AuthState | { expired: true } | null> {
  const session = await resolveSession(ctx, readSessionToken(cookieHeader), options);
  if (!session || 'expired' in session) return session;
  const actor = await loadActor(ctx, session.personId);
  const account = actor && (await accountOf(ctx, session.personId));
  if (!actor || !account) return null;
  const allowance = session.ssoPartnershipId === null ? `account:${account.id}` : `account:${account.id}@${session.ssoPartnershipId}`;
  return { personId: session.personId, accountId: account.id, allowance, tokenHash: session.tokenHash, actor };
}

export function sessionLoader(ctx: ServiceContext): RequestHandler {
  return async (req, _res, next) => {
    // A read the page makes because a push said something changed is not use of the session (see BACKGROUND_READ_HEADER).
    const state = await authenticate(ctx, req.headers.cookie, { slide: req.method !== 'GET' || req.get(BACKGROUND_READ_HEADER) !== '1' });
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
