import { beforeAll, describe, expect, it, vi } from 'vitest';
import { SOCKET_LIMITS } from '../../shared/limits.js';
import type { AuditEntry } from '../../shared/schemas/admin.js';
import type { MeetingState, MeetingSummary } from '../../shared/schemas/meeting.js';
import type { AckReply } from '../../shared/protocol/socket.js';
import { ApiClient, DEMO } from '../helpers/http.js';
import { useTestServer } from '../helpers/server.js';
import { meetingToday } from '../helpers/meeting-time.js';
import { connectSocket, send, type BoardClient } from '../helpers/socket.js';

const P = '/api/partnerships/1';
const IB = 1;

function ok<T>(reply: AckReply<T>): T {
  if (!reply.ok) throw new Error(`command refused: ${JSON.stringify(reply)}`);
  return reply.data;
}

/** A meeting of the Improvement Board brought to `stage` by its chair, with two agenda items. */
async function meetingAt(chair: BoardClient, stage: 'scheduled' | 'in_progress' | 'closed'): Promise<MeetingState> {
  const m = ok(await send<MeetingSummary>(chair, 'meeting:create', { boardId: IB, title: 'Test meeting', startsAt: meetingToday() }));
  ok(await send(chair, 'agenda:add', { meetingId: m.id, title: 'First item' }));
  let state = ok(await send<MeetingState>(chair, 'agenda:add', { meetingId: m.id, title: 'Second item', minutes: 20 }));
  if (stage !== 'scheduled') state = ok(await send<MeetingState>(chair, 'meeting:start', { meetingId: m.id }));
  if (stage === 'closed') state = ok(await send<MeetingState>(chair, 'meeting:close', { meetingId: m.id }));
  return state;
}

describe('only the chair (or an admin) runs a meeting', () => {
  // The matrix below drives each role far faster than a person could: the per-person command budget is raised for it.
  const server = useTestServer({ socketLimits: { ...SOCKET_LIMITS, commandsPerSecond: 10_000, commandBurst: 10_000 } });

  beforeAll(async () => {
    const { createPartnership } = await import('../../server/features/admin/partnerships.js');
    await createPartnership(server().ctx, {
      name: 'Elsewhere',
      agency: { name: 'Elsewhere Police', kind: 'police' },
      admin: { name: 'Else Admin', email: 'else@elsewhere.test', password: 'elsewhere-pass' },
    });
  });

  const clients = new Map<string, Promise<ApiClient>>();
  function clientOf(who: string): Promise<ApiClient> {
    // Signing in hashes a password: once per role for the file's REST calls.
    if (!clients.has(who)) {
      const c = new ApiClient(server().url);
      clients.set(who, who === 'outsider' ? c.login('else@elsewhere.test', 'elsewhere-pass') : c.login(DEMO[who as keyof typeof DEMO]));
    }
    return clients.get(who)!;
  }

  async function socketOf(who: string): Promise<BoardClient> {
    return connectSocket(await clientOf(who));
  }

  type Step = 'meeting:start' | 'meeting:advance' | 'meeting:close' | 'meeting:sign-off';
  const stageFor: Record<Step, 'scheduled' | 'in_progress' | 'closed'> = {
    'meeting:start': 'scheduled',
    'meeting:advance': 'in_progress',
    'meeting:close': 'in_progress',
    'meeting:sign-off': 'closed',
  };
  const roles: [string, boolean, string | null][] = [
    ['admin', true, null],
    ['chair', true, null],
    ['police', false, 'FORBIDDEN'],
    ['health', false, 'FORBIDDEN'],
    ['schools', false, 'FORBIDDEN'],
    // Council chairs the Operational Group but is a member of the Improvement Board.
    ['council', false, 'FORBIDDEN'],
    ['observer', false, 'FORBIDDEN'],
    ['outsider', false, 'NOT_FOUND'],
  ];
  const matrix = (Object.keys(stageFor) as Step[]).flatMap((step) => roles.map(([who, allowed, code]) => [step, who, allowed, code] as const));

  it.each(matrix)('%s by %s → allowed %s (%s)', async (step, who, allowed, code) => {
    const chair = await socketOf('chair');
    const before = await meetingAt(chair, stageFor[step]);
    const meetingId = before.meeting.id;
    const socket = who === 'chair' ? chair : await socketOf(who);
    const payload = step === 'meeting:advance' ? { meetingId, itemId: before.agenda[1]!.id } : { meetingId };
    const reply = await send<MeetingState>(socket, step, payload);
    const admin = await clientOf('admin');
    const after = (await admin.get<MeetingState>(`${P}/meetings/${meetingId}`)).body;
    if (allowed) {
      expect(reply.ok).toBe(true);
      const expected = { 'meeting:start': 'in_progress', 'meeting:advance': 'in_progress', 'meeting:close': 'closed', 'meeting:sign-off': 'signed_off' }[step];
      expect(after.meeting.status).toBe(expected);
      if (step === 'meeting:advance') expect(after.meeting.currentItemId).toBe(before.agenda[1]!.id);
      const audit = (await admin.get<AuditEntry[]>(`${P}/audit?entityType=meeting&limit=1`)).body[0]!;
      const action = { 'meeting:start': 'meeting.start', 'meeting:advance': 'meeting.advance', 'meeting:close': 'meeting.close', 'meeting:sign-off': 'meeting.sign_off' }[step];
      expect(audit).toMatchObject({ action, entityId: meetingId, actorName: who === 'admin' ? 'Priya Shah' : 'Margaret Ellison' });
      expect(Date.parse(audit.at)).not.toBeNaN();
    } else {
      expect(reply).toMatchObject({ ok: false, error: { code } });
      expect(after.meeting).toEqual(before.meeting);
    }
  });

  it('answers malformed payloads and wrong states with coded errors', async () => {
    const s = await socketOf('chair');
    expect(await send(s, 'meeting:start', { meetingId: 'one' })).toMatchObject({ ok: false, error: { code: 'VALIDATION_FAILED' } });
    expect(await send(s, 'meeting:create', { boardId: IB, startsAt: 'soon' })).toMatchObject({ ok: false, error: { code: 'VALIDATION_FAILED' } });
    const scheduled = await meetingAt(s, 'scheduled');
    expect(await send(s, 'meeting:close', { meetingId: scheduled.meeting.id })).toMatchObject({ ok: false, error: { code: 'CONFLICT' } });
    expect(await send(s, 'meeting:sign-off', { meetingId: scheduled.meeting.id })).toMatchObject({ ok: false, error: { code: 'CONFLICT' } });
    expect(await send(s, 'agenda:add', { meetingId: scheduled.meeting.id, title: 'Challenge', links: [{ kind: 'challenge', ref: '999' }] })).toMatchObject({ ok: false, error: { code: 'VALIDATION_FAILED' } });
  });

  it('pushes the new current item to every socket that joined the board', async () => {
    const s = await socketOf('chair');
    const state = await meetingAt(s, 'in_progress');
    const listeners = await Promise.all(['police', 'health', 'observer', 'admin'].map((w) => socketOf(w)));
    const heard = new Map<BoardClient, MeetingState[]>();
    for (const l of [...listeners, s]) {
      ok(await send(l, 'board:join', { boardId: IB }));
      heard.set(l, []);
      l.on('meeting:state', (e) => heard.get(l)!.push(e));
    }
    const second = state.agenda[1]!.id;
    ok(await send(s, 'meeting:advance', { meetingId: state.meeting.id, itemId: second }));
    for (const l of [...listeners, s]) {
      await vi.waitFor(() => expect(heard.get(l)!.some((e) => e.meeting.id === state.meeting.id && e.meeting.currentItemId === second)).toBe(true));
    }
    const pushed = heard.get(listeners[0]!)!.at(-1)!;
    expect(pushed.meeting.itemStartedAt).not.toBeNull();
  });

  it('keeps a raise-hand queue the chair sees and clears', async () => {
    const s = await socketOf('chair');
    const state = await meetingAt(s, 'in_progress');
    const police = await socketOf('police');
    const health = await socketOf('health');
    const observer = await socketOf('observer');
    const meetingId = state.meeting.id;
    ok(await send(police, 'hand:raise', { meetingId }));
    const raised = ok(await send<MeetingState>(health, 'hand:raise', { meetingId }));
    expect(raised.hands.map((h) => h.name)).toEqual(['DCI Tom Brennan', 'Dr Aisha Rahman']);
    expect(raised.hands[0]!.agencyName).toBe('Northshire Police');
    expect(await send(observer, 'hand:raise', { meetingId })).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    expect(await send(health, 'hand:lower', { meetingId, personId: raised.hands[0]!.personId })).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    const cleared = ok(await send<MeetingState>(s, 'hand:lower', { meetingId, personId: raised.hands[0]!.personId }));
    expect(cleared.hands.map((h) => h.name)).toEqual(['Dr Aisha Rahman']);
  });

  it('records attendance with deputies and guests, and shows quorum live', async () => {
    const s = await socketOf('chair');
    const state = await meetingAt(s, 'scheduled');
    const meetingId = state.meeting.id;
    const person = (name: string) => state.attendance.find((a) => a.name === name)!.personId;
    ok(await send(s, 'attendance:set', { meetingId, personId: person('Margaret Ellison'), status: 'present' }));
    ok(await send(s, 'attendance:set', { meetingId, personId: person('DCI Tom Brennan'), status: 'represented' }));
    ok(await send(s, 'attendance:set', { meetingId, personId: person('Sarah Okafor'), status: 'present' }));
    let now = ok(await send<MeetingState>(s, 'guest:add', { meetingId, name: 'Anita Desai', agency: 'Ofsted' }));
    expect(now.quorum).toMatchObject({ members: 7, required: 4, present: 3, chairPresent: true, met: false });
    expect(now.attendance.find((a) => a.name === 'DCI Tom Brennan')).toMatchObject({ status: 'represented', deputy: { name: 'DI Rachel Hughes' } });
    expect(now.guests).toMatchObject([{ name: 'Anita Desai', agency: 'Ofsted' }]);
    // A member sends their own apologies, but cannot mark another member.
    const health = await socketOf('health');
    now = ok(await send<MeetingState>(health, 'attendance:set', { meetingId, personId: person('Dr Aisha Rahman'), status: 'apologies' }));
    expect(now.attendance.find((a) => a.name === 'Dr Aisha Rahman')!.status).toBe('apologies');
    expect(await send(health, 'attendance:set', { meetingId, personId: person('Gareth Lloyd'), status: 'absent' })).toMatchObject({
      ok: false,
      error: { code: 'FORBIDDEN', message: 'Only the chair records the attendance of others.' },
    });
    // An observer is told what is true of them.
    const observer = await socketOf('observer');
    expect(await send(observer, 'attendance:set', { meetingId, personId: person('Claire Whitfield'), status: 'present' })).toMatchObject({
      ok: false,
      error: { code: 'FORBIDDEN', message: 'Observers do not record attendance.' },
    });
    now = ok(await send<MeetingState>(s, 'attendance:set', { meetingId, personId: person('Gareth Lloyd'), status: 'present' }));
    expect(now.quorum.met).toBe(true);
  });

  it('builds the agenda from the register, and reports attendance rates across meetings', async () => {
    const s = await socketOf('chair');
    const state = await meetingAt(s, 'scheduled');
    const built = ok(await send<MeetingState>(s, 'meeting:build-agenda', { meetingId: state.meeting.id }));
    const titles = built.agenda.map((i) => i.title);
    expect(titles.slice(0, 2)).toEqual(['First item', 'Second item']);
    expect(titles.some((t) => t.startsWith('Escalated risk R-001'))).toBe(true);
    expect(titles).toContain('Overdue mitigations');
    expect(titles).toContain('Overdue actions');
    // Building again adds nothing already there.
    expect(ok(await send<MeetingState>(s, 'meeting:build-agenda', { meetingId: state.meeting.id })).agenda).toHaveLength(built.agenda.length);
    const moved = ok(await send<MeetingState>(s, 'agenda:move', { meetingId: state.meeting.id, itemId: built.agenda.at(-1)!.id, toIndex: 0 }));
    expect(moved.agenda[0]!.title).toBe('Any other business');

    const admin = await clientOf('admin');
    const report = (await admin.get<{ meetings: number; people: { name: string; rate: number }[]; agencies: { name: string; rate: number }[] }>(`${P}/boards/${IB}/attendance-report`)).body;
    expect(report.meetings).toBeGreaterThanOrEqual(1);
    expect(report.people.find((p) => p.name === 'Dr Aisha Rahman')).toBeDefined();
    expect(report.agencies.find((a) => a.name === 'Northshire Police')).toBeDefined();
  });

  it('turns a captured action into a tracked record in the actions log', async () => {
    const s = await socketOf('chair');
    const state = await meetingAt(s, 'in_progress');
    const police = await socketOf('police');
    const created = ok(await send<{ id: number; reference: string; status: string; overdue: boolean }>(police, 'action:create', {
      meetingId: state.meeting.id,
      itemId: state.agenda[0]!.id,
      description: 'Review MASH staffing with the ICB',
      ownerId: 4,
      dueDate: '2026-01-10',
    }));
    expect(created).toMatchObject({ status: 'open', overdue: true });
    const observer = await socketOf('observer');
    expect(await send(observer, 'action:create', { meetingId: state.meeting.id, description: 'x x x', ownerId: 4, dueDate: '2027-01-10' })).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    const health = await clientOf('health');
    const log = (await health.get<{ id: number; meetingId: number; itemTitle: string }[]>(`${P}/actions?boardId=${IB}`)).body;
    expect(log.find((a) => a.id === created.id)).toMatchObject({ meetingId: state.meeting.id, itemTitle: 'First item' });
    // The owner is told it is theirs; the person who captured it is not.
    const told = (await health.get<{ items: { kind: string; text: string }[] }>('/api/notifications')).body.items;
    expect(told.find((n) => n.kind === 'action_assigned')?.text).toMatch(/Review MASH staffing with the ICB: yours, due 10 January 2026/);
    const policeTold = (await (await clientOf('police')).get<{ items: { kind: string }[] }>('/api/notifications')).body.items;
    expect(policeTold.filter((n) => n.kind === 'action_assigned')).toEqual([]);
    // The owner moves it on; someone else on the board cannot.
    expect(await send(police, 'action:update', { actionId: created.id, status: 'done' })).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    const healthSocket = await connectSocket(health);
    expect(ok(await send<{ status: string; overdue: boolean }>(healthSocket, 'action:update', { actionId: created.id, status: 'done' }))).toMatchObject({ status: 'done', overdue: false });
  });
});
