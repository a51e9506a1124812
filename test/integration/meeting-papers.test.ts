import { longDate } from '../../shared/domain/date-words.js';
import { describe, expect, it } from 'vitest';
import type { MeetingDetail, MeetingState } from '../../shared/schemas/meeting.js';
import type { NotificationView } from '../../shared/schemas/challenge.js';
import { ApiClient, DEMO } from '../helpers/http.js';
import { uploadEvidence } from '../helpers/evidence.js';
import { meetingInDays } from '../helpers/meeting-time.js';
import { BOARD, P, PERSON, ok, refusal, run } from '../helpers/plans.js';
import { addSecondPartnership } from '../helpers/second-partnership.js';
import { useTestServer } from '../helpers/server.js';
import { TestClock } from '../helpers/clock.js';
import { PAPER_REMINDER_DAYS, sendPaperReminders } from '../../server/features/meetings/index.js';

describe('papers for agenda items', () => {
  const server = useTestServer();

  it('asked of an author (told, with the deadline), attached by them, late or not against the deadline; only the chair adds and removes; other partnerships’ files and links refused', async () => {
    const chair = await new ApiClient(server().url).login(DEMO.chair);
    const health = await new ApiClient(server().url).login(DEMO.health);
    const police = await new ApiClient(server().url).login(DEMO.police);
    const observer = await new ApiClient(server().url).login(DEMO.observer);
    const meeting = await ok(chair, 'meeting:create', { boardId: BOARD.ib, title: 'Papers meeting', startsAt: meetingInDays(21) });
    const item = (await ok(chair, 'agenda:add', { meetingId: meeting.id, title: 'Performance' })).agenda.at(-1)!;

    const asked = await ok(chair, 'paper:add', { meetingId: meeting.id, itemId: item.id, title: 'Quarterly performance report', authorPersonId: PERSON.health });
    const paper = asked.papers.at(-1)!;
    expect(paper).toMatchObject({ title: 'Quarterly performance report', authorName: 'Dr Aisha Rahman', evidenceId: null, state: 'expected', itemId: item.id });
    const told = (await health.get<{ items: NotificationView[] }>('/api/notifications')).body.items[0]!;
    expect(told).toMatchObject({ kind: 'paper_requested', text: `Paper “Quarterly performance report” for Papers meeting: due by ${longDate(asked.meeting.papersDeadline)}`, link: `/meetings/${meeting.id}` });

    // Someone else's paper, an observer, a link, another partnership's file: refused.
    const file = await uploadEvidence(health, 1, { name: 'report.csv', bytes: 'quarter,referrals\nQ3,1204\n' }, { title: 'Quarterly performance report' });
    const fileId = (file.body as { id: number }).id;
    expect(refusal(await run(police, 'paper:attach', { meetingId: meeting.id, paperId: paper.id, evidenceId: fileId })).status).toBe(403);
    expect(refusal(await run(observer, 'paper:attach', { meetingId: meeting.id, paperId: paper.id, evidenceId: fileId })).status).toBe(403);
    const link = await ok(health, 'evidence:add-link', { title: 'Dashboard', date: '2026-11-01', kind: 'data', url: 'https://example.org/d' });
    expect(refusal(await run(health, 'paper:attach', { meetingId: meeting.id, paperId: paper.id, evidenceId: link.id }))).toMatchObject({ status: 400, paths: ['evidenceId'] });
    const far = await addSecondPartnership(server());
    const farshire = await new ApiClient(server().url).login(far.email, far.password);
    const theirs = await uploadEvidence(farshire, far.partnershipId, { name: 'far.csv', bytes: 'a,b\n1,2\n' });
    expect(refusal(await run(health, 'paper:attach', { meetingId: meeting.id, paperId: paper.id, evidenceId: (theirs.body as { id: number }).id }))).toMatchObject({ status: 400, paths: ['evidenceId'] });
    expect(refusal(await run(health, 'paper:add', { meetingId: meeting.id, itemId: item.id, title: 'Mine' })).status).toBe(403);
    // An author must be able to open the meeting to attach the file: someone not on the board is refused.
    const helen = (await chair.get<{ id: number; name: string }[]>(`${P}/people`)).body.find((p) => p.name === 'Dr Helen Ward')!;
    expect(refusal(await run(chair, 'paper:add', { meetingId: meeting.id, itemId: item.id, title: 'From outside', authorPersonId: helen.id }))).toMatchObject({ status: 400, paths: ['authorPersonId'] });
    expect(refusal(await run(farshire, 'paper:remove', { meetingId: meeting.id, paperId: paper.id })).status).toBe(404);

    const attached = await ok(health, 'paper:attach', { meetingId: meeting.id, paperId: paper.id, evidenceId: fileId });
    expect(attached.papers.find((p) => p.id === paper.id)).toMatchObject({ evidenceId: fileId, fileName: 'report.csv', state: 'received' });
    // The board room sees it: the meeting's state carries the papers.
    expect((await police.get<MeetingDetail>(`${P}/meetings/${meeting.id}`)).body.papers.map((p) => p.title)).toEqual(['Quarterly performance report']);

    const gone = await ok(chair, 'paper:remove', { meetingId: meeting.id, paperId: paper.id });
    expect(gone.papers).toEqual([]);
    expect(refusal(await run(chair, 'paper:remove', { meetingId: meeting.id, paperId: paper.id })).status).toBe(404);
  });

  it('a paper that arrives after the papers deadline is marked late', async () => {
    const chair = await new ApiClient(server().url).login(DEMO.chair);
    // Papers are due five working days before: a meeting two days away is past its deadline already.
    const meeting = await ok(chair, 'meeting:create', { boardId: BOARD.ib, title: 'Soon meeting', startsAt: meetingInDays(2) });
    const item = (await ok(chair, 'agenda:add', { meetingId: meeting.id, title: 'Risks' })).agenda.at(-1)!;
    const expected: MeetingState = await ok(chair, 'paper:add', { meetingId: meeting.id, itemId: item.id, title: 'Late report', authorPersonId: PERSON.police });
    expect(expected.papers[0]!.state).toBe('overdue');
    const file = await uploadEvidence(chair, 1, { name: 'late.csv', bytes: 'a,b\n1,2\n' });
    const arrived = await ok(chair, 'paper:attach', { meetingId: meeting.id, paperId: expected.papers[0]!.id, evidenceId: (file.body as { id: number }).id });
    expect(arrived.papers[0]!.state).toBe('received_late');
  });
});

describe('the papers deadline’s reminders', () => {
  const clock = new TestClock(Date.parse('2026-11-23T09:00:00Z'));
  const server = useTestServer({ clock: clock.now });

  it('an author owing a paper is reminded once as the deadline nears and once when it is late; a paper in is not chased', async () => {
    const s = server();
    const chair = await new ApiClient(s.url).login(DEMO.chair);
    const meeting = await ok(chair, 'meeting:create', { boardId: BOARD.ib, title: 'Reminders meeting', startsAt: meetingInDays(20, clock.now()) });
    const item = (await ok(chair, 'agenda:add', { meetingId: meeting.id, title: 'Reports' })).agenda.at(-1)!;
    const owed = (await ok(chair, 'paper:add', { meetingId: meeting.id, itemId: item.id, title: 'Owed report', authorPersonId: PERSON.health })).papers.at(-1)!;
    const inAlready = await ok(chair, 'paper:add', { meetingId: meeting.id, itemId: item.id, title: 'Other report', authorPersonId: PERSON.police });
    const remind = async () => sendPaperReminders(s.ctx, s.services.notifications);
    expect((await remind())).toBe(0);

    const deadline = Date.parse(`${meeting.papersDeadline}T09:00:00Z`);
    clock.current = deadline - PAPER_REMINDER_DAYS * 86_400_000;
    // The police paper arrives in time: only health's is chased from here on.
    const file = await uploadEvidence(await new ApiClient(s.url).login(DEMO.police), 1, { name: 'p.csv', bytes: 'a,b\n1,2\n' });
    const police = await new ApiClient(s.url).login(DEMO.police);
    await ok(police, 'paper:attach', { meetingId: meeting.id, paperId: inAlready.papers.at(-1)!.id, evidenceId: (file.body as { id: number }).id });
    expect((await remind())).toBe(1);
    expect((await remind())).toBe(0);
    clock.current = deadline + 86_400_000;
    expect((await remind())).toBe(1);
    expect((await remind())).toBe(0);
    const health = await new ApiClient(s.url).login(DEMO.health);
    const mine = (await health.get<{ items: NotificationView[] }>('/api/notifications')).body.items.filter((n) => n.text.includes('Owed report'));
    expect(mine.map((n) => n.kind)).toEqual(['paper_late', 'paper_due', 'paper_requested']);
    expect(mine[0]!.text).toBe(`Paper “Owed report” for Reminders meeting is late: it was due by ${longDate(meeting.papersDeadline)}`);
    expect(owed.state).toBe('expected');
  });
});
