import { Router } from 'express';
import { ForgottenPasswordBody, ResetPasswordBody } from '../../../shared/schemas/auth.js';
import { parse } from '../../../shared/validate.js';
import type { ServerConfig } from '../../config.js';
import { setSessionCookie } from './cookie-session.js';
import type { PasswordResets } from './password-reset.js';
import type { AuthService } from './service.js';

const TOKEN = /^[A-Za-z0-9_-]{16,200}$/;

/** "Forgotten your password?": ask for a link, see it, choose a new password with it (signed in after). */
export function passwordResetRoutes(config: ServerConfig, auth: AuthService, resets: PasswordResets, mailSent: () => boolean): Router {
  const router = Router();

  router.post('/auth/forgotten-password', async (req, res) => {
    const body = parse(ForgottenPasswordBody, req.body);
    await resets.request(body.email, req.ip ?? 'unknown');
    // Without a mail server no link can reach anyone: said plainly (the same words for every address).
    res.json({
      message: mailSent()
        ? 'If this address has an account, a link to choose a new password is on its way. It works for an hour.'
        : 'This installation does not send e-mail yet, so no link can reach you. Ask your partnership’s administrator for a new invitation link.',
    });
  });

  router.get('/auth/reset/:token', async (req, res) => {
    const token = TOKEN.test(req.params.token) ? req.params.token : '';
    res.json((await resets.preview(token)));
  });

  router.post('/auth/reset', async (req, res) => {
    const body = parse(ResetPasswordBody, req.body);
    const { token, personId } = await resets.reset(body.token, body.password);
    setSessionCookie(res, config, token);
    res.json(await auth.me(personId));
  });

  return router;
}
