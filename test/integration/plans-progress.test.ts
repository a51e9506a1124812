import { describe, expect, it, vi } from 'vitest';
import type * as Y from 'yjs';
import { OBJECTIVE_DOC } from '../../shared/docs/objective-doc.js';
import { YJS_CLOSE, docName } from '../../shared/protocol/yjs.js';
import type { AckReply } from '../../shared/protocol/socket.js';
import type { MeetingSummary } from '../../shared/schemas/meeting.js';
import { addDays, todayIn } from '../../shared/domain/scoring.js';
import { ApiClient, DEMO } from '../helpers/http.js';
import { meetingToday } from '../helpers/meeting-time.js';
import { BOARD, PERSON, actionOf, demoObjective, objectiveOf, ok, planPage } from '../helpers/plans.js';
import { useTestServer, type TestServer } from '../helpers/server.js';
import { connectSocket, send } from '../helpers/socket.js';
import { openDoc, type DocClient } from '../helpers/yjs.js';

const inDays = (n: number) => addDays(todayIn(Date.now()), n);

/** An objective led by health, with an action whose lead officer is police and another led by `second` (schools). */
async function fixture(chair: ApiClient, second: number = PERSON.schools) {
  const plan = await ok(chair, 'plan:create', { boardId: BOARD.ib, title: `Progress plan ${Math.random().toString(36).slice(2, 8)}` });
  const theme = await ok(chair, 'theme:create', { planId: plan.id, title: 'Progress theme' });
  const objective = await ok(chair, 'objective:create', { themeId: theme.id, outcome: 'Health assessments on time for every child looked after', leadPersonId: PERSON.health });
  const policeAction = await ok(chair, 'plan-action:create', { objectiveId: objective.id, description: 'Joint visits protocol', dueDate: inDays(30), leadOfficerIds: [PERSON.police] });
  const schoolsAction = await ok(chair, 'plan-action:create', { objectiveId: objective.id, description: 'Designated teachers briefed', dueDate: inDays(30), leadOfficerIds: [second] });
  return { planId: plan.id, objectiveId: objective.id, policeActionId: policeAction.id, schoolsActionId: schoolsAction.id };
}

function acked<T>(reply: AckReply<T>): T {
  if (!reply.ok) throw new Error(`command refused: ${JSON.stringify(reply)}`);
  return reply.data;
}

/** Types into a text of an open doc and waits for the server's answer: stored (projected) or the connection closed. */
async function typeInto(d: DocClient, key: string, text: string): Promise<void> {
  await d.synced();
  d.doc.getText(key).insert(d.doc.getText(key).length, text);
}

describe('an objective’s progress, co-edited', () => {
  const server = useTestServer();

  it('the lead and a lead officer write at once; both texts converge on both pages and reach the plan, with each writer on the record', async () => {
    const s: TestServer = server();
    const chair = await new ApiClient(s.url).login(DEMO.chair);
    const f = await fixture(chair);
    const [health, police] = await Promise.all([new ApiClient(s.url).login(DEMO.health), new ApiClient(s.url).login(DEMO.police)]);
    const lead = openDoc(health, docName('objective', f.objectiveId));
    const officer = openDoc(police, docName('objective', f.objectiveId));
    await Promise.all([lead.synced(), officer.synced()]);
    lead.doc.getText(OBJECTIVE_DOC.narrative).insert(0, 'Timeliness up to 82% this month. ');
    officer.doc.getText(OBJECTIVE_DOC.action(f.policeActionId)).insert(0, 'Protocol agreed with the MASH.');
    lead.doc.getText(OBJECTIVE_DOC.narrative).insert(lead.doc.getText(OBJECTIVE_DOC.narrative).length, 'Quality audits next.');

    for (const d of [lead, officer]) {
      await vi.waitFor(() => {
        expect(d.doc.getText(OBJECTIVE_DOC.narrative).toString()).toBe('Timeliness up to 82% this month. Quality audits next.');
        expect(d.doc.getText(OBJECTIVE_DOC.action(f.policeActionId)).toString()).toBe('Protocol agreed with the MASH.');
      });
    }
    const observer = await new ApiClient(s.url).login(DEMO.observer);
    await vi.waitFor(async () => {
      const page = await planPage(observer, f.planId);
      expect(objectiveOf(page, f.objectiveId).progress).toBe('Timeliness up to 82% this month. Quality audits next.');
      expect(actionOf(page, f.policeActionId).progress).toBe('Protocol agreed with the MASH.');
    });
    const edits = (await s.ctx.database.sql.all('select field, editor_id as "editorId", to_value as "toValue" from field_changes where doc_name = ? order by id', [docName('objective', f.objectiveId)])) as { field: string; editorId: number; toValue: string }[];
    expect(edits.map((e) => [e.field, e.editorId])).toEqual(
      expect.arrayContaining([
        [OBJECTIVE_DOC.narrative, PERSON.health],
        [OBJECTIVE_DOC.action(f.policeActionId), PERSON.police],
      ]),
    );
    expect(lead.closes).toEqual([]);
    expect(officer.closes).toEqual([]);
  });

  it('a lead officer writing the narrative or another action’s progress is refused and nothing of it is kept', async () => {
    const s = server();
    const f = await fixture(await new ApiClient(s.url).login(DEMO.chair));
    const police = await new ApiClient(s.url).login(DEMO.police);
    for (const key of [OBJECTIVE_DOC.narrative, OBJECTIVE_DOC.action(f.schoolsActionId)]) {
      const d = openDoc(police, docName('objective', f.objectiveId));
      await typeInto(d, key, 'Written by someone it is not theirs to write');
      await vi.waitFor(() => expect(d.closes.map((c) => c.code)).toContain(YJS_CLOSE.MALFORMED));
      d.destroy();
    }
    const page = await planPage(police, f.planId);
    expect(objectiveOf(page, f.objectiveId).progress).toBe('');
    expect(actionOf(page, f.schoolsActionId).progress).toBe('');
    const fresh = openDoc(police, docName('objective', f.objectiveId));
    await fresh.synced();
    expect(fresh.doc.getText(OBJECTIVE_DOC.narrative).toString()).toBe('');
  });

  it('a lead officer taken off the action is made read-only at once, and their page’s next change is refused', async () => {
    const s = server();
    const chair = await new ApiClient(s.url).login(DEMO.chair);
    const f = await fixture(chair);
    const police = await new ApiClient(s.url).login(DEMO.police);
    const d = openDoc(police, docName('objective', f.objectiveId));
    await typeInto(d, OBJECTIVE_DOC.action(f.policeActionId), 'First visit done.');
    await vi.waitFor(async () => expect(actionOf(await planPage(chair, f.planId), f.policeActionId).progress).toBe('First visit done.'));
    expect(d.readOnlyReasons).toEqual([]);
    await ok(chair, 'plan-action:update', { actionId: f.policeActionId, leadOfficerIds: [PERSON.council] });
    await vi.waitFor(() => expect(d.readOnlyReasons.length).toBeGreaterThan(0));
    d.doc.getText(OBJECTIVE_DOC.action(f.policeActionId)).insert(0, 'Too late: ');
    // The chair writes after it: once the chair's text is in the plan, the refused one would be too.
    const after = openDoc(chair, docName('objective', f.objectiveId));
    await typeInto(after, OBJECTIVE_DOC.narrative, 'Lead officer changed to the council.');
    await vi.waitFor(async () => expect(objectiveOf(await planPage(chair, f.planId), f.objectiveId).progress).toBe('Lead officer changed to the council.'));
    expect(actionOf(await planPage(chair, f.planId), f.policeActionId)).toMatchObject({ progress: 'First visit done.', can: { writeProgress: true } });
    expect(actionOf(await planPage(police, f.planId), f.policeActionId).can.writeProgress).toBe(false);
  });

  it('an action of another objective, an unknown root and formatted text are refused', async () => {
    const s = server();
    const chair = await new ApiClient(s.url).login(DEMO.chair);
    const f = await fixture(chair);
    const other = await fixture(chair);
    const attempts: ((doc: Y.Doc) => void)[] = [
      (doc) => doc.getText(OBJECTIVE_DOC.action(other.policeActionId)).insert(0, 'Into another objective’s action'),
      (doc) => doc.getText('__proto__').insert(0, 'x'),
      (doc) => doc.getMap(OBJECTIVE_DOC.narrative).set('html', '<b>x</b>'),
      (doc) => doc.getText(OBJECTIVE_DOC.narrative).insert(0, 'Bold', { bold: true }),
      (doc) => doc.getText(OBJECTIVE_DOC.narrative).insert(0, 'x'.repeat(10_001)),
    ];
    for (const attempt of attempts) {
      const d = openDoc(chair, docName('objective', f.objectiveId));
      await d.synced();
      attempt(d.doc);
      await vi.waitFor(() => expect(d.closes.map((c) => c.code)).toContain(YJS_CLOSE.MALFORMED));
      d.destroy();
    }
    const page = await planPage(chair, f.planId);
    expect(objectiveOf(page, f.objectiveId).progress).toBe('');
    expect(actionOf(await planPage(chair, other.planId), other.policeActionId).progress).toBe('');
  });

  it('an observer and a member with no part read only; another partnership and an unknown objective are refused', async () => {
    const s = server();
    const f = await fixture(await new ApiClient(s.url).login(DEMO.chair));
    for (const who of [DEMO.observer, DEMO.council]) {
      const reader = openDoc(await new ApiClient(s.url).login(who), docName('objective', f.objectiveId));
      await reader.synced();
      await vi.waitFor(() => expect(reader.readOnlyReasons.length).toBeGreaterThan(0));
    }
    const health = await new ApiClient(s.url).login(DEMO.health);
    for (const name of [docName('objective', 999_999), `${docName('objective', f.objectiveId)}:response`]) {
      const d = openDoc(health, name);
      await vi.waitFor(() => expect(d.closes.map((c) => c.code)).toContain(YJS_CLOSE.FORBIDDEN));
    }
  });

  it('a live meeting of the plan’s board with the objective on its agenda lends the members present the pen, until it closes', async () => {
    const s = server();
    const chairApi = await new ApiClient(s.url).login(DEMO.chair);
    // Schools leads none of its actions: what it may write, it owes to the meeting.
    const f = await fixture(chairApi, PERSON.police);
    const chair = await connectSocket(chairApi);
    const schools = await new ApiClient(s.url).login(DEMO.schools);
    const m = acked(await send<MeetingSummary>(chair, 'meeting:create', { boardId: BOARD.ib, startsAt: meetingToday() }));
    acked(await send(chair, 'agenda:add', { meetingId: m.id, title: 'Improvement plan: health assessments', links: [{ kind: 'objective', ref: String(f.objectiveId) }] }));
    acked(await send(chair, 'meeting:start', { meetingId: m.id }));
    expect(objectiveOf(await planPage(schools, f.planId), f.objectiveId).can.writeNarrative).toBe(false);

    const d = openDoc(schools, docName('objective', f.objectiveId));
    await d.synced();
    await vi.waitFor(() => expect(d.readOnlyReasons.length).toBeGreaterThan(0));
    // Marked present: the connection is told to reconnect to edit.
    acked(await send(chair, 'attendance:set', { meetingId: m.id, personId: PERSON.schools, status: 'present' }));
    await vi.waitFor(() => expect(d.closes.map((c) => c.code)).toContain(YJS_CLOSE.ACCESS_CHANGED));
    const page = await planPage(schools, f.planId);
    expect(objectiveOf(page, f.objectiveId).can.writeNarrative).toBe(true);
    expect(actionOf(page, f.policeActionId).can.writeProgress).toBe(true);
    const live = openDoc(schools, docName('objective', f.objectiveId));
    await typeInto(live, OBJECTIVE_DOC.narrative, 'Board heard: schools will brief designated teachers this term.');
    await vi.waitFor(async () => expect(objectiveOf(await planPage(schools, f.planId), f.objectiveId).progress).toBe('Board heard: schools will brief designated teachers this term.'));

    acked(await send(chair, 'meeting:close', { meetingId: m.id }));
    await vi.waitFor(() => expect(live.readOnlyReasons.length).toBeGreaterThan(0));
    expect(objectiveOf(await planPage(schools, f.planId), f.objectiveId).can.writeNarrative).toBe(false);
  });

  it('the demo’s progress is in the objectives’ docs, as the plan shows it', async () => {
    const s = server();
    const council = await new ApiClient(s.url).login(DEMO.council);
    const plan = await planPage(council);
    const assessments = demoObjective(plan, 'Improved quality and timeliness');
    expect(assessments.progress).toMatch(/^Assessment timeliness has improved/);
    const d = openDoc(council, docName('objective', assessments.id));
    await d.synced();
    expect(d.doc.getText(OBJECTIVE_DOC.narrative).toString()).toBe(assessments.progress);
    for (const a of assessments.actions.filter((x) => x.progress)) expect(d.doc.getText(OBJECTIVE_DOC.action(a.id)).toString()).toBe(a.progress);
  });
});
