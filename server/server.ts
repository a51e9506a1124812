import { createServer, type Server as HttpServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { ServerConfig } from './config.js';
import { openDatabase } from './db/client.js';
import { createHttpApp } from './http/app.js';
import { createSocketServer } from './realtime/socket/index.js';
import { rejectUpgrade, routeUpgrades } from './realtime/upgrade.js';
import { createServices } from './services/index.js';
import { isEmpty, seedDemo } from './services/seed-demo.js';
import type { ServiceContext } from './services/context.js';

export interface RunningServer {
  httpServer: HttpServer;
  port: number;
  url: string;
  ctx: ServiceContext;
  /** Stops accepting, closes every connection after flushing, closes the database. */
  close(): Promise<void>;
}

export async function startServer(config: ServerConfig): Promise<RunningServer> {
  const database = openDatabase(config.dataDir);
  const ctx: ServiceContext = { database, db: database.db, clock: config.clock, config };
  const services = createServices(ctx);
  if (config.seedDemo && isEmpty(ctx)) {
    await seedDemo(ctx, config.demoPassword);
    config.log('seeded the demo partnership');
  }

  const app = createHttpApp(ctx, config, services);
  const httpServer = createServer(app);
  const { io, presence } = createSocketServer(httpServer, ctx, config, services);
  routeUpgrades(httpServer, (_req, socket) => rejectUpgrade(socket, 404, 'Not Found'));

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
    close() {
      closing ??= (async () => {
        presence.close();
        await io.close();
        httpServer.closeAllConnections();
        await new Promise<void>((resolve) => httpServer.close(() => resolve()));
        database.close();
      })();
      return closing;
    },
  };
}
