import { describe, expect, it, vi } from 'vitest';
import type { ErrorBody } from '../../shared/errors.js';
import { EVIDENCE_LIMITS } from '../../shared/limits.js';
import type { EvidenceView } from '../../shared/schemas/evidence.js';
import { heldUpload, uploadEvidence, type HeldUpload, type UploadAnswer } from '../helpers/evidence.js';
import { ApiClient, DEMO } from '../helpers/http.js';
import { useTestServer, type TestServer } from '../helpers/server.js';

/*
 * Uploads are held in memory while their bodies arrive, so how many are read at once is capped: per
 * person (EVIDENCE_LIMITS.uploadsPerPersonMax, then 429) and per process (uploadsPerProcessMax, then
 * 503), refused before the body is read and with nothing stored. Real uploads, held open mid-body.
 */

const P = 1;
const stored = async (s: TestServer) => (await s.ctx.database.sql.get('select (select count(*) from evidence_items) as items, (select count(*) from evidence_files) as files'));
const refusal = (a: UploadAnswer) => [a.status, (a.body as ErrorBody).error?.code, typeof (a.body as ErrorBody).error?.message];
/** A 1 MB text file: the first 64 KB are sent and the rest held back. */
const FILE = (n: number) => ({ name: `held-${n}.txt`, bytes: Buffer.alloc(1024 * 1024, 0x61 + (n % 26)) });

describe('uploads read at once', () => {
  const server = useTestServer();
  const sign = (email: string) => new ApiClient(server().url).login(email);
  const inFlight = () => server().services.evidence.uploads.inFlight;

  it(`one person has at most ${EVIDENCE_LIMITS.uploadsPerPersonMax} in flight: the next is 429 and nothing of it is stored; others upload meanwhile; a finished upload frees its slot`, async () => {
    expect(EVIDENCE_LIMITS.uploadsPerPersonMax).toBe(2);
    const [health, police] = [await sign(DEMO.health), await sign(DEMO.police)];
    const held = [heldUpload(health, P, FILE(1)), heldUpload(health, P, FILE(2))];
    await vi.waitFor(() => expect(inFlight()).toBe(2));
    const before = await stored(server());

    const third = await uploadEvidence(health, P, { name: 'third.txt', bytes: 'A third, while two are arriving' });
    expect(refusal(third)).toEqual([429, 'RATE_LIMITED', 'string']);
    expect(await stored(server())).toEqual(before);
    // Someone else is not held up by health's uploads.
    expect((await uploadEvidence(police, P, { name: 'police.txt', bytes: 'Police figures' })).status).toBe(201);

    const answers = await Promise.all(held.map((h) => h.finish()));
    expect(answers.map((a) => [a.status, (a.body as EvidenceView).file?.size])).toEqual([
      [201, 1024 * 1024],
      [201, 1024 * 1024],
    ]);
    expect(inFlight()).toBe(0);
    expect((await uploadEvidence(health, P, { name: 'later.txt', bytes: 'Once the two are in' })).status).toBe(201);
  });

  it(`the process reads at most ${EVIDENCE_LIMITS.uploadsPerProcessMax} at once: the next is 503 SERVER_BUSY with Retry-After, nothing stored; all taken once they finish`, async () => {
    expect(EVIDENCE_LIMITS.uploadsPerProcessMax).toBe(8);
    const uploaders = await Promise.all([DEMO.health, DEMO.police, DEMO.council, DEMO.schools].map(sign));
    const held: HeldUpload[] = uploaders.flatMap((who, i) => [heldUpload(who, P, FILE(2 * i)), heldUpload(who, P, FILE(2 * i + 1))]);
    await vi.waitFor(() => expect(inFlight()).toBe(8));
    const before = await stored(server());

    const chair = await sign(DEMO.chair);
    const form = new FormData();
    for (const [k, v] of Object.entries({ title: 'One too many', date: '2026-01-15', kind: 'document' })) form.append(k, v);
    form.append('file', new Blob(['The ninth upload']), 'ninth.txt');
    const res = await fetch(`${server().url}/api/partnerships/${P}/evidence`, { method: 'POST', headers: { origin: server().url, cookie: chair.sessionCookie ?? '' }, body: form });
    expect([res.status, res.headers.get('retry-after')]).toEqual([503, '1']);
    expect(((await res.json()) as ErrorBody).error).toMatchObject({ code: 'SERVER_BUSY', message: expect.stringContaining('try again') });
    expect(await stored(server())).toEqual(before);

    const answers = await Promise.all(held.map((h) => h.finish()));
    expect(answers.map((a) => a.status)).toEqual(Array(8).fill(201));
    expect(inFlight()).toBe(0);
    expect((await uploadEvidence(chair, P, { name: 'ninth.txt', bytes: 'Now there is room' })).status).toBe(201);
  });

  it('an upload cut short mid-body frees its slot and stores nothing', async () => {
    const health = await sign(DEMO.health);
    const before = await stored(server());
    const held = heldUpload(health, P, FILE(9));
    await vi.waitFor(() => expect(inFlight()).toBe(1));
    held.abort();
    await vi.waitFor(() => expect(inFlight()).toBe(0));
    expect(await stored(server())).toEqual(before);
  });
});
