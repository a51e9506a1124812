import * as encoding from 'lib0/encoding';
import { describe, expect, it, vi } from 'vitest';
import * as Y from 'yjs';
import { YJS_CLOSE, docName } from '../../shared/protocol/yjs.js';
import type { MeetingState } from '../../shared/schemas/meeting.js';
import type { RiskDetail } from '../../shared/schemas/risk.js';
import { ApiClient, DEMO } from '../helpers/http.js';
import { rawSocket, storedDoc, updateFor, updateFrame } from '../helpers/raw-yjs.js';
import { useTestServer, type TestServer } from '../helpers/server.js';
import { openDoc } from '../helpers/yjs.js';

const P = '/api/partnerships/1';
/** Demo facts: police (3) and the council lead (6) may both edit risk 6. */
const RISK = docName('risk', 6);
const POLICE_ID = 3;
const COUNCIL_ID = 6;

async function councilEditing(server: TestServer) {
  const council = await new ApiClient(server.url).login(DEMO.council);
  const editor = openDoc(council, RISK);
  await editor.synced();
  return { council, editor };
}

async function storedCause(server: TestServer): Promise<string> {
  return (await storedDoc(server, RISK)).getText('cause').toString();
}

/** Appends `text` at the end of the doc's cause, as a person typing would. */
function typeAtEnd(doc: Y.Doc, text: string): void {
  const cause = doc.getText('cause');
  cause.insert(cause.length, text);
}

describe('nobody writes as another editor, or through another editor’s update', () => {
  const server = useTestServer();

  it('content that waits on another editor’s next keystroke is never carried in under their name', async () => {
    const { council, editor } = await councilEditing(server());
    const C = editor.doc.clientID;
    const police = await new ApiClient(server().url).login(DEMO.police);
    const mitigationKey = (await police.get<RiskDetail>(`${P}/risks/6`)).body.mitigations[0]!.key;

    // The attacker builds on the council lead's *next* character, which does not exist yet.
    const sim = (await storedDoc(server(), RISK));
    sim.clientID = C;
    typeAtEnd(sim, 'z');
    const withTheirs = Y.encodeStateVector(sim);
    sim.clientID = 987_654_321;
    sim.transact(() => {
      typeAtEnd(sim, 'q');
      const cause = sim.getText('cause');
      cause.delete(cause.length - 1, 1);
    });
    const notes = (sim.getMap('mitigations').get(mitigationKey) as Y.Map<unknown>).get('notes') as Y.Array<unknown>;
    notes.push([{ id: 'n-forged', at: new Date().toISOString(), byId: COUNCIL_ID, text: 'I, the council lead, agree this risk can be closed.' }]);
    const attacker = await rawSocket(police, RISK);
    attacker.send(updateFrame(Y.diffUpdate(Y.encodeStateAsUpdate(sim), withTheirs)));

    // The council lead types that character: only what they typed is stored, as theirs.
    typeAtEnd(editor.doc, 'z');
    await vi.waitFor(async () => expect((await storedCause(server()))).toBe(editor.doc.getText('cause').toString()));
    const history = (await council.get<{ changes: { field: string; to: unknown }[] }>(`${P}/risks/6/history`)).body;
    expect(history.changes.some((c) => c.to === 'I, the council lead, agree this risk can be closed.')).toBe(false);
    expect(JSON.stringify((await storedDoc(server(), RISK)).getMap('mitigations').toJSON())).not.toContain('n-forged');

    // When the attacker's own next update completes what they parked, it is theirs, and its forged author is refused.
    attacker.send(updateFrame((await updateFor(server(), RISK, (doc) => typeAtEnd(doc, '')))));
    attacker.send(updateFrame(Y.diffUpdate(Y.encodeStateAsUpdate(sim), Y.encodeStateVector((await storedDoc(server(), RISK))))));
    expect(await attacker.closed).toBe(YJS_CLOSE.MALFORMED);
    expect(JSON.stringify((await storedDoc(server(), RISK)).getMap('mitigations').toJSON())).not.toContain('n-forged');
  });

  it('a deletion aimed at another editor’s words before they type them does not silently remove them', async () => {
    const { editor } = await councilEditing(server());
    const C = editor.doc.clientID;
    const next = Y.getState(editor.doc.store, C);
    // A delete-only update for (C, next … next+10): items that do not exist yet.
    const e = encoding.createEncoder();
    encoding.writeVarUint(e, 0);
    encoding.writeVarUint(e, 1);
    encoding.writeVarUint(e, C);
    encoding.writeVarUint(e, 1);
    encoding.writeVarUint(e, next);
    encoding.writeVarUint(e, 11);
    const police = await new ApiClient(server().url).login(DEMO.police);
    const attacker = await rawSocket(police, RISK);
    attacker.send(updateFrame(encoding.toUint8Array(e)));
    attacker.ws.close();
    await attacker.closed;

    typeAtEnd(editor.doc, ' NOT agreed');
    await vi.waitFor(async () => expect((await storedCause(server()))).toBe(editor.doc.getText('cause').toString()));
    expect((await storedCause(server()))).toMatch(/ NOT agreed$/);
  });

  it('refuses content written with another editor’s client id, so their later edits are never dropped as duplicates', async () => {
    const { editor } = await councilEditing(server());
    typeAtEnd(editor.doc, ' (council)');
    await vi.waitFor(async () => expect((await storedCause(server()))).toMatch(/\(council\)$/));
    const police = await new ApiClient(server().url).login(DEMO.police);
    const attacker = await rawSocket(police, RISK);
    const before = (await server().services.docs.load(RISK)).lastUpdateId;
    attacker.send(
      updateFrame(
        (await updateFor(server(), RISK, (doc) => {
          doc.clientID = editor.doc.clientID;
          typeAtEnd(doc, ' FORGED');
        })),
      ),
    );
    expect(await attacker.closed).toBe(YJS_CLOSE.MALFORMED);
    expect((await server().services.docs.load(RISK)).lastUpdateId).toBe(before);
    typeAtEnd(editor.doc, ' and more');
    await vi.waitFor(async () => expect((await storedCause(server()))).toBe(editor.doc.getText('cause').toString()));
    const audit = (await server().ctx.database.sql.get("select detail from audit_log where action = 'doc.update_refused' and actor_id = ? order by id desc limit 1", [POLICE_ID])) as { detail: string };
    expect(audit.detail).toContain('another editor');
  });

  it('a page’s client id is its person’s from the moment it is announced: nobody who saw it can write with it first', async () => {
    const council = await new ApiClient(server().url).login(DEMO.council);
    const victim = openDoc(council, RISK);
    await victim.synced();
    // The page has typed nothing yet; others see its client id in awareness.
    victim.provider.awareness.setLocalStateField('field', 'cause');
    const police = await new ApiClient(server().url).login(DEMO.police);
    const watcher = openDoc(police, RISK);
    await vi.waitFor(() => expect(watcher.provider.awareness.getStates().has(victim.doc.clientID)).toBe(true));
    const attacker = await rawSocket(police, RISK);
    attacker.send(
      updateFrame(
        (await updateFor(server(), RISK, (doc) => {
          doc.clientID = victim.doc.clientID;
          typeAtEnd(doc, ' claimed first');
        })),
      ),
    );
    expect(await attacker.closed).toBe(YJS_CLOSE.MALFORMED);
    // The claim is stored: it holds after the doc is unloaded and loaded again.
    expect((await server().services.docs.writers(RISK)).get(victim.doc.clientID)).toBe(COUNCIL_ID);
    typeAtEnd(victim.doc, ' typed by the council lead');
    await vi.waitFor(async () => expect((await storedCause(server()))).toBe(victim.doc.getText('cause').toString()));
    expect(victim.closes).toEqual([]);
  });

  it('an edit that arrives before the edit it builds on (typed while the catch-up sync is on its way) is kept once that arrives', async () => {
    const police = await new ApiClient(server().url).login(DEMO.police);
    const page = (await storedDoc(server(), RISK));
    const start = Y.encodeStateVector(page);
    typeAtEnd(page, ' first');
    const afterFirst = Y.encodeStateVector(page);
    const first = Y.encodeStateAsUpdate(page, start);
    typeAtEnd(page, ' second');
    const second = Y.encodeStateAsUpdate(page, afterFirst);
    const socket = await rawSocket(police, RISK);
    socket.send(updateFrame(second));
    socket.send(updateFrame(first));
    await vi.waitFor(async () => expect((await storedCause(server()))).toMatch(/ first second$/));
    const last = (await server().ctx.database.sql.get('select editor_id as editor from doc_updates where doc_name = ? order by id desc limit 1', [RISK])) as { editor: number };
    expect(last.editor).toBe(POLICE_ID);
  });

  it('content that depends on what never arrives is not kept in memory: past a small bound the connection is closed', async () => {
    const police = await new ApiClient(server().url).login(DEMO.police);
    const attacker = await rawSocket(police, RISK);
    const orphan = (client: number, bytes: number) => {
      const d = new Y.Doc();
      d.clientID = client;
      d.getText('cause').insert(0, 'a');
      const sv = Y.encodeStateVector(d);
      d.getText('cause').insert(1, 'x'.repeat(bytes));
      return Y.encodeStateAsUpdate(d, sv);
    };
    const before = (await server().services.docs.load(RISK)).lastUpdateId;
    for (let i = 0; i < 4; i++) attacker.send(updateFrame(orphan(5_000 + i, 100_000)));
    expect(await attacker.closed).toBe(YJS_CLOSE.MALFORMED);
    expect((await server().services.docs.load(RISK)).lastUpdateId).toBe(before);
    const started = Date.now();
    expect((await police.get('/api/health')).status).toBe(200);
    expect(Date.now() - started).toBeLessThan(1000);
  });
});

describe('a decision id names one decision', () => {
  const server = useTestServer();

  it('refuses a draft decision whose id another meeting’s decision already has', async () => {
    const police = await new ApiClient(server().url).login(DEMO.police);
    const other = (await server().ctx.database.sql.get('select id from meeting_decisions where meeting_id = 1 limit 1')) as { id: string };
    const itemId = (await police.get<MeetingState>(`${P}/meetings/2`)).body.agenda[0]!.id;
    const socket = await rawSocket(police, docName('meeting', 2));
    socket.send(
      updateFrame(
        (await updateFor(server(), docName('meeting', 2), (doc) => {
          const t = new Y.Text();
          t.insert(0, 'A decision in two meetings');
          doc.getMap(`decisions:${itemId}`).set(other.id, t);
        })),
      ),
    );
    expect(await socket.closed).toBe(YJS_CLOSE.MALFORMED);
  });
});
