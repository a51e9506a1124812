import { describe, expect, it, vi } from 'vitest';
import { loadActor } from '../../server/core/actors.js';
import type { AppError } from '../../shared/errors.js';
import { SOCKET_LIMITS } from '../../shared/limits.js';
import { docName } from '../../shared/protocol/yjs.js';
import { MEETING_DOC, type MeetingState } from '../../shared/schemas/meeting.js';
import { ApiClient, DEMO } from '../helpers/http.js';
import { meetingToday } from '../helpers/meeting-time.js';
import { BOARD, PERSON, ok, refusal, run } from '../helpers/plans.js';
import { addSecondPartnership } from '../helpers/second-partnership.js';
import { useTestServer, type TestServer } from '../helpers/server.js';
import { openDoc } from '../helpers/yjs.js';

/*
 * Issue 16: Undo of an agenda item's removal puts the item back as itself ("agenda:restore"): the same
 * id, at the place it had, with the notes typed under it in the meeting doc, its actions and its papers.
 * Whoever may remove it may put it back; nobody else, and never twice.
 */

const RISK = 1;

/** How many times the item was put back, on the record. */
const restoresOf = async (server: TestServer, meetingId: number, itemId: number): Promise<number> =>
  (await server.ctx.database.sql.all<{ detail: string }>("select detail from audit_log where action = 'meeting.agenda_restore' and entity_id = ?", [meetingId])).filter(
    (r) => (JSON.parse(r.detail) as { itemId?: number }).itemId === itemId,
  ).length;

/** The rows a refused restore must leave as they were: the item's flag and every position. */
const agendaRows = async (server: TestServer, meetingId: number): Promise<string> =>
  JSON.stringify(await server.ctx.database.sql.all('select id, position, removed from agenda_items where meeting_id = ? order by id', [meetingId]));

describe('putting a removed agenda item back', () => {
  // Commands per person share the sockets' rate limit; these tests send many in a row.
  const server = useTestServer({ socketLimits: { ...SOCKET_LIMITS, commandsPerSecond: 10_000, commandBurst: 10_000 } });
  const login = (email: string) => new ApiClient(server().url).login(email);

  /** Today's Improvement Board meeting with three items (the second linked to a risk), started when asked. */
  async function meeting(chair: ApiClient, start: boolean): Promise<{ meetingId: number; ids: number[] }> {
    const meetingId = (await ok(chair, 'meeting:create', { boardId: BOARD.ib, startsAt: meetingToday() })).id;
    await ok(chair, 'agenda:add', { meetingId, title: 'Welcome' });
    await ok(chair, 'agenda:add', { meetingId, title: 'The escalated risk', links: [{ kind: 'risk', ref: String(RISK) }] });
    const state = await ok(chair, 'agenda:add', { meetingId, title: 'Any other business' });
    if (start) await ok(chair, 'meeting:start', { meetingId });
    return { meetingId, ids: state.agenda.map((i) => i.id) };
  }

  it('keeps the id, the place, the notes typed under it, its actions and papers, and tells every open page', async () => {
    const chair = await login(DEMO.chair);
    const { meetingId, ids } = await meeting(chair, true);
    const itemId = ids[1]!;
    // Notes typed under the item in the meeting doc, projected to its row; an action and a paper agreed under it.
    const notes = openDoc(chair, docName('meeting', meetingId));
    await notes.synced();
    notes.doc.getText(MEETING_DOC.notes(itemId)).insert(0, 'The board went through the risk.');
    await vi.waitFor(async () => expect((await chair.get<MeetingState>(`/api/partnerships/1/meetings/${meetingId}`)).body.agenda[1]!.notes).toBe('The board went through the risk.'));
    const action = await ok(chair, 'action:create', { meetingId, itemId, description: 'Report back on the risk', ownerId: PERSON.police, dueDate: meetingToday().slice(0, 10) });
    await ok(chair, 'paper:add', { meetingId, itemId, title: 'Risk briefing', authorPersonId: PERSON.health });

    const removed = await ok(chair, 'agenda:remove', { meetingId, itemId });
    expect(removed.agenda.map((i) => i.id)).toEqual([ids[0], ids[2]]);

    const events: { command: string; recheck: unknown[]; ids: number[] }[] = [];
    const stop = server().ctx.bus.on('meeting.changed', (e) => events.push({ command: e.command, recheck: e.recheck, ids: e.state.agenda.map((i) => i.id) }));
    try {
      const back = await ok(chair, 'agenda:restore', { meetingId, itemId });
      // The same item, in second place again, with its notes, action and paper.
      expect(back.agenda.map((i) => i.id)).toEqual(ids);
      expect(back.agenda[1]).toMatchObject({ id: itemId, position: 1, title: 'The escalated risk', notes: 'The board went through the risk.', links: [{ kind: 'risk', ref: String(RISK) }] });
      expect(back.actions.find((a) => a.id === action.id)).toMatchObject({ itemId, itemTitle: 'The escalated risk' });
      expect(back.papers.filter((p) => p.itemId === itemId).map((p) => p.title)).toEqual(['Risk briefing']);
      // Announced to the board room as every agenda change is; the risk it links lends its pen again.
      expect(events).toEqual([{ command: 'agenda.restore', recheck: [{ kind: 'risk', id: RISK }], ids }]);
    } finally {
      stop();
    }
    // The notes are still in the doc under the same key, so the page shows them as they were.
    expect(notes.doc.getText(MEETING_DOC.notes(itemId)).toString()).toBe('The board went through the risk.');
    notes.destroy();
    expect(await restoresOf(server(), meetingId, itemId)).toBe(1);

    // At a given place: removed again and put back first.
    await ok(chair, 'agenda:remove', { meetingId, itemId });
    expect((await ok(chair, 'agenda:restore', { meetingId, itemId, toIndex: 0 })).agenda.map((i) => i.id)).toEqual([itemId, ids[0], ids[2]]);
    // Past the end: last.
    await ok(chair, 'agenda:remove', { meetingId, itemId });
    expect((await ok(chair, 'agenda:restore', { meetingId, itemId, toIndex: 99 })).agenda.map((i) => i.id)).toEqual([ids[0], ids[2], itemId]);
  });

  it('is refused to everyone who may not remove it, and for an item of another meeting or partnership, changing nothing', async () => {
    const [chair, police, council, observer] = await Promise.all([login(DEMO.chair), login(DEMO.police), login(DEMO.council), login(DEMO.observer)]);
    const { meetingId, ids } = await meeting(chair, false);
    const itemId = ids[1]!;
    await ok(chair, 'agenda:remove', { meetingId, itemId });
    const other = await meeting(chair, false);
    await ok(chair, 'agenda:remove', { meetingId: other.meetingId, itemId: other.ids[0]! });
    const farshire = await addSecondPartnership(server());
    const outsider = await new ApiClient(server().url).login(farshire.email, farshire.password);
    const before = await agendaRows(server(), meetingId);

    // A member, the chair of another board, an observer: they see the meeting and may not change its agenda.
    for (const who of [police, council, observer]) expect(refusal(await run(who, 'agenda:restore', { meetingId, itemId }))).toMatchObject({ status: 403, code: 'FORBIDDEN' });
    // Another partnership's administrator: our meeting is not there for them; nor may our chair name theirs.
    expect(refusal(await run(outsider, 'agenda:restore', { meetingId, itemId }))).toMatchObject({ status: 404, code: 'NOT_FOUND' });
    expect(refusal(await run(chair, 'agenda:restore', { meetingId: farshire.meetingId, itemId: farshire.agendaItemId }))).toMatchObject({ status: 404, code: 'NOT_FOUND' });
    // A forged pair: this meeting with another meeting's removed item, or another partnership's item.
    expect(refusal(await run(chair, 'agenda:restore', { meetingId, itemId: other.ids[0]! }))).toMatchObject({ status: 404, code: 'NOT_FOUND' });
    expect(refusal(await run(chair, 'agenda:restore', { meetingId, itemId: farshire.agendaItemId }))).toMatchObject({ status: 404, code: 'NOT_FOUND' });
    expect(refusal(await run(chair, 'agenda:restore', { meetingId, itemId: 999_999 }))).toMatchObject({ status: 404, code: 'NOT_FOUND' });
    // An item on the agenda already: nothing to put back.
    const live = await run(chair, 'agenda:restore', { meetingId, itemId: ids[0]! });
    expect(refusal(live)).toMatchObject({ status: 409, code: 'CONFLICT' });
    expect(JSON.stringify(live.body)).toContain('on the agenda already');
    expect(await agendaRows(server(), meetingId)).toBe(before);
    expect(await restoresOf(server(), meetingId, itemId)).toBe(0);
    expect(await restoresOf(server(), other.meetingId, other.ids[0]!)).toBe(0);
  });

  it('is refused once the meeting has closed, as removing is', async () => {
    const chair = await login(DEMO.chair);
    const { meetingId, ids } = await meeting(chair, true);
    await ok(chair, 'agenda:remove', { meetingId, itemId: ids[2]! });
    await ok(chair, 'meeting:close', { meetingId });
    const before = await agendaRows(server(), meetingId);
    expect(refusal(await run(chair, 'agenda:remove', { meetingId, itemId: ids[0]! }))).toMatchObject({ status: 409, code: 'CONFLICT' });
    expect(refusal(await run(chair, 'agenda:restore', { meetingId, itemId: ids[2]! }))).toMatchObject({ status: 409, code: 'CONFLICT' });
    const admin = await login(DEMO.admin);
    expect(refusal(await run(admin, 'agenda:restore', { meetingId, itemId: ids[2]! }))).toMatchObject({ status: 409, code: 'CONFLICT' });
    expect(await agendaRows(server(), meetingId)).toBe(before);
  });

  it('twice at once: one puts it back, the other is told it is back already, and it is back once', async () => {
    const [chair, admin] = await Promise.all([login(DEMO.chair), login(DEMO.admin)]);
    const { meetingId, ids } = await meeting(chair, false);
    const itemId = ids[1]!;
    await ok(chair, 'agenda:remove', { meetingId, itemId });
    const answers = await Promise.all([run(chair, 'agenda:restore', { meetingId, itemId }), run(admin, 'agenda:restore', { meetingId, itemId, toIndex: 0 })]);
    expect(answers.map((a) => a.status).sort()).toEqual([200, 409]);
    const lost = answers.find((a) => a.status !== 200)!;
    expect(refusal(lost).code).toBe('CONFLICT');
    expect(JSON.stringify(lost.body)).toMatch(/on the agenda already/);
    const agenda = (await chair.get<MeetingState>(`/api/partnerships/1/meetings/${meetingId}`)).body.agenda.map((i) => i.id);
    expect(agenda.filter((id) => id === itemId)).toHaveLength(1);
    expect(agenda).toHaveLength(3);
    expect(await restoresOf(server(), meetingId, itemId)).toBe(1);

    // The same race inside one process tick: both pass the service's checks before either writes, and
    // the write's own re-check (in its transaction) refuses the second. The item's own place is where the
    // first race left it (the top, if the administrator's restore won it).
    await ok(chair, 'agenda:remove', { meetingId, itemId });
    const actor = (await loadActor(server().ctx, PERSON.chair))!;
    const raced = await Promise.allSettled([server().services.agenda.restore(actor, meetingId, itemId), server().services.agenda.restore(actor, meetingId, itemId, 0)]);
    expect(raced.map((r) => r.status).sort()).toEqual(['fulfilled', 'rejected']);
    const reason = (raced.find((r) => r.status === 'rejected') as PromiseRejectedResult).reason as AppError;
    expect([reason.code, reason.message]).toEqual(['CONFLICT', 'That item is on the agenda already; there is nothing to put back.']);
    expect(await restoresOf(server(), meetingId, itemId)).toBe(2);
    // Back where the one that won put it: its own place, or the top (which one wins is the engine's timing).
    const toTop = raced[1]!.status === 'fulfilled';
    expect((await chair.get<MeetingState>(`/api/partnerships/1/meetings/${meetingId}`)).body.agenda.map((i) => i.id)).toEqual(toTop ? [itemId, ...ids.filter((id) => id !== itemId)] : agenda);
  });
});
