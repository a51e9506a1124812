import { describe, expect, it, vi } from 'vitest';
import * as Y from 'yjs';
import { newMitigation } from '../../shared/docs/risk-doc.js';
import { YJS_CLOSE, docName } from '../../shared/protocol/yjs.js';
import type { RiskDetail, RiskHistory, RiskRow } from '../../shared/schemas/risk.js';
import { ApiClient, DEMO } from '../helpers/http.js';
import { startTestServer, type TestServer } from '../helpers/server.js';
import { openDoc, upgradeStatus } from '../helpers/yjs.js';

const P = '/api/partnerships/1';

async function newRisk(server: TestServer, as: ApiClient, title = 'Key posts in the MASH are vacant'): Promise<RiskRow> {
  const me = (await as.get<{ person: { id: number }; agency: { id: number }; memberships: { boardId: number; boardName: string }[] }>('/api/auth/me')).body;
  const board = me.memberships.find((m) => m.boardName === 'Improvement Board') ?? me.memberships[0]!;
  const res = await as.post<RiskRow>(`${P}/risks`, { boardId: board.boardId, title, leadAgencyId: me.agency.id, ownerId: me.person.id });
  expect(res.status).toBe(201);
  return res.body;
}

describe('co-editing one risk', () => {
  it('converges two writers typing into the same text and fields at once; a late joiner gets everything', async () => {
    const server = await startTestServer();
    const police = await new ApiClient(server.url).login(DEMO.police);
    const chair = await new ApiClient(server.url).login(DEMO.chair);
    const risk = await newRisk(server, police);
    const name = docName('risk', risk.id);

    const a = openDoc(police, name);
    const b = openDoc(chair, name);
    await Promise.all([a.synced(), b.synced()]);
    expect(a.doc.getText('title').toString()).toBe('Key posts in the MASH are vacant');

    a.doc.getText('cause').insert(0, 'Police: two DS posts vacant. ');
    b.doc.getText('cause').insert(0, 'Chair: agency sickness high. ');
    a.doc.getMap('fields').set('currentLikelihood', 4);
    b.doc.getMap('fields').set('currentImpact', 5);

    await vi.waitFor(() => {
      expect(a.doc.getText('cause').toString()).toBe(b.doc.getText('cause').toString());
      expect(b.doc.getMap('fields').get('currentLikelihood')).toBe(4);
      expect(a.doc.getMap('fields').get('currentImpact')).toBe(5);
    });
    const cause = a.doc.getText('cause').toString();
    expect(cause).toContain('Police: two DS posts vacant. ');
    expect(cause).toContain('Chair: agency sickness high. ');

    const late = openDoc(await new ApiClient(server.url).login(DEMO.health), name);
    await late.synced();
    expect(late.doc.getText('cause').toString()).toBe(cause);
    expect(late.doc.getMap('fields').toJSON()).toMatchObject({ currentLikelihood: 4, currentImpact: 5 });

    // The projection and the audit say the same, and name who did what.
    await vi.waitFor(async () => {
      const row = (await chair.get<RiskDetail>(`${P}/risks/${risk.id}`)).body;
      expect(row.current).toEqual({ likelihood: 4, impact: 5, score: 20 });
      expect(row.cause).toBe(cause);
    });
    const history = (await chair.get<RiskHistory>(`${P}/risks/${risk.id}/history`)).body;
    const byField = (f: string) => history.changes.filter((c) => c.field === f).map((c) => [c.editorName, c.to]);
    expect(byField('currentLikelihood')).toEqual([['DCI Tom Brennan', 4]]);
    expect(byField('currentImpact')).toEqual([['Margaret Ellison', 5]]);
    expect(history.scores.filter((s) => s.kind === 'current').at(-1)).toMatchObject({ score: 20 });
  });

  it('keeps mitigations and their owners in the projection', async () => {
    const server = await startTestServer();
    const police = await new ApiClient(server.url).login(DEMO.police);
    const risk = await newRisk(server, police);
    const a = openDoc(police, docName('risk', risk.id));
    await a.synced();
    newMitigation(a.doc, 'm-1', { action: 'Recruit two detective sergeants to the MASH', ownerId: 3, agencyId: 2, dueDate: '2020-01-31' });
    await vi.waitFor(async () => {
      const detail = (await police.get<RiskDetail>(`${P}/risks/${risk.id}`)).body;
      expect(detail.mitigations).toHaveLength(1);
      expect(detail.mitigations[0]).toMatchObject({ action: 'Recruit two detective sergeants to the MASH', overdue: true, status: 'not_started' });
      expect(detail.overdueMitigationCount).toBe(1);
    });
  });
});

describe('rights on a risk document', () => {
  it('an observer receives the doc but its updates are neither applied, stored nor broadcast', async () => {
    const server = await startTestServer();
    const police = await new ApiClient(server.url).login(DEMO.police);
    const observer = await new ApiClient(server.url).login(DEMO.observer);
    const risk = await newRisk(server, police);
    const name = docName('risk', risk.id);
    const writer = openDoc(police, name);
    const watcher = openDoc(observer, name);
    await Promise.all([writer.synced(), watcher.synced()]);
    await vi.waitFor(() => expect(watcher.readOnlyReasons).toContain('read-only'));

    watcher.doc.getText('title').insert(0, 'OBSERVER WAS HERE ');
    writer.doc.getText('title').insert(0, 'Police edit: ');
    await vi.waitFor(() => expect(watcher.doc.getText('title').toString()).toContain('Police edit: '));
    expect(writer.doc.getText('title').toString()).not.toContain('OBSERVER');

    const fresh = openDoc(await new ApiClient(server.url).login(DEMO.chair), name);
    await fresh.synced();
    expect(fresh.doc.getText('title').toString()).toBe('Police edit: Key posts in the MASH are vacant');
    const stored = (await server.services.docs.load(name));
    const replay = new Y.Doc();
    for (const u of [stored.snapshot, ...stored.updates]) if (u) Y.applyUpdate(replay, u);
    expect(replay.getText('title').toString()).not.toContain('OBSERVER');
  });

  it('refuses a member of another partnership with a close code, and a signed-out upgrade with 401', async () => {
    const server = await startTestServer();
    const police = await new ApiClient(server.url).login(DEMO.police);
    const risk = await newRisk(server, police);
    const { createPartnership } = await import('../../server/features/admin/partnerships.js');
    await createPartnership(server.ctx, {
      name: 'Elsewhere',
      agency: { name: 'Elsewhere Police', kind: 'police' },
      admin: { name: 'Else Admin', email: 'else@elsewhere.test', password: 'elsewhere-pass' },
    });
    const outsider = await new ApiClient(server.url).login('else@elsewhere.test', 'elsewhere-pass');
    const refused = openDoc(outsider, docName('risk', risk.id));
    await vi.waitFor(() => expect(refused.closes.map((c) => c.code)).toContain(YJS_CLOSE.FORBIDDEN));
    expect(refused.doc.getText('title').toString()).toBe('');

    expect(await upgradeStatus(`${server.url}/yjs/${docName('risk', risk.id)}`)).toBe(401);
    expect(await upgradeStatus(`${server.url}/yjs/not-a-doc`, police.sessionCookie!)).toBe(400);
  });
});
