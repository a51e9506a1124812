import { Router, type Response } from 'express';
import { parse as parseCookie, serialize } from 'cookie';
import { z } from 'zod';
import { Email, PartnershipParams } from '../../../shared/schemas/common.js';
import { SsoLookupBody } from '../../../shared/schemas/sso.js';
import { parse } from '../../../shared/validate.js';
import type { ServerConfig } from '../../config.js';
import type { DispatchFromRequest } from '../../http/commands.js';
import { requireAdmin } from '../../http/access.js';
import { setSessionCookie } from '../auth/index.js';
import { STATE_TTL_MS } from './repo.js';
import type { SsoService } from './service.js';

/** Binds a sign-in to the browser that started it (checked against the state the provider sends back). */
const STATE_COOKIE = 'sg_sso_state';
const STATE_COOKIE_PATH = '/api/auth/sso';

const StartParams = PartnershipParams;
/** The address typed on the sign-in page (anything else is no hint: the provider then asks). */
const StartQuery = z.object({ login_hint: Email.optional() });

/**
 * Single sign-on's routes: the administrators' settings (GET, and PUT as the `partnership:sso`
 * command, so it is budgeted, gated, validated and audited as every command), the sign-in page's
 * lookup, and the two redirects of the code flow. The redirects never answer an error page: every
 * refusal goes back to the sign-in page with a code it says in words (SSO_ERRORS).
 */
export function ssoRoutes(config: ServerConfig, sso: SsoService, dispatch: DispatchFromRequest): Router {
  const router = Router();

  router.get('/partnerships/:partnershipId/sso', async (req, res) => {
    const { partnershipId } = parse(PartnershipParams, req.params);
    requireAdmin(req, partnershipId);
    res.json(await sso.view(partnershipId));
  });

  router.put('/partnerships/:partnershipId/sso', async (req, res) => {
    const { partnershipId } = parse(PartnershipParams, req.params);
    res.json(await dispatch(req, 'partnership:sso', req.body, partnershipId));
  });

  router.post('/auth/sso/lookup', async (req, res) => {
    const { email } = parse(SsoLookupBody, req.body);
    res.json(await sso.lookup(email));
  });

  router.get('/auth/sso/:partnershipId/start', async (req, res) => {
    const params = StartParams.safeParse(req.params);
    const query = StartQuery.safeParse(req.query);
    if (!params.success) return toLogin(res, 'unavailable');
    const started = await sso.start(params.data.partnershipId, (query.success && query.data.login_hint) || null);
    if (!started.ok) return toLogin(res, started.code);
    res.append('Set-Cookie', serialize(STATE_COOKIE, started.state, { httpOnly: true, sameSite: 'lax', secure: config.secureCookies, path: STATE_COOKIE_PATH, maxAge: STATE_TTL_MS / 1000 }));
    res.redirect(302, started.url);
  });

  router.get('/auth/sso/callback', async (req, res) => {
    const browserState = req.headers.cookie ? parseCookie(req.headers.cookie)[STATE_COOKIE] : undefined;
    // Used or not, the state's cookie goes.
    res.append('Set-Cookie', serialize(STATE_COOKIE, '', { httpOnly: true, sameSite: 'lax', secure: config.secureCookies, path: STATE_COOKIE_PATH, maxAge: 0 }));
    const search = req.originalUrl.includes('?') ? req.originalUrl.slice(req.originalUrl.indexOf('?') + 1) : '';
    const outcome = await sso.callback(new URLSearchParams(search), browserState);
    if (!outcome.ok) return toLogin(res, outcome.code);
    setSessionCookie(res, config, outcome.token);
    res.redirect(302, '/');
  });

  return router;
}

function toLogin(res: Response, code: string): void {
  res.redirect(302, `/login?sso_error=${encodeURIComponent(code)}`);
}
