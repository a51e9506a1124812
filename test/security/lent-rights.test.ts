import { describe, expect, it, vi } from 'vitest';
import { docName } from '../../shared/protocol/yjs.js';
import type { AckReply } from '../../shared/protocol/socket.js';
import type { AuditEntry } from '../../shared/schemas/admin.js';
import type { ChallengeDetail } from '../../shared/schemas/challenge.js';
import type { MeetingState, MeetingSummary } from '../../shared/schemas/meeting.js';
import type { RiskDetail } from '../../shared/schemas/risk.js';
import { ApiClient, DEMO } from '../helpers/http.js';
import { startTestServer, type TestServer } from '../helpers/server.js';
import { meetingToday } from '../helpers/meeting-time.js';
import { connectSocket, send, type BoardClient } from '../helpers/socket.js';
import { openDoc } from '../helpers/yjs.js';

/*
 * Issue 9, item 10: the chair of a board could put any risk of the partnership on their own board's
 * agenda, start the meeting, mark themselves present and so lend themselves the right to edit it. A
 * live meeting lends rights only on what its board already holds as a board: its own register, what
 * is escalated to it, and its challenges. Linking anything else for discussion stays allowed, read-only.
 */

const P = '/api/partnerships/1';
const IB = 1;
const CHAIR = 2;
const SCHOOLS = 5;
// Demo risks (server/features/risks/seed.ts): R-001 sits at the Operational Group, escalated to the
// Improvement Board; R-005 is on the Improvement Board's own register; R-006 sits at the Operational
// Group, not escalated; R-007 at the Safeguarding Children Board. None is the chair's or the schools'.
const ESCALATED_HERE = 1;
const OWN_REGISTER = 5;
const OTHER_BOARD = 6;
const OTHER_BOARD_TOO = 7;
// Demo challenges: C-001 at the Improvement Board, C-002 at the Safeguarding Children Board, C-007 raised
// at the Operational Group and escalated to the Improvement Board.
const OWN_CHALLENGE = 1;
const OTHER_CHALLENGE = 2;
const ESCALATED_CHALLENGE = 7;

function ok<T>(reply: AckReply<T>): T {
  if (!reply.ok) throw new Error(`command refused: ${JSON.stringify(reply)}`);
  return reply.data;
}

/** The chair's Improvement Board meeting, live, linking every record above, with chair and schools present. */
async function liveMeeting(server: TestServer, chair: BoardClient): Promise<number> {
  const m = ok(await send<MeetingSummary>(chair, 'meeting:create', { boardId: IB, startsAt: meetingToday() }));
  const links = [
    ...[ESCALATED_HERE, OWN_REGISTER, OTHER_BOARD, OTHER_BOARD_TOO].map((id) => ({ kind: 'risk', ref: String(id) })),
    ...[OWN_CHALLENGE, OTHER_CHALLENGE, ESCALATED_CHALLENGE].map((id) => ({ kind: 'challenge', ref: String(id) })),
  ];
  // Linking a record of another board for discussion is allowed: it is the edit right that is not lent.
  ok(await send<MeetingState>(chair, 'agenda:add', { meetingId: m.id, title: 'Risks and challenges for discussion', links }));
  ok(await send(chair, 'meeting:start', { meetingId: m.id }));
  ok(await send(chair, 'attendance:set', { meetingId: m.id, personId: CHAIR, status: 'present' }));
  ok(await send(chair, 'attendance:set', { meetingId: m.id, personId: SCHOOLS, status: 'present' }));
  expect((await server.services.meetings.queries.row(m.id))?.status).toBe('in_progress');
  return m.id;
}

const riskAccess = async (client: ApiClient, riskId: number) => (await client.get<RiskDetail>(`${P}/risks/${riskId}`)).body.access;
const questionAccess = async (client: ApiClient, challengeId: number) => (await client.get<ChallengeDetail>(`${P}/challenges/${challengeId}`)).body.access.question;

describe('a live meeting lends edit rights only on what its board already holds', () => {
  it('the chair cannot lend themselves a risk of another board by putting it on their agenda', async () => {
    const server = await startTestServer();
    const chairClient = await new ApiClient(server.url).login(DEMO.chair);
    const chair = await connectSocket(chairClient);
    expect(await riskAccess(chairClient, OTHER_BOARD)).toBe('read');
    const before = (await chairClient.get<RiskDetail>(`${P}/risks/${OTHER_BOARD}`)).body;

    await liveMeeting(server, chair);

    // Over REST the chair still only reads it, and a Yjs connection opened now is read-only.
    expect(await riskAccess(chairClient, OTHER_BOARD)).toBe('read');
    const editor = openDoc(chairClient, docName('risk', OTHER_BOARD));
    await vi.waitFor(() => expect(editor.readOnlyReasons).toContain('read-only'));
    await editor.synced();
    editor.doc.getText('effect').insert(0, 'The chair rewrote this. ');

    // The write reaches the server and is refused, on the record with who tried.
    const admin = await new ApiClient(server.url).login(DEMO.admin);
    await vi.waitFor(async () => {
      const refused = (await admin.get<AuditEntry[]>(`${P}/audit?entityType=risk`)).body.filter((e) => e.action === 'doc.write_refused' && e.entityId === OTHER_BOARD);
      expect(refused.map((e) => e.actorName)).toEqual(['Margaret Ellison']);
    });
    const after = (await chairClient.get<RiskDetail>(`${P}/risks/${OTHER_BOARD}`)).body;
    expect(after.effect).toBe(before.effect);
    expect(after.updatedAt).toBe(before.updatedAt);
    // A fresh reader gets the stored text, without the chair's words.
    const reader = openDoc(await new ApiClient(server.url).login(DEMO.police), docName('risk', OTHER_BOARD));
    await reader.synced();
    expect(reader.doc.getText('effect').toString()).toBe(before.effect);

    // Nor a challenge of another board: C-002 is the Safeguarding Children Board's, where she is a member.
    expect(await questionAccess(chairClient, OTHER_CHALLENGE)).toBe('read');
  });

  it('members present still edit the board’s own risks and those escalated to it, and no others', async () => {
    const server = await startTestServer();
    const chair = await connectSocket(await new ApiClient(server.url).login(DEMO.chair));
    const schools = await new ApiClient(server.url).login(DEMO.schools);
    for (const id of [OWN_REGISTER, ESCALATED_HERE, OTHER_BOARD, OTHER_BOARD_TOO]) expect([id, await riskAccess(schools, id)]).toEqual([id, 'read']);
    for (const id of [OWN_CHALLENGE, OTHER_CHALLENGE, ESCALATED_CHALLENGE]) expect([id, await questionAccess(schools, id)]).toEqual([id, 'read']);

    const meetingId = await liveMeeting(server, chair);

    expect(await riskAccess(schools, OWN_REGISTER)).toBe('edit');
    expect(await riskAccess(schools, ESCALATED_HERE)).toBe('edit');
    expect(await questionAccess(schools, OWN_CHALLENGE)).toBe('edit');
    expect(await questionAccess(schools, ESCALATED_CHALLENGE)).toBe('edit');
    // R-007 and C-002 are the Safeguarding Children Board's, where schools sits too: the Improvement
    // Board's meeting does not lend them. R-006 is the Operational Group's, not escalated.
    expect(await riskAccess(schools, OTHER_BOARD)).toBe('read');
    expect(await riskAccess(schools, OTHER_BOARD_TOO)).toBe('read');
    expect(await questionAccess(schools, OTHER_CHALLENGE)).toBe('read');

    // Over Yjs: the lent right writes, the other connection stays read-only.
    const own = openDoc(schools, docName('risk', OWN_REGISTER));
    await own.synced();
    own.doc.getText('effect').insert(0, 'Discussed at the Board. ');
    await vi.waitFor(async () => expect((await schools.get<RiskDetail>(`${P}/risks/${OWN_REGISTER}`)).body.effect).toMatch(/^Discussed at the Board\. /));
    const other = openDoc(schools, docName('risk', OTHER_BOARD_TOO));
    await vi.waitFor(() => expect(other.readOnlyReasons).toContain('read-only'));

    // Closing the meeting withdraws what it lent.
    ok(await send(chair, 'meeting:close', { meetingId }));
    expect(await riskAccess(schools, OWN_REGISTER)).toBe('read');
    expect(await questionAccess(schools, OWN_CHALLENGE)).toBe('read');
  });
});
