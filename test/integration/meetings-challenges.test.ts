import { describe, expect, it, vi } from 'vitest';
import { docName } from '../../shared/protocol/yjs.js';
import type { AckReply } from '../../shared/protocol/socket.js';
import type { ChallengeDetail } from '../../shared/schemas/challenge.js';
import type { MeetingState, MeetingSummary } from '../../shared/schemas/meeting.js';
import { ApiClient, DEMO } from '../helpers/http.js';
import { startTestServer } from '../helpers/server.js';
import { meetingToday } from '../helpers/meeting-time.js';
import { connectSocket, send } from '../helpers/socket.js';
import { openDoc } from '../helpers/yjs.js';

const P = '/api/partnerships/1';
const IB = 1;

function ok<T>(reply: AckReply<T>): T {
  if (!reply.ok) throw new Error(`command refused: ${JSON.stringify(reply)}`);
  return reply.data;
}

describe('challenges on a meeting agenda', () => {
  it('"Build agenda" proposes the challenges due, and a live meeting lends members present the right to write on them', async () => {
    const server = await startTestServer();
    const chair = await connectSocket(await new ApiClient(server.url).login(DEMO.chair));
    const m = ok(await send<MeetingSummary>(chair, 'meeting:create', { boardId: IB, startsAt: meetingToday() }));
    const built = ok(await send<MeetingState>(chair, 'meeting:build-agenda', { meetingId: m.id }));
    // C-001 (to the ICB, overdue) sits at the Improvement Board; C-007 was escalated to it.
    const titles = built.agenda.map((i) => i.title);
    expect(titles.some((t) => t.startsWith('Challenge C-001'))).toBe(true);
    expect(titles.some((t) => t.startsWith('Challenge C-007'))).toBe(true);
    const item = built.agenda.find((i) => i.title.startsWith('Challenge C-001'))!;
    expect(item.links).toEqual([expect.objectContaining({ kind: 'challenge', ref: '1', label: 'Challenge C-001 Health engagement in the MAST' })]);

    // Schools sits on the Improvement Board: it reads C-001's question until the meeting starts.
    const schools = await new ApiClient(server.url).login(DEMO.schools);
    expect((await schools.get<ChallengeDetail>(`${P}/challenges/1`)).body.access.question).toBe('read');
    ok(await send(chair, 'meeting:start', { meetingId: m.id }));
    expect((await schools.get<ChallengeDetail>(`${P}/challenges/1`)).body.access.question).toBe('read');
    ok(await send(chair, 'attendance:set', { meetingId: m.id, personId: 5, status: 'present' }));
    expect((await schools.get<ChallengeDetail>(`${P}/challenges/1`)).body.access.question).toBe('edit');
    const notes = openDoc(schools, docName('challenge', 1));
    await notes.synced();
    notes.doc.getText('discussion').insert(0, 'Schools: the same gap affects school nurses. ');
    await vi.waitFor(async () => expect((await server.services.challenges.row(1))!.discussion).toMatch(/^Schools: the same gap/));

    ok(await send(chair, 'meeting:close', { meetingId: m.id }));
    expect((await schools.get<ChallengeDetail>(`${P}/challenges/1`)).body.access.question).toBe('read');
    await vi.waitFor(() => expect(notes.readOnlyReasons.length).toBeGreaterThan(0));
  });

  it('refuses a link to a challenge of another partnership or one that does not exist', async () => {
    const server = await startTestServer();
    const chair = await connectSocket(await new ApiClient(server.url).login(DEMO.chair));
    const m = ok(await send<MeetingSummary>(chair, 'meeting:create', { boardId: IB, startsAt: meetingToday() }));
    expect(await send(chair, 'agenda:add', { meetingId: m.id, title: 'Nothing', links: [{ kind: 'challenge', ref: '999' }] })).toMatchObject({ ok: false, error: { code: 'VALIDATION_FAILED' } });
  });
});
