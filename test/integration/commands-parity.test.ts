import { NPSA_MATRIX } from '../../shared/domain/scoring.js';
import { describe, expect, it } from 'vitest';
import { COMMAND_NAMES, commandPath, type CommandName } from '../../shared/protocol/commands.js';
import { SOCKET_LIMITS } from '../../shared/limits.js';
import { TestClock } from '../helpers/clock.js';
import { ApiClient, DEMO } from '../helpers/http.js';
import { startTestServer } from '../helpers/server.js';
import { connectSocket, send } from '../helpers/socket.js';

/**
 * Every command of the one command table, run over REST on one server and over Socket.io on another
 * started from the same database at the same moment, in the same order: the answers must be the same,
 * results and refusals alike. Then the same bad input over both channels of one server: the same error.
 */

type Results = Map<string, unknown>;
interface Step {
  name: CommandName;
  /** The payload, from what earlier steps answered (ids of what they created). */
  payload: (r: Results) => unknown;
  /** A label when one command runs more than once. */
  as?: string;
}

const id = (r: Results, key: string): number => (r.get(key) as { id: number }).id;
const meetingId = (r: Results): number => (r.get('meeting:create') as { id: number }).id;
const personOf = (r: Results): number => (r.get('person:create') as { person: { id: number } }).person.id;
const firstItem = (r: Results, key: string): number => (r.get(key) as { agenda: { id: number }[] }).agenda[0]!.id;

function steps(today: string): Step[] {
  const inTwoWeeks = new Date(Date.parse(`${today}T12:00:00Z`) + 14 * 86_400_000).toISOString().slice(0, 10);
  return [
    { name: 'risk:create', payload: () => ({ boardId: 2, title: 'Parity risk', leadAgencyId: 2, ownerId: 3, currentLikelihood: 3, currentImpact: 4 }) },
    { name: 'risk:change-owner', payload: (r) => ({ riskId: id(r, 'risk:create'), ownerId: 3 }) },
    { name: 'risk:escalate', payload: (r) => ({ riskId: id(r, 'risk:create'), reason: 'Needs the Improvement Board' }) },
    { name: 'risk:deescalate', payload: (r) => ({ riskId: id(r, 'risk:create'), reason: 'Back to the group' }) },
    { name: 'risk:close', payload: (r) => ({ riskId: id(r, 'risk:create'), reason: 'Mitigated in full' }) },
    { name: 'risk:reopen', payload: (r) => ({ riskId: id(r, 'risk:create'), reason: 'It came back' }) },
    { name: 'challenge:raise', payload: () => ({ boardId: 1, title: 'Parity challenge', question: 'Why?', directedAgencyId: 2, dueDate: inTwoWeeks }) },
    // Refused the same way on both channels: there is no response to submit yet, nor to accept or press.
    { name: 'challenge:submit', payload: (r) => ({ challengeId: id(r, 'challenge:raise') }) },
    { name: 'challenge:accept', payload: (r) => ({ challengeId: id(r, 'challenge:raise'), reason: 'Fine' }) },
    { name: 'challenge:press', payload: (r) => ({ challengeId: id(r, 'challenge:raise'), reason: 'More, please', dueDate: inTwoWeeks }) },
    { name: 'challenge:escalate', payload: (r) => ({ challengeId: id(r, 'challenge:raise'), reason: 'To the parent board' }) },
    { name: 'challenge:close', payload: (r) => ({ challengeId: id(r, 'challenge:raise'), reason: 'Done' }) },
    { name: 'board:quorum-rule', payload: () => ({ boardId: 1, percent: 50, chairRequired: true }) },
    { name: 'meeting:create', payload: () => ({ boardId: 1, title: 'Parity meeting', startsAt: `${today}T18:00:00.000Z`, location: 'Room 1' }) },
    { name: 'meeting:update', payload: (r) => ({ meetingId: meetingId(r), location: 'Room 2' }) },
    { name: 'agenda:add', payload: (r) => ({ meetingId: meetingId(r), title: 'Risk register' }) },
    { name: 'agenda:add', as: 'agenda:add 2', payload: (r) => ({ meetingId: meetingId(r), title: 'Any other business' }) },
    { name: 'agenda:update', payload: (r) => ({ meetingId: meetingId(r), itemId: firstItem(r, 'agenda:add'), title: 'The risk register' }) },
    { name: 'agenda:move', payload: (r) => ({ meetingId: meetingId(r), itemId: firstItem(r, 'agenda:add'), toIndex: 1 }) },
    { name: 'meeting:build-agenda', payload: (r) => ({ meetingId: meetingId(r) }) },
    { name: 'agenda:remove', payload: (r) => ({ meetingId: meetingId(r), itemId: firstItem(r, 'agenda:add') }) },
    { name: 'agenda:restore', payload: (r) => ({ meetingId: meetingId(r), itemId: firstItem(r, 'agenda:add') }) },
    { name: 'attendance:set', payload: (r) => ({ meetingId: meetingId(r), personId: 2, status: 'present' }) },
    { name: 'guest:add', payload: (r) => ({ meetingId: meetingId(r), name: 'A visiting inspector', agency: 'Ofsted' }) },
    { name: 'guest:remove', payload: (r) => ({ meetingId: meetingId(r), guestId: (r.get('guest:add') as { guests: { id: number }[] }).guests[0]!.id }) },
    { name: 'paper:add', payload: (r) => ({ meetingId: meetingId(r), itemId: (r.get('agenda:add 2') as { agenda: { id: number }[] }).agenda.at(-1)!.id, title: 'Performance report', authorPersonId: 4 }) },
    // A link is no paper: refused the same way on both channels.
    { name: 'paper:attach', payload: (r) => ({ meetingId: meetingId(r), paperId: (r.get('paper:add') as { papers: { id: number }[] }).papers.at(-1)!.id, evidenceId: 1 }) },
    { name: 'paper:remove', payload: (r) => ({ meetingId: meetingId(r), paperId: (r.get('paper:add') as { papers: { id: number }[] }).papers.at(-1)!.id }) },
    { name: 'pack:publish', payload: (r) => ({ meetingId: meetingId(r) }) },
    { name: 'meeting:start', payload: (r) => ({ meetingId: meetingId(r) }) },
    { name: 'meeting:advance', payload: (r) => ({ meetingId: meetingId(r), itemId: (r.get('meeting:start') as { agenda: { id: number }[] }).agenda[0]!.id }) },
    { name: 'hand:raise', payload: (r) => ({ meetingId: meetingId(r) }) },
    { name: 'hand:lower', payload: (r) => ({ meetingId: meetingId(r), personId: 2 }) },
    { name: 'action:create', payload: (r) => ({ meetingId: meetingId(r), description: 'Report back on the register', ownerId: 3, dueDate: inTwoWeeks }) },
    { name: 'action:update', payload: (r) => ({ actionId: id(r, 'action:create'), status: 'in_progress' }) },
    { name: 'meeting:close', payload: (r) => ({ meetingId: meetingId(r) }) },
    { name: 'meeting:sign-off', payload: (r) => ({ meetingId: meetingId(r) }) },
    { name: 'board:challenge-settings', payload: () => ({ boardId: 1, raiserMayDecide: true }) },
    { name: 'risk-matrix:save', payload: () => ({ ...NPSA_MATRIX, likelihood: ['Rare', 'Unlikely', 'Possible', 'Likely', 'Almost certain (parity)'] }) },
    // Refused alike: a 4×4 matrix while risks hold a 5.
    { name: 'risk-matrix:save', as: 'risk-matrix:save, 4×4', payload: () => ({ ...NPSA_MATRIX, size: 4, likelihood: NPSA_MATRIX.likelihood.slice(0, 4), impact: NPSA_MATRIX.impact.slice(0, 4), bands: [{ label: 'Low', min: 1, max: 16, colour: '#ffffff', textColour: '#000000' }] }) },
    { name: 'notifications:read', payload: () => ({ ids: 'all' }) },
    // The improvement plan: a recommendation, a plan at the Improvement Board answering it, and its RAG
    // decided against the suggestion (red: R-001 is above tolerance) with a rationale.
    { name: 'recommendation:create', payload: () => ({ source: 'Parity inspection', reportDate: today, number: 1, text: 'Strengthen the line of sight on frontline practice.' }) },
    { name: 'recommendation:update', payload: (r) => ({ recommendationId: id(r, 'recommendation:create'), number: 2 }) },
    { name: 'plan:create', payload: () => ({ boardId: 1, title: 'Parity plan' }) },
    { name: 'plan:update', payload: (r) => ({ planId: id(r, 'plan:create'), title: 'Parity plan, renamed' }) },
    { name: 'theme:create', payload: (r) => ({ planId: id(r, 'plan:create'), title: 'Parity theme' }) },
    { name: 'theme:update', payload: (r) => ({ themeId: id(r, 'theme:create'), title: 'Parity theme, renamed' }) },
    { name: 'objective:create', payload: (r) => ({ themeId: id(r, 'theme:create'), outcome: 'Parity outcome achieved', leadPersonId: 6, recommendationIds: [id(r, 'recommendation:create')], riskIds: [1] }) },
    { name: 'objective:update', payload: (r) => ({ objectiveId: id(r, 'objective:create'), outcome: 'Parity outcome achieved in full' }) },
    { name: 'plan-action:create', payload: (r) => ({ objectiveId: id(r, 'objective:create'), description: 'Audit the parity cases', dueDate: inTwoWeeks, leadOfficerIds: [4, 6], recommendationIds: [id(r, 'recommendation:create')] }) },
    { name: 'plan-action:update', payload: (r) => ({ actionId: id(r, 'plan-action:create'), status: 'at_risk' }) },
    { name: 'objective:set-rag', payload: (r) => ({ objectiveId: id(r, 'objective:create'), rag: 'amber', rationale: 'The risk is being brought within tolerance' }) },
    // Refused alike: the parity meeting is signed off, not in progress.
    { name: 'objective:propose-rag', payload: (r) => ({ meetingId: meetingId(r), objectiveId: id(r, 'objective:create'), rag: 'amber', rationale: 'Proposed at the parity meeting' }) },
    // The evidence store: a link and a note of impact, one relinked, the other removed.
    { name: 'evidence:add-link', payload: (r) => ({ title: 'Parity link', date: today, kind: 'document', url: 'https://example.org/parity', recommendationIds: [id(r, 'recommendation:create')] }) },
    { name: 'evidence:add-note', payload: (r) => ({ title: 'Parity note', date: today, kind: 'staff_feedback', note: 'Staff said the audits help', objectiveIds: [id(r, 'objective:create')] }) },
    { name: 'evidence:update', payload: (r) => ({ evidenceId: id(r, 'evidence:add-link'), kind: 'audit', riskIds: [1] }) },
    { name: 'evidence:remove', payload: (r) => ({ evidenceId: id(r, 'evidence:add-note') }) },
    // The scorecard: an indicator, England beside it, a month's value.
    { name: 'indicator:create', payload: (r) => ({ area: 'front_door', name: 'Parity re-referrals', polarity: 'smaller_is_better', unit: 'percentage', frequency: 'monthly', agencyId: 3, leadPersonId: 4, target: 15, tolerance: 3, objectiveIds: [id(r, 'objective:create')], riskIds: [1] }) },
    { name: 'indicator:update', payload: (r) => ({ indicatorId: id(r, 'indicator:create'), maintainedWithin: 0.5 }) },
    { name: 'indicator:set-comparators', payload: (r) => ({ indicatorId: id(r, 'indicator:create'), comparators: [{ kind: 'england', name: 'England', values: [{ period: today.slice(0, 7), value: 24.9 }] }] }) },
    { name: 'indicator:record-values', payload: (r) => ({ values: [{ indicatorId: id(r, 'indicator:create'), period: today.slice(0, 7), value: 14.8 }] }) },
    { name: 'partnership:settings', payload: () => ({ protectiveMarking: 'OFFICIAL' }) },
    { name: 'partnership:sso', payload: () => ({ label: 'Parity Council', issuerUrl: 'https://login.example.test/tenant/v2.0', clientId: 'parity', clientSecret: 'parity-secret', allowedDomains: ['example.test'], enabled: false }) },
    { name: 'agency:create', payload: () => ({ name: 'Parity agency', kind: 'other' }) },
    { name: 'agency:update', payload: (r) => ({ agencyId: id(r, 'agency:create'), name: 'Parity agency, renamed' }) },
    { name: 'person:create', payload: (r) => ({ name: 'Parity Person', email: 'parity@example.test', agencyId: id(r, 'agency:create') }) },
    { name: 'person:update', payload: (r) => ({ personId: personOf(r), jobTitle: 'Analyst' }) },
    { name: 'person:invite', payload: (r) => ({ personId: personOf(r) }) },
    { name: 'board:create', payload: () => ({ name: 'Parity board', parentBoardId: 1 }) },
    { name: 'board:update', payload: (r) => ({ boardId: id(r, 'board:create'), description: 'For the parity test' }) },
    { name: 'membership:add', payload: (r) => ({ boardId: id(r, 'board:create'), personId: personOf(r), role: 'member' }) },
    { name: 'membership:update', payload: (r) => ({ boardId: id(r, 'board:create'), membershipId: id(r, 'membership:add'), role: 'observer' }) },
    { name: 'membership:remove', payload: (r) => ({ boardId: id(r, 'board:create'), membershipId: id(r, 'membership:add') }) },
    // Refused alike: nothing to change.
    { name: 'board:update', as: 'board:update, nothing', payload: (r) => ({ boardId: id(r, 'board:create') }) },
  ];
}

/** Invitation links carry a random token: the same answer otherwise. */
const withoutTokens = (answer: Answer): unknown => JSON.parse(JSON.stringify(answer).replace(/\/invite\/[A-Za-z0-9_-]+/g, '/invite/<token>'));

/** What a channel answered, in one shape: the result, or the error body. */
type Answer = { ok: true; data: unknown } | { ok: false; error: unknown };

async function overRest(client: ApiClient, name: CommandName, payload: unknown): Promise<Answer> {
  const res = await client.post(commandPath(name), JSON.stringify(payload));
  return res.status === 200 ? { ok: true, data: res.body } : { ok: false, error: (res.body as { error: unknown }).error };
}

/** Budgets large enough for the whole plan at once: refusals here are the commands' own, never the rate's. */
const roomy = { ...SOCKET_LIMITS, commandsPerSecond: 10_000, commandBurst: 10_000 };

describe('one command table, two channels', () => {
  // Every command twice, over two servers: about 11 s on PostgreSQL alone, more on a loaded machine.
  it('every command answers the same over REST and Socket.io, results and refusals alike', { timeout: 90_000 }, async () => {
    const now = Date.now();
    const today = new Date(now).toISOString().slice(0, 10);
    // Both servers see the same moment, from a copy of the same seeded database.
    const clock = new TestClock(Date.parse(`${today}T09:00:00.000Z`));
    const [restServer, socketServer] = await Promise.all([startTestServer({ clock: clock.now, socketLimits: roomy }), startTestServer({ clock: clock.now, socketLimits: roomy })]);
    const rest = await new ApiClient(restServer.url).login(DEMO.admin);
    const socket = await connectSocket(await new ApiClient(socketServer.url).login(DEMO.admin));

    const plan = steps(today);
    const covered = new Set(plan.map((s) => s.name));
    expect(COMMAND_NAMES.filter((n) => !covered.has(n))).toEqual([]);

    const viaRest: Results = new Map();
    const viaSocket: Results = new Map();
    let succeeded = 0;
    for (const step of plan) {
      const a = await overRest(rest, step.name, step.payload(viaRest));
      const b = (await send(socket, step.name, step.payload(viaSocket))) as Answer;
      expect({ command: step.as ?? step.name, answer: withoutTokens(b) }).toEqual({ command: step.as ?? step.name, answer: withoutTokens(a) });
      if (a.ok) {
        succeeded++;
        viaRest.set(step.as ?? step.name, a.data);
        viaSocket.set(step.as ?? step.name, b.ok ? b.data : null);
      }
    }
    // Most of the plan is meant to succeed; the refusals in it are the challenge's out-of-turn moves.
    expect(succeeded).toBeGreaterThanOrEqual(plan.length - 8);
  });

  it('REST and Socket.io draw on one command budget per account', async () => {
    // A small burst that does not refill during the test, however slow the machine.
    const budget = { commandsPerSecond: 0.001, commandBurst: 5 };
    const server = await startTestServer({ socketLimits: { ...SOCKET_LIMITS, ...budget } });
    const police = await new ApiClient(server.url).login(DEMO.police);
    const socket = await connectSocket(police);
    const refusedRest: string[] = [];
    // The burst is spent over REST; the socket finds it spent.
    for (let i = 0; i < budget.commandBurst + 1; i++) {
      const a = await overRest(police, 'risk:close', { riskId: 999_999, reason: 'No such risk' });
      if (!a.ok) refusedRest.push((a.error as { code: string }).code);
    }
    expect(refusedRest.filter((c) => c === 'RATE_LIMITED')).toHaveLength(1);
    expect(await send(socket, 'risk:close', { riskId: 999_999, reason: 'No such risk' })).toMatchObject({ ok: false, error: { code: 'RATE_LIMITED' } });
  });

  it('the same bad input gets the same error over both channels, and changes nothing', async () => {
    // A budget large enough for the whole table (it is one budget for both channels: see socket-limits.test.ts).
    const server = await startTestServer({ socketLimits: { ...SOCKET_LIMITS, commandsPerSecond: 10_000, commandBurst: 10_000 } });
    const police = await new ApiClient(server.url).login(DEMO.police);
    const socket = await connectSocket(police);
    const auditBefore = (await server.ctx.database.sql.get("select count(*) as n from audit_log where action <> 'command.refused'"));
    const bad: unknown[] = [{}, 'a string', [1, 2], { riskId: -1, meetingId: 'x', boardId: 1e12, challengeId: null }, JSON.parse('{"__proto__": {"admin": true}, "boardId": 1}')];
    for (const name of COMMAND_NAMES) {
      for (const payload of bad) {
        const a = await overRest(police, name, payload);
        const b = (await send(socket, name, payload)) as Answer;
        expect({ name, payload, answer: b }).toEqual({ name, payload, answer: a });
        expect(a.ok).toBe(false);
      }
    }
    expect((await server.ctx.database.sql.get("select count(*) as n from audit_log where action <> 'command.refused'"))).toEqual(auditBefore);
  });

  it('an unknown command is refused over REST with NOT_FOUND, and the REST forms of commands answer as the command does', async () => {
    const server = await startTestServer();
    const chair = await new ApiClient(server.url).login(DEMO.chair);
    const unknown = await chair.post('/api/commands/risk:delete-everything', {});
    expect([unknown.status, (unknown.body as { error: { code: string } }).error.code]).toEqual([404, 'NOT_FOUND']);
    const proto = await chair.post('/api/commands/__proto__', {});
    expect(proto.status).toBe(404);
    const signedOut = await new ApiClient(server.url).post(commandPath('risk:create'), { boardId: 2, title: 'x', leadAgencyId: 2, ownerId: 3 });
    expect(signedOut.status).toBe(401);
    // A command is a write: another site cannot send one with the person's cookie.
    const crossSite = await chair.post(commandPath('risk:create'), { boardId: 1, title: 'Forged from elsewhere', leadAgencyId: 1, ownerId: 2 }, { origin: 'https://evil.example' });
    expect([crossSite.status, (crossSite.body as { error: { code: string } }).error.code]).toEqual([403, 'CROSS_SITE_REQUEST']);
    // A command sent after signing out is not run.
    const cookie = chair.sessionCookie!;
    await chair.post('/api/auth/logout');
    const afterLogout = await fetch(`${server.url}${commandPath('risk:create')}`, {
      method: 'POST',
      headers: { cookie, origin: server.url, 'content-type': 'application/json' },
      body: JSON.stringify({ boardId: 1, title: 'After sign-out', leadAgencyId: 1, ownerId: 2 }),
    });
    expect(afterLogout.status).toBe(401);
    const titles = ((await server.ctx.database.sql.all('select title from risks')) as { title: string }[]).map((r) => r.title);
    expect(titles).not.toContain('Forged from elsewhere');
    expect(titles).not.toContain('After sign-out');

    const again = await new ApiClient(server.url).login(DEMO.chair);
    const byRoute = await again.post('/api/partnerships/1/risks', { boardId: 2, title: 'Bad', leadAgencyId: 2 });
    const byCommand = await again.post(commandPath('risk:create'), { boardId: 2, title: 'Bad', leadAgencyId: 2 });
    expect(byRoute.status).toBe(byCommand.status);
    expect(byRoute.body).toEqual(byCommand.body);
  });
});
