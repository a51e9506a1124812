import type { IncomingMessage, Server as HttpServer } from 'node:http';
import type { Duplex } from 'node:stream';
import { YJS_PATH_PREFIX } from '../../shared/protocol/yjs.js';

export type UpgradeHandler = (req: IncomingMessage, socket: Duplex, head: Buffer) => void;

/**
 * One port, three channels: /yjs/... goes to the Yjs server, /socket.io/ is left to Socket.io's own
 * listener, and any other upgrade is refused rather than left hanging.
 */
export function routeUpgrades(httpServer: HttpServer, yjs: UpgradeHandler): void {
  httpServer.on('upgrade', (req, socket, head) => {
    const path = (req.url ?? '').split('?')[0]!;
    if (path.startsWith(YJS_PATH_PREFIX)) {
      yjs(req, socket, head);
      return;
    }
    if (path.startsWith('/socket.io/')) return;
    rejectUpgrade(socket, 404, 'Not Found');
  });
}

export function rejectUpgrade(socket: Duplex, status: number, reason: string, body = ''): void {
  if (!socket.writable) {
    socket.destroy();
    return;
  }
  socket.end(
    `HTTP/1.1 ${status} ${reason}\r\nConnection: close\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`,
  );
}
