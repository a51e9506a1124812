import { connect, createServer, type Socket } from 'node:net';
import { onTestFinished } from 'vitest';

export interface Balancer {
  /** http://127.0.0.1:<port>: what people's browsers know, whichever process answers. */
  url: string;
}

/**
 * A load balancer as simple as a real one in front of two processes with health checks: each new TCP
 * connection (HTTP or WebSocket) goes to the first backend that accepts it, so while A is up its
 * connections are A's, and once A is gone (refused) they go to B. No stickiness: the processes share
 * everything through the database and Redis. Closed when the test ends.
 */
export async function startBalancer(backends: string[]): Promise<Balancer> {
  const ports = backends.map((url) => Number(new URL(url).port));
  const open = new Set<Socket>();
  const track = (socket: Socket) => {
    open.add(socket);
    socket.once('close', () => open.delete(socket));
  };
  const server = createServer((client) => {
    track(client);
    client.pause();
    client.on('error', () => client.destroy());
    const tryBackend = (index: number) => {
      if (index >= ports.length) return client.destroy();
      const upstream = connect(ports[index]!, '127.0.0.1');
      upstream.once('error', () => {
        upstream.destroy();
        if (!upstream.bytesRead && !upstream.bytesWritten) tryBackend(index + 1);
        else client.destroy();
      });
      upstream.once('connect', () => {
        track(upstream);
        upstream.on('error', () => client.destroy());
        upstream.on('close', () => client.destroy());
        client.on('close', () => upstream.destroy());
        client.pipe(upstream);
        upstream.pipe(client);
        client.resume();
      });
    };
    tryBackend(0);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  onTestFinished(async () => {
    for (const socket of open) socket.destroy();
    await new Promise((resolve) => server.close(resolve));
  });
  return { url: `http://127.0.0.1:${port}` };
}
