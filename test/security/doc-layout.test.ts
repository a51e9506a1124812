import { describe, expect, it, vi } from 'vitest';
import * as Y from 'yjs';
import { readRiskDoc } from '../../shared/docs/risk-doc.js';
import { DOC_LIMITS } from '../../shared/limits.js';
import { YJS_CLOSE, docName } from '../../shared/protocol/yjs.js';
import type { RiskDetail } from '../../shared/schemas/risk.js';
import { ApiClient, DEMO } from '../helpers/http.js';
import { rawSocket, storedDoc, updateFor, updateFrame } from '../helpers/raw-yjs.js';
import { useTestServer, type TestServer } from '../helpers/server.js';

const P = '/api/partnerships/1';
/** Demo facts: police may edit risk 6 and write on the scheduled meeting 2 of the board they sit on. */
const RISK = docName('risk', 6);
const MEETING = docName('meeting', 2);

async function storedBytes(server: TestServer, name: string): Promise<number> {
  const doc = (await storedDoc(server, name));
  const n = Y.encodeStateAsUpdate(doc).byteLength;
  doc.destroy();
  return n;
}

/** Sends one update on its own connection; resolves with the close code, and proves nothing was stored. */
async function refused(server: TestServer, client: ApiClient, name: string, change: (doc: Y.Doc) => void): Promise<number> {
  const before = (await server.services.docs.load(name)).lastUpdateId;
  const socket = await rawSocket(client, name);
  socket.send(updateFrame((await updateFor(server, name, change))));
  const code = await socket.closed;
  expect((await server.services.docs.load(name)).lastUpdateId).toBe(before);
  return code;
}

describe('a doc holds exactly its layout', () => {
  const server = useTestServer();

  it('refuses embeds, formatting and named children in a text, whole, and keeps the text as it was', async () => {
    const police = await new ApiClient(server().url).login(DEMO.police);
    const before = (await police.get<RiskDetail>(`${P}/risks/6`)).body;
    const attempts: ((doc: Y.Doc) => void)[] = [
      // 900 KB in an embed: every later viewer would download it.
      (doc) => doc.getText('event').insertEmbed(0, { blob: 'x'.repeat(900_000) }),
      (doc) => doc.getText('event').insert(0, 'bold', { bold: true }),
      (doc) => doc.getText('title').format(0, 3, { href: 'https://evil.example' }),
      (doc) => doc.getText('cause').insertEmbed(0, new Y.Map()),
    ];
    for (const attempt of attempts) expect(await refused(server(), police, RISK, attempt)).toBe(YJS_CLOSE.MALFORMED);

    // Named content under a text root: made by a doc where that root is a map.
    const other = new Y.Doc();
    other.getMap('effect').set('hidden', 'x'.repeat(1000));
    const socket = await rawSocket(police, RISK);
    socket.send(updateFrame(Y.encodeStateAsUpdate(other)));
    expect(await socket.closed).toBe(YJS_CLOSE.MALFORMED);

    const after = (await police.get<RiskDetail>(`${P}/risks/6`)).body;
    expect([after.title, after.cause, after.event, after.effect]).toEqual([before.title, before.cause, before.event, before.effect]);
  });

  it('refuses unknown roots, unknown fields, nested content in fields and `__proto__`', async () => {
    const police = await new ApiClient(server().url).login(DEMO.police);
    const attempts: ((doc: Y.Doc) => void)[] = [
      (doc) => doc.getText('smuggled').insert(0, 'x'),
      (doc) => doc.getMap('fields').set('colour', 'red'),
      (doc) => doc.getMap('fields').set('__proto__', { currentLikelihood: 5, currentImpact: 5, tolerance: 25 }),
      (doc) => doc.getMap('fields').set('constructor', 1),
      (doc) => doc.getMap('fields').set('currentLikelihood', new Y.Map()),
      (doc) => doc.getMap('fields').set('currentLikelihood', { valueOf: 5 }),
      (doc) => doc.getArray('fields').insert(0, ['list content in a map']),
      (doc) => doc.getMap('mitigations').set('__proto__', new Y.Map()),
      (doc) => (doc.getMap('mitigations').get('demo-6-1') as Y.Map<unknown>).set('approvedBy', 'the chair'),
      // A note whose decoded object would have the chair's id as its prototype's byId.
      (doc) => ((doc.getMap('mitigations').get('demo-6-1') as Y.Map<unknown>).get('notes') as Y.Array<unknown>).push([JSON.parse(`{"id":"n-1","at":"${new Date().toISOString()}","text":"x","__proto__":{"byId":2}}`)]),
    ];
    for (const attempt of attempts) expect(await refused(server(), police, RISK, attempt)).toBe(YJS_CLOSE.MALFORMED);
    const detail = (await police.get<RiskDetail>(`${P}/risks/6`)).body;
    expect(detail.current.likelihood).not.toBe(5);
  });

  it('refuses a NUL character anywhere in a document, as every other input refuses it, on either engine', async () => {
    const police = await new ApiClient(server().url).login(DEMO.police);
    const before = (await police.get<RiskDetail>(`${P}/risks/6`)).body;
    const attempts: ((doc: Y.Doc) => void)[] = [
      (doc) => doc.getText('cause').insert(0, 'Hidden\u0000character'),
      (doc) => ((doc.getMap('mitigations').get('demo-6-1') as Y.Map<unknown>).get('action') as Y.Text).insert(0, '\u0000'),
      (doc) => ((doc.getMap('mitigations').get('demo-6-1') as Y.Map<unknown>).get('notes') as Y.Array<unknown>).push([{ id: 'n-nul', at: new Date().toISOString(), text: 'x\u0000' }]),
    ];
    for (const attempt of attempts) expect(await refused(server(), police, RISK, attempt)).toBe(YJS_CLOSE.MALFORMED);
    const after = (await police.get<RiskDetail>(`${P}/risks/6`)).body;
    expect(after.cause).toBe(before.cause);
    expect(JSON.stringify(after)).not.toContain('\\u0000');
  });

  it('the client’s reader refuses a forged `__proto__` field rather than showing it', () => {
    const doc = new Y.Doc();
    doc.getMap('fields').set('__proto__', { currentLikelihood: 5 });
    expect(() => readRiskDoc(doc)).toThrow(/__proto__/);
  });

  it('refuses too many mitigations and notes for agenda items the meeting does not have', async () => {
    const police = await new ApiClient(server().url).login(DEMO.police);
    const many = (doc: Y.Doc) => {
      for (let i = 0; i <= DOC_LIMITS.mitigationsPerRisk; i++) {
        const m = new Y.Map<unknown>();
        m.set('action', new Y.Text(`action ${i}`));
        doc.getMap('mitigations').set(`m-many-${i}`, m);
      }
    };
    expect(await refused(server(), police, RISK, many)).toBe(YJS_CLOSE.MALFORMED);
    // An agenda item of another meeting, and one that does not exist.
    for (const itemId of [1, 999_999]) {
      expect(await refused(server(), police, MEETING, (doc) => doc.getText(`notes:${itemId}`).insert(0, 'parked here'))).toBe(YJS_CLOSE.MALFORMED);
    }
    const audit = (await server().ctx.database.sql.get("select detail from audit_log where action = 'doc.update_refused' order by id desc limit 1")) as { detail: string };
    expect(audit.detail).toContain('not an agenda item of this meeting');
  });

  it('refuses the change that would make a risk too large, keeps what came before, and tells the writer why', async () => {
    const police = await new ApiClient(server().url).login(DEMO.police);
    const socket = await rawSocket(police, RISK);
    // Three bytes a character: ten full-length mitigations a frame, each frame under the message limit.
    const chunk = '€'.repeat(DOC_LIMITS.textMax);
    let frames = 0;
    let code: number | null = null;
    void socket.closed.then((c) => (code = c));
    while (code === null && frames < 20) {
      const n = frames;
      socket.send(
        updateFrame(
          (await updateFor(server(), RISK, (doc) => {
            for (let i = 0; i < 10; i++) {
              const m = new Y.Map<unknown>();
              m.set('action', new Y.Text(chunk));
              doc.getMap('mitigations').set(`m-big-${n}-${i}`, m);
            }
          })),
        ),
      );
      frames++;
      // Each frame is made from the stored doc, so wait until this one is stored (or refused).
      await vi.waitFor(async () => {
        if (code !== null) return;
        const stored = (await police.get<RiskDetail>(`${P}/risks/6`)).body.mitigations.filter((m) => m.key.startsWith(`m-big-${n}-`));
        expect(stored).toHaveLength(10);
      });
    }
    expect(code).toBe(YJS_CLOSE.DOC_TOO_LARGE);
    expect(frames).toBeGreaterThan(1);
    expect((await storedBytes(server(), RISK))).toBeLessThanOrEqual(DOC_LIMITS.stateBytesMax);
    // What was accepted before the refusal is all there, and the doc still reads.
    const stored = await storedDoc(server(), RISK);
    expect(() => readRiskDoc(stored)).not.toThrow();
    const audit = (await server().ctx.database.sql.get("select detail from audit_log where action = 'doc.update_refused' order by id desc limit 1")) as { detail: string };
    expect(audit.detail).toContain('too_large');
  });
});
