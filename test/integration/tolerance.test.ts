import { describe, expect, it, vi } from 'vitest';
import { docName } from '../../shared/protocol/yjs.js';
import type { RiskDetail, RiskHistory, RiskRow } from '../../shared/schemas/risk.js';
import { ApiClient, DEMO } from '../helpers/http.js';
import { useTestServer } from '../helpers/server.js';
import { connectSocket, send } from '../helpers/socket.js';
import { openDoc } from '../helpers/yjs.js';

const P = '/api/partnerships/1';
/** Demo facts: people 2 chair of the Improvement Board, 6 council lead chairing the Operational Group (whose parent is the Improvement Board). */
const IB_CHAIR = 2;
const OG_CHAIR = 6;

describe('tolerance has consequences', () => {
  const server = useTestServer();
  const notes = async (personId: number, kind: string, riskId: number) =>
    ((await server().ctx.database.sql.get('select count(*) as n from notifications where person_id = ? and kind = ? and link = ?', [personId, kind, `/risks/${riskId}`])) as { n: number }).n;

  it('a crossing notifies owner and chair once, flags the risk, clears on return; the chair escalates with a reason', async () => {
    const admin = await new ApiClient(server().url).login(DEMO.admin);
    // "Budget pressures": at the Operational Group, not escalated, current 3×3 = 9 with tolerance 9.
    const risk = (await admin.get<RiskRow[]>(`${P}/risks`)).body.find((r) => r.boardId !== 1 && r.escalatedToBoardId === null && r.current.score === r.tolerance && r.status === 'open')!;
    expect(risk).toBeDefined();
    expect(risk.aboveToleranceSince).toBeNull();
    const ownerId = risk.ownerId!;

    const editor = openDoc(admin, docName('risk', risk.id));
    await editor.synced();
    const fields = editor.doc.getMap('fields');
    fields.set('currentLikelihood', 4);
    await vi.waitFor(async () => expect((await admin.get<RiskDetail>(`${P}/risks/${risk.id}`)).body.aboveToleranceSince).not.toBeNull());
    // Typing on while it stays above tells nobody again.
    fields.set('currentImpact', 4);
    editor.doc.getText('cause').insert(0, 'More pressure. ');
    await vi.waitFor(async () => expect((await admin.get<RiskDetail>(`${P}/risks/${risk.id}`)).body.current.score).toBe(16));
    expect(await notes(ownerId, 'above_tolerance', risk.id)).toBe(1);
    expect(await notes(OG_CHAIR, 'above_tolerance', risk.id)).toBe(1);
    expect(await notes(IB_CHAIR, 'above_tolerance', risk.id)).toBe(0);

    // Back within: the flag clears; above again: a new crossing, told again.
    fields.set('currentLikelihood', 2);
    fields.set('currentImpact', 3);
    await vi.waitFor(async () => expect((await admin.get<RiskDetail>(`${P}/risks/${risk.id}`)).body.aboveToleranceSince).toBeNull());
    fields.set('currentImpact', 5);
    await vi.waitFor(async () => expect(await notes(ownerId, 'above_tolerance', risk.id)).toBe(2));

    // The chair is offered escalation; a member and the observer are not, and are refused.
    const council = await new ApiClient(server().url).login(DEMO.council);
    expect((await council.get<RiskDetail>(`${P}/risks/${risk.id}`)).body.offerEscalation).toBe(true);
    for (const who of [DEMO.police, DEMO.observer]) {
      const c = await new ApiClient(server().url).login(who);
      const s = await connectSocket(c);
      expect(await send(s, 'risk:escalate', { riskId: risk.id, reason: 'We think it should go up' })).toMatchObject({ ok: false });
    }
    const chairSocket = await connectSocket(council);
    expect(await send(chairSocket, 'risk:escalate', { riskId: risk.id, reason: '' })).toMatchObject({ ok: false, error: { code: 'VALIDATION_FAILED' } });
    expect(await send(chairSocket, 'risk:escalate', { riskId: risk.id, reason: 'Above tolerance for a month; needs the Board' })).toMatchObject({ ok: true, data: { escalatedToBoardId: 1 } });
    expect(await notes(IB_CHAIR, 'risk_escalated', risk.id)).toBe(1);
    expect(await send(chairSocket, 'risk:escalate', { riskId: risk.id, reason: 'Again' })).toMatchObject({ ok: false, error: { code: 'CONFLICT' } });
    const history = (await admin.get<RiskHistory>(`${P}/risks/${risk.id}/history`)).body;
    expect(history.changes).toEqual(expect.arrayContaining([expect.objectContaining({ field: 'escalationReason', to: 'Above tolerance for a month; needs the Board' })]));
    const audit = (await server().ctx.database.sql.get("select count(*) as n from audit_log where action = 'risk.escalate' and entity_id = ?", [risk.id])) as { n: number };
    expect(audit.n).toBe(1);
    expect((await council.get<RiskDetail>(`${P}/risks/${risk.id}`)).body.offerEscalation).toBe(false);
  });

  it('a board with no parent cannot escalate', async () => {
    const chair = await connectSocket(await new ApiClient(server().url).login(DEMO.chair));
    const admin = await new ApiClient(server().url).login(DEMO.admin);
    const top = (await admin.get<RiskRow[]>(`${P}/risks`)).body.find((r) => r.boardId === 1 && r.escalatedToBoardId === null)!;
    expect(await send(chair, 'risk:escalate', { riskId: top.id, reason: 'Nowhere to go' })).toMatchObject({ ok: false, error: { code: 'CONFLICT', message: 'This board has no board to escalate to.' } });
  });
});
