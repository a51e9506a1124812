import { describe, expect, it, vi } from 'vitest';
import type * as Y from 'yjs';
import { YJS_CLOSE, docName } from '../../shared/protocol/yjs.js';
import type { RiskDetail } from '../../shared/schemas/risk.js';
import { ApiClient, DEMO } from '../helpers/http.js';
import { awarenessFrame, rawSocket, updateFor, updateFrame } from '../helpers/raw-yjs.js';
import { useTestServer } from '../helpers/server.js';
import { openDoc, type DocClient } from '../helpers/yjs.js';

const P = '/api/partnerships/1';
const RISK = docName('risk', 6);
/** Demo people. */
const CHAIR = { id: 2, name: 'Margaret Ellison' };
const POLICE_ID = 3;

function others(watcher: DocClient): { clientId: number; user?: { personId?: number; name?: string } }[] {
  const me = watcher.provider.awareness.clientID;
  return [...watcher.provider.awareness.getStates()].filter(([id]) => id !== me).map(([clientId, s]) => ({ clientId, ...(s as object) }));
}

describe('presence is the server’s word', () => {
  const server = useTestServer();

  it('shows each person as who they signed in as, whatever name their client sends', async () => {
    const observer = await new ApiClient(server().url).login(DEMO.observer);
    const health = await new ApiClient(server().url).login(DEMO.health);
    const watcher = openDoc(health, RISK);
    const forger = openDoc(observer, RISK);
    await Promise.all([watcher.synced(), forger.synced()]);
    forger.provider.awareness.setLocalStateField('user', { name: CHAIR.name, agency: 'Independent chair', color: '#000000', personId: CHAIR.id });
    forger.provider.awareness.setLocalStateField('field', 'cause');
    await vi.waitFor(() => {
      const seen = others(watcher).find((s) => s.clientId === forger.doc.clientID);
      expect(seen?.user?.name).toBe('Claire Whitfield');
      expect(seen?.user?.personId).not.toBe(CHAIR.id);
      expect((seen as { field?: string } | undefined)?.field).toBe('cause');
    });
    expect(others(watcher).some((s) => s.user?.name === CHAIR.name)).toBe(false);
  });

  it('drops states for client ids another connection introduced, and thousands of invented ids', async () => {
    const chair = await new ApiClient(server().url).login(DEMO.chair);
    const police = await new ApiClient(server().url).login(DEMO.police);
    const health = await new ApiClient(server().url).login(DEMO.health);
    const victim = openDoc(chair, RISK);
    const watcher = openDoc(health, RISK);
    await Promise.all([victim.synced(), watcher.synced()]);
    victim.provider.awareness.setLocalStateField('field', 'cause');
    await vi.waitFor(() => expect(others(watcher).find((s) => s.clientId === victim.doc.clientID)?.user?.name).toBe(CHAIR.name));

    const attacker = await rawSocket(police, RISK);
    // Overwrite the chair's entry with a higher clock, then remove it, then flood with invented ids.
    attacker.send(awarenessFrame([{ clientId: victim.doc.clientID, clock: 10_000, state: { user: { name: 'Not the chair' } } }]));
    attacker.send(awarenessFrame([{ clientId: victim.doc.clientID, clock: 10_001, state: null }]));
    attacker.send(awarenessFrame(Array.from({ length: 5000 }, (_, i) => ({ clientId: 1_000_000 + i, clock: 1, state: { field: null } }))));
    // A later, harmless frame from the chair proves the watcher has processed everything before it.
    victim.provider.awareness.setLocalStateField('field', 'effect');
    await vi.waitFor(() => expect((others(watcher).find((s) => s.clientId === victim.doc.clientID) as { field?: string } | undefined)?.field).toBe('effect'));

    const states = others(watcher);
    expect(states.find((s) => s.clientId === victim.doc.clientID)?.user?.name).toBe(CHAIR.name);
    const invented = states.filter((s) => s.clientId >= 1_000_000 && s.clientId < 1_005_000);
    expect(invented.length).toBeLessThanOrEqual(2);
    for (const s of invented) expect(s.user?.personId).toBe(POLICE_ID);
  });
});

describe('a progress note names the person who wrote it', () => {
  const server = useTestServer();

  it('refuses a note in someone else’s name, a note dated far from now, and a change to an existing note', async () => {
    const police = await new ApiClient(server().url).login(DEMO.police);
    const before = (await police.get<RiskDetail>(`${P}/risks/6`)).body;
    const notes = (doc: Y.Doc) => (doc.getMap('mitigations').get('demo-6-1') as Y.Map<unknown>).get('notes') as Y.Array<unknown>;
    const now = Date.now();
    const attempts: ((doc: Y.Doc) => void)[] = [
      (doc) => notes(doc).push([{ id: 'n-forged', at: new Date(now).toISOString(), byId: CHAIR.id, text: 'Approved by the chair' }]),
      (doc) => notes(doc).push([{ id: 'n-old', at: new Date(now - 365 * 86_400_000).toISOString(), byId: POLICE_ID, text: 'Done last year, honest' }]),
      (doc) => notes(doc).push([{ id: 'n-future', at: new Date(now + 86_400_000).toISOString(), byId: POLICE_ID, text: 'Tomorrow' }]),
      (doc) => notes(doc).push([{ id: 'n-odd', at: 'yesterday', byId: POLICE_ID, text: 'When?' }]),
    ];
    for (const attempt of attempts) {
      const socket = await rawSocket(police, RISK);
      socket.send(updateFrame((await updateFor(server(), RISK, attempt))));
      expect(await socket.closed).toBe(YJS_CLOSE.MALFORMED);
    }
    expect((await police.get<RiskDetail>(`${P}/risks/6`)).body.mitigations).toEqual(before.mitigations);

    // Their own note, now: accepted, and the history says who wrote it.
    const writer = openDoc(police, RISK);
    await writer.synced();
    notes(writer.doc).push([{ id: 'n-mine', at: new Date().toISOString(), byId: POLICE_ID, text: 'Checked the referral backlog' }]);
    await vi.waitFor(async () => {
      const history = (await police.get<{ changes: { field: string; to: unknown; editorId: number }[] }>(`${P}/risks/6/history`)).body;
      expect(history.changes.find((c) => c.field === 'mitigation.note' && c.to === 'Checked the referral backlog')?.editorId).toBe(POLICE_ID);
    });

    // Rewriting or removing a note already there (even one's own) is refused.
    for (const attempt of [
      (doc: Y.Doc) => notes(doc).delete(notes(doc).length - 1, 1),
      (doc: Y.Doc) => {
        const list = notes(doc);
        const last = list.get(list.length - 1) as Record<string, unknown>;
        doc.transact(() => {
          list.delete(list.length - 1, 1);
          list.push([{ ...last, text: 'Rewritten later' }]);
        });
      },
    ]) {
      const socket = await rawSocket(police, RISK);
      socket.send(updateFrame((await updateFor(server(), RISK, attempt))));
      expect(await socket.closed).toBe(YJS_CLOSE.MALFORMED);
    }
  });
});
