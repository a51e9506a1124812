import { describe, expect, it, vi } from 'vitest';
import type * as Y from 'yjs';
import { starterMatrix } from '../../shared/domain/matrix.js';
import type { RiskMatrix } from '../../shared/domain/scoring.js';
import { docName } from '../../shared/protocol/yjs.js';
import type { MatrixPreview, MatrixSaved } from '../../shared/schemas/matrix.js';
import type { RiskRow } from '../../shared/schemas/risk.js';
import { ApiClient, DEMO, errorCode } from '../helpers/http.js';
import { addSecondPartnership } from '../helpers/second-partnership.js';
import { useTestServer } from '../helpers/server.js';
import { connectSocket, send } from '../helpers/socket.js';
import { openDoc } from '../helpers/yjs.js';

const P = '/api/partnerships/1';
const FOUR = { ...starterMatrix(4), likelihood: ['Seldom', 'Sometimes', 'Often', 'Always'] };

function fields(doc: Y.Doc): Y.Map<unknown> {
  return doc.getMap('fields');
}

describe('the partnership’s risk matrix', () => {
  const server = useTestServer();
  const refusedUpdates = async (riskId: number) =>
    ((await server().ctx.database.sql.get("select count(*) as n from audit_log where action = 'doc.update_refused' and entity_id = ?", [riskId])) as { n: number }).n;

  it('is the admin’s alone: chair, member, observer and another partnership’s admin are refused', async () => {
    const farshire = await addSecondPartnership(server());
    const outsider = await new ApiClient(server().url).login(farshire.email, farshire.password);
    for (const who of [DEMO.chair, DEMO.police, DEMO.observer]) {
      const c = await new ApiClient(server().url).login(who);
      expect((await c.post(`${P}/risk-matrix/preview`, FOUR)).status).toBe(403);
      expect((await c.request('PUT', `${P}/risk-matrix`, FOUR)).status).toBe(403);
    }
    expect((await outsider.request('PUT', `${P}/risk-matrix`, FOUR)).status).toBe(404);
    const matrix = (await (await new ApiClient(server().url).login(DEMO.admin)).get<RiskMatrix>(`${P}/risk-matrix`)).body;
    expect(matrix.size).toBe(5);
  });

  it('refuses hostile bodies naming the field', async () => {
    const admin = await new ApiClient(server().url).login(DEMO.admin);
    const bodies = [
      JSON.stringify(FOUR).replace('{"size"', '{"__proto__":{"isAdmin":true},"size"'),
      { ...FOUR, likelihood: ['x'.repeat(5000), 'b', 'c', 'd'] },
      { ...FOUR, bands: Array.from({ length: 100 }, (_, i) => ({ label: `B${i}`, min: 1, max: 1, colour: '#ffffff', textColour: '#000000' })) },
      { ...FOUR, bands: FOUR.bands.map((b, i) => (i === 0 ? { ...b, min: -3 } : b)) },
      { ...FOUR, bands: FOUR.bands.map((b, i) => (i === 1 ? { ...b, colour: '#eeeeee', textColour: '#ffffff' } : b)) },
    ];
    for (const body of bodies) {
      const res = await admin.request<{ error: { details: { path: string }[] } }>('PUT', `${P}/risk-matrix`, body, { 'content-type': 'application/json' });
      expect(res.status).toBe(400);
      expect(res.body.error.details.length).toBeGreaterThan(0);
    }
    expect((await server().services.risks.queries.matrix(1)).size).toBe(5);
  });

  it('shrinking to 4×4 is refused while a risk holds a 5, listing them; rescored, it saves, is audited and pushed live', async () => {
    const admin = await new ApiClient(server().url).login(DEMO.admin);
    const preview = (await admin.post<MatrixPreview>(`${P}/risk-matrix/preview`, FOUR)).body;
    expect(preview.blocking.length).toBeGreaterThan(0);
    const refused = await admin.request('PUT', `${P}/risk-matrix`, FOUR);
    expect(refused.status).toBe(409);
    expect((await server().services.risks.queries.matrix(1)).size).toBe(5);

    // The admin rescores each listed risk (over Yjs, as the risk page does), then saves.
    for (const b of preview.blocking) {
      const editor = openDoc(admin, docName('risk', b.riskId));
      await editor.synced();
      const map = fields(editor.doc);
      editor.doc.transact(() => {
        for (const k of ['inherentLikelihood', 'inherentImpact', 'currentLikelihood', 'currentImpact', 'targetLikelihood', 'targetImpact']) if (map.get(k) === 5) map.set(k, 4);
        if (typeof map.get('tolerance') === 'number' && (map.get('tolerance') as number) > 16) map.set('tolerance', 16);
      });
      await vi.waitFor(async () => expect((await server().services.riskMatrix.preview(1, FOUR as never)).blocking.map((x) => x.riskId)).not.toContain(b.riskId));
      editor.destroy();
    }
    const ready = (await admin.post<MatrixPreview>(`${P}/risk-matrix/preview`, FOUR)).body;
    expect(ready.blocking).toEqual([]);
    const aboveBefore = (await admin.get<RiskRow[]>(`${P}/risks`)).body.map((r) => [r.id, r.aboveTolerance]);

    const observer = await connectSocket(await new ApiClient(server().url).login(DEMO.observer));
    const pushed = new Promise<RiskMatrix>((resolve) => observer.once('risk-matrix:changed', resolve));
    const saved = await admin.request<MatrixSaved>('PUT', `${P}/risk-matrix`, FOUR);
    expect(saved.status).toBe(200);
    expect(saved.body.changed.map((c) => c.riskId)).toEqual(ready.changed.map((c) => c.riskId));
    expect(ready.changed.length).toBeGreaterThan(0);
    expect((await pushed).likelihood).toEqual(FOUR.likelihood);
    const audit = (await server().ctx.database.sql.get("select detail from audit_log where action = 'partnership.risk_matrix' order by id desc")) as { detail: string };
    expect(JSON.parse(audit.detail).after.size).toBe(4);
    // Tolerance is a score: re-banding moves no flag.
    expect((await admin.get<RiskRow[]>(`${P}/risks`)).body.map((r) => [r.id, r.aboveTolerance])).toEqual(aboveBefore);

    // On 4×4, a 5 is refused over REST, the socket and Yjs.
    const chair = await new ApiClient(server().url).login(DEMO.chair);
    const create = { boardId: 1, title: 'A five on a four', leadAgencyId: 1, ownerId: 2, currentLikelihood: 5, currentImpact: 2 };
    const rest = await chair.post<{ error: { details: { path: string }[] } }>(`${P}/risks`, create);
    expect(errorCode(rest)).toBe('VALIDATION_FAILED');
    expect(rest.body.error.details[0]!.path).toBe('currentLikelihood');
    const socket = await connectSocket(chair);
    expect(await send(socket, 'risk:create', { ...create, currentLikelihood: 2, tolerance: 20 })).toMatchObject({ ok: false, error: { code: 'VALIDATION_FAILED' } });
    expect((await admin.get<RiskRow[]>(`${P}/risks`)).body.some((r) => r.title === 'A five on a four')).toBe(false);

    const riskId = preview.blocking[0]!.riskId;
    const before = (await server().services.docs.load(docName('risk', riskId))).lastUpdateId;
    const editor = openDoc(admin, docName('risk', riskId));
    await editor.synced();
    fields(editor.doc).set('currentImpact', 5);
    await vi.waitFor(async () => expect(await refusedUpdates(riskId)).toBeGreaterThan(0));
    expect((await server().services.docs.load(docName('risk', riskId))).lastUpdateId).toBe(before);
    editor.destroy();
  });
});
