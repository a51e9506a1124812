/**
 * Child-process entry: the reference y-websocket server, @y/websocket-server 0.1.1's own
 * setupWSConnection behind a plain http server, with the same /yjs/<docName> paths as ours.
 * No auth, no read-only, no persistence (YPERSISTENCE is unset).
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebSocketServer } from 'ws';
import { setupWSConnection } from '@y/websocket-server/utils';

const wss = new WebSocketServer({ noServer: true });
const server = createServer((_req, res) => {
  res.writeHead(200, { 'content-type': 'text/plain' });
  res.end('okay');
});
server.on('upgrade', (req, socket, head) => {
  const path = (req.url ?? '').split('?')[0] ?? '';
  if (!path.startsWith('/yjs/')) {
    socket.destroy();
    return;
  }
  wss.handleUpgrade(req, socket, head, (ws) => setupWSConnection(ws, req, { docName: decodeURIComponent(path.slice(5)) }));
});
server.listen(Number(process.env.PORT ?? 0), process.env.HOST ?? '127.0.0.1', () => {
  const { address, port } = server.address() as AddressInfo;
  console.log(`listening on http://${address}:${port}`);
});
process.on('SIGTERM', () => process.exit(0));
