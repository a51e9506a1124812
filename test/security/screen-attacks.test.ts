import { describe, expect, it, vi } from 'vitest';
import { SOCKET_LIMITS } from '../../shared/limits.js';
import type { BoardPresence } from '../../shared/protocol/socket.js';
import type { MeetingState } from '../../shared/schemas/meeting.js';
import { ApiClient, DEMO } from '../helpers/http.js';
import { meetingToday } from '../helpers/meeting-time.js';
import { BOARD, P, PERSON, ok as okRest } from '../helpers/plans.js';
import { addSecondPartnership } from '../helpers/second-partnership.js';
import { useTestServer } from '../helpers/server.js';
import { connectSocket, send, type BoardClient } from '../helpers/socket.js';

/*
 * Attacks on "board:join" with `screen: true` (issue 16): a room's screen hears the board without being
 * one of the people here, but is always said apart in `screens`. Can it open a room its person may not
 * enter, hide someone who follows the board, or show another person's name?
 */

function ok<T>(reply: { ok: true; data: T } | { ok: false }): T {
  if (!reply.ok) throw new Error(`refused: ${JSON.stringify(reply)}`);
  return reply.data;
}

const ids = (list: { personId: number }[]): number[] => list.map((p) => p.personId).sort((a, b) => a - b);

/** The board's presence, as a fresh page joining it would be told. */
async function presenceAt(probe: BoardClient, boardId: number): Promise<BoardPresence> {
  return ok(await send<BoardPresence>(probe, 'board:join', { boardId }));
}

/**
 * Whether the socket hears the meeting's pushes: a change is made, and a round trip on the same socket
 * (answered after anything already sent to it) settles whether it was told.
 */
async function hearsMeeting(socket: BoardClient, change: () => Promise<number>): Promise<boolean> {
  const heard: number[] = [];
  const listen = (s: MeetingState) => heard.push(s.meeting.id);
  socket.on('meeting:state', listen);
  const meetingId = await change();
  await send(socket, 'board:leave', { boardId: 999_999 });
  socket.off('meeting:state', listen);
  return heard.includes(meetingId);
}

/** A change the board room is told of ("meeting:state"): an item added to a fresh meeting of the board. */
async function meetingChange(chair: ApiClient, boardId: number): Promise<number> {
  const meetingId = (await okRest(chair, 'meeting:create', { boardId, startsAt: meetingToday() })).id;
  await okRest(chair, 'agenda:add', { meetingId, title: 'Pushed to the board room' });
  return meetingId;
}

describe('attacks on a room’s screen', () => {
  const server = useTestServer({ socketLimits: { ...SOCKET_LIMITS, commandsPerSecond: 10_000, commandBurst: 10_000 } });
  const login = (who: keyof typeof DEMO) => new ApiClient(server().url).login(DEMO[who]);
  const socketOf = async (who: keyof typeof DEMO) => connectSocket(await login(who));

  it('opens no room its person may not enter: a non-member, an observer of another board, another partnership', async () => {
    const [chair, observer, council] = await Promise.all([socketOf('chair'), socketOf('observer'), socketOf('council')]);
    const farshire = await addSecondPartnership(server());
    const outsider = await connectSocket(await new ApiClient(server().url).login(farshire.email, farshire.password));
    // The Improvement Board's chair and its observer have no seat at the Operational Group; the outsider none here.
    for (const [socket, boardId] of [
      [chair, BOARD.og],
      [observer, BOARD.og],
      [outsider, BOARD.ib],
      [outsider, BOARD.og],
    ] as const) {
      for (const screen of [true, false]) expect(await send(socket, 'board:join', { boardId, screen })).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    }
    // Our chair naming the other partnership's board.
    expect(await send(chair, 'board:join', { boardId: farshire.boardId, screen: true })).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    // The Operational Group lists none of them, and they hear none of its meetings.
    const og = await presenceAt(council, BOARD.og);
    expect(og.screens).toEqual([]);
    expect(ids(og.presence)).toEqual([PERSON.council]);
    const councilRest = await login('council');
    for (const socket of [chair, observer, outsider]) {
      expect(await hearsMeeting(socket, () => meetingChange(councilRest, BOARD.og))).toBe(false);
    }
    // While a member of the board, on it, does hear it.
    expect(await hearsMeeting(council, () => meetingChange(councilRest, BOARD.og))).toBe(true);
    // The refusals are on the record, naming the event.
    const refusals = (await server().ctx.database.sql.get("select count(*) as n from audit_log where action like '%refus%' and cast(detail as text) like '%board:join%'")) as { n: number };
    expect(refusals.n).toBeGreaterThan(0);
  });

  it('answers a bad payload with a clear refusal, and never shows a name but its own person’s', async () => {
    const [police, chair] = await Promise.all([socketOf('police'), socketOf('chair')]);
    for (const payload of [null, 'x', 7, [], { boardId: BOARD.ib, screen: 'true' }, { boardId: BOARD.ib, screen: 1 }, { boardId: BOARD.ib, screen: null }, { boardId: '1', screen: true }, { screen: true }, { boardId: BOARD.ib, screen: { valueOf: true } }]) {
      expect(await send(police, 'board:join', payload)).toMatchObject({ ok: false, error: { code: 'VALIDATION_FAILED' } });
      expect(await send(police, 'board:leave', payload)).toMatchObject({ ok: false, error: { code: 'VALIDATION_FAILED' } });
    }
    expect(police.connected).toBe(true);
    // Fields naming someone else are not the payload's to give: the screen is the police lead's.
    const joined = ok(await send<BoardPresence>(police, 'board:join', { boardId: BOARD.ib, screen: true, personId: PERSON.chair, name: 'Margaret Ellison', agencyName: 'Someone else' }));
    expect(joined.screens).toEqual([{ personId: PERSON.police, name: expect.not.stringMatching(/Margaret|Someone/) as unknown as string }]);
    const seen = await presenceAt(chair, BOARD.ib);
    expect(seen.screens.map((s) => s.personId)).toEqual([PERSON.police]);
    expect(ids(seen.presence)).toEqual([PERSON.chair]);
    // A focus from the screen names no field and does not make it someone here.
    police.emit('presence:focus', { boardId: BOARD.ib, record: 'risk:1', field: 'title' });
    expect(ids((await presenceAt(chair, BOARD.ib)).presence)).toEqual([PERSON.chair]);
  });

  it('cannot follow the board unseen: person then screen, screen then person, two tabs, leave and rejoin, rapid switching', async () => {
    const [probe, tabA, tabB] = await Promise.all([socketOf('chair'), socketOf('police'), socketOf('police')]);
    ok(await send(probe, 'board:join', { boardId: BOARD.ib }));
    const chairRest = await login('chair');
    const newMeeting = () => meetingChange(chairRest, BOARD.ib);
    /** Wherever the police lead's tabs hear the board from, they are in one of the two lists. */
    const seenSomewhere = async () => {
      const now = await presenceAt(probe, BOARD.ib);
      return { here: ids(now.presence).includes(PERSON.police), screen: now.screens.some((s) => s.personId === PERSON.police) };
    };

    // As a person, then the same tab as a screen: out of the people, into the screens.
    ok(await send(tabA, 'board:join', { boardId: BOARD.ib }));
    ok(await send(tabA, 'board:join', { boardId: BOARD.ib, screen: true }));
    expect(await seenSomewhere()).toEqual({ here: false, screen: true });
    expect(await hearsMeeting(tabA, newMeeting)).toBe(true);
    // Back to a person: out of the screens.
    ok(await send(tabA, 'board:join', { boardId: BOARD.ib }));
    expect(await seenSomewhere()).toEqual({ here: true, screen: false });
    // Leaving: out of both, and out of the room (it hears nothing more).
    ok(await send(tabA, 'board:join', { boardId: BOARD.ib, screen: true }));
    ok(await send(tabA, 'board:leave', { boardId: BOARD.ib, screen: false }));
    expect(await seenSomewhere()).toEqual({ here: false, screen: false });
    expect(await hearsMeeting(tabA, newMeeting)).toBe(false);
    // Leaving another board does not take the screen off this one.
    ok(await send(tabA, 'board:join', { boardId: BOARD.ib, screen: true }));
    ok(await send(tabA, 'board:leave', { boardId: BOARD.og }));
    expect(await seenSomewhere()).toEqual({ here: false, screen: true });

    // Two tabs: a screen and a person page; the person page closes, the screen is still said.
    ok(await send(tabB, 'board:join', { boardId: BOARD.ib }));
    expect(await seenSomewhere()).toEqual({ here: true, screen: true });
    ok(await send(tabB, 'board:leave', { boardId: BOARD.ib }));
    expect(await seenSomewhere()).toEqual({ here: false, screen: true });
    // Two screen tabs show once; closing one keeps the other said.
    ok(await send(tabB, 'board:join', { boardId: BOARD.ib, screen: true }));
    expect((await presenceAt(probe, BOARD.ib)).screens.filter((s) => s.personId === PERSON.police)).toHaveLength(1);
    tabB.disconnect();
    await vi.waitFor(async () => expect(await seenSomewhere()).toEqual({ here: false, screen: true }));

    // Rapid switching, unanswered in between: whatever the last word, the tab is in exactly that list.
    type Word = { event: 'board:join' | 'board:leave'; screen: boolean };
    const words: Word[] = Array.from({ length: 41 }, (_, n) => (n % 3 === 0 ? { event: 'board:leave', screen: false } : { event: 'board:join', screen: n % 2 === 0 }));
    await Promise.all(words.map((w) => send(tabA, w.event, { boardId: BOARD.ib, screen: w.screen })));
    const last = words.at(-1)!;
    const expected = last.event === 'board:leave' ? { here: false, screen: false } : { here: !last.screen, screen: last.screen };
    expect(await seenSomewhere()).toEqual(expected);
    expect(await hearsMeeting(tabA, newMeeting)).toBe(last.event === 'board:join');
    ok(await send(tabA, 'board:join', { boardId: BOARD.ib, screen: true }));

    // A reconnect is a new socket: the old one's screen is gone when it goes, the new one is said when it joins.
    tabA.disconnect();
    await vi.waitFor(async () => expect(await seenSomewhere()).toEqual({ here: false, screen: false }));
    const again = await socketOf('police');
    ok(await send(again, 'board:join', { boardId: BOARD.ib, screen: true }));
    expect(await seenSomewhere()).toEqual({ here: false, screen: true });
  });

  it('a screen whose person loses the seat, or whose session ends, stops hearing and is no longer said', async () => {
    const [probe, admin] = await Promise.all([socketOf('chair'), login('admin')]);
    ok(await send(probe, 'board:join', { boardId: BOARD.ib }));
    const screensSeen: BoardPresence['screens'][] = [];
    probe.on('presence:changed', (e) => {
      if (e.boardId === BOARD.ib) screensSeen.push(e.screens);
    });
    // The observer's seat is taken away while their screen follows the board.
    const observerScreen = await socketOf('observer');
    ok(await send(observerScreen, 'board:join', { boardId: BOARD.ib, screen: true }));
    await vi.waitFor(() => expect(screensSeen.at(-1)?.map((s) => s.personId)).toEqual([PERSON.observer]));
    const seat = (await server().ctx.database.sql.get('select id from memberships where board_id = ? and person_id = ?', [BOARD.ib, PERSON.observer])) as { id: number };
    expect((await admin.delete(`${P}/boards/${BOARD.ib}/memberships/${seat.id}`)).status).toBe(204);
    await vi.waitFor(() => expect(screensSeen.at(-1)).toEqual([]));
    const chairRest = await login('chair');
    expect(await hearsMeeting(probe, () => meetingChange(chairRest, BOARD.ib))).toBe(true);
    expect(await hearsMeeting(observerScreen, () => meetingChange(chairRest, BOARD.ib))).toBe(false);
    // Nor may it come back as a screen.
    expect(await send(observerScreen, 'board:join', { boardId: BOARD.ib, screen: true })).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });

    // A screen signed in as the school's lead; they sign out elsewhere in the same session.
    const schools = await login('schools');
    const schoolsScreen = await connectSocket(schools);
    ok(await send(schoolsScreen, 'board:join', { boardId: BOARD.ib, screen: true }));
    await vi.waitFor(() => expect(screensSeen.at(-1)?.map((s) => s.personId)).toEqual([PERSON.schools]));
    expect((await schools.post('/api/auth/logout')).status).toBe(204);
    await vi.waitFor(() => expect(screensSeen.at(-1)).toEqual([]));
    await vi.waitFor(() => expect(schoolsScreen.connected).toBe(false));
  });
});
