import { describe, expect, it, vi } from 'vitest';
import { loadActor } from '../../server/core/actors.js';
import type { AppError } from '../../shared/errors.js';
import { SOCKET_LIMITS } from '../../shared/limits.js';
import type { MeetingState } from '../../shared/schemas/meeting.js';
import { ApiClient, DEMO } from '../helpers/http.js';
import { meetingToday } from '../helpers/meeting-time.js';
import { BOARD, P, PERSON, ok, refusal, run } from '../helpers/plans.js';
import { addSecondPartnership } from '../helpers/second-partnership.js';
import { useTestServer, type TestServer } from '../helpers/server.js';
import { connectSocket, send } from '../helpers/socket.js';

/*
 * Attacks on "agenda:restore" (issue 16): a removed agenda item put back as itself. Hostile members,
 * observers, another partnership's people and ended sessions; forged ids and payloads; races with the
 * agenda's other writes and with the meeting's close; and what the restore tells, to whom.
 */

const RISK = 1;
type Row = { id: number; position: number; removed: number };

const agendaRows = (server: TestServer, meetingId: number): Promise<Row[]> =>
  server.ctx.database.sql.all<Row>('select id, position, case when removed then 1 else 0 end as removed from agenda_items where meeting_id = ? order by id', [meetingId]);

/** How many restores the meeting's record holds. */
const restores = async (server: TestServer, meetingId: number): Promise<number> =>
  (await server.ctx.database.sql.get<{ n: number }>("select count(*) as n from audit_log where action = 'meeting.agenda_restore' and entity_id = ?", [meetingId]))!.n;

/** Every item on the agenda holds a place of its own. */
const placesAreDistinct = (rows: Row[]): boolean => {
  const live = rows.filter((r) => !r.removed).map((r) => r.position);
  return new Set(live).size === live.length;
};

describe('attacks on putting a removed agenda item back', () => {
  const server = useTestServer({ socketLimits: { ...SOCKET_LIMITS, commandsPerSecond: 10_000, commandBurst: 10_000 } });
  const login = (email: string) => new ApiClient(server().url).login(email);
  /** One other partnership per server (its administrator's email signs in to the first one made). */
  let second: ReturnType<typeof addSecondPartnership> | null = null;
  const otherPartnership = () => (second ??= addSecondPartnership(server()));

  /** A meeting of the Improvement Board with items A–E (B links a risk); B is removed. */
  async function meeting(chair: ApiClient, opts: { start?: boolean } = {}): Promise<{ meetingId: number; ids: number[] }> {
    const meetingId = (await ok(chair, 'meeting:create', { boardId: BOARD.ib, startsAt: meetingToday() })).id;
    let state: MeetingState | undefined;
    for (const title of ['A', 'B', 'C', 'D', 'E']) state = await ok(chair, 'agenda:add', { meetingId, title, links: title === 'B' ? [{ kind: 'risk', ref: String(RISK) }] : [] });
    const ids = state!.agenda.map((i) => i.id);
    if (opts.start) await ok(chair, 'meeting:start', { meetingId });
    await ok(chair, 'agenda:remove', { meetingId, itemId: ids[1]! });
    return { meetingId, ids };
  }

  it('refuses every malformed payload with a clear error, changes nothing and keeps serving', async () => {
    const chair = await login(DEMO.chair);
    const { meetingId, ids } = await meeting(chair);
    const itemId = ids[1]!;
    const before = await agendaRows(server(), meetingId);
    const bad: [unknown, string][] = [
      [{ meetingId, itemId, toIndex: -1 }, 'toIndex'],
      [{ meetingId, itemId, toIndex: 501 }, 'toIndex'],
      [{ meetingId, itemId, toIndex: 1.5 }, 'toIndex'],
      [{ meetingId, itemId, toIndex: '0' }, 'toIndex'],
      [{ meetingId, itemId, toIndex: '__proto__' }, 'toIndex'],
      [{ meetingId, itemId, toIndex: null }, 'toIndex'],
      [{ meetingId, itemId, toIndex: [0] }, 'toIndex'],
      [{ meetingId, itemId, toIndex: { valueOf: 0 } }, 'toIndex'],
      [{ meetingId, itemId, toIndex: 1e300 }, 'toIndex'],
      [{ meetingId: String(meetingId), itemId }, 'meetingId'],
      [{ meetingId, itemId: String(itemId) }, 'itemId'],
      [{ meetingId, itemId: 0 }, 'itemId'],
      [{ meetingId, itemId: -itemId }, 'itemId'],
      [{ meetingId, itemId: 2 ** 53 }, 'itemId'],
      [{ meetingId, itemId: itemId + 0.5 }, 'itemId'],
      [{ meetingId }, 'itemId'],
      [{ itemId }, 'meetingId'],
    ];
    for (const [payload, path] of bad) {
      const res = await chair.post('/api/commands/agenda:restore', payload);
      const { status, code, paths } = refusal(res);
      expect({ payload, status, code, paths: [...new Set(paths)] }).toEqual({ payload, status: 400, code: 'VALIDATION_FAILED', paths: [path] });
    }
    // A JSON body whose own key is "__proto__", and bodies that are not objects at all.
    const proto = await chair.post('/api/commands/agenda:restore', `{"meetingId":${meetingId},"__proto__":{"itemId":${itemId},"toIndex":0}}`);
    expect(proto.status).toBe(400);
    for (const raw of ['null', '[]', '"x"', '42', '{']) expect((await chair.post('/api/commands/agenda:restore', raw)).status).toBe(400);
    // Over the socket too: the answer is a refusal, never a dropped connection.
    const socket = await connectSocket(chair);
    for (const payload of [null, 'x', 42, [], { meetingId, itemId, toIndex: -5 }, { meetingId, itemId: { $gt: 0 } }]) {
      const reply = await send(socket, 'agenda:restore', payload);
      expect(reply).toMatchObject({ ok: false, error: { code: 'VALIDATION_FAILED' } });
    }
    expect(socket.connected).toBe(true);
    expect(await agendaRows(server(), meetingId)).toEqual(before);
    expect(await restores(server(), meetingId)).toBe(0);

    // Fields the command does not take are dropped, never written: the item comes back as it was removed.
    const back = await ok(chair, 'agenda:restore', {
      meetingId,
      itemId,
      toIndex: 500,
      ...({ title: 'Renamed', position: -7, removed: false, links: [{ kind: 'risk', ref: '999' }], partnershipId: 2, presenterPersonId: PERSON.police } as object),
    });
    expect(back.agenda.map((i) => i.id)).toEqual([ids[0], ids[2], ids[3], ids[4], itemId]);
    expect(back.agenda.at(-1)).toMatchObject({ id: itemId, title: 'B', presenterPersonId: null, links: [{ kind: 'risk', ref: String(RISK) }] });
    expect(placesAreDistinct(await agendaRows(server(), meetingId))).toBe(true);
  });

  it('is refused to an observer, a member, another board’s chair, another partnership and an ended session, each changing nothing', async () => {
    const [chair, police, council, observer] = await Promise.all([login(DEMO.chair), login(DEMO.police), login(DEMO.council), login(DEMO.observer)]);
    const { meetingId, ids } = await meeting(chair, { start: true });
    const itemId = ids[1]!;
    const farshire = await otherPartnership();
    const outsider = await new ApiClient(server().url).login(farshire.email, farshire.password);
    const before = await agendaRows(server(), meetingId);

    // Over the socket as well as REST: the same refusals.
    for (const who of [police, council, observer]) {
      expect(refusal(await run(who, 'agenda:restore', { meetingId, itemId, toIndex: 0 }))).toMatchObject({ status: 403, code: 'FORBIDDEN' });
      expect(await send(await connectSocket(who), 'agenda:restore', { meetingId, itemId })).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    }
    // Another partnership: our meeting is "not found" for them, whatever the pair they forge.
    expect(refusal(await run(outsider, 'agenda:restore', { meetingId, itemId }))).toMatchObject({ status: 404, code: 'NOT_FOUND' });
    expect(refusal(await run(outsider, 'agenda:restore', { meetingId: farshire.meetingId, itemId }))).toMatchObject({ status: 404, code: 'NOT_FOUND' });
    expect(await send(await connectSocket(outsider), 'agenda:restore', { meetingId, itemId })).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
    // Their own item, removed, restored through our meeting's id by their admin: not ours to touch, not theirs here.
    await server().services.agenda.remove((await loadActor(server().ctx, farshire.personId))!, farshire.meetingId, farshire.agendaItemId);
    expect(refusal(await run(outsider, 'agenda:restore', { meetingId, itemId: farshire.agendaItemId }))).toMatchObject({ status: 404, code: 'NOT_FOUND' });
    expect(refusal(await run(chair, 'agenda:restore', { meetingId, itemId: farshire.agendaItemId }))).toMatchObject({ status: 404, code: 'NOT_FOUND' });
    expect(refusal(await run(chair, 'agenda:restore', { meetingId: farshire.meetingId, itemId: farshire.agendaItemId }))).toMatchObject({ status: 404, code: 'NOT_FOUND' });

    // A session that has ended: REST says so; a socket opened before the sign-out is answered, never run.
    const leaving = await login(DEMO.chair);
    const socket = await connectSocket(leaving);
    const oldCookie = leaving.sessionCookie!;
    expect((await leaving.post('/api/auth/logout')).status).toBe(204);
    // The ended session's own cookie, replayed.
    const replay = new ApiClient(server().url).adopt(oldCookie);
    expect(refusal(await run(replay, 'agenda:restore', { meetingId, itemId }))).toMatchObject({ status: 401 });
    if (socket.connected) {
      const reply = await Promise.race([send(socket, 'agenda:restore', { meetingId, itemId }), new Promise((resolve) => socket.once('disconnect', () => resolve('disconnected')))]);
      expect(['disconnected', 'SESSION_EXPIRED']).toContain(reply === 'disconnected' ? reply : (reply as { error: { code: string } }).error.code);
    }
    expect(await agendaRows(server(), meetingId)).toEqual(before);
    expect(await restores(server(), meetingId)).toBe(0);
  });

  it('never restores another meeting’s item, an item never removed, nor anything in a closed or signed-off meeting', async () => {
    const [chair, admin] = await Promise.all([login(DEMO.chair), login(DEMO.admin)]);
    const one = await meeting(chair);
    const two = await meeting(chair, { start: true });
    // The Operational Group's meeting (chaired by council), with a removed item of its own.
    const council = await login(DEMO.council);
    const og = (await ok(council, 'meeting:create', { boardId: BOARD.og, startsAt: meetingToday() })).id;
    const ogItem = (await ok(council, 'agenda:add', { meetingId: og, title: 'OG item' })).agenda[0]!.id;
    await ok(council, 'agenda:remove', { meetingId: og, itemId: ogItem });
    const snapshot = async () => JSON.stringify([await agendaRows(server(), one.meetingId), await agendaRows(server(), two.meetingId), await agendaRows(server(), og)]);
    const before = await snapshot();

    // Another meeting of the same board, and another board's meeting: the pair is forged.
    expect(refusal(await run(chair, 'agenda:restore', { meetingId: one.meetingId, itemId: two.ids[1]! }))).toMatchObject({ status: 404, code: 'NOT_FOUND' });
    expect(refusal(await run(admin, 'agenda:restore', { meetingId: one.meetingId, itemId: ogItem }))).toMatchObject({ status: 404, code: 'NOT_FOUND' });
    // The Improvement Board's chair does not run the Operational Group.
    expect(refusal(await run(chair, 'agenda:restore', { meetingId: og, itemId: ogItem })).status).toBeGreaterThanOrEqual(403);
    // Never removed: nothing to put back.
    expect(refusal(await run(chair, 'agenda:restore', { meetingId: one.meetingId, itemId: one.ids[0]! }))).toMatchObject({ status: 409, code: 'CONFLICT' });
    expect(await snapshot()).toBe(before);

    // Closed: the removed item stays removed, for the chair and an admin; its item named from another meeting, still not found.
    await ok(chair, 'meeting:close', { meetingId: two.meetingId });
    for (const who of [chair, admin]) expect(refusal(await run(who, 'agenda:restore', { meetingId: two.meetingId, itemId: two.ids[1]! }))).toMatchObject({ status: 409, code: 'CONFLICT' });
    expect(refusal(await run(chair, 'agenda:restore', { meetingId: one.meetingId, itemId: two.ids[1]! }))).toMatchObject({ status: 404, code: 'NOT_FOUND' });
    // Signed off: refused, and the attempt goes on the record.
    await ok(chair, 'meeting:sign-off', { meetingId: two.meetingId });
    expect(refusal(await run(chair, 'agenda:restore', { meetingId: two.meetingId, itemId: two.ids[1]! }))).toMatchObject({ status: 409, code: 'CONFLICT' });
    const refusedEdits = await server().ctx.database.sql.all<{ detail: string }>("select detail from audit_log where action = 'meeting.edit_refused' and entity_id = ?", [two.meetingId]);
    expect(refusedEdits.map((r) => JSON.parse(r.detail) as { attempted: string }).map((d) => d.attempted)).toContain('restore agenda item');
    expect(await snapshot()).toBe(before);
    expect(await restores(server(), one.meetingId) + await restores(server(), two.meetingId) + await restores(server(), og)).toBe(0);
  });

  it('a restored item keeps its own links: none can be re-pointed while it is removed, and another partnership’s record is never linked', async () => {
    const chair = await login(DEMO.chair);
    const { meetingId, ids } = await meeting(chair);
    const itemId = ids[1]!;
    const farshire = await otherPartnership();
    // While removed, its links cannot be changed (to another partnership's risk, or at all).
    expect(refusal(await run(chair, 'agenda:update', { meetingId, itemId, links: [{ kind: 'risk', ref: String(farshire.riskId) }] }))).toMatchObject({ status: 404, code: 'NOT_FOUND' });
    expect(refusal(await run(chair, 'agenda:update', { meetingId, itemId, title: 'Renamed while removed' }))).toMatchObject({ status: 404, code: 'NOT_FOUND' });
    const back = await ok(chair, 'agenda:restore', { meetingId, itemId });
    expect(back.agenda.find((i) => i.id === itemId)).toMatchObject({ title: 'B', links: [{ kind: 'risk', ref: String(RISK) }] });
    // Once back, linking another partnership's risk is refused as it always was.
    expect(refusal(await run(chair, 'agenda:update', { meetingId, itemId, links: [{ kind: 'risk', ref: String(farshire.riskId) }] }))).toMatchObject({ status: 400, code: 'VALIDATION_FAILED', paths: ['links.0.ref'] });
    expect(JSON.stringify(back)).not.toMatch(new RegExp(farshire.names.join('|')));
  });

  it('tells the board room and the partnership, and nobody of another partnership hears it', async () => {
    const [chair, observer] = await Promise.all([login(DEMO.chair), login(DEMO.observer)]);
    const { meetingId, ids } = await meeting(chair, { start: true });
    const farshire = await otherPartnership();
    const outsider = await connectSocket(await new ApiClient(server().url).login(farshire.email, farshire.password));
    const outsiderHeard: [string, unknown][] = [];
    for (const event of ['meeting:state', 'rows:changed', 'presence:changed'] as const) outsider.on(event, (e: unknown) => outsiderHeard.push([event, e]));
    const own = await send(outsider, 'board:join', { boardId: farshire.boardId });
    expect(own, JSON.stringify(own)).toMatchObject({ ok: true });
    // Even naming our board, they are not let into its room.
    expect(await send(outsider, 'board:join', { boardId: BOARD.ib })).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    expect(await send(outsider, 'board:join', { boardId: BOARD.ib, screen: true })).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });

    // An observer of the board hears the restore, as every page at the board does.
    const watcher = await connectSocket(observer);
    const heard: MeetingState[] = [];
    watcher.on('meeting:state', (s) => heard.push(s));
    expect(await send(watcher, 'board:join', { boardId: BOARD.ib })).toMatchObject({ ok: true });
    await ok(chair, 'agenda:restore', { meetingId, itemId: ids[1]! });
    await vi.waitFor(() => expect(heard.some((s) => s.meeting.id === meetingId && s.agenda.some((i) => i.id === ids[1]))).toBe(true));
    // A later change of their own reaches the outsider; nothing of ours came before it.
    await server().services.agenda.add((await loadActor(server().ctx, farshire.personId))!, { meetingId: farshire.meetingId, title: 'Farshire marker', presenterPersonId: null, presenterAgencyId: null, minutes: 10, links: [] });
    await vi.waitFor(() => expect(outsiderHeard.some(([event]) => event === 'meeting:state')).toBe(true));
    expect(JSON.stringify(outsiderHeard)).not.toContain('"B"');
    for (const [event, e] of outsiderHeard as [string, { meeting?: { id: number }; kind?: string; ids?: number[] }][]) {
      if (event === 'meeting:state') expect(e.meeting!.id).toBe(farshire.meetingId);
      if (event === 'rows:changed' && e.kind === 'meeting') expect(e.ids).not.toContain(meetingId);
    }
    // The record of it is the partnership's: the other partnership's administrator cannot read our audit.
    const theirs = await new ApiClient(server().url).login(farshire.email, farshire.password);
    expect([403, 404]).toContain((await theirs.get(`${P}/audit`)).status);
  });

  it('a move racing a restore never leaves two items in one place', async () => {
    const chair = await login(DEMO.chair);
    const { meetingId, ids } = await meeting(chair);
    const actor = (await loadActor(server().ctx, PERSON.chair))!;
    const agenda = server().services.agenda;
    /** Starts `f` a few turns later, so that every interleaving of the two commands' steps is tried. */
    const later = async <T>(turns: number, f: () => Promise<T>): Promise<T> => {
      for (let i = 0; i < turns; i++) await Promise.resolve();
      return f();
    };
    for (let turns = 0; turns < 12; turns++) {
      for (const [first, second] of [
        [() => agenda.restore(actor, meetingId, ids[1]!), () => agenda.move(actor, meetingId, ids[4]!, 0)],
        [() => agenda.move(actor, meetingId, ids[4]!, 0), () => agenda.restore(actor, meetingId, ids[1]!)],
      ] as const) {
        const raced = await Promise.allSettled([first(), later(turns, second)]);
        // Each either happened or was refused as a conflict; never both half-applied.
        for (const r of raced) if (r.status === 'rejected') expect((r.reason as AppError).code).toBe('CONFLICT');
        const rows = await agendaRows(server(), meetingId);
        expect({ turns, distinct: placesAreDistinct(rows) }).toEqual({ turns, distinct: true });
        const state = (await chair.get<MeetingState>(`${P}/meetings/${meetingId}`)).body;
        expect(state.agenda.map((i) => i.position)).toEqual(state.agenda.map((_, n) => n));
        if (rows.find((r) => r.id === ids[1])!.removed === 0) await ok(chair, 'agenda:remove', { meetingId, itemId: ids[1]! });
      }
    }
  });

  it('a restore racing a remove, and a restore racing the close, leave one consistent agenda', async () => {
    const chair = await login(DEMO.chair);
    const { meetingId, ids } = await meeting(chair, { start: true });
    const actor = (await loadActor(server().ctx, PERSON.chair))!;
    const { agenda, meetings } = server().services;
    // Restoring B while removing C: both happen, each item in its own place.
    const both = await Promise.allSettled([agenda.restore(actor, meetingId, ids[1]!), agenda.remove(actor, meetingId, ids[2]!)]);
    expect(both.map((r) => r.status)).toEqual(['fulfilled', 'fulfilled']);
    let rows = await agendaRows(server(), meetingId);
    expect(rows.filter((r) => !r.removed).map((r) => r.id)).toEqual([ids[0], ids[1], ids[3], ids[4]]);
    expect(placesAreDistinct(rows)).toBe(true);
    // Restoring C while removing it again cannot both succeed: it is off the agenda, so the remove is refused.
    const same = await Promise.allSettled([agenda.restore(actor, meetingId, ids[2]!), agenda.remove(actor, meetingId, ids[2]!)]);
    expect(same.filter((r) => r.status === 'fulfilled').length).toBeGreaterThanOrEqual(1);
    rows = await agendaRows(server(), meetingId);
    expect(placesAreDistinct(rows)).toBe(true);
    if (rows.find((r) => r.id === ids[2])!.removed === 0) await ok(chair, 'agenda:remove', { meetingId, itemId: ids[2]! });

    // Restore racing the close: if it lost, the item stays removed; never put back after the meeting closed.
    const raced = await Promise.allSettled([meetings.close(actor, meetingId), agenda.restore(actor, meetingId, ids[2]!)]);
    expect(raced[0].status).toBe('fulfilled');
    const restored = (await agendaRows(server(), meetingId)).find((r) => r.id === ids[2])!.removed === 0;
    if (raced[1].status === 'rejected') {
      expect((raced[1].reason as AppError).code).toBe('CONFLICT');
      expect(restored).toBe(false);
    } else expect(restored).toBe(true);
    const order = await server().ctx.database.sql.all<{ action: string }>(
      "select action from audit_log where entity_type = 'meeting' and entity_id = ? and action in ('meeting.close', 'meeting.agenda_restore') order by id",
      [meetingId],
    );
    expect(order.at(-1)!.action).toBe('meeting.close');
    expect(refusal(await run(chair, 'agenda:restore', { meetingId, itemId: ids[2]! }))).toMatchObject({ status: 409, code: 'CONFLICT' });
  });

  it('many restores of one item at once, over sockets: it comes back once', async () => {
    const [chair, admin] = await Promise.all([login(DEMO.chair), login(DEMO.admin)]);
    const { meetingId, ids } = await meeting(chair);
    const sockets = await Promise.all([connectSocket(chair), connectSocket(admin), connectSocket(chair), connectSocket(admin)]);
    const replies = await Promise.all(sockets.flatMap((s, n) => [send(s, 'agenda:restore', { meetingId, itemId: ids[1]! }), send(s, 'agenda:restore', { meetingId, itemId: ids[1]!, toIndex: n })]));
    expect(replies.filter((r) => r.ok)).toHaveLength(1);
    for (const r of replies.filter((x) => !x.ok)) expect(r).toMatchObject({ ok: false, error: { code: 'CONFLICT' } });
    const rows = await agendaRows(server(), meetingId);
    expect(rows.every((r) => r.removed === 0)).toBe(true);
    expect(placesAreDistinct(rows)).toBe(true);
    expect(await restores(server(), meetingId)).toBe(1);
  });
});
