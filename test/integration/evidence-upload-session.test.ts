import { request } from 'node:http';
import { describe, expect, it } from 'vitest';
import { ApiClient, DEMO } from '../helpers/http.js';
import { startTestServer, type TestServer } from '../helpers/server.js';

/*
 * An upload's body may take a while to arrive: whoever sent it is checked again once it has. A
 * sign-out or a disabling meanwhile stores nothing, as a command whose body is still arriving runs nothing.
 */

const count = async (s: TestServer) => ((await s.ctx.database.sql.get('select count(*) as n from evidence_items')) as { n: number }).n;

/** Starts an upload, runs `meanwhile` once the server has taken it in, then sends the body; answers the status and error code. */
async function slowUpload(server: TestServer, client: ApiClient, meanwhile: () => Promise<void>): Promise<{ status: number; code: string | undefined }> {
  const form = new FormData();
  for (const [k, v] of Object.entries({ title: 'Sent while it ended', date: '2026-01-01', kind: 'data' })) form.append(k, v);
  form.append('file', new Blob(['Some evidence text']), 'slow.txt');
  const encoded = new Response(form);
  const body = Buffer.from(await encoded.arrayBuffer());
  const req = request(`${server.url}/api/partnerships/1/evidence`, {
    method: 'POST',
    // "Expect: 100-continue": the server answers "continue" once it has taken the request in (its session
    // read, the route begun), so what happens meanwhile happens while the body is awaited.
    headers: { cookie: client.sessionCookie!, origin: server.url, 'content-type': encoded.headers.get('content-type')!, 'content-length': body.length, expect: '100-continue' },
  });
  const going = new Promise<void>((resolve) => req.once('continue', () => resolve()));
  const answered = new Promise<{ status: number; code: string | undefined }>((resolve, reject) => {
    req.on('response', (res) => {
      let text = '';
      res.on('data', (chunk: Buffer) => (text += chunk.toString()));
      res.on('end', () => resolve({ status: res.statusCode!, code: (JSON.parse(text) as { error?: { code: string } }).error?.code }));
    });
    req.on('error', reject);
  });
  req.flushHeaders();
  await going;
  await meanwhile();
  req.end(body);
  return answered;
}

describe('an upload checks its sender again once its body has arrived', () => {
  it('signed out meanwhile: 401, nothing stored', async () => {
    const server = await startTestServer();
    const police = await new ApiClient(server.url).login(DEMO.police);
    const before = await count(server);
    const cookie = police.sessionCookie!;
    const answer = await slowUpload(server, police, async () => {
      expect((await new ApiClient(server.url).post('/api/auth/logout', {}, { cookie })).status).toBe(204);
    });
    expect(answer).toEqual({ status: 401, code: 'UNAUTHENTICATED' });
    expect(await count(server)).toBe(before);
  });

  it('disabled meanwhile: 401, nothing stored', async () => {
    const server = await startTestServer();
    const police = await new ApiClient(server.url).login(DEMO.police);
    const admin = await new ApiClient(server.url).login(DEMO.admin);
    const policeId = (await police.get<{ person: { id: number } }>('/api/auth/me')).body.person.id;
    const before = await count(server);
    const answer = await slowUpload(server, police, async () => {
      expect((await admin.patch(`/api/partnerships/1/people/${policeId}`, { disabled: true })).status).toBe(200);
    });
    expect(answer).toEqual({ status: 401, code: 'UNAUTHENTICATED' });
    expect(await count(server)).toBe(before);
  });
});
