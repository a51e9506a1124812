import { describe, expect, it, vi } from 'vitest';
import { docName } from '../../shared/protocol/yjs.js';
import { londonDay } from '../../shared/domain/meeting-time.js';
import { addDays, todayIn } from '../../shared/domain/scoring.js';
import type { ChallengeDetail, ChallengeRow } from '../../shared/schemas/challenge.js';
import type { ActionView, MeetingState, MeetingSummary } from '../../shared/schemas/meeting.js';
import { WaitingList } from '../../shared/schemas/waiting.js';
import { ApiClient, DEMO } from '../helpers/http.js';
import { meetingInDays } from '../helpers/meeting-time.js';
import { addSecondPartnership } from '../helpers/second-partnership.js';
import { useTestServer } from '../helpers/server.js';
import { openDoc } from '../helpers/yjs.js';

/**
 * "Waiting for you" on the home page, from real commands: a challenge waits for the agency it is
 * directed at, then for the chair who decides on the response; actions, papers and meetings by their
 * dates, the overdue first; nobody sees another's, and no other partnership's.
 */
const P = '/api/partnerships/1';
const OG = 2;
const ICB = 3;

describe('waiting for you', () => {
  const server = useTestServer();
  const as = (email: string) => new ApiClient(server().url).login(email);
  const waiting = async (client: ApiClient) => {
    const res = await client.get<WaitingList>(`${P}/waiting`);
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    return WaitingList.parse(res.body).items;
  };
  const command = async <T>(client: ApiClient, name: string, payload: unknown): Promise<T> => {
    const res = await client.post<T>(`/api/commands/${name}`, payload);
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    return res.body;
  };
  const personId = async (email: string) => ((await server().ctx.database.sql.get('select p.id from people p join accounts a on a.id = p.account_id where a.email = ? and p.partnership_id = 1', [email])) as { id: number }).id;

  it('a challenge waits for the agency it is directed at, then for the chair who decides on the response', async () => {
    const [council, health, police, observer] = await Promise.all([as(DEMO.council), as(DEMO.health), as(DEMO.police), as(DEMO.observer)]);
    const c = await command<ChallengeRow>(council, 'challenge:raise', { boardId: OG, title: 'MAST cover on Fridays', directedAgencyId: ICB, dueDate: addDays(todayIn(Date.now()), 10) });
    const mentions = (items: { reference: string | null; kind: string }[]) => items.filter((i) => i.reference === c.reference).map((i) => i.kind);

    const forHealth = (await waiting(health)).find((i) => i.reference === c.reference);
    expect(forHealth).toEqual({ kind: 'challenge_to_answer', reference: c.reference, title: 'MAST cover on Fridays', boardName: expect.any(String), due: c.dueDate, overdue: false, link: `/challenges/${c.id}` });
    expect([mentions(await waiting(council)), mentions(await waiting(police)), mentions(await waiting(observer))]).toEqual([[], [], []]);

    const doc = openDoc(health, docName('challenge', c.id, 'response'));
    await doc.synced();
    doc.doc.getText('response').insert(0, 'A named nurse covers Fridays from January.');
    await vi.waitFor(async () => expect((await health.get<ChallengeDetail>(`${P}/challenges/${c.id}`)).body.response).toContain('named nurse'));
    doc.destroy();
    await command(health, 'challenge:submit', { challengeId: c.id });
    expect([mentions(await waiting(health)), mentions(await waiting(council)), mentions(await waiting(observer))]).toEqual([[], ['response_to_decide'], []]);

    await command(council, 'challenge:accept', { challengeId: c.id });
    expect([mentions(await waiting(health)), mentions(await waiting(council))]).toEqual([[], []]);
  });

  it('actions, papers and meetings by their dates, the overdue first; what falls due beyond two weeks waits', async () => {
    const [council, police] = await Promise.all([as(DEMO.council), as(DEMO.police)]);
    const policeId = await personId(DEMO.police);
    const startsAt = meetingInDays(4);
    const meeting = await command<MeetingSummary>(council, 'meeting:create', { boardId: OG, title: 'Operational Group – waiting test', startsAt });
    const meetingId = meeting.id;
    const today = todayIn(Date.now());
    const action = (description: string, dueDate: string) => command<ActionView>(council, 'action:create', { meetingId, description, ownerId: policeId, dueDate });
    const soon = await action('Bring the missing-from-home figures', addDays(today, 2));
    const later = await action('Review the protocol with schools', addDays(today, 30));
    const late = await action('Name a single point of contact', addDays(today, 1));
    // Its due date passes: as if the days had gone by.
    (await server().ctx.database.sql.run('update meeting_actions set due_date = ? where id = ?', [addDays(today, -3), late.id]));
    const item = (await command<MeetingState>(council, 'agenda:add', { meetingId, title: 'Missing children' })).agenda.at(-1)!;
    await command(council, 'paper:add', { meetingId, itemId: item.id, title: 'Missing children return interviews', authorPersonId: policeId });

    const mine = await waiting(police);
    const titles = mine.map((i) => i.title);
    expect(mine.find((i) => i.title.includes(late.reference))).toMatchObject({ kind: 'action_due', overdue: true, due: addDays(today, -3), link: `/boards/${OG}/actions` });
    // Every overdue item (the demo's too) before everything else, the longest overdue first.
    const overdue = mine.filter((i) => i.overdue);
    expect(mine.slice(0, overdue.length)).toEqual(overdue);
    expect(overdue.map((i) => i.due!)).toEqual(overdue.map((i) => i.due!).toSorted());
    expect(mine.find((i) => i.title.includes(soon.reference))).toMatchObject({ kind: 'action_due', overdue: false, due: addDays(today, 2) });
    expect(titles.some((t) => t.includes(later.reference))).toBe(false);
    expect(mine.find((i) => i.kind === 'paper_to_write' && i.title.startsWith('Missing children return interviews'))).toMatchObject({ link: `/meetings/${meetingId}`, due: londonDay(meeting.papersDeadline) });
    // Then the soonest due first.
    const dates = mine.filter((i) => !i.overdue && i.due !== null).map((i) => i.due!);
    expect(dates).toEqual(dates.toSorted());

    // The Operational Group's chair prepares its meeting; the police officer, a member, does not.
    expect((await waiting(council)).find((i) => i.kind === 'meeting_to_prepare' && i.link === `/meetings/${meetingId}`)).toMatchObject({ due: londonDay(startsAt), title: 'Operational Group – waiting test' });
    expect((await waiting(police)).some((i) => i.kind === 'meeting_to_prepare')).toBe(false);
  });

  it('a closed meeting’s minutes wait for its chair to sign them off', async () => {
    const council = await as(DEMO.council);
    const meeting = await command<MeetingSummary>(council, 'meeting:create', { boardId: OG, title: 'Operational Group – minutes test', startsAt: meetingInDays(0) });
    const minutes = `/meetings/${meeting.id}/minutes`;
    await command(council, 'meeting:start', { meetingId: meeting.id });
    expect((await waiting(council)).some((i) => i.link === minutes)).toBe(false);
    await command(council, 'meeting:close', { meetingId: meeting.id });
    expect((await waiting(council)).find((i) => i.link === minutes)).toMatchObject({ kind: 'minutes_to_sign_off', overdue: false });
  });

  it('is only the signed-in person’s, only in their partnership', async () => {
    const farshire = await addSecondPartnership(server());
    const outsider = await new ApiClient(server().url).login(farshire.email, farshire.password);
    const res = await outsider.get<{ error: { code: string } }>(`${P}/waiting`);
    expect([res.status, res.body.error.code]).toEqual([404, 'NOT_FOUND']);
    const own = await outsider.get<WaitingList>(`/api/partnerships/${farshire.partnershipId}/waiting`);
    expect(own.status).toBe(200);
    expect(JSON.stringify(own.body)).not.toContain('MAST');
    expect((await new ApiClient(server().url).get(`${P}/waiting`)).status).toBe(401);
    expect((await (await as(DEMO.health)).get(`/api/partnerships/__proto__/waiting`)).status).toBe(400);
  });
});
