import { createServer, type Server as HttpServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { ServerConfig } from './config.js';
import { openDatabase } from './db/client.js';
import { createHttpApp } from './http/app.js';
import { createSocketServer } from './realtime/socket/index.js';
import { routeUpgrades } from './realtime/upgrade.js';
import { createYjsServer, type YjsServer } from './realtime/yjs/index.js';
import { createServices, type Services } from './features/registry.js';
import { isEmpty, seedDemo } from './features/demo/seed.js';
import { seedDemoRisks } from './features/risks/seed.js';
import { seedDemoNeighbour } from './features/demo/neighbour.js';
import type { ServiceContext } from './core/context.js';
import type { RowsChanged } from './features/risks/doc.js';
import { SessionEvents } from './bus.js';
import { endExpiredSessions, useSession } from './features/auth/sessions.js';
import { riskRoutes } from './features/risks/routes.js';
import { meetingRoutes } from './features/meetings/routes.js';
import { challengeRoutes } from './features/challenges/routes.js';

const REMINDER_INTERVAL_MS = 15 * 60_000;
/** How often sessions past their time are ended: twice a second, so a connection stops within a second of expiry. */
const SESSION_CHECK_MS = 500;
import { seedDemoMeetings } from './features/meetings/seed.js';
import { seedDemoChallenges } from './features/challenges/seed.js';
import type { MeetingResult } from './features/meetings/guard.js';
import { YJS_CLOSE } from '../shared/protocol/yjs.js';
import type { RiskMatrix } from '../shared/domain/scoring.js';

export interface RunningServer {
  httpServer: HttpServer;
  port: number;
  url: string;
  ctx: ServiceContext;
  services: Services;
  yjs: YjsServer;
  /** Stops accepting, closes every connection after flushing, closes the database. */
  close(): Promise<void>;
}

export async function startServer(config: ServerConfig): Promise<RunningServer> {
  const database = openDatabase(config.dataDir);
  // Sessions end on every channel at once: the services announce endings here, the channels listen below.
  const sessionEvents = new SessionEvents((event, err) => config.log('a session listener failed', { event, error: String(err) }));
  const ctx: ServiceContext = { database, db: database.db, clock: config.clock, config, sessionEvents };
  const services = createServices(ctx);
  if (config.seedDemo && isEmpty(ctx)) {
    await seedDemo(ctx, config.demoPassword, [seedDemoRisks, seedDemoMeetings, seedDemoChallenges]);
    await seedDemoNeighbour(ctx, services, config.demoPassword);
    config.log('seeded the demo partnership');
  }

  // The realtime channels are created after the HTTP server they attach to; routes reach them late.
  const realtime: { riskMatrixChanged?: (partnershipId: number, matrix: RiskMatrix) => void; rowsChanged?: (c: RowsChanged) => void; meetingChanged?: (partnershipId: number, r: MeetingResult) => void; challengeChanged?: (partnershipId: number, id: number) => void } = {};
  const app = createHttpApp(ctx, config, services, [
    riskRoutes(services, {
      created: (partnershipId, riskId) => realtime.rowsChanged?.({ partnershipId, kind: 'risk', ids: [riskId] }),
      matrixChanged: (partnershipId, matrix) => realtime.riskMatrixChanged?.(partnershipId, matrix),
    }),
    meetingRoutes(services, (partnershipId, result) => realtime.meetingChanged?.(partnershipId, result)),
    challengeRoutes(services, { changed: (partnershipId, id) => realtime.challengeChanged?.(partnershipId, id) }),
  ], { membershipChanged: (personId) => sessionEvents.emit('membershipChanged', { personId }) });
  const httpServer = createServer(app);
  // The two realtime channels call each other: stored doc updates push "rows changed" over Socket.io,
  // and risk commands re-decide the rights of open Yjs connections.
  let socketServer: ReturnType<typeof createSocketServer> | null = null;
  const yjs = createYjsServer(
    ctx,
    config,
    services,
    (changed) => socketServer?.rowsChanged(changed),
    (notice) => socketServer?.tellPerson(notice.personId, notice.event),
  );
  const sessionAlive = (tokenHash: string, personId: number) => useSession(ctx, tokenHash, personId);
  socketServer = createSocketServer(httpServer, ctx, config, services, (riskId) => yjs.recheck({ kind: 'risk', id: riskId }), (filter) => yjs.recheck(filter), sessionAlive);
  const sockets = socketServer;
  realtime.rowsChanged = sockets.rowsChanged;
  realtime.riskMatrixChanged = sockets.riskMatrixChanged;
  realtime.meetingChanged = sockets.meetingChanged;
  realtime.challengeChanged = sockets.challengeChanged;
  sessionEvents.on('sessionEnded', ({ tokenHash, reason }) => {
    sockets.endSession(tokenHash, reason);
    yjs.endSessions({ tokenHash });
  });
  sessionEvents.on('personSessionsEnded', ({ personId, reason }) => {
    sockets.endSessionsOf(personId, reason);
    yjs.endSessions({ personId });
  });
  sessionEvents.on('sessionSwitched', ({ tokenHash }) => {
    sockets.endSession(tokenHash, 'partnership_switched');
    yjs.endSessions({ tokenHash }, YJS_CLOSE.PARTNERSHIP_SWITCHED);
  });
  sessionEvents.on('membershipChanged', ({ personId }) => {
    yjs.recheck({ personId });
    sockets.membershipChanged(personId);
  });
  const sessionCheck = setInterval(checkSessions(ctx, yjs), SESSION_CHECK_MS);
  sessionCheck.unref();
  // Challenge reminders (due in three days, overdue) are sent once each; checking often is harmless.
  const sendReminders = () => {
    try {
      services.challenges.sendReminders();
    } catch (err) {
      config.log('challenge reminders failed', { error: String(err) });
    }
  };
  sendReminders();
  const reminders = setInterval(sendReminders, REMINDER_INTERVAL_MS);
  reminders.unref();
  routeUpgrades(httpServer, yjs.handleUpgrade);

  await new Promise<void>((resolve, reject) => {
    httpServer.once('error', reject);
    httpServer.listen(config.port, config.host, () => resolve());
  });
  const port = (httpServer.address() as AddressInfo).port;

  let closing: Promise<void> | null = null;
  return {
    httpServer,
    port,
    url: `http://${config.host}:${port}`,
    ctx,
    services,
    yjs,
    close() {
      closing ??= (async () => {
        clearInterval(reminders);
        clearInterval(sessionCheck);
        await yjs.close();
        await sockets.close();
        httpServer.closeAllConnections();
        await new Promise<void>((resolve) => httpServer.close(() => resolve()));
        database.close();
      })();
      return closing;
    },
  };
}

/**
 * Slides the idle window of sessions whose Yjs connections sent anything since the last check
 * (Socket.io commands slide their own), then ends every session past its time. A run of failures is
 * logged once, not at every check.
 */
function checkSessions(ctx: ServiceContext, yjs: YjsServer): () => void {
  let failing = false;
  return () => {
    try {
      for (const tokenHash of yjs.takeUsedSessions()) useSession(ctx, tokenHash);
      endExpiredSessions(ctx);
      failing = false;
    } catch (err) {
      if (!failing) ctx.config.log('checking sessions failed', { error: String(err) });
      failing = true;
    }
  };
}
