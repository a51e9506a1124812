import { randomBytes } from 'node:crypto';
import { connect, type Socket } from 'node:net';
import { describe, expect, it, vi } from 'vitest';
import { YJS_LIMITS, docName } from '../../shared/protocol/yjs.js';
import { TestClock } from '../helpers/clock.js';
import { ApiClient, DEMO } from '../helpers/http.js';
import { startTestServer } from '../helpers/server.js';
import { openDoc } from '../helpers/yjs.js';

/**
 * A document connection is counted against its session before the session and rights are read (so
 * parallel opens cannot all slip under the limit); a page that goes while that reading waits (a slow
 * store, a busy writer) must give its place back, or a flaky network would lock the person out.
 */
describe('document connections abandoned while they are checked', () => {
  // A page closed (its end sent) or its network reset (a connection reset, which with no listener
  // would be thrown as the process's own error): either way the server stays up and the places are given back.
  for (const how of ['closed', 'reset'] as const) {
    it(`${how} ones give back their place in the session’s limit, and the server stays up`, async () => {
      const clock = new TestClock();
      const server = await startTestServer({ clock: clock.now });
      const admin = await new ApiClient(server.url).login(DEMO.admin);
      // Two minutes on, the session's next use slides its idle window: a write, which waits its turn
      // behind the transaction held here, so each connection below is held mid-check.
      clock.advance(2 * 60_000);
      let release!: () => void;
      const held = server.ctx.database.transaction(() => new Promise<void>((resolve) => (release = resolve)));
      const name = docName('risk', 1);
      for (let i = 0; i < YJS_LIMITS.maxConnectionsPerSession; i++) {
        const reached = new Promise<Socket>((resolve) => server.httpServer.once('upgrade', (_req, socket: Socket) => resolve(socket)));
        const client = connect(server.port, '127.0.0.1');
        client.on('error', () => undefined);
        client.write(upgradeRequest(server.port, server.url, name, admin.sessionCookie!));
        const onServer = await reached;
        const gone = new Promise((resolve) => onServer.once(how === 'closed' ? 'end' : 'close', resolve));
        if (how === 'closed') client.destroy();
        else client.resetAndDestroy();
        await gone;
      }
      release();
      await held;
      // The person's page opens the document as before.
      const page = openDoc(admin, name);
      await vi.waitFor(() => expect(page.provider.synced).toBe(true), { timeout: 10_000, interval: 50 });
    });
  }
});

describe('document upgrades the WebSocket library refuses without a word', () => {
  it('a malformed upgrade (POST, no version) gives its place back: a session cannot lock itself out for good', async () => {
    const server = await startTestServer();
    const admin = await new ApiClient(server.url).login(DEMO.admin);
    const name = docName('risk', 1);
    // ws destroys these sockets without calling back (a method other than GET, a missing version): each
    // was counted in the session's limit before the rights were read, and never given back.
    const answers: string[] = [];
    for (let i = 0; i <= YJS_LIMITS.maxConnectionsPerSession; i++) {
      const client = connect(server.port, '127.0.0.1');
      client.on('error', () => undefined);
      const answered = new Promise<string>((resolve) => {
        client.once('data', (d: Buffer) => resolve(d.toString().split('\r\n')[0]!));
        client.once('close', () => resolve('closed'));
      });
      const request = upgradeRequest(server.port, server.url, name, admin.sessionCookie!).replace('GET ', 'POST ').replace('Sec-WebSocket-Version: 13\r\n', i % 2 ? '' : 'Sec-WebSocket-Version: 13\r\n');
      client.write(request);
      answers.push(await answered);
      client.destroy();
    }
    expect(new Set(answers)).toEqual(new Set(['HTTP/1.1 405 Method Not Allowed']));
    const page = openDoc(admin, name);
    await vi.waitFor(() => expect(page.provider.synced).toBe(true), { timeout: 10_000, interval: 50 });
  });
});

function upgradeRequest(port: number, origin: string, name: string, cookie: string): string {
  return [
    `GET /yjs/${name} HTTP/1.1`,
    `Host: 127.0.0.1:${port}`,
    'Upgrade: websocket',
    'Connection: Upgrade',
    `Sec-WebSocket-Key: ${randomBytes(16).toString('base64')}`,
    'Sec-WebSocket-Version: 13',
    `Cookie: ${cookie}`,
    `Origin: ${origin}`,
    '',
    '',
  ].join('\r\n');
}
