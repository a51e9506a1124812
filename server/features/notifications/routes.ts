import { Router } from 'express';
import { z } from 'zod';
import { Id } from '../../../shared/schemas/common.js';
import { parse } from '../../../shared/validate.js';
import { requireAuth } from '../../http/request-auth.js';
import type { NotificationService } from './service.js';

const MarkReadBody = z.object({ ids: z.union([z.array(Id).max(500), z.literal('all')]) });

/** The signed-in person's own notifications: read them, mark them read. */
export function notificationRoutes(notifications: NotificationService): Router {
  const router = Router();

  router.get('/notifications', async (req, res) => {
    res.json(await notifications.list(requireAuth(req).personId));
  });

  router.post('/notifications/read', async (req, res) => {
    const { personId } = requireAuth(req);
    await notifications.markRead(personId, parse(MarkReadBody, req.body).ids);
    res.json(await notifications.list(personId));
  });

  return router;
}
