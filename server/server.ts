import { LIMITS } from '../shared/limits.js';
import { createServer, type Server as HttpServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Express } from 'express';
import type { ServerConfig } from './config.js';
import { openDatabase } from './db/client.js';
import { openPgDatabase } from './db/pg-client.js';
import { DocLogRepository } from './db/doc-repository.js';
import { Scheduler } from './scheduler.js';
import { sendDueReminders } from './features/reminders/index.js';
import { DIGEST_TIME } from '../shared/schemas/mail.js';
import { DomainBus } from './bus.js';
import { CommandBudgets } from './core/command-budgets.js';
import { serviceContext, type ServiceContext } from './core/context.js';
import { namespacedScripts } from './core/shared-counters.js';
import { isStorageTrouble } from './core/errors.js';
import { CommandDispatcher } from './core/dispatcher.js';
import { createHttpApp } from './http/app.js';
import { commandRoutes, dispatchFromRequest } from './http/commands.js';
import { createSocketServer } from './realtime/socket/index.js';
import { routeUpgrades } from './realtime/upgrade.js';
import { createYjsServer, type YjsServer } from './realtime/yjs/index.js';
import { subscribeYjs } from './realtime/yjs/subscriptions.js';
import { createAdapter } from '@socket.io/redis-adapter';
import { adapterPublisher, connectRedis, redisAnswers, type RedisLink } from './realtime/cluster/redis.js';
import { redisDocPeers } from './realtime/cluster/doc-channels.js';
import { bridgeBus } from './realtime/cluster/bus-bridge.js';
import type { DocEditor } from './core/doc-editor.js';
import { composeFeatures, createServices, type Services } from './features/registry.js';
import { authenticate, endExpiredSessions, sessionLoader, useSession } from './features/auth/index.js';
import { seedDemoIfEmpty } from './features/demo/index.js';
import { backfillObjectiveDocs } from './features/plans/index.js';
import { sendPaperReminders } from './features/meetings/index.js';

/** How often sessions past their time are ended: twice a second, so a connection stops within a second of expiry. */
const SESSION_CHECK_MS = 500;

export interface RunningServer {
  httpServer: HttpServer;
  /** The Express app: its router lists every REST route (test/integration/response-schemas.test.ts reads it). */
  app: Express;
  port: number;
  url: string;
  ctx: ServiceContext;
  services: Services;
  yjs: YjsServer;
  /** One pass of the scheduler's jobs (reminders, digests, mail sending), as the minute's tick runs it: tests move a test clock, then tick. */
  tick(): Promise<void>;
  /** Stops accepting, closes every connection after flushing, closes the database. */
  close(): Promise<void>;
}

/**
 * The composition root: the database, the bus, the services, the features' parts, and the three
 * channels on one port. Nothing is wired after the fact: the channels subscribe to the bus.
 */
export async function startServer(config: ServerConfig): Promise<RunningServer> {
  // First: a process meant to share its live events that cannot reach Redis must not start at all.
  const redis: RedisLink | null = config.redisUrl ? await connectRedis(config.redisUrl, config.redisPrefix, config.log) : null;
  const database = config.databaseUrl ? await openPgDatabase(config.databaseUrl) : openDatabase(config.dataDir);
  const bus = new DomainBus((event, err) => config.log('a subscriber to the domain bus failed', { event, error: String(err) }));
  const ctx = serviceContext(database, config, bus, redis ? namespacedScripts(redis.publisher, redis.prefix) : null);
  const services = createServices(ctx);
  await seedDemoIfEmpty(ctx, services);
  await backfillObjectiveDocs(ctx);

  const budgets = new CommandBudgets(config.socketLimits.commandsPerSecond, config.socketLimits.commandBurst, ctx.sharedCounters);
  // The features' REST forms of commands reach the dispatcher, which is built from the features' handlers.
  let dispatcher: CommandDispatcher | null = null;
  // Features write into co-edited documents (an import) through the Yjs server, which is built after them.
  let yjsServer: YjsServer | null = null;
  const docEditor: DocEditor = { editAll: (actor, unit) => yjsServer!.editAll(actor, unit) };
  const kit = { ctx, config, dispatch: dispatchFromRequest(() => dispatcher!), budgets, docEditor };
  const features = composeFeatures(services, kit);
  dispatcher = new CommandDispatcher(ctx, features.commands, budgets);
  const who = async (cookie: string | undefined) => authenticate(ctx, cookie);

  const app = createHttpApp(ctx, config, sessionLoader(ctx), [...features.routes, commandRoutes(kit.dispatch)], budgets, redis && (() => redisAnswers(redis)));
  const httpServer = createServer(app);
  // An idle keep-alive connection is kept longer than a load balancer keeps its side (60 s on the common
  // ones): with Node's 5 s, the balancer or a client may send a request down a connection just as the
  // server closes it, and the request fails (a 502, a reset). A request's headers keep their own 60 s limit.
  httpServer.keepAliveTimeout = LIMITS.httpKeepAliveMs;
  const yjs = createYjsServer(
    ctx,
    config,
    // Storage trouble rolls a whole group of updates back; any other error refuses its update alone.
    {
      docs: new DocLogRepository(database, services.docs, isStorageTrouble),
      docKinds: features.docKinds,
      authenticate: who,
      presenceIdentity: services.admin.queries.hotPath.presenceIdentity,
      ...(redis ? { peers: redisDocPeers(redis, config.log) } : {}),
    },
    (changed) => bus.emit('rows.changed', changed),
    (notice) => bus.emit('risk.overtaken', notice),
  );
  yjsServer = yjs;
  const unsubscribeYjs = subscribeYjs(bus, yjs);
  const sockets = createSocketServer(httpServer, ctx, config, {
    authenticate: who,
    dispatcher,
    budgets,
    sessionAlive: async (tokenHash, personId) => useSession(ctx, tokenHash, personId),
    // The transports' synchronous reads (the hot path, see auth/sessions.ts and admin/queries.ts).
    boardIn: services.admin.queries.hotPath.boardOrNull,
    presenceIdentity: services.admin.queries.hotPath.presenceIdentity,
    rows: features.rows,
    ...(redis ? { adapter: createAdapter(adapterPublisher(redis.publisher, config.log), redis.subscriber, { key: `${redis.prefix}:socket.io`, requestsTimeout: LIMITS.presenceAskMs }) } : {}),
  });
  const sessionCheck = setInterval(checkSessions(ctx, yjs), SESSION_CHECK_MS);
  sessionCheck.unref();
  // Reminders, digests and the mail they make (issue 15): each job sends once whatever the ticks.
  const scheduler = new Scheduler(
    [
      { name: 'challenge reminders', run: () => services.challenges.sendReminders() },
      { name: 'paper reminders', run: async () => sendPaperReminders(ctx, services.notifications) },
      { name: 'due-date reminders', run: async () => sendDueReminders(ctx, services.notifications) },
      { name: 'mail digests', run: async () => services.mail.digests() },
      { name: 'mail sending', run: () => services.mail.send(), background: true },
    ],
    config.log,
  );
  await scheduler.catchUp();
  scheduler.start(DIGEST_TIME, config.schedulerTickSeconds);
  routeUpgrades(httpServer, yjs.handleUpgrade);
  // Rights re-checks and ended sessions reach this process's connections whichever process changed them.
  const unbridge = redis ? await bridgeBus(bus, redis, config.log) : null;
  // Nobody is served before this process hears the others.
  await redis?.subscribed();

  database.serving();
  await new Promise<void>((resolve, reject) => {
    httpServer.once('error', reject);
    httpServer.listen(config.port, config.host, () => resolve());
  });
  const port = (httpServer.address() as AddressInfo).port;

  let closing: Promise<void> | null = null;
  return {
    httpServer,
    app,
    port,
    url: `http://${config.host}:${port}`,
    ctx,
    services,
    yjs,
    tick: () => scheduler.tick(),
    close() {
      closing ??= (async () => {
        // First, take no one new (a load balancer sends them to another process): the listening
        // socket closes now; open connections are closed below, each channel in its own way.
        const stopped = new Promise<void>((resolve) => httpServer.close(() => resolve()));
        // close() lets go of the keep-alive connections idle now; one whose request is still being answered
        // goes idle when it is answered, and would then stay open for the keep-alive time (65 s) while the
        // channels below wait for the HTTP server: let go of each as soon as it is idle. A connection Node
        // still counts as busy with no request in it (an upload the client cut short) is cut after the
        // grace every request has to be answered, so a stop never waits the keep-alive time out.
        const idle = setInterval(() => httpServer.closeIdleConnections(), 50);
        const cut = setTimeout(() => httpServer.closeAllConnections(), LIMITS.shutdownGraceMs);
        void stopped.finally(() => {
          clearInterval(idle);
          clearTimeout(cut);
        });
        await scheduler.stop();
        clearInterval(sessionCheck);
        await unbridge?.();
        unsubscribeYjs();
        await yjs.close();
        await sockets.close();
        budgets.close();
        await services.pdf.close();
        await services.mail.close();
        httpServer.closeAllConnections();
        await stopped;
        await redis?.close();
        await database.close();
      })();
      return closing;
    },
  };
}

/**
 * Slides the idle window of sessions whose Yjs connections were used since the last check (an edit,
 * a change of presence: not what an open page sends by itself; Socket.io commands slide their own),
 * then ends every session past its time. A run of failures is
 * logged once, not at every check.
 */
function checkSessions(ctx: ServiceContext, yjs: YjsServer): () => void {
  let failing = false;
  const check = async () => {
    try {
      for (const tokenHash of yjs.takeUsedSessions()) await useSession(ctx, tokenHash);
      await endExpiredSessions(ctx);
      failing = false;
    } catch (err) {
      if (!failing) ctx.config.log('checking sessions failed', { error: String(err) });
      failing = true;
    }
  };
  return () => void check();
}
