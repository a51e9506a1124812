import { Router } from 'express';
import { AcceptInvitationBody, LoginBody, SwitchPartnershipBody } from '../../../shared/schemas/auth.js';
import { z } from 'zod';
import type { ServerConfig } from '../../config.js';
import type { PeopleAdmin } from '../admin/index.js';
import type { AuthService } from './service.js';
import { parse } from '../../../shared/validate.js';
import { clearSessionCookie, setSessionCookie } from './cookie-session.js';
import { requireAuth } from '../../http/request-auth.js';

export function authRoutes(config: ServerConfig, auth: AuthService, people: PeopleAdmin): Router {
  const router = Router();

  router.post('/auth/login', async (req, res) => {
    const body = parse(LoginBody, req.body);
    const { token, personId } = await auth.login(body, req.ip ?? 'unknown');
    setSessionCookie(res, config, token);
    res.json(await auth.me(personId));
  });

  router.post('/auth/logout', async (req, res) => {
    const state = requireAuth(req);
    // Ending the session is announced, so every open connection of it closes now, not at a sweep.
    await auth.logout(state.tokenHash);
    clearSessionCookie(res, config);
    res.status(204).end();
  });

  router.get('/auth/me', async (req, res) => {
    const state = requireAuth(req);
    res.json(await auth.me(state.personId, state.tokenHash));
  });

  // The session works in another of the account's partnerships from now on (every tab of it).
  router.post('/auth/partnership', async (req, res) => {
    const state = requireAuth(req);
    const body = parse(SwitchPartnershipBody, req.body);
    res.json(await auth.switchPartnership(state.personId, state.tokenHash, body.partnershipId));
  });

  router.get('/invitations/:token', async (req, res) => {
    const { token } = parse(z.object({ token: z.string().min(16).max(200) }), req.params);
    res.json(await people.invitationPreview(token));
  });

  router.post('/invitations/accept', async (req, res) => {
    const body = parse(AcceptInvitationBody, req.body);
    // Where single sign-on is required no password is set (the link itself stays unused).
    await auth.assertPasswordMayBeSet((await people.invitationPreview(body.token)).email);
    const { token, personId } = await people.acceptInvitation(body.token, body.password);
    setSessionCookie(res, config, token);
    res.json(await auth.me(personId));
  });

  return router;
}
