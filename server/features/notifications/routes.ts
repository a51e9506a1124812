import { Router } from 'express';
import type { DispatchFromRequest } from '../../http/commands.js';
import { requireAuth } from '../../http/request-auth.js';
import type { NotificationService } from './service.js';

/** The signed-in person's own notifications: read them, and the REST form of marking them read. */
export function notificationRoutes(notifications: NotificationService, dispatch: DispatchFromRequest): Router {
  const router = Router();

  router.get('/notifications', async (req, res) => {
    res.json(await notifications.list(requireAuth(req).personId));
  });

  router.post('/notifications/read', async (req, res) => {
    res.json(await dispatch(req, 'notifications:read', req.body));
  });

  return router;
}
