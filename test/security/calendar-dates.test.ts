import { describe, expect, it } from 'vitest';
import type * as Y from 'yjs';
import { addDays, todayIn } from '../../shared/domain/scoring.js';
import { YJS_CLOSE, docName } from '../../shared/protocol/yjs.js';
import { ApiClient, DEMO } from '../helpers/http.js';
import { rawSocket, updateFor, updateFrame } from '../helpers/raw-yjs.js';
import { useTestServer } from '../helpers/server.js';
import { connectSocket, send } from '../helpers/socket.js';

/** Demo facts: police may edit risk 6; the council lead sits on the Operational Group (board 2). */
const RISK = docName('risk', 6);
const OG = 2;
const ICB = 3;

describe('dates are real calendar dates on every channel', () => {
  const server = useTestServer();

  it('refuses 31 February as a mitigation’s due date or a risk’s next review, over Yjs', async () => {
    const police = await new ApiClient(server().url).login(DEMO.police);
    for (const change of [
      (doc: Y.Doc) => (doc.getMap('mitigations').get('demo-6-1') as Y.Map<unknown>).set('dueDate', '2026-02-31'),
      (doc: Y.Doc) => doc.getMap('fields').set('nextReviewDate', '2027-02-29'),
    ]) {
      const before = (await server().services.docs.load(RISK)).lastUpdateId;
      const socket = await rawSocket(police, RISK);
      socket.send(updateFrame((await updateFor(server(), RISK, change))));
      expect(await socket.closed).toBe(YJS_CLOSE.MALFORMED);
      expect((await server().services.docs.load(RISK)).lastUpdateId).toBe(before);
    }
  });

  it('refuses an impossible due date for a challenge, naming the field', async () => {
    const council = await connectSocket(await new ApiClient(server().url).login(DEMO.council));
    const year = Number(addDays(todayIn(Date.now()), 400).slice(0, 4));
    const reply = await send(council, 'challenge:raise', { boardId: OG, title: 'Impossible date', directedAgencyId: ICB, dueDate: `${year}-04-31` });
    expect(reply).toMatchObject({ ok: false, error: { code: 'VALIDATION_FAILED', details: [expect.objectContaining({ path: 'dueDate' })] } });
  });
});
