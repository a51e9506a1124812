import { describe, expect, it } from 'vitest';
import type { PackChangesView, PackVersionView } from '../../shared/schemas/packs.js';
import type { RiskRow } from '../../shared/schemas/risk.js';
import type { NotificationView } from '../../shared/schemas/challenge.js';
import { ApiClient, DEMO } from '../helpers/http.js';
import { meetingInDays } from '../helpers/meeting-time.js';
import { getFile, readPdf } from '../helpers/pdf.js';
import { BOARD, P, ok, refusal, run } from '../helpers/plans.js';
import { addSecondPartnership } from '../helpers/second-partnership.js';
import { useTestServer } from '../helpers/server.js';
import { openDoc } from '../helpers/yjs.js';

describe('publishing the board pack', () => {
  const server = useTestServer();

  it('the chair publishes; members are told; the published PDF stays as it was while the register moves, and the meeting sees what moved', async () => {
    const council = await new ApiClient(server().url).login(DEMO.council);
    const police = await new ApiClient(server().url).login(DEMO.police);
    const meeting = await ok(council, 'meeting:create', { boardId: BOARD.og, title: 'Operational Group, pack test', startsAt: meetingInDays(14) });
    await ok(council, 'agenda:add', { meetingId: meeting.id, title: 'Risk register' });
    expect((await council.get<PackChangesView>(`${P}/meetings/${meeting.id}/pack-changes`)).body).toMatchObject({ published: null, changes: [] });

    // Only whoever runs the meeting publishes.
    expect(refusal(await run(police, 'pack:publish', { meetingId: meeting.id })).status).toBe(403);
    const v1 = await ok(council, 'pack:publish', { meetingId: meeting.id });
    expect(v1).toMatchObject({ meetingId: meeting.id, version: 1, publishedByName: 'Sarah Okafor' });
    expect((await police.get<{ items: NotificationView[] }>('/api/notifications')).body.items[0]).toMatchObject({ kind: 'pack_published', link: `/meetings/${meeting.id}` });
    const first = await getFile(police, `${P}/meetings/${meeting.id}/packs/1/pack.pdf`);
    expect(first.status).toBe(200);

    // The register moves after publication: a risk's title and score change through its doc.
    const risk = (await council.get<RiskRow[]>(`${P}/risks?boardId=${BOARD.og}`)).body.find((r) => r.boardId === BOARD.og && r.status === 'open' && r.escalatedToBoardId === null)!;
    const doc = openDoc(council, `risk:${risk.id}`);
    await doc.synced();
    const likelihood = risk.current.likelihood === 5 ? 4 : 5;
    doc.doc.transact(() => doc.doc.getMap('fields').set('currentLikelihood', likelihood));
    await expect.poll(async () => (await council.get<RiskRow[]>(`${P}/risks?boardId=${BOARD.og}`)).body.find((r) => r.id === risk.id)!.current.likelihood).toBe(likelihood);

    const changes = (await police.get<PackChangesView>(`${P}/meetings/${meeting.id}/pack-changes`)).body;
    expect(changes.published).toMatchObject({ version: 1 });
    expect(changes.changes).toContainEqual(expect.objectContaining({ area: 'register', record: `${risk.reference} ${risk.title}`, what: 'Current score', was: String(risk.current.score) }));
    // The published PDF is the one members received: byte for byte the same after the change.
    const again = await getFile(police, `${P}/meetings/${meeting.id}/packs/1/pack.pdf`);
    expect(Buffer.compare(again.bytes, first.bytes)).toBe(0);
    const text = (await readPdf(again.bytes)).pages.map((p) => p.text).join(' ');
    expect(text).toContain('OFFICIAL');

    // A second publication is version 2; version 1 stays.
    const v2 = await ok(council, 'pack:publish', { meetingId: meeting.id });
    expect(v2.version).toBe(2);
    expect((await police.get<PackVersionView[]>(`${P}/meetings/${meeting.id}/packs`)).body.map((p) => p.version)).toEqual([2, 1]);
    expect((await police.get<PackChangesView>(`${P}/meetings/${meeting.id}/pack-changes`)).body.changes.filter((c) => c.record.startsWith(risk.reference))).toEqual([]);
  });

  it('refused to those who may not read the meeting, other partnerships and unknown versions', async () => {
    const observer = await new ApiClient(server().url).login(DEMO.observer);
    const council = await new ApiClient(server().url).login(DEMO.council);
    const meeting = await ok(council, 'meeting:create', { boardId: BOARD.og, title: 'OG, refusals', startsAt: meetingInDays(15) });
    await ok(council, 'pack:publish', { meetingId: meeting.id });
    // The observer sits on the Improvement Board only: an Operational Group meeting is not theirs.
    expect((await observer.get(`${P}/meetings/${meeting.id}/packs`)).status).toBe(404);
    expect((await getFile(observer, `${P}/meetings/${meeting.id}/packs/1/pack.pdf`)).status).toBe(404);
    expect((await observer.get(`${P}/meetings/${meeting.id}/pack-changes`)).status).toBe(404);
    expect(refusal(await run(observer, 'pack:publish', { meetingId: meeting.id })).status).toBe(404);
    expect((await getFile(council, `${P}/meetings/${meeting.id}/packs/9/pack.pdf`)).status).toBe(404);
    expect((await council.get(`${P}/meetings/${meeting.id}/packs/0/pack.pdf`)).status).toBe(400);
    const far = await addSecondPartnership(server());
    const farshire = await new ApiClient(server().url).login(far.email, far.password);
    expect((await getFile(farshire, `${P}/meetings/${meeting.id}/packs/1/pack.pdf`)).status).toBe(404);
    expect((await getFile(farshire, `/api/partnerships/${far.partnershipId}/meetings/${meeting.id}/packs/1/pack.pdf`)).status).toBe(404);
    expect(refusal(await run(farshire, 'pack:publish', { meetingId: meeting.id })).status).toBe(404);
  });
});
