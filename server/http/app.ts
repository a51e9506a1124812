import express, { type Express } from 'express';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { LIMITS } from '../../shared/limits.js';
import type { ServerConfig } from '../config.js';
import { databaseAnswers, type ServiceContext } from '../core/context.js';
import { apiNotFound, errorHandler } from './errors.js';
import { sameOriginGuard } from './same-origin-guard.js';
import { securityHeaders } from './security-headers.js';
import { authOf } from './request-auth.js';
import { auditRefusal, isRecordedRefusal } from '../core/audit.js';
import type { CommandBudgets } from '../core/command-budgets.js';
import { refusalAudited } from '../core/dispatcher.js';

/**
 * The Express app: headers, the same-origin guard, JSON bodies, the session (the auth feature's
 * loader), then the features' routes, then the one error handler.
 */
/**
 * `redisAnswers`: whether Redis answers now (null without REDIS_URL). A load balancer takes a process
 * whose database or Redis is down out of its rotation on the 503.
 */
export function createHttpApp(
  ctx: ServiceContext,
  config: ServerConfig,
  sessionLoader: express.RequestHandler,
  routes: express.Router[],
  budgets: CommandBudgets,
  redisAnswers: (() => Promise<boolean>) | null = null,
): Express {
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
  api.get('/health', async (_req, res) => {
    let database: 'up' | 'down';
    try {
      database = (await databaseAnswers(ctx)) ? 'up' : 'down';
    } catch {
      database = 'down';
    }
    const redis = redisAnswers ? ((await redisAnswers()) ? 'up' : 'down') : 'unused';
    const ok = database === 'up' && redis !== 'down';
    res.status(ok ? 200 : 503).json({ ok, database, redis, uptimeSeconds: Math.round(process.uptime()) });
  });
  api.use(sameOriginGuard(config));
  // Not strict: a command's payload may be any JSON value, and a wrong one is refused by its schema, as over Socket.io.
  api.use(express.json({ limit: LIMITS.jsonBodyBytes, strict: false }));
  api.use(sessionLoader);
  for (const router of routes) api.use(router);
  api.use(apiNotFound);
  app.use('/api', api);

  const clientDir = config.clientDir;
  if (clientDir && existsSync(path.join(clientDir, 'index.html'))) {
    // The service worker (and its precache list) is read afresh each time, so a new release reaches
    // browsers at once; everything else it precaches by its hashed name.
    app.use(
      express.static(clientDir, {
        index: false,
        maxAge: '1h',
        setHeaders: (res, file) => {
          if (/[\\/](sw\.js|workbox-[\w-]+\.js)$/.test(file)) res.setHeader('Cache-Control', 'no-cache');
        },
      }),
    );
    // The client routes in the browser: any other GET gets the app shell.
    app.get('/{*path}', (_req, res) => res.sendFile(path.join(clientDir, 'index.html'), { maxAge: 0 }));
  } else {
    app.get('/', (_req, res) => {
      res.type('text').send('The client is not built. Run "npm run build" (npm start does this for you).');
    });
  }

  // A refused write on a matched route by a signed-in person goes on the record (see auditRefusal).
  // Commands were recorded by the dispatcher, within the account's command budget; a write that is no
  // command (the risk matrix, a switch of partnership) draws on that budget too, and one beyond it goes
  // unrecorded, or any signed-in person could write refusal rows without limit.
  app.use(
    errorHandler(config.log, async (req, err) => {
      const who = authOf(req);
      if (!who || req.method === 'GET' || !req.route || refusalAudited(err) || !isRecordedRefusal(err)) return;
      if (await budgets.of(who.allowance).take()) await auditRefusal(ctx, who.actor, `${req.method} ${req.originalUrl.split('?')[0]!.slice(0, 200)}`, err);
    }),
  );
  return app;
}
