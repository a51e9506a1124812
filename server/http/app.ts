import express, { type Express } from 'express';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { LIMITS } from '../../shared/limits.js';
import type { ServerConfig } from '../config.js';
import { databaseAnswers, type ServiceContext } from '../core/context.js';
import type { Services } from '../features/registry.js';
import { authRoutes } from '../features/auth/routes.js';
import { apiNotFound, errorHandler } from './errors.js';
import { partnershipRoutes } from '../features/admin/routes.js';
import { sameOriginGuard } from '../core/same-origin.js';
import { securityHeaders } from './security-headers.js';
import { authOf, sessionLoader } from '../features/auth/cookie-session.js';
import { auditRefusal } from '../core/audit.js';

export interface HttpHooks {
  /** A person's memberships or admin rights changed: open realtime connections re-decide their rights. */
  membershipChanged(personId: number): void;
}

export function createHttpApp(ctx: ServiceContext, config: ServerConfig, services: Services, extraRoutes: express.Router[], hooks: HttpHooks): Express {
  const app = express();
  app.disable('x-powered-by');
  // Only a configured proxy's X-Forwarded-For is believed: otherwise any client could name its own
  // address, and take a fresh sign-in budget with each request.
  app.set('trust proxy', config.trustProxy);

  app.use(securityHeaders(config));

  const api = express.Router();
  api.use((_req, res, next) => {
    res.setHeader('Cache-Control', 'no-store');
    next();
  });
  api.get('/health', (_req, res) => {
    res.json({ ok: databaseAnswers(ctx), uptimeSeconds: Math.round(process.uptime()) });
  });
  api.use(sameOriginGuard(config));
  api.use(express.json({ limit: LIMITS.jsonBodyBytes }));
  api.use(sessionLoader(ctx));
  api.use(authRoutes(ctx, config, services.auth, services.people));
  api.use(partnershipRoutes(ctx, services.admin, services.people, hooks));
  for (const router of extraRoutes) api.use(router);
  api.use(apiNotFound);
  app.use('/api', api);

  const clientDir = config.clientDir;
  if (clientDir && existsSync(path.join(clientDir, 'index.html'))) {
    app.use(express.static(clientDir, { index: false, maxAge: '1h' }));
    // The client routes in the browser: any other GET gets the app shell.
    app.get('/{*path}', (_req, res) => res.sendFile(path.join(clientDir, 'index.html'), { maxAge: 0 }));
  } else {
    app.get('/', (_req, res) => {
      res.type('text').send('The client is not built. Run "npm run build" (npm start does this for you).');
    });
  }

  // A refused write on a matched route by a signed-in person goes on the record (see auditRefusal).
  app.use(
    errorHandler(config.log, (req, err) => {
      const who = authOf(req);
      if (who && req.method !== 'GET' && req.route) auditRefusal(ctx, who.actor, `${req.method} ${req.originalUrl.split('?')[0]!.slice(0, 200)}`, err);
    }),
  );
  return app;
}
