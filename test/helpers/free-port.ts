import { createServer } from 'node:net';

/**
 * A port nobody listens on right now on 127.0.0.1. Another process may take it before the caller binds
 * it: callers that start a server on it retry with another when that happens.
 */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => resolve(port));
    });
  });
}
