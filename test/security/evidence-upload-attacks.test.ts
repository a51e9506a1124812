import { describe, expect, it, vi } from 'vitest';
import type { ErrorBody } from '../../shared/errors.js';
import { EVIDENCE_LIMITS } from '../../shared/limits.js';
import type { Me } from '../../shared/schemas/auth.js';
import { heldUpload, uploadEvidence } from '../helpers/evidence.js';
import { ApiClient, DEMO } from '../helpers/http.js';
import { startTestServer, useTestServer } from '../helpers/server.js';

/*
 * Attacks on the upload caps (server/http/upload-gate.ts): a slot must never leak (refused,
 * failed or cut-short uploads), and one person must not hold more than their share, whichever of their
 * partnerships' person rows they upload as.
 */

const NORTHBROOK = 1;
const FILE = (n: number) => ({ name: `held-${n}.txt`, bytes: Buffer.alloc(512 * 1024, 0x61 + (n % 26)) });
const codeOf = (a: { status: number; body: unknown }) => [a.status, (a.body as ErrorBody).error?.code];

describe('upload caps under attack', () => {
  const server = useTestServer();
  const sign = (email: string) => new ApiClient(server().url).login(email);
  const inFlight = () => server().services.evidence.uploads.inFlight;

  it('refused uploads of every kind free their slot: the person still holds their full share afterwards', async () => {
    const health = await sign(DEMO.health);
    const url = `${server().url}/api/partnerships/${NORTHBROOK}/evidence`;
    for (let round = 0; round < EVIDENCE_LIMITS.uploadsPerPersonMax + 1; round++) {
      // Bad fields, no file, two files, not multipart at all.
      expect(codeOf(await uploadEvidence(health, NORTHBROOK, { name: 'x.txt', bytes: 'x' }, { date: 'not a date' }))).toEqual([400, 'VALIDATION_FAILED']);
      const noFile = new FormData();
      noFile.append('title', 'No file');
      expect((await fetch(url, { method: 'POST', headers: { origin: server().url, cookie: health.sessionCookie! }, body: noFile })).status).toBe(400);
      const twoFiles = new FormData();
      for (const [k, v] of Object.entries({ title: 'Two files', date: '2026-01-15', kind: 'document' })) twoFiles.append(k, v);
      twoFiles.append('file', new Blob(['one']), 'one.txt');
      twoFiles.append('file', new Blob(['two']), 'two.txt');
      expect((await fetch(url, { method: 'POST', headers: { origin: server().url, cookie: health.sessionCookie! }, body: twoFiles })).status).toBe(400);
      const json = await fetch(url, { method: 'POST', headers: { origin: server().url, cookie: health.sessionCookie!, 'content-type': 'application/json' }, body: '{}' });
      expect(json.status).toBe(400);
    }
    expect(inFlight()).toBe(0);
    const held = Array.from({ length: EVIDENCE_LIMITS.uploadsPerPersonMax }, (_, i) => heldUpload(health, NORTHBROOK, FILE(i)));
    await vi.waitFor(() => expect(inFlight()).toBe(EVIDENCE_LIMITS.uploadsPerPersonMax));
    expect((await Promise.all(held.map((h) => h.finish()))).map((a) => a.status)).toEqual(Array(EVIDENCE_LIMITS.uploadsPerPersonMax).fill(201));
    expect(inFlight()).toBe(0);
  });

  it('a body that ends inside its file part is refused as unreadable, frees its slot, and throws nothing out of the server', async () => {
    const health = await sign(DEMO.health);
    const thrown: unknown[] = [];
    const monitor = (err: unknown) => thrown.push(err);
    process.on('uncaughtExceptionMonitor', monitor);
    try {
      for (let round = 0; round < EVIDENCE_LIMITS.uploadsPerPersonMax + 1; round++) {
        const body = '--zzz\r\nContent-Disposition: form-data; name="title"\r\n\r\nCut\r\n--zzz\r\nContent-Disposition: form-data; name="file"; filename="a.txt"\r\n\r\nthe form ends here, without its closing boundary';
        const res = await fetch(`${server().url}/api/partnerships/${NORTHBROOK}/evidence`, { method: 'POST', headers: { origin: server().url, cookie: health.sessionCookie!, 'content-type': 'multipart/form-data; boundary=zzz' }, body });
        expect([res.status, ((await res.json()) as ErrorBody).error.code]).toEqual([400, 'BAD_REQUEST']);
      }
      expect(inFlight()).toBe(0);
      expect((await uploadEvidence(health, NORTHBROOK, { name: 'after.txt', bytes: 'After the cut bodies' })).status).toBe(201);
    } finally {
      process.off('uncaughtExceptionMonitor', monitor);
    }
    expect(thrown.map(String)).toEqual([]);
  });

  it('aborted uploads, cut short at once and one after another, leave no slot taken', async () => {
    const health = await sign(DEMO.health);
    for (let round = 0; round < 3; round++) {
      const held = Array.from({ length: EVIDENCE_LIMITS.uploadsPerPersonMax }, (_, i) => heldUpload(health, NORTHBROOK, FILE(i)));
      await vi.waitFor(() => expect(inFlight()).toBe(EVIDENCE_LIMITS.uploadsPerPersonMax));
      for (const h of held) h.abort();
      await vi.waitFor(() => expect(inFlight()).toBe(0));
    }
    expect((await uploadEvidence(health, NORTHBROOK, { name: 'after.txt', bytes: 'After the aborts' })).status).toBe(201);
  });

  it('one account holds its share once, not once per partnership it works in', async () => {
    // The demo chair has a person row in Northbrook and another in Eastbridge (server/features/demo/neighbour.ts).
    const inNorthbrook = await sign(DEMO.chair);
    const me = (await inNorthbrook.get<Me>('/api/auth/me')).body;
    const east = me.partnerships.find((p) => p.id !== NORTHBROOK)!;
    const inEastbridge = await sign(DEMO.chair);
    expect((await inEastbridge.post('/api/auth/partnership', { partnershipId: east.id })).status).toBe(200);

    const held = Array.from({ length: EVIDENCE_LIMITS.uploadsPerPersonMax }, (_, i) => heldUpload(inNorthbrook, NORTHBROOK, FILE(i)));
    await vi.waitFor(() => expect(inFlight()).toBe(EVIDENCE_LIMITS.uploadsPerPersonMax));
    const more = await uploadEvidence(inEastbridge, east.id, { name: 'east.txt', bytes: 'A third upload, as the Eastbridge row' });
    // Held uploads left open would keep the server from closing should the assertion fail.
    if (more.status !== 429) for (const h of held) h.abort();
    expect(codeOf(more)).toEqual([429, 'RATE_LIMITED']);
    expect((await Promise.all(held.map((h) => h.finish()))).map((a) => a.status)).toEqual(Array(EVIDENCE_LIMITS.uploadsPerPersonMax).fill(201));
    expect(inFlight()).toBe(0);
  });

  it('an upload that stops arriving is cut after the idle limit: its slots come back without the sender doing anything', async () => {
    // The idle limit shortened, so a test need not wait the real one out.
    const s = await startTestServer({ uploadIdleMs: 300 });
    const health = await new ApiClient(s.url).login(DEMO.health);
    const stalled = Array.from({ length: EVIDENCE_LIMITS.uploadsPerPersonMax }, (_, i) => heldUpload(health, NORTHBROOK, FILE(i)));
    await vi.waitFor(() => expect(s.services.evidence.uploads.inFlight).toBe(EVIDENCE_LIMITS.uploadsPerPersonMax));
    // Nothing more is sent: the server lets go of both, and the person uploads again.
    await vi.waitFor(() => expect(s.services.evidence.uploads.inFlight).toBe(0), { timeout: 5_000 });
    expect((await uploadEvidence(health, NORTHBROOK, { name: 'after.txt', bytes: 'After the stall' })).status).toBe(201);
    for (const h of stalled) h.abort();
  });
});
