import { describe, expect, it, vi } from 'vitest';
import { docName } from '../../shared/protocol/yjs.js';
import type { RiskDetail } from '../../shared/schemas/risk.js';
import { ApiClient, DEMO } from '../helpers/http.js';
import { storedDoc } from '../helpers/raw-yjs.js';
import { useTestServer } from '../helpers/server.js';
import { connectSocket, send } from '../helpers/socket.js';
import { openDoc } from '../helpers/yjs.js';

const P = '/api/partnerships/1';
/** Demo facts: risk 6 sits at the Operational Group, whose chair is the council lead; police may edit it. */
const RISK_ID = 6;

describe('a closed risk is read-only until it is reopened', () => {
  const server = useTestServer();

  it('closing demotes open editors at once and refuses their writes; reopening lets them edit again', async () => {
    const police = await new ApiClient(server().url).login(DEMO.police);
    const chair = await connectSocket(await new ApiClient(server().url).login(DEMO.council));
    const editor = openDoc(police, docName('risk', RISK_ID));
    await editor.synced();

    expect(await send(chair, 'risk:close', { riskId: RISK_ID, reason: 'Mitigated and agreed at the board' })).toMatchObject({ ok: true });
    await vi.waitFor(() => expect(editor.readOnlyReasons).toContain('read-only'));
    expect((await police.get<RiskDetail>(`${P}/risks/${RISK_ID}`)).body.access).toBe('read');
    const before = (await server().services.docs.load(docName('risk', RISK_ID))).lastUpdateId;
    editor.doc.getText('effect').insert(0, 'After closing: ');
    // The write is refused and audited, never stored.
    await vi.waitFor(async () => {
      const n = (await server().ctx.database.sql.get("select count(*) as n from audit_log where action = 'doc.write_refused' and entity_id = ?", [RISK_ID])) as { n: number };
      expect(n.n).toBeGreaterThan(0);
    });
    expect((await server().services.docs.load(docName('risk', RISK_ID))).lastUpdateId).toBe(before);
    // The page that typed while the risk was closed is gone; its refused text must not come back later.
    editor.destroy();

    expect(await send(chair, 'risk:reopen', { riskId: RISK_ID, reason: 'New concerns from the MASH' })).toMatchObject({ ok: true });
    expect((await police.get<RiskDetail>(`${P}/risks/${RISK_ID}`)).body.access).toBe('edit');
    const again = openDoc(police, docName('risk', RISK_ID));
    await again.synced();
    again.doc.getText('effect').insert(0, 'Reopened: ');
    await vi.waitFor(async () => expect((await storedDoc(server(), docName('risk', RISK_ID))).getText('effect').toString()).toMatch(/^Reopened: /));
  });
});
