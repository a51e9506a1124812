import { describe, expect, it, vi } from 'vitest';
import * as Y from 'yjs';
import { addDecision } from '../../shared/docs/meeting-doc.js';
import { YJS_CLOSE, docName } from '../../shared/protocol/yjs.js';
import type { AckReply } from '../../shared/protocol/socket.js';
import type { AuditEntry } from '../../shared/schemas/admin.js';
import { MEETING_DOC, type MeetingState, type MeetingSummary, type Minutes } from '../../shared/schemas/meeting.js';
import type { RiskDetail } from '../../shared/schemas/risk.js';
import { ApiClient, DEMO, errorCode } from '../helpers/http.js';
import { startTestServer } from '../helpers/server.js';
import { meetingToday } from '../helpers/meeting-time.js';
import { connectSocket, send, type BoardClient } from '../helpers/socket.js';
import { openDoc } from '../helpers/yjs.js';

const P = '/api/partnerships/1';
const IB = 1;
// R-001 sits at the Operational Group, escalated to the Improvement Board; its owner and lead agency are the council's.
const RISK = 1;
// Gareth Lloyd, the schools member of the Improvement Board.
const SCHOOLS = 5;

function ok<T>(reply: AckReply<T>): T {
  if (!reply.ok) throw new Error(`command refused: ${JSON.stringify(reply)}`);
  return reply.data;
}

async function newMeeting(chair: BoardClient, riskId: number): Promise<MeetingState> {
  const m = ok(await send<MeetingSummary>(chair, 'meeting:create', { boardId: IB, startsAt: meetingToday() }));
  return ok(await send<MeetingState>(chair, 'agenda:add', { meetingId: m.id, title: 'Escalated risk', links: [{ kind: 'risk', ref: String(riskId) }] }));
}

describe('a live meeting lends its members the right to edit the risks on its agenda', () => {
  it('grants the right when the chair starts, and withdraws it from an open connection when the meeting closes', async () => {
    const server = await startTestServer();
    const chair = await connectSocket(await new ApiClient(server.url).login(DEMO.chair));
    const schools = await new ApiClient(server.url).login(DEMO.schools);
    const state = await newMeeting(chair, RISK);
    const meetingId = state.meeting.id;

    // Before the meeting: another agency's risk is read-only to a member of the board.
    expect((await schools.get<RiskDetail>(`${P}/risks/${RISK}`)).body.access).toBe('read');
    const editor = openDoc(schools, docName('risk', RISK));
    await vi.waitFor(() => expect(editor.readOnlyReasons).toContain('read-only'));

    ok(await send(chair, 'meeting:start', { meetingId }));
    // Starting is not enough: the right is for members present (or their deputies).
    expect((await schools.get<RiskDetail>(`${P}/risks/${RISK}`)).body.access).toBe('read');
    ok(await send(chair, 'attendance:set', { meetingId, personId: SCHOOLS, status: 'present' }));
    expect((await schools.get<RiskDetail>(`${P}/risks/${RISK}`)).body.access).toBe('edit');
    // The open connection is told to reconnect, and comes back able to edit.
    await vi.waitFor(() => expect(editor.closes.map((c) => c.code)).toContain(YJS_CLOSE.ACCESS_CHANGED));
    await editor.synced();
    editor.doc.getText('effect').insert(0, 'Discussed live. ');
    await vi.waitFor(async () => expect((await schools.get<RiskDetail>(`${P}/risks/${RISK}`)).body.effect).toMatch(/^Discussed live\. /));

    // An observer of the board still only reads.
    const observer = await new ApiClient(server.url).login(DEMO.observer);
    expect((await observer.get<RiskDetail>(`${P}/risks/${RISK}`)).body.access).toBe('read');

    const readOnlyBefore = editor.readOnlyReasons.length;
    ok(await send(chair, 'meeting:close', { meetingId }));
    expect((await schools.get<RiskDetail>(`${P}/risks/${RISK}`)).body.access).toBe('read');
    await vi.waitFor(() => expect(editor.readOnlyReasons.length).toBeGreaterThan(readOnlyBefore));
    editor.doc.getText('effect').insert(0, 'After the meeting. ');
    // A second, fresh reader sees the stored text: the write after closing was dropped.
    const reader = openDoc(await new ApiClient(server.url).login(DEMO.council), docName('risk', RISK));
    await reader.synced();
    await vi.waitFor(async () => {
      const effect = (await schools.get<RiskDetail>(`${P}/risks/${RISK}`)).body.effect;
      expect(effect).toMatch(/^Discussed live\. /);
      expect(reader.doc.getText('effect').toString()).toBe(effect);
    });
    expect(reader.doc.getText('effect').toString()).not.toContain('After the meeting');
  });

  it('does not lend the right for a risk that is not on the agenda', async () => {
    const server = await startTestServer();
    const chair = await connectSocket(await new ApiClient(server.url).login(DEMO.chair));
    const state = await newMeeting(chair, RISK);
    ok(await send(chair, 'meeting:start', { meetingId: state.meeting.id }));
    const schools = await new ApiClient(server.url).login(DEMO.schools);
    // R-003 is the council's too, and not on this agenda.
    expect((await schools.get<RiskDetail>(`${P}/risks/3`)).body.access).toBe('read');
  });
});

describe('signing off freezes the minutes against every channel', () => {
  it('records who signed and when, and refuses and audits REST, Socket.io and Yjs writes after', async () => {
    const server = await startTestServer();
    const chairClient = await new ApiClient(server.url).login(DEMO.chair);
    const chair = await connectSocket(chairClient);
    const police = await new ApiClient(server.url).login(DEMO.police);
    const policeSocket = await connectSocket(police);
    const state = await newMeeting(chair, RISK);
    const meetingId = state.meeting.id;
    const itemId = state.agenda[0]!.id;
    ok(await send(chair, 'meeting:start', { meetingId }));

    // A member types the item's notes and a decision into the meeting doc; the server projects them.
    const notes = openDoc(police, docName('meeting', meetingId));
    await notes.synced();
    notes.doc.getText(MEETING_DOC.notes(itemId)).insert(0, 'The Board pressed the council on the ICS plan.');
    addDecision(notes.doc, itemId, 'd-test-1', 'The risk stays on the Board register.');
    await vi.waitFor(async () => {
      const now = (await police.get<MeetingState>(`${P}/meetings/${meetingId}`)).body;
      expect(now.agenda[0]!.notes).toBe('The Board pressed the council on the ICS plan.');
      expect(now.decisions).toMatchObject([{ id: 'd-test-1', itemId, text: 'The risk stays on the Board register.', byName: 'DCI Tom Brennan' }]);
    });
    ok(await send(policeSocket, 'action:create', { meetingId, itemId, description: 'Bring the ICS plan to the next Board', ownerId: 6, dueDate: '2027-01-15' }));
    ok(await send(chair, 'meeting:close', { meetingId }));
    // Minutes stay editable after closing, until they are signed off.
    notes.doc.getText(MEETING_DOC.notes(itemId)).insert(0, 'Minuted: ');
    await vi.waitFor(async () => expect((await police.get<MeetingState>(`${P}/meetings/${meetingId}`)).body.agenda[0]!.notes).toMatch(/^Minuted: /));

    expect(await send(policeSocket, 'meeting:sign-off', { meetingId })).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    const signed = ok(await send<MeetingState>(chair, 'meeting:sign-off', { meetingId }));
    expect(signed.meeting).toMatchObject({ status: 'signed_off', signedOffByName: 'Margaret Ellison' });
    const minutes = (await police.get<Minutes>(`${P}/meetings/${meetingId}/minutes`)).body;
    expect(minutes.signedOff).toMatchObject({ byName: 'Margaret Ellison' });
    expect(Date.parse(minutes.signedOff!.at)).not.toBeNaN();
    expect(minutes.items[0]).toMatchObject({
      notes: 'Minuted: The Board pressed the council on the ICS plan.',
      decisions: [{ text: 'The risk stays on the Board register.' }],
      actions: [{ description: 'Bring the ICS plan to the next Board', ownerName: 'Sarah Okafor' }],
    });

    // Yjs: the open connection is made read-only, its later typing never stored; a new one reads only.
    await vi.waitFor(() => expect(notes.readOnlyReasons.length).toBeGreaterThan(0));
    notes.doc.getText(MEETING_DOC.notes(itemId)).insert(0, 'TAMPERED ');
    const later = openDoc(chairClient, docName('meeting', meetingId));
    await vi.waitFor(() => expect(later.readOnlyReasons).toContain('read-only'));
    later.doc.getText(MEETING_DOC.summary).insert(0, 'Chair rewrites history');

    // Socket.io: chair and member commands are refused.
    expect(await send(chair, 'agenda:add', { meetingId, title: 'Late item' })).toMatchObject({ ok: false, error: { code: 'CONFLICT' } });
    expect(await send(chair, 'attendance:set', { meetingId, personId: 3, status: 'present' })).toMatchObject({ ok: false, error: { code: 'CONFLICT' } });
    expect(await send(policeSocket, 'action:create', { meetingId, itemId, description: 'Late action', ownerId: 3, dueDate: '2027-02-01' })).toMatchObject({ ok: false, error: { code: 'CONFLICT' } });
    // REST: the same.
    const patch = await chairClient.patch(`${P}/meetings/${meetingId}`, { location: 'Elsewhere' });
    expect([patch.status, errorCode(patch)]).toEqual([409, 'CONFLICT']);
    const post = await police.post(`${P}/meetings/${meetingId}/actions`, { description: 'Late REST action', ownerId: 3, dueDate: '2027-02-01' });
    expect([post.status, errorCode(post)]).toEqual([409, 'CONFLICT']);

    // Nothing changed: a fresh reader of the doc and the minutes still show the signed version.
    const reader = openDoc(await new ApiClient(server.url).login(DEMO.health), docName('meeting', meetingId));
    await vi.waitFor(() => expect(reader.doc.getText(MEETING_DOC.notes(itemId)).toString()).toBe('Minuted: The Board pressed the council on the ICS plan.'));
    expect(reader.doc.getText(MEETING_DOC.summary).toString()).toBe('');
    const again = (await police.get<Minutes>(`${P}/meetings/${meetingId}/minutes`)).body;
    expect(again).toEqual(minutes);
    expect((await police.get<MeetingState>(`${P}/meetings/${meetingId}`)).body.actions).toHaveLength(1);

    const admin = await new ApiClient(server.url).login(DEMO.admin);
    const refused = (await admin.get<AuditEntry[]>(`${P}/audit?entityType=meeting`)).body.filter((e) => e.entityId === meetingId && e.action === 'meeting.edit_refused');
    expect(refused.map((e) => e.actorName).sort()).toEqual(['DCI Tom Brennan', 'DCI Tom Brennan', 'Margaret Ellison', 'Margaret Ellison', 'Margaret Ellison']);
    // And the Yjs writes after sign-off are on the record too, with who tried.
    await vi.waitFor(async () => {
      const yjsRefused = (await admin.get<AuditEntry[]>(`${P}/audit?entityType=meeting`)).body.filter((e) => e.entityId === meetingId && e.action === 'doc.write_refused');
      expect(yjsRefused.map((e) => e.actorName).sort()).toEqual(['DCI Tom Brennan', 'Margaret Ellison']);
    });
    const signOff = (await admin.get<AuditEntry[]>(`${P}/audit?entityType=meeting`)).body.find((e) => e.entityId === meetingId && e.action === 'meeting.sign_off');
    expect(signOff).toMatchObject({ actorName: 'Margaret Ellison' });
  });

  it('refuses a meeting doc update that breaks its layout', async () => {
    const server = await startTestServer();
    const chair = await connectSocket(await new ApiClient(server.url).login(DEMO.chair));
    const state = await newMeeting(chair, RISK);
    const police = await new ApiClient(server.url).login(DEMO.police);
    const doc = new Y.Doc();
    const client = openDoc(police, docName('meeting', state.meeting.id), { doc });
    await client.synced();
    doc.getMap('not-a-part').set('x', 1);
    await vi.waitFor(() => expect(client.closes.map((c) => c.code)).toContain(YJS_CLOSE.MALFORMED));
  });
});
