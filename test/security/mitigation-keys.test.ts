import { describe, expect, it, vi } from 'vitest';
import * as Y from 'yjs';
import { mitigationRowId } from '../../shared/docs/risk-doc.js';
import { YJS_CLOSE, docName } from '../../shared/protocol/yjs.js';
import type { RiskDetail } from '../../shared/schemas/risk.js';
import { ApiClient, DEMO } from '../helpers/http.js';
import { rawSocket, updateFor, updateFrame } from '../helpers/raw-yjs.js';
import { addSecondPartnership } from '../helpers/second-partnership.js';
import { useTestServer } from '../helpers/server.js';
import { openDoc } from '../helpers/yjs.js';

const P = '/api/partnerships/1';
/** Demo facts: police (person 3, agency 2) may edit risk 6; risk 3 is read-only to them, its mitigation owned by the council. */
const POLICE_ID = 3;
const POLICE_AGENCY = 2;
const EDITABLE = 6;
const VICTIM = 3;
const VICTIM_KEY = 'demo-3-1';

function hijack(key: string, ownerId: number, agencyId: number) {
  return (doc: Y.Doc) => {
    const m = new Y.Map<unknown>();
    const action = new Y.Text();
    action.insert(0, 'HIJACKED');
    m.set('action', action);
    m.set('ownerId', ownerId);
    m.set('agencyId', agencyId);
    m.set('status', 'complete');
    doc.getMap('mitigations').set(key, m);
  };
}

describe('a mitigation key never reaches another record', () => {
  const server = useTestServer();

  it('writing another risk’s mitigation key into a risk you may edit makes your own mitigation and leaves theirs alone', async () => {
    const police = await new ApiClient(server().url).login(DEMO.police);
    const victimBefore = (await police.get<RiskDetail>(`${P}/risks/${VICTIM}`)).body;
    expect(victimBefore.access).toBe('read');
    const theirs = victimBefore.mitigations.find((m) => m.key === VICTIM_KEY)!;
    expect(theirs.id).toBe(mitigationRowId(VICTIM, VICTIM_KEY));

    const socket = await rawSocket(police, docName('risk', EDITABLE));
    socket.send(updateFrame((await updateFor(server(), docName('risk', EDITABLE), hijack(VICTIM_KEY, POLICE_ID, POLICE_AGENCY)))));
    // The update is the attacker's own risk's business: it is stored there, under that risk.
    await vi.waitFor(async () => {
      const mine = (await police.get<RiskDetail>(`${P}/risks/${EDITABLE}`)).body.mitigations;
      expect(mine.find((m) => m.key === VICTIM_KEY)?.id).toBe(mitigationRowId(EDITABLE, VICTIM_KEY));
    });
    const victimAfter = (await police.get<RiskDetail>(`${P}/risks/${VICTIM}`)).body;
    expect(victimAfter.mitigations).toEqual(victimBefore.mitigations);
    // Owning "a mitigation with that key" grants nothing on the other risk.
    expect(victimAfter.access).toBe('read');
    const onVictim = openDoc(police, docName('risk', VICTIM));
    await vi.waitFor(() => expect(onVictim.readOnlyReasons).toContain('read-only'));

    // Removing the key from the attacker's own risk removes only the attacker's row.
    socket.send(updateFrame((await updateFor(server(), docName('risk', EDITABLE), (doc) => doc.getMap('mitigations').delete(VICTIM_KEY)))));
    await vi.waitFor(async () => {
      const mine = (await police.get<RiskDetail>(`${P}/risks/${EDITABLE}`)).body.mitigations;
      expect(mine.some((m) => m.key === VICTIM_KEY)).toBe(false);
    });
    expect((await police.get<RiskDetail>(`${P}/risks/${VICTIM}`)).body.mitigations).toEqual(victimBefore.mitigations);
  });

  it('a key from another partnership’s risk reaches nothing there, and its people cannot be named as owners', async () => {
    const farshire = await addSecondPartnership(server());
    const theirAdmin = await new ApiClient(server().url).login(farshire.email, farshire.password);
    const theirDoc = openDoc(theirAdmin, docName('risk', farshire.riskId));
    await theirDoc.synced();
    const key = 'm-farshire-secret';
    hijack(key, farshire.personId, farshire.agencyId)(theirDoc.doc);
    await vi.waitFor(async () => expect((await theirAdmin.get<RiskDetail>(`/api/partnerships/${farshire.partnershipId}/risks/${farshire.riskId}`)).body.mitigations).toHaveLength(1));
    const theirsBefore = (await theirAdmin.get<RiskDetail>(`/api/partnerships/${farshire.partnershipId}/risks/${farshire.riskId}`)).body.mitigations;

    const police = await new ApiClient(server().url).login(DEMO.police);
    const ok = await rawSocket(police, docName('risk', EDITABLE));
    ok.send(updateFrame((await updateFor(server(), docName('risk', EDITABLE), hijack(key, POLICE_ID, POLICE_AGENCY)))));
    await vi.waitFor(async () => expect((await police.get<RiskDetail>(`${P}/risks/${EDITABLE}`)).body.mitigations.some((m) => m.key === key)).toBe(true));
    expect((await theirAdmin.get<RiskDetail>(`/api/partnerships/${farshire.partnershipId}/risks/${farshire.riskId}`)).body.mitigations).toEqual(theirsBefore);

    // Their person and agency as the owner of a mitigation here: refused whole, nothing stored, on the record.
    const before = (await police.get<RiskDetail>(`${P}/risks/${EDITABLE}`)).body.mitigations;
    for (const [ownerId, agencyId] of [
      [farshire.personId, POLICE_AGENCY],
      [POLICE_ID, farshire.agencyId],
    ] as const) {
      const bad = await rawSocket(police, docName('risk', EDITABLE));
      bad.send(updateFrame((await updateFor(server(), docName('risk', EDITABLE), hijack('m-foreign-owner', ownerId, agencyId)))));
      expect(await bad.closed).toBe(YJS_CLOSE.MALFORMED);
    }
    const after = (await police.get<RiskDetail>(`${P}/risks/${EDITABLE}`)).body;
    expect(after.mitigations).toEqual(before);
    expect(JSON.stringify(after)).not.toContain(farshire.names[0]);
    const audit = (await server().ctx.database.sql.get("select count(*) as n from audit_log where action = 'doc.update_refused' and actor_id = ?", [POLICE_ID])) as { n: number };
    expect(audit.n).toBeGreaterThanOrEqual(2);
  });
});
