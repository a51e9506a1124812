import { describe, expect, it, vi } from 'vitest';
import type * as Y from 'yjs';
import { OBJECTIVE_DOC } from '../../shared/docs/objective-doc.js';
import { addDays, todayIn } from '../../shared/domain/scoring.js';
import { YJS_CLOSE, docName } from '../../shared/protocol/yjs.js';
import { ApiClient, DEMO } from '../helpers/http.js';
import { meetingToday } from '../helpers/meeting-time.js';
import { BOARD, PERSON, actionOf, objectiveOf, ok, planPage } from '../helpers/plans.js';
import { rawSocket, updateFor, updateFrame } from '../helpers/raw-yjs.js';
import { useTestServer, type TestServer } from '../helpers/server.js';

/*
 * Hostile writes to an objective's co-edited progress (`objective:<id>`, server/features/plans/doc.ts):
 * a lead officer of one action tries, with hand-made update bytes, to reach another action's text or
 * the narrative in ways a per-text check could miss. Each is refused whole (nothing of it kept, not
 * even the part that was theirs), the plan shows none of it, and the record names only true writers.
 */

const inDays = (n: number) => addDays(todayIn(Date.now()), n);

async function fixture(chair: ApiClient) {
  const plan = await ok(chair, 'plan:create', { boardId: BOARD.ib, title: `Attack plan ${Math.random().toString(36).slice(2, 8)}` });
  const theme = await ok(chair, 'theme:create', { planId: plan.id, title: 'Attack theme' });
  const objective = await ok(chair, 'objective:create', { themeId: theme.id, outcome: 'Every child seen within ten days', leadPersonId: PERSON.health });
  const policeAction = await ok(chair, 'plan-action:create', { objectiveId: objective.id, description: 'Police action', dueDate: inDays(30), leadOfficerIds: [PERSON.police] });
  const schoolsAction = await ok(chair, 'plan-action:create', { objectiveId: objective.id, description: 'Schools action', dueDate: inDays(30), leadOfficerIds: [PERSON.schools] });
  return { planId: plan.id, objectiveId: objective.id, police: policeAction.id, schools: schoolsAction.id };
}

/** Sends hand-made bytes as `client` on a fresh raw socket, and answers the close code (or 'open' once the write is stored). */
async function write(s: TestServer, client: ApiClient, name: string, change: (doc: Y.Doc) => void): Promise<number> {
  const socket = await rawSocket(client, name);
  const before = (await s.ctx.database.sql.get('select count(*) as n from doc_updates where doc_name = ?', [name])) as { n: number };
  socket.send(updateFrame((await updateFor(s, name, change))));
  return Promise.race([
    socket.closed,
    vi
      .waitFor(async () => {
        const now = (await s.ctx.database.sql.get('select count(*) as n from doc_updates where doc_name = ?', [name])) as { n: number };
        if (now.n <= before.n) throw new Error('not stored yet');
      })
      .then(() => 0),
  ]);
}

describe('objective doc under attack', () => {
  const server = useTestServer();

  it('a lead officer’s hand-made updates reaching beyond their own action are refused whole; the plan and the record show only true writers', async () => {
    const s = server();
    const chair = await new ApiClient(s.url).login(DEMO.chair);
    const f = await fixture(chair);
    const other = await fixture(chair);
    const name = docName('objective', f.objectiveId);
    expect(
      await write(s, chair, name, (doc) => {
        doc.getText(OBJECTIVE_DOC.narrative).insert(0, 'Chair narrative');
        doc.getText(OBJECTIVE_DOC.action(f.schools)).insert(0, 'Schools text');
      }),
    ).toBe(0);

    const police = await new ApiClient(s.url).login(DEMO.police);
    const own = OBJECTIVE_DOC.action(f.police);
    const attempts: [string, (doc: Y.Doc) => void][] = [
      ['own text and another action’s in one update', (doc) => doc.transact(() => {
        doc.getText(own).insert(0, 'Mine');
        doc.getText(OBJECTIVE_DOC.action(f.schools)).insert(0, 'Not mine ');
      })],
      ['own text and the narrative deleted in one update', (doc) => doc.transact(() => {
        doc.getText(own).insert(0, 'Mine');
        doc.getText(OBJECTIVE_DOC.narrative).delete(0, 5);
      })],
      ['another action’s text deleted', (doc) => doc.getText(OBJECTIVE_DOC.action(f.schools)).delete(0, 'Schools text'.length)],
      ['the narrative replaced', (doc) => doc.transact(() => {
        doc.getText(OBJECTIVE_DOC.narrative).delete(0, 'Chair narrative'.length);
        doc.getText(OBJECTIVE_DOC.narrative).insert(0, 'Police narrative');
      })],
      ['own action’s root made a list', (doc) => doc.getArray(own).insert(0, ['Mine, as a list'])],
      ['own action’s root made a map', (doc) => doc.getMap(own).set('progress', 'Mine, as a map')],
      ['another objective’s action, beside own text', (doc) => doc.transact(() => {
        doc.getText(own).insert(0, 'Mine');
        doc.getText(OBJECTIVE_DOC.action(other.police)).insert(0, 'Into another objective');
      })],
      ['an action id no one has', (doc) => doc.getText(OBJECTIVE_DOC.action(9_999_999_999)).insert(0, 'Nobody’s')],
      ['an action id with a leading zero', (doc) => doc.getText(`action:0${f.police}`).insert(0, 'Mine, by another name')],
      ['own action id with a part', (doc) => doc.getText(`${own}:x`).insert(0, 'Mine, by another name')],
      ['a thousand roots of actions no one has', (doc) => doc.transact(() => {
        for (let i = 1; i <= 1000; i++) doc.getText(OBJECTIVE_DOC.action(8_000_000_000 + i)).insert(0, 'x');
      })],
    ];
    for (const [what, attempt] of attempts) expect({ what, close: await write(s, police, name, attempt) }).toEqual({ what, close: YJS_CLOSE.MALFORMED });

    const page = await planPage(chair, f.planId);
    expect([objectiveOf(page, f.objectiveId).progress, actionOf(page, f.schools).progress, actionOf(page, f.police).progress]).toEqual(['Chair narrative', 'Schools text', '']);
    expect(actionOf(await planPage(chair, other.planId), other.police).progress).toBe('');

    // Their own text alone is theirs, and the record says so.
    expect(await write(s, police, name, (doc) => doc.getText(own).insert(0, 'Visits agreed'))).toBe(0);
    await vi.waitFor(async () => expect(actionOf(await planPage(chair, f.planId), f.police).progress).toBe('Visits agreed'));
    const edits = (await s.ctx.database.sql.all('select field, editor_id as "editorId" from field_changes where doc_name = ? order by id', [name])) as { field: string; editorId: number }[];
    expect(edits).toEqual([
      { field: OBJECTIVE_DOC.narrative, editorId: PERSON.chair },
      { field: OBJECTIVE_DOC.action(f.schools), editorId: PERSON.chair },
      { field: own, editorId: PERSON.police },
    ]);
  });

  it('a text written and wiped in one update changes nothing and is recorded as no one’s edit', async () => {
    const s = server();
    const f = await fixture(await new ApiClient(s.url).login(DEMO.chair));
    const name = docName('objective', f.objectiveId);
    const police = await new ApiClient(s.url).login(DEMO.police);
    const close = await write(s, police, name, (doc) => doc.transact(() => {
      doc.getText(OBJECTIVE_DOC.narrative).insert(0, 'Gone at once');
      doc.getText(OBJECTIVE_DOC.narrative).delete(0, 'Gone at once'.length);
    }));
    // Stored or refused, it must not reach the plan nor name the police as the narrative's editor.
    expect([0, YJS_CLOSE.MALFORMED]).toContain(close);
    expect(objectiveOf(await planPage(police, f.planId), f.objectiveId).progress).toBe('');
    expect((await s.ctx.database.sql.get('select count(*) as n from field_changes where doc_name = ?', [name]))).toEqual({ n: 0 });
  });

  it('a write sent just after the meeting that lent the pen closes is refused and kept nowhere', async () => {
    const s = server();
    const chairApi = await new ApiClient(s.url).login(DEMO.chair);
    const f = await fixture(chairApi);
    const name = docName('objective', f.objectiveId);
    const m = await ok(chairApi, 'meeting:create', { boardId: BOARD.ib, startsAt: meetingToday() });
    await ok(chairApi, 'agenda:add', { meetingId: m.id, title: 'Plan objective', links: [{ kind: 'objective', ref: String(f.objectiveId) }] });
    await ok(chairApi, 'meeting:start', { meetingId: m.id });
    await ok(chairApi, 'attendance:set', { meetingId: m.id, personId: PERSON.council, status: 'present' });
    const council = await new ApiClient(s.url).login(DEMO.council);
    expect(objectiveOf(await planPage(council, f.planId), f.objectiveId).can.writeNarrative).toBe(true);
    const socket = await rawSocket(council, name);
    await ok(chairApi, 'meeting:close', { meetingId: m.id });
    socket.send(updateFrame((await updateFor(s, name, (doc) => doc.getText(OBJECTIVE_DOC.narrative).insert(0, 'After the meeting closed')))));
    // The chair writes after it: once the chair's text is stored, the council's would have been.
    const chairText = (doc: Y.Doc) => doc.getText(OBJECTIVE_DOC.action(f.schools)).insert(0, 'Chair, after the meeting');
    expect(await write(s, chairApi, name, chairText)).toBe(0);
    await vi.waitFor(async () => expect(actionOf(await planPage(chairApi, f.planId), f.schools).progress).toBe('Chair, after the meeting'));
    expect(objectiveOf(await planPage(chairApi, f.planId), f.objectiveId).progress).toBe('');
    expect((await s.ctx.database.sql.all('select editor_id as "editorId" from doc_updates where doc_name = ?', [name]))).toEqual([{ editorId: PERSON.chair }]);
  });
});
