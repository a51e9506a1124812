import { describe, expect, it } from 'vitest';
import { defaultMeetingTitle } from '../../shared/domain/meeting-time.js';
import { SOCKET_LIMITS } from '../../shared/limits.js';
import type { AckReply } from '../../shared/protocol/socket.js';
import type { MeetingState, MeetingSummary, Minutes } from '../../shared/schemas/meeting.js';
import { ApiClient, DEMO } from '../helpers/http.js';
import { meetingInDays, meetingToday } from '../helpers/meeting-time.js';
import { getFile } from '../helpers/pdf.js';
import { useTestServer } from '../helpers/server.js';
import { connectSocket, send } from '../helpers/socket.js';

/*
 * Issue 16's minutes findings: a meeting's default title names its board and day; observers attend apart
 * from the members; a guest's agency is not bracketed twice; an item lists the records it was about
 * (the overdue actions and mitigations "Build agenda" adds included), on the minutes page and its print.
 */

const P = '/api/partnerships/1';
const IB = 1;
const CHAIR = 2;
const SCHOOLS = 5;
const OBSERVER = 7; // Observer of the Improvement Board (server/features/demo/seed.ts)

function ok<T>(reply: AckReply<T>): T {
  if (!reply.ok) throw new Error(`command refused: ${JSON.stringify(reply)}`);
  return reply.data;
}

describe('meeting titles and minutes', () => {
  const server = useTestServer({ socketLimits: { ...SOCKET_LIMITS, commandsPerSecond: 10_000, commandBurst: 10_000 } });

  it('a meeting scheduled without a title is named by its board and day, and the name follows the day; a title the chair wrote stays', async () => {
    const chair = await connectSocket(await new ApiClient(server().url).login(DEMO.chair));
    const startsAt = meetingInDays(40);
    const m = ok(await send<MeetingSummary>(chair, 'meeting:create', { boardId: IB, startsAt }));
    expect(m.title).toBe(defaultMeetingTitle('Improvement Board', startsAt));
    expect(m.title).toMatch(/^Improvement Board – \d{1,2} (January|February|March|April|May|June|July|August|September|October|November|December) \d{4}$/);
    expect(m.title).not.toContain('Board meeting');

    // Moved to today: the title the server gave moves with it.
    const moved = ok(await send<MeetingState>(chair, 'meeting:update', { meetingId: m.id, startsAt: meetingToday() }));
    expect(moved.meeting.title).toBe(defaultMeetingTitle('Improvement Board', meetingToday()));

    // A title the chair chose is hers: moving the day leaves it.
    const named = ok(await send<MeetingSummary>(chair, 'meeting:create', { boardId: IB, startsAt, title: 'Extraordinary meeting on placements' }));
    expect(named.title).toBe('Extraordinary meeting on placements');
    const kept = ok(await send<MeetingState>(chair, 'meeting:update', { meetingId: named.id, startsAt: meetingInDays(41) }));
    expect(kept.meeting.title).toBe('Extraordinary meeting on placements');
  });

  it('observers are in attendance apart from the members; a bracketed agency is not bracketed again; items list the records they link to', async () => {
    const chair = await connectSocket(await new ApiClient(server().url).login(DEMO.chair));
    const reader = await new ApiClient(server().url).login(DEMO.chair);
    const m = ok(await send<MeetingSummary>(chair, 'meeting:create', { boardId: IB, startsAt: meetingToday() }));
    const built = ok(await send<MeetingState>(chair, 'meeting:build-agenda', { meetingId: m.id }));
    const overdueActions = built.agenda.find((i) => i.title === 'Overdue actions');
    expect(overdueActions, 'the demo has overdue actions at the Improvement Board').toBeDefined();
    // Each action is named with its reference and what it is.
    for (const l of overdueActions!.links) expect(l.label).toMatch(/^Action A-\d{3}: \S/);
    const overdueMitigations = built.agenda.find((i) => i.title === 'Overdue mitigations');
    // A mitigation is named with its risk's reference and title.
    for (const l of overdueMitigations?.links ?? []) expect(l.label).toMatch(/^Mitigation on R-\d{3} .+: /);

    ok(await send(chair, 'meeting:start', { meetingId: m.id }));
    for (const personId of [CHAIR, SCHOOLS, OBSERVER]) ok(await send(chair, 'attendance:set', { meetingId: m.id, personId, status: 'present' }));
    ok(await send(chair, 'guest:add', { meetingId: m.id, name: 'Anita Desai', agency: 'Ofsted (observing)' }));
    ok(await send(chair, 'guest:add', { meetingId: m.id, name: 'Tom Price', agency: 'Local Government Association' }));

    const minutes = (await reader.get<Minutes>(`${P}/meetings/${m.id}/minutes`)).body;
    const observer = minutes.attendance.observing ?? [];
    expect(observer).toHaveLength(1);
    const observerName = observer[0]!.replace(/ \(.*$/, '');
    expect(minutes.attendance.present.some((n) => n.startsWith(observerName))).toBe(false);
    expect(minutes.attendance.present).toHaveLength(2);
    expect(minutes.attendance.guests).toEqual(['Anita Desai, Ofsted (observing)', 'Tom Price (Local Government Association)']);
    expect(minutes.attendance.guests.join(' ')).not.toContain('))');

    const item = minutes.items.find((i) => i.title === 'Overdue actions')!;
    expect(item.links).toEqual(overdueActions!.links.map((l) => l.label));
    expect(item.links!.length).toBeGreaterThan(0);

    // The print page (and so the PDF) says the same.
    const print = await getFile(reader, `${P}/meetings/${m.id}/minutes.html`);
    expect(print.status).toBe(200);
    expect(print.text).toContain('In attendance (observing)');
    expect(print.text).toContain('Records discussed');
    expect(print.text).toContain(item.links![0]!.replace(/&/g, '&amp;'));
    expect(print.text).toContain('Anita Desai, Ofsted (observing)');
  });

  it('the demo’s signed-off minutes list the observer apart and the Ofsted guest plainly', async () => {
    const chair = await new ApiClient(server().url).login(DEMO.chair);
    const list = (await chair.get<MeetingSummary[]>(`${P}/boards/${IB}/meetings`)).body;
    const past = list.find((x) => x.status === 'signed_off')!;
    const minutes = (await chair.get<Minutes>(`${P}/meetings/${past.id}/minutes`)).body;
    expect(minutes.attendance.observing).toHaveLength(1);
    expect(minutes.attendance.present.some((n) => minutes.attendance.observing!.includes(n))).toBe(false);
    expect(minutes.attendance.guests).toEqual(['Anita Desai (Ofsted)']);
  });
});
