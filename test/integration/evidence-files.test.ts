import { describe, expect, it } from 'vitest';
import { EVIDENCE_LIMITS, SOCKET_LIMITS } from '../../shared/limits.js';
import { EvidenceView, evidenceFilePath } from '../../shared/schemas/evidence.js';
import type { ErrorBody } from '../../shared/errors.js';
import { downloadEvidence, uploadEvidence } from '../helpers/evidence.js';
import { ApiClient, DEMO } from '../helpers/http.js';
import { addSecondPartnership, type SecondPartnership } from '../helpers/second-partnership.js';
import { startTestServer, useTestServer, type TestServer } from '../helpers/server.js';

/*
 * The evidence store's files (issue 12 §4): uploaded as multipart, checked by content not name, at
 * most 20 MB, stored in the database, downloaded only by the partnership's members and always as an
 * attachment; every upload and download on the record.
 */

const P = 1;
const counts = async (s: TestServer) => (await s.ctx.database.sql.get('select (select count(*) from evidence_items) as items, (select count(*) from evidence_files) as files'));
const auditOf = async (s: TestServer, action: string, entityId: number) =>
  (await s.ctx.database.sql.all('select actor_id as "actorId", detail from audit_log where action = ? and entity_id = ? order by id', [action, entityId])) as { actorId: number; detail: string }[];
const refusal = (body: unknown) => (body as ErrorBody).error;

/** A minimal PDF: the signature file-type reads, and some bytes that are not UTF-8. */
const PDF = Buffer.concat([Buffer.from('%PDF-1.4\n%'), Buffer.from([0xe2, 0xe3, 0xcf, 0xd3]), Buffer.from('\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n')]);
const ELF = Buffer.concat([Buffer.from([0x7f, 0x45, 0x4c, 0x46, 0x02, 0x01, 0x01, 0x00]), Buffer.alloc(56, 0), Buffer.from('payload')]);
const MZ = Buffer.concat([Buffer.from('MZ'), Buffer.alloc(58, 0), Buffer.from([0x80, 0, 0, 0]), Buffer.alloc(64, 0), Buffer.from('PE\0\0'), Buffer.alloc(32, 0)]);
/** An OLE compound file's 512-byte header (signature, byte order, sector sizes) and one sector. */
const OLE = (() => {
  const b = Buffer.alloc(1024, 0);
  Buffer.from('d0cf11e0a1b11ae1', 'hex').copy(b, 0);
  b.writeUInt16LE(0x003e, 24);
  b.writeUInt16LE(0x0003, 26);
  b.writeUInt16LE(0xfffe, 28);
  b.writeUInt16LE(9, 30);
  b.writeUInt16LE(6, 32);
  return b;
})();
const PNG = Buffer.from('89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c4890000000d4944415478da63f8cfc0f01f0005000201a5dd8a4e0000000049454e44ae426082', 'hex');

describe('evidence files', () => {
  const server = useTestServer();
  /** Farshire, made once for the file's server (its administrator's account belongs to it alone). */
  let second: Promise<SecondPartnership> | null = null;
  const farshireOf = () => (second ??= addSecondPartnership(server()));

  it('round trip: a member uploads, the observer downloads the same bytes, as an attachment in the detected type; both on the record', async () => {
    const police = await new ApiClient(server().url).login(DEMO.police);
    const observer = await new ApiClient(server().url).login(DEMO.observer);
    const name = 'Audit – März report.pdf';
    const up = await uploadEvidence(police, P, { name, bytes: PDF, type: 'text/html' }, { title: 'Audit of strategy meetings', kind: 'audit', recommendationIds: '4', riskIds: '1' });
    expect(up.status).toBe(201);
    const view = EvidenceView.parse(up.body);
    expect(view).toMatchObject({ title: 'Audit of strategy meetings', kind: 'audit', kindLabel: 'Audit', form: 'file', file: { name, contentType: 'application/pdf', size: PDF.length }, can: { edit: true } });
    expect(view.links.map((l) => [l.kind, l.id, l.label])).toEqual([['recommendation', 4, 'Recommendation 4'], ['risk', 1, expect.stringMatching(/^R-001 /)]]);

    const down = await downloadEvidence(observer, evidenceFilePath(P, view.id));
    expect(down.status).toBe(200);
    expect(down.bytes.equals(PDF)).toBe(true);
    expect(down.headers.get('content-type')).toBe('application/pdf');
    expect(down.headers.get('content-disposition')).toBe(`attachment; filename="Audit _ M_rz report.pdf"; filename*=UTF-8''${encodeURIComponent(name)}`);
    expect(down.headers.get('x-content-type-options')).toBe('nosniff');

    const uploads = await auditOf(server(), 'evidence.upload', view.id);
    expect(uploads).toHaveLength(1);
    expect(JSON.parse(uploads[0]!.detail)).toMatchObject({ fileName: name, contentType: 'application/pdf', size: PDF.length });
    const observerId = (await observer.get<{ person: { id: number } }>('/api/auth/me')).body.person.id;
    expect((await auditOf(server(), 'evidence.download', view.id)).map((a) => a.actorId)).toEqual([observerId]);
  });

  it('images and text are taken by their content; a CSV is text/csv', async () => {
    const health = await new ApiClient(server().url).login(DEMO.health);
    const png = await uploadEvidence(health, P, { name: 'chart.dat', bytes: PNG });
    expect([png.status, (png.body as EvidenceView).file?.contentType]).toEqual([201, 'image/png']);
    const csv = await uploadEvidence(health, P, { name: 'figures.csv', bytes: 'month,referrals\n2026-01,412\n2026-02,398\n', type: 'text/html' });
    expect([csv.status, (csv.body as EvidenceView).file?.contentType]).toEqual([201, 'text/csv; charset=utf-8']);
    const txt = await uploadEvidence(health, P, { name: 'notes', bytes: 'Plain notes, with “quotes” — and dashes.' });
    expect([txt.status, (txt.body as EvidenceView).file?.contentType]).toEqual([201, 'text/plain; charset=utf-8']);
  });

  it('a renamed executable, HTML, binary junk and an empty file are refused, naming the file, and nothing is stored', async () => {
    const police = await new ApiClient(server().url).login(DEMO.police);
    const before = await counts(server());
    const cases: [string, Uint8Array | string][] = [
      ['report.pdf', ELF],
      ['report.pdf', MZ],
      ['minutes.html', '<!DOCTYPE html><html><body><script>alert(1)</script></body></html>'],
      ['minutes.txt', 'Minutes\n<script>fetch("/api/auth/me")</script>'],
      ['drawing.svg', '<svg xmlns="http://www.w3.org/2000/svg"></svg>'],
      ['junk.docx', Buffer.from([0xff, 0xfe, 0x00, 0x01, 0x80, 0x81])],
      ['empty.txt', ''],
    ];
    for (const [name, bytes] of cases) {
      const res = await uploadEvidence(police, P, { name, bytes, type: 'application/pdf' });
      expect({ name, status: res.status, code: refusal(res.body).code, paths: (refusal(res.body).details as { path: string }[]).map((d) => d.path) }).toEqual({ name, status: 400, code: 'VALIDATION_FAILED', paths: ['file'] });
    }
    expect(await counts(server())).toEqual(before);
  });

  it('legacy Office files (.doc, .xls, .ppt: the OLE signature and the name) are taken and served in their own type; an .exe renamed .doc is not', async () => {
    const council = await new ApiClient(server().url).login(DEMO.council);
    const observer = await new ApiClient(server().url).login(DEMO.observer);
    const cases: [string, string][] = [
      ['Minutes March.doc', 'application/msword'],
      ['Referrals.XLS', 'application/vnd.ms-excel'],
      ['Board slides.ppt', 'application/vnd.ms-powerpoint'],
    ];
    for (const [name, type] of cases) {
      const up = await uploadEvidence(council, P, { name, bytes: OLE, type: 'application/octet-stream' });
      expect([name, up.status, (up.body as EvidenceView).file?.contentType]).toEqual([name, 201, type]);
      const down = await downloadEvidence(observer, evidenceFilePath(P, (up.body as EvidenceView).id));
      expect([down.status, down.headers.get('content-type'), down.headers.get('content-disposition')?.startsWith('attachment;'), down.bytes.equals(OLE)]).toEqual([200, type, true, true]);
    }
    const before = await counts(server());
    for (const [name, bytes] of [['setup.doc', MZ], ['figures.xls', ELF], ['installer.msi', OLE], ['stub.doc', OLE.subarray(0, 64)]] as const) {
      const res = await uploadEvidence(council, P, { name, bytes, type: 'application/msword' });
      expect([name, res.status, refusal(res.body).code, (refusal(res.body).details as { path: string }[])[0]?.path]).toEqual([name, 400, 'VALIDATION_FAILED', 'file']);
    }
    expect(await counts(server())).toEqual(before);
  });

  it('a file one byte over 20 MB is refused with 413 and nothing is stored; exactly 20 MB is taken', async () => {
    const health = await new ApiClient(server().url).login(DEMO.health);
    const before = await counts(server()) as { items: number; files: number };
    const over = Buffer.alloc(EVIDENCE_LIMITS.fileBytesMax + 1, 0x61);
    const res = await uploadEvidence(health, P, { name: 'big.txt', bytes: over });
    expect([res.status, refusal(res.body).code]).toEqual([413, 'PAYLOAD_TOO_LARGE']);
    expect(await counts(server())).toEqual(before);
    const exact = await uploadEvidence(health, P, { name: 'big.txt', bytes: over.subarray(0, EVIDENCE_LIMITS.fileBytesMax) });
    expect([exact.status, (exact.body as EvidenceView).file?.size]).toEqual([201, EVIDENCE_LIMITS.fileBytesMax]);
    expect(await counts(server())).toEqual({ items: before.items + 1, files: before.files + 1 });
  });

  it('the fields are checked: a link to another partnership’s record names its field; a missing file or title is refused', async () => {
    const farshire = await farshireOf();
    const police = await new ApiClient(server().url).login(DEMO.police);
    const before = await counts(server());
    const foreign = await uploadEvidence(police, P, { name: 'a.txt', bytes: 'Some text' }, { riskIds: String(farshire.riskId) });
    expect([foreign.status, refusal(foreign.body).code, refusal(foreign.body).details]).toEqual([400, 'VALIDATION_FAILED', [{ path: 'riskIds', message: 'Not a record of this partnership' }]]);
    const badId = await uploadEvidence(police, P, { name: 'a.txt', bytes: 'Some text' }, { objectiveIds: 'one' });
    expect([badId.status, (refusal(badId.body).details as { path: string }[])[0]!.path]).toEqual([400, 'objectiveIds.0']);
    const noTitle = await uploadEvidence(police, P, { name: 'a.txt', bytes: 'Some text' }, { title: '' });
    expect([noTitle.status, (refusal(noTitle.body).details as { path: string }[])[0]!.path]).toEqual([400, 'title']);
    const form = new FormData();
    for (const [k, v] of Object.entries({ title: 'No file here', date: '2026-01-01', kind: 'data' })) form.append(k, v);
    const noFile = await fetch(`${server().url}/api/partnerships/1/evidence`, { method: 'POST', headers: { cookie: police.sessionCookie!, origin: server().url }, body: form });
    expect([noFile.status, ((await noFile.json()) as ErrorBody).error.details]).toEqual([400, [{ path: 'file', message: 'Required' }]]);
    expect(await counts(server())).toEqual(before);
  });

  it('downloads: another partnership and a signed-out client are refused; the observer reads but may not upload', async () => {
    const farshire = await farshireOf();
    const health = await new ApiClient(server().url).login(DEMO.health);
    const up = await uploadEvidence(health, P, { name: 'private.txt', bytes: 'Names of children: not for Farshire' });
    const id = (up.body as EvidenceView).id;
    const outsider = await new ApiClient(server().url).login(farshire.email, farshire.password);
    for (const path of [evidenceFilePath(P, id), evidenceFilePath(farshire.partnershipId, id)]) {
      const res = await downloadEvidence(outsider, path);
      expect([path, res.status, res.bytes.toString()]).toEqual([path, 404, expect.not.stringContaining('Farshire')]);
    }
    expect((await outsider.get(`/api/partnerships/${farshire.partnershipId}/evidence`)).body).toEqual([]);
    expect((await outsider.get('/api/partnerships/1/evidence')).status).toBe(404);
    const signedOut = await downloadEvidence(new ApiClient(server().url), evidenceFilePath(P, id));
    expect(signedOut.status).toBe(401);
    expect(await auditOf(server(), 'evidence.download', id)).toEqual([]);

    const observer = await new ApiClient(server().url).login(DEMO.observer);
    expect((await downloadEvidence(observer, evidenceFilePath(P, id))).status).toBe(200);
    const before = await counts(server());
    const refused = await uploadEvidence(observer, P, { name: 'mine.txt', bytes: 'An observer’s upload' });
    expect([refused.status, refusal(refused.body).code]).toEqual([403, 'FORBIDDEN']);
    expect(await counts(server())).toEqual(before);
    // A link or a note is not a file: no download.
    const seededNote = (await observer.get<EvidenceView[]>('/api/partnerships/1/evidence?q=parents')).body[0]!;
    expect((await downloadEvidence(observer, evidenceFilePath(P, seededNote.id))).status).toBe(404);
  });

  it('another site cannot upload with a member’s cookie', async () => {
    const police = await new ApiClient(server().url).login(DEMO.police);
    const before = await counts(server());
    const form = new FormData();
    for (const [k, v] of Object.entries({ title: 'Forged upload', date: '2026-01-01', kind: 'data' })) form.append(k, v);
    form.append('file', new Blob(['forged']), 'forged.txt');
    const res = await fetch(`${server().url}/api/partnerships/1/evidence`, { method: 'POST', headers: { cookie: police.sessionCookie!, origin: 'https://evil.example' }, body: form });
    expect(res.status).toBe(403);
    expect(await counts(server())).toEqual(before);
  });
});

describe('evidence uploads draw on the account’s command budget', () => {
  it('past the burst an upload is refused RATE_LIMITED and nothing is stored; a refused file is not charged', async () => {
    // A small burst that does not refill during the test, however slow the machine.
    const server = await startTestServer({ socketLimits: { ...SOCKET_LIMITS, commandsPerSecond: 0.001, commandBurst: 2 } });
    const health = await new ApiClient(server.url).login(DEMO.health);
    // A typo (a file refused for its content) costs nothing.
    expect((await uploadEvidence(health, P, { name: 'x.pdf', bytes: ELF })).status).toBe(400);
    expect((await uploadEvidence(health, P, { name: 'one.txt', bytes: 'First' })).status).toBe(201);
    expect((await uploadEvidence(health, P, { name: 'two.txt', bytes: 'Second' })).status).toBe(201);
    const before = await counts(server);
    const third = await uploadEvidence(health, P, { name: 'three.txt', bytes: 'Third' });
    expect([third.status, refusal(third.body).code]).toEqual([429, 'RATE_LIMITED']);
    expect(await counts(server)).toEqual(before);
  });
});
