import { escapeHtml } from '../../core/html.js';
import { Router, type Response } from 'express';
import { PartnershipParams } from '../../../shared/schemas/common.js';
import { NOTIFICATION_KIND_LABELS, SaveMailPreferencesPayload } from '../../../shared/schemas/mail.js';
import { parse } from '../../../shared/validate.js';
import { requireAdmin } from '../../http/access.js';
import { requireAuth } from '../../http/request-auth.js';
import type { MailService } from './service.js';


/** A small page of its own: the unsubscribe link is opened from a mail, often signed out. */
function page(res: Response, status: number, title: string, body: string): void {
  res
    .status(status)
    .type('html')
    .send(`<!doctype html><html lang="en-GB"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${escapeHtml(title)}</title><style>body{font-family:Arial,Helvetica,sans-serif;color:#1b1b1b;max-width:40rem;margin:2rem auto;padding:0 1rem;line-height:1.5}button{font:inherit;padding:.5rem 1rem;background:#1d4e89;color:#fff;border:0;border-radius:4px;cursor:pointer}button:focus-visible,a:focus-visible{outline:3px solid #fd0;outline-offset:2px}a{color:#1d4e89}</style></head><body><main><h1>${escapeHtml(title)}</h1>${body}</main></body></html>`);
}

/** A person's own mail preferences, the one-click unsubscribe, and the partnership's outbox for its administrators. */
export function mailRoutes(mail: MailService): Router {
  const router = Router();

  router.get('/me/mail-preferences', async (req, res) => {
    res.json((await mail.preferencesOf(requireAuth(req).personId)));
  });

  router.put('/me/mail-preferences', async (req, res) => {
    const body = parse(SaveMailPreferencesPayload, req.body);
    res.json((await mail.savePreferences(requireAuth(req).personId, body.preferences)));
  });

  router.get('/partnerships/:partnershipId/mail-outbox', async (req, res) => {
    const { partnershipId } = parse(PartnershipParams, { partnershipId: req.params.partnershipId });
    requireAdmin(req, partnershipId);
    res.json((await mail.outboxOf(partnershipId)));
  });

  // Opened from a mail: a page with one button (a link scanner that fetches it unsubscribes nobody).
  router.get('/mail/unsubscribe', (req, res) => {
    const link = mail.addresses.verifyUnsubscribe(req.query.person, req.query.kind, req.query.sig);
    if (!link) return page(res, 400, 'This link is not valid', '<p>It may have been changed or cut short. Choose which e-mails you get on your e-mail page once signed in.</p>');
    const action = `/api/mail/unsubscribe?person=${link.personId}&kind=${link.kind}&sig=${encodeURIComponent(String(req.query.sig))}`;
    page(res, 200, 'Stop these e-mails?', `<p>You will no longer be e-mailed about: <strong>${escapeHtml(NOTIFICATION_KIND_LABELS[link.kind])}</strong>. You will still see them in the product.</p><form method="post" action="${escapeHtml(action)}"><button type="submit">Stop these e-mails</button></form>`);
  });

  // The button, and mail programs' one-click unsubscribe (RFC 8058), which post to the same address.
  router.post('/mail/unsubscribe', async (req, res) => {
    const link = mail.addresses.verifyUnsubscribe(req.query.person, req.query.kind, req.query.sig);
    if (!link) return page(res, 400, 'This link is not valid', '<p>Nothing was changed.</p>');
    await mail.savePreferences(link.personId, [{ kind: link.kind, mode: 'off' }]);
    page(res, 200, 'You will get no more of these e-mails', `<p>No more e-mails about: <strong>${escapeHtml(NOTIFICATION_KIND_LABELS[link.kind])}</strong>. You can turn them back on from <a href="/me/mail">your e-mail page</a>.</p>`);
  });

  return router;
}
