import { NPSA_MATRIX } from '../../shared/domain/scoring.js';
import { request } from 'node:http';
import { describe, expect, it } from 'vitest';
import { COMMANDS, COMMAND_NAMES, commandPath, type CommandName } from '../../shared/protocol/commands.js';
import { SOCKET_LIMITS } from '../../shared/limits.js';
import { addDays, todayIn } from '../../shared/domain/scoring.js';
import type { ErrorBody } from '../../shared/errors.js';
import type { RiskRow } from '../../shared/schemas/risk.js';
import { loadActor } from '../../server/core/actors.js';
import { AddEvidenceNotePayload } from '../../shared/schemas/evidence.js';
import { CreateIndicatorPayload } from '../../shared/schemas/scorecard.js';
import { parse } from '../../shared/validate.js';
import { refusalsBy, snapshot } from '../helpers/attack.js';
import { TestClock } from '../helpers/clock.js';
import { ApiClient, DEMO, errorCode, type JsonResponse } from '../helpers/http.js';
import { addSecondPartnership, leakedNames } from '../helpers/second-partnership.js';
import { addSecondPlan } from '../helpers/second-plan.js';
import { startTestServer, useTestServer, type TestServer } from '../helpers/server.js';
import { connectSocket, send } from '../helpers/socket.js';

/*
 * Attacks on the command spine (issue 11) over REST: one dispatcher behind POST /api/commands/<name>
 * and the older REST forms, one command budget per account, refusals on the record once. Attackers: a
 * hostile member (police), an observer, another partnership's administrator, and sessions that ended.
 * Pushes and document rights are in spine-attacks-realtime.test.ts.
 */

const P = '/api/partnerships/1';
/** Demo facts (server/features/demo/seed.ts): police is person 3 of agency 2; the observer is person 7; meeting 2 of board 1 is scheduled. */
const POLICE = 3;
const OBSERVER = 7;
const NEXT_MEETING = 2;
const big = { socketLimits: { ...SOCKET_LIMITS, commandsPerSecond: 10_000, commandBurst: 10_000 } };

/** Every table but the record of refusals and the sessions' last use: what an attack must leave alone. */


const code = (res: JsonResponse) => (res.body as ErrorBody | null)?.error?.code;
const due = () => addDays(todayIn(Date.now()), 14);

describe('commands over REST: odd names, odd bodies, forged fields', () => {
  const server = useTestServer(big);

  it('a name that is no command is not found and runs nothing, whatever it spells', async () => {
    const police = await new ApiClient(server().url).login(DEMO.police);
    const before = await snapshot(server());
    const names = ['__proto__', 'constructor', 'toString', 'hasOwnProperty', 'valueOf', '__defineGetter__', 'RISK:CREATE', 'risk:create%00', 'risk:create%20', '..%2F..%2Fauth%2Flogout', 'x'.repeat(8_000)];
    for (const name of names) {
      const res = await police.post(`/api/commands/${name}`, { boardId: 1, title: 'Probe', leadAgencyId: 2, ownerId: POLICE });
      expect([name.slice(0, 20), res.status, code(res)]).toEqual([name.slice(0, 20), 404, 'NOT_FOUND']);
      // The name is echoed cut short, never whole.
      expect(JSON.stringify(res.body).length).toBeLessThan(300);
    }
    expect(code(await police.post('/api/commands/%E0%A4%A', {}))).toBe('BAD_REQUEST');
    // Spelt with an escape, a real command is that command, with its own checks.
    expect(code(await police.post('/api/commands/risk%3Aclose', { riskId: 3, reason: 'Not theirs to close' }))).toBe('FORBIDDEN');
    expect(await snapshot(server())).toBe(before);
    expect(({} as Record<string, unknown>).isPartnershipAdmin).toBeUndefined();
  });

  it('a body that is not an object is refused by every command form, and the server carries on', async () => {
    const police = await new ApiClient(server().url).login(DEMO.police);
    const before = await snapshot(server());
    const json = 'application/json';
    const bodies: [body: string, contentType: string | null][] = [
      ['null', json],
      ['0', json],
      ['true', json],
      ['"risk"', json],
      ['[1,2]', json],
      ['[{"boardId":1}]', json],
      ['['.repeat(50_000) + ']'.repeat(50_000), json],
      ['{"a":'.repeat(20_000) + '1' + '}'.repeat(20_000), json],
      ['{"boardId":1,"title":"As text","leadAgencyId":2,"ownerId":3}', 'text/plain'],
      ['boardId=1&title=As+a+form&leadAgencyId=2&ownerId=3', 'application/x-www-form-urlencoded'],
      ['{"boardId":1,"title":"No type","leadAgencyId":2,"ownerId":3}', null],
      ['{"boardId":1,', json],
    ];
    const forms: [method: string, path: string][] = [
      ['POST', commandPath('risk:create')],
      ['POST', commandPath('meeting:update')],
      ['POST', `${P}/risks`],
      ['POST', `${P}/challenges`],
      ['POST', `${P}/meetings/${NEXT_MEETING}/actions`],
      ['PATCH', `${P}/meetings/${NEXT_MEETING}`],
    ];
    for (const [body, contentType] of bodies) {
      for (const [method, path] of forms) {
        const res = await rawRequest(server(), police, method, path, body, contentType);
        // Refused by the command's schema, or (an object of unknown keys being an empty change of details) by the meeting's chair rule.
        expect({ path, body: body.slice(0, 30), status: res.status }).toEqual({ path, body: body.slice(0, 30), status: res.code === 'FORBIDDEN' ? 403 : 400 });
        expect(['VALIDATION_FAILED', 'MALFORMED_JSON', ...(method === 'PATCH' ? ['FORBIDDEN'] : [])]).toContain(res.code);
      }
    }
    expect((await police.get('/api/health')).status).toBe(200);
    expect(await snapshot(server())).toBe(before);
  });

  it('forged fields are dropped: the record is made as the command says, in the sender’s partnership, and nothing is polluted', async () => {
    const farshire = await addSecondPartnership(server());
    const police = await new ApiClient(server().url).login(DEMO.police);
    const forged =
      '{"boardId":1,"title":"Forged fields","leadAgencyId":2,"ownerId":3,' +
      `"partnershipId":${farshire.partnershipId},"id":1,"number":1,"status":"closed","updatedBy":1,"escalatedToBoardId":${farshire.boardId},` +
      '"__proto__":{"isPartnershipAdmin":true,"partnershipId":2},"constructor":{"prototype":{"isPartnershipAdmin":true}},"prototype":{"admin":true}}';
    const res = await police.post<RiskRow>(commandPath('risk:create'), forged);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ title: 'Forged fields', boardId: 1, status: 'open', escalatedToBoardId: null, ownerId: POLICE });
    expect(res.body.id).not.toBe(1);
    const row = await server().ctx.database.sql.get('select partnership_id as p, status, updated_by as u from risks where id = ?', [res.body.id]);
    expect(row).toEqual({ p: 1, status: 'open', u: POLICE });
    expect(({} as Record<string, unknown>).isPartnershipAdmin).toBeUndefined();
    // A forged admin flag grants nothing: the partnership's matrix is still the administrators'.
    expect(code(await police.request('PUT', `${P}/risk-matrix`, '{"__proto__":{"isPartnershipAdmin":true}}'))).toBe('FORBIDDEN');
    expect(leakedNames(farshire, res.body)).toEqual([]);

    // A text past its limit is refused, and a body past the body limit is refused before it is read.
    expect(code(await police.post(commandPath('risk:close'), { riskId: res.body.id, reason: 'x'.repeat(100_000) }))).toBe('VALIDATION_FAILED');
    expect(code(await police.post(commandPath('risk:create'), { boardId: 1, title: 'x'.repeat(300 * 1024), leadAgencyId: 2, ownerId: POLICE }))).toBe('PAYLOAD_TOO_LARGE');
  });
});

describe('one budget per account, one record per refusal', () => {
  it('every command attempt over REST draws on the account’s budget: an unknown name and another partnership’s address too', async () => {
    // A small burst that does not refill during the test.
    const budget = { commandsPerSecond: 0.001, commandBurst: 5 };
    const server = await startTestServer({ socketLimits: { ...SOCKET_LIMITS, ...budget } });
    const farshire = await addSecondPartnership(server);
    const police = await new ApiClient(server.url).login(DEMO.police);
    const probes = await Promise.all(Array.from({ length: 40 }, (_, i) => police.post(`/api/commands/probe-${i}`, {})));
    expect(probes.filter((r) => r.status === 404)).toHaveLength(budget.commandBurst);
    expect(probes.filter((r) => code(r) === 'RATE_LIMITED')).toHaveLength(40 - budget.commandBurst);
    // Spent: a real command waits too.
    expect(code(await police.post(commandPath('risk:close'), { riskId: 3, reason: 'Not theirs to close' }))).toBe('RATE_LIMITED');
    // The record holds what the budget allowed, not one row per probe.
    expect(await refusalsBy(server, POLICE)).toHaveLength(budget.commandBurst);

    // The REST forms of commands, addressed to another partnership: the same budget.
    const observer = await new ApiClient(server.url).login(DEMO.observer);
    const forms = await Promise.all(
      Array.from({ length: 12 }, (_, i) =>
        [
          () => observer.post(`/api/partnerships/${farshire.partnershipId}/risks`, { boardId: farshire.boardId, title: 'Probe', leadAgencyId: farshire.agencyId, ownerId: farshire.personId }),
          () => observer.post(`/api/partnerships/${farshire.partnershipId}/challenges`, { boardId: farshire.boardId, title: 'Probe', directedAgencyId: farshire.agencyId, dueDate: due() }),
          () => observer.post(`/api/partnerships/${farshire.partnershipId}/meetings/${farshire.meetingId}/actions`, { description: 'Probe', ownerId: farshire.personId, dueDate: due() }),
          () => observer.patch(`/api/partnerships/${farshire.partnershipId}/meetings/${farshire.meetingId}`, { title: 'Probe' }),
        ][i % 4]!(),
      ),
    );
    expect(forms.filter((r) => code(r) === 'NOT_FOUND')).toHaveLength(budget.commandBurst);
    expect(forms.filter((r) => code(r) === 'RATE_LIMITED')).toHaveLength(12 - budget.commandBurst);
    expect(await refusalsBy(server, OBSERVER)).toHaveLength(budget.commandBurst);
    expect(leakedNames(farshire, forms.map((r) => r.body))).toEqual([]);
  });

  it('commands sent at once over REST and Socket.io run no more than the burst', async () => {
    const budget = { commandsPerSecond: 0.001, commandBurst: 6 };
    const server = await startTestServer({ socketLimits: { ...SOCKET_LIMITS, ...budget } });
    const health = await new ApiClient(server.url).login(DEMO.health);
    const socket = await connectSocket(health);
    const payload = { riskId: 999_999, reason: 'No such risk' };
    const answers = await Promise.all([
      ...Array.from({ length: 15 }, () => health.post(commandPath('risk:close'), payload).then((r) => code(r))),
      ...Array.from({ length: 15 }, () => send(socket, 'risk:close', payload).then((r) => (r.ok ? 'OK' : r.error.code))),
    ]);
    expect(answers.filter((c) => c !== 'RATE_LIMITED')).toHaveLength(budget.commandBurst);
  });

  it('a refusal is on the record exactly once, whichever channel and form carried it', async () => {
    const server = await startTestServer(big);
    const farshire = await addSecondPartnership(server);
    const police = await new ApiClient(server.url).login(DEMO.police);
    const socket = await connectSocket(police);
    const attempts: [via: string, run: () => Promise<unknown>][] = [
      [`POST ${commandPath('risk:close')}`, () => police.post(commandPath('risk:close'), { riskId: 3, reason: 'Not theirs' })],
      [`POST ${P}/risks`, () => police.post(`${P}/risks`, { boardId: farshire.boardId, title: 'Probe', leadAgencyId: 2, ownerId: POLICE })],
      [`POST /api/partnerships/${farshire.partnershipId}/risks`, () => police.post(`/api/partnerships/${farshire.partnershipId}/risks`, { boardId: 1, title: 'Probe', leadAgencyId: 2, ownerId: POLICE })],
      [`POST ${P}/challenges`, () => police.post(`${P}/challenges`, { boardId: farshire.boardId, title: 'Probe', directedAgencyId: 2, dueDate: due() })],
      [`POST ${P}/meetings/${farshire.meetingId}/actions`, () => police.post(`${P}/meetings/${farshire.meetingId}/actions`, { description: 'Probe', ownerId: POLICE, dueDate: due() })],
      [`PATCH ${P}/meetings/${NEXT_MEETING}`, () => police.patch(`${P}/meetings/${NEXT_MEETING}`, { title: 'Renamed by a member' })],
      ['socket risk:close', () => send(socket, 'risk:close', { riskId: 3, reason: 'Not theirs' })],
    ];
    for (const [, run] of attempts) await run();
    const vias = (await refusalsBy(server, POLICE)).map((r) => r.command);
    expect(vias).toEqual(attempts.map(([via]) => via));
  });
});

describe('every command, from every seat, at records that are not theirs', () => {
  const server = useTestServer(big);

  it('another partnership’s administrator, a member at another partnership, an observer: nothing changes, nothing leaks', async () => {
    const farshire = await addSecondPartnership(server());
    const outsider = await new ApiClient(server().url).login(farshire.email, farshire.password);
    const challenge = await outsider.post<{ id: number }>(commandPath('challenge:raise'), { boardId: farshire.boardId, title: 'Farshire’s own', directedAgencyId: farshire.agencyId, dueDate: due() });
    expect(challenge.status).toBe(200);
    // Its improvement plan, named in the attack payloads beside the demo's (plan, theme, objective, action and recommendation 1).
    const farshirePlan = await addSecondPlan(server(), farshire);
    farshire.names.push(...farshirePlan.names);
    // And a note of its evidence store, beside the demo's first item.
    const farshireNote = await server().services.evidence.addNote((await loadActor(server().ctx, farshire.personId))!, parse(AddEvidenceNotePayload, { title: 'Farshire note of county lines evidence', date: due(), kind: 'data', note: 'Farshire figures' }));
    farshire.names.push(farshireNote.title);
    // And an indicator of its scorecard, beside the demo's first.
    const farshireIndicator = await server().services.scorecard.create((await loadActor(server().ctx, farshire.personId))!, parse(CreateIndicatorPayload, { area: 'workforce', name: 'Farshire agency staff headcount', polarity: 'smaller_is_better', unit: 'count', frequency: 'monthly' }));
    farshire.names.push(farshireIndicator.name);
    const demoPlanIds = { planId: 1, themeId: 1, objectiveId: 1, planActionId: 1, recommendationId: 1, evidenceId: 1, indicatorId: 1 };
    const farshirePlanIds = { planId: farshirePlan.planId, themeId: farshirePlan.themeId, objectiveId: farshirePlan.objectiveId, planActionId: farshirePlan.actionId, recommendationId: farshirePlan.recommendationId, evidenceId: farshireNote.id, indicatorId: farshireIndicator.id };
    const demoIds = { riskId: 1, challengeId: 1, meetingId: NEXT_MEETING, boardId: 1, membershipId: 1, actionId: 1, itemId: 1, personId: POLICE, agencyId: 2, ...demoPlanIds };
    const farshireIds = { riskId: farshire.riskId, challengeId: challenge.body.id, meetingId: farshire.meetingId, boardId: farshire.boardId, membershipId: farshire.membershipId, actionId: farshire.actionId, itemId: farshire.agendaItemId, personId: farshire.personId, agencyId: farshire.agencyId, ...farshirePlanIds };
    const police = await new ApiClient(server().url).login(DEMO.police);
    const observer = await new ApiClient(server().url).login(DEMO.observer);
    const before = await snapshot(server());
    const answers: JsonResponse[] = [];
    for (const name of COMMAND_NAMES) {
      // Names no record of anyone's: it acts in the sender's own partnership (or on their own notifications), tested elsewhere.
      if (name === 'agency:create' || name === 'risk-matrix:save' || name === 'partnership:settings' || name === 'partnership:sso' || name === 'notifications:read' || name === 'recommendation:create') continue;
      const fromOutsider = await outsider.post(commandPath(name), payloadFor(name, demoIds));
      const fromPolice = await police.post(commandPath(name), payloadFor(name, farshireIds));
      // Records of another partnership are not there for them, whatever the command; a new record may
      // not name one (the field is named, nothing said of the record); an administrator's command is
      // refused to a member before anything is looked up. Evidence added links only such records.
      // Values name their indicators row by row, as an import's rows do: an unknown one is a bad row.
      const named = ['person:create', 'board:create', 'evidence:add-link', 'evidence:add-note', 'indicator:create', 'indicator:record-values'].includes(name) ? [400, 'VALIDATION_FAILED'] : [404, 'NOT_FOUND'];
      expect([name, fromOutsider.status, code(fromOutsider)]).toEqual([name, ...named]);
      // Defining indicators is for chairs and administrators: a member is refused before anything is looked up.
      expect([name, fromPolice.status, code(fromPolice)]).toEqual([name, ...(COMMANDS[name].gate === 'admin' || name === 'indicator:create' ? [403, 'FORBIDDEN'] : named)]);
      answers.push(fromPolice);
      // The observer sees the demo records and may change none of them (lowering a hand they have not raised changes nothing).
      const fromObserver = await observer.post(commandPath(name), payloadFor(name, { ...demoIds, personId: OBSERVER }));
      if (name !== 'hand:lower') expect([name, Math.floor(fromObserver.status / 100)]).toEqual([name, 4]);
    }
    expect(await snapshot(server())).toBe(before);
    expect(leakedNames(farshire, answers.map((a) => a.body))).toEqual([]);
  });
});

describe('sessions that ended run nothing', () => {
  it('a command whose body is still arriving when its person is disabled is not run', async () => {
    const server = await startTestServer();
    const police = await new ApiClient(server.url).login(DEMO.police);
    const admin = await new ApiClient(server.url).login(DEMO.admin);
    const body = JSON.stringify({ boardId: 1, title: 'Sent while being disabled', leadAgencyId: 2, ownerId: POLICE });
    const req = request(`${server.url}${commandPath('risk:create')}`, {
      method: 'POST',
      headers: { cookie: police.sessionCookie!, origin: server.url, 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) },
    });
    const answered = new Promise<{ status: number; code: string }>((resolve, reject) => {
      req.on('response', (res) => {
        let text = '';
        res.on('data', (chunk: Buffer) => (text += chunk.toString()));
        res.on('end', () => resolve({ status: res.statusCode!, code: (JSON.parse(text) as ErrorBody).error?.code }));
      });
      req.on('error', reject);
    });
    await new Promise<void>((resolve) => req.write(body.slice(0, 10), () => resolve()));
    expect((await admin.patch(`${P}/people/${POLICE}`, { disabled: true })).status).toBe(200);
    req.end(body.slice(10));
    expect(await answered).toEqual({ status: 401, code: 'UNAUTHENTICATED' });
    expect((await server.services.risks.queries.list(1)).map((r) => r.title)).not.toContain('Sent while being disabled');
  });

  it('after sign-out, and once the session has expired, neither a REST form nor a socket runs a command', async () => {
    const clock = new TestClock(Date.now());
    const server = await startTestServer({ clock: clock.now });
    const titles = async () => (await server.services.risks.queries.list(1)).map((r) => r.title);
    const payload = (title: string) => ({ boardId: 1, title, leadAgencyId: 2, ownerId: POLICE });

    const leaving = await new ApiClient(server.url).login(DEMO.police);
    const cookie = leaving.sessionCookie!;
    await leaving.post('/api/auth/logout');
    const afterLogout = await new ApiClient(server.url).post(`${P}/risks`, payload('After sign-out'), { cookie });
    expect([afterLogout.status, errorCode(afterLogout)]).toEqual([401, 'UNAUTHENTICATED']);

    const police = await new ApiClient(server.url).login(DEMO.police);
    const socket = await connectSocket(police);
    clock.advance(server.config.sessionIdleMs + 1);
    // Before the sweep ends it the session answers SESSION_EXPIRED; after, it is simply gone.
    const rest = await police.post(commandPath('risk:create'), payload('After expiry, REST'));
    expect(rest.status).toBe(401);
    expect(['SESSION_EXPIRED', 'UNAUTHENTICATED']).toContain(errorCode(rest));
    // The socket is told and closed; a command it sends first is answered SESSION_EXPIRED.
    const overSocket = socket.connected
      ? await Promise.race([
          send(socket, 'risk:create', payload('After expiry, socket')).then((r) => (r.ok ? 'ran' : r.error.code)),
          new Promise<string>((resolve) => socket.once('disconnect', () => resolve('disconnected'))),
        ])
      : 'disconnected';
    expect(['SESSION_EXPIRED', 'disconnected']).toContain(overSocket);
    expect((await titles()).filter((t) => t.startsWith('After '))).toEqual([]);
  });

  it('another site cannot send a command, whatever the body’s type', async () => {
    const server = await startTestServer();
    const chair = await new ApiClient(server.url).login(DEMO.chair);
    const before = await snapshot(server);
    const body = '{"boardId":1,"title":"Forged from elsewhere","leadAgencyId":1,"ownerId":2}';
    const headers: Record<string, string>[] = [
      { origin: 'https://evil.example', 'content-type': 'text/plain' },
      { origin: 'https://evil.example', 'content-type': 'application/x-www-form-urlencoded' },
      { origin: 'https://evil.example', 'content-type': 'multipart/form-data; boundary=x' },
      { origin: 'https://evil.example' },
      { origin: 'null', 'content-type': 'text/plain' },
      { origin: server.url.replace('http:', 'https:'), 'content-type': 'application/json' },
      { 'sec-fetch-site': 'cross-site', 'content-type': 'text/plain' },
    ];
    for (const h of headers) {
      for (const path of [commandPath('risk:create'), `${P}/risks`]) {
        const res = await fetch(`${server.url}${path}`, { method: 'POST', headers: { cookie: chair.sessionCookie!, ...h }, body });
        expect({ h, path, status: res.status, code: ((await res.json()) as ErrorBody).error.code }).toEqual({ h, path, status: 403, code: 'CROSS_SITE_REQUEST' });
      }
    }
    expect(await snapshot(server)).toBe(before);
  });
});

/** One request with exactly these bytes and this content type (none when null). */
async function rawRequest(server: TestServer, client: ApiClient, method: string, path: string, body: string, contentType: string | null): Promise<{ status: number; code: string | undefined }> {
  const headers: Record<string, string> = { cookie: client.sessionCookie!, origin: server.url };
  if (contentType) headers['content-type'] = contentType;
  const res = await fetch(`${server.url}${path}`, { method, headers, body: contentType ? body : new Blob([body]) });
  const text = await res.text();
  return { status: res.status, code: (JSON.parse(text) as ErrorBody).error?.code };
}

type Ids = {
  riskId: number;
  challengeId: number;
  meetingId: number;
  boardId: number;
  membershipId: number;
  actionId: number;
  itemId: number;
  personId: number;
  agencyId: number;
  planId: number;
  themeId: number;
  objectiveId: number;
  planActionId: number;
  recommendationId: number;
  evidenceId: number;
  indicatorId: number;
};

/** A well-formed payload for each command naming these records. */
function payloadFor(name: CommandName, x: Ids): unknown {
  const d = due();
  const table: Record<CommandName, unknown> = {
    'risk:create': { boardId: x.boardId, title: 'Probe', leadAgencyId: x.agencyId, ownerId: x.personId },
    'risk:close': { riskId: x.riskId, reason: 'Probe' },
    'risk:reopen': { riskId: x.riskId, reason: 'Probe' },
    'risk:escalate': { riskId: x.riskId, reason: 'Probe' },
    'risk:deescalate': { riskId: x.riskId, reason: 'Probe' },
    'risk:change-owner': { riskId: x.riskId, ownerId: x.personId },
    'challenge:raise': { boardId: x.boardId, title: 'Probe', question: 'Why?', directedAgencyId: x.agencyId, dueDate: d },
    'challenge:submit': { challengeId: x.challengeId },
    'challenge:accept': { challengeId: x.challengeId, reason: 'Probe' },
    'challenge:press': { challengeId: x.challengeId, reason: 'Probe', dueDate: d },
    'challenge:close': { challengeId: x.challengeId, reason: 'Probe' },
    'challenge:escalate': { challengeId: x.challengeId, reason: 'Probe' },
    'meeting:create': { boardId: x.boardId, title: 'Probe', startsAt: `${d}T10:00:00.000Z` },
    'meeting:update': { meetingId: x.meetingId, title: 'Probe' },
    'meeting:start': { meetingId: x.meetingId },
    'meeting:advance': { meetingId: x.meetingId, itemId: x.itemId },
    'meeting:close': { meetingId: x.meetingId },
    'meeting:sign-off': { meetingId: x.meetingId },
    'meeting:build-agenda': { meetingId: x.meetingId },
    'agenda:add': { meetingId: x.meetingId, title: 'Probe' },
    'agenda:update': { meetingId: x.meetingId, itemId: x.itemId, title: 'Probe' },
    'agenda:remove': { meetingId: x.meetingId, itemId: x.itemId },
    'agenda:move': { meetingId: x.meetingId, itemId: x.itemId, toIndex: 0 },
    'agenda:restore': { meetingId: x.meetingId, itemId: x.itemId, toIndex: 0 },
    'attendance:set': { meetingId: x.meetingId, personId: x.personId, status: 'present' },
    'guest:add': { meetingId: x.meetingId, name: 'Probe', agency: 'Probe' },
    'guest:remove': { meetingId: x.meetingId, guestId: 1 },
    'paper:add': { meetingId: x.meetingId, itemId: x.itemId, title: 'Probe', authorPersonId: x.personId, evidenceId: x.evidenceId },
    'paper:attach': { meetingId: x.meetingId, paperId: 1, evidenceId: x.evidenceId },
    'paper:remove': { meetingId: x.meetingId, paperId: 1 },
    'pack:publish': { meetingId: x.meetingId },
    'hand:raise': { meetingId: x.meetingId },
    'hand:lower': { meetingId: x.meetingId, personId: x.personId },
    'action:create': { meetingId: x.meetingId, description: 'Probe', ownerId: x.personId, dueDate: d },
    'action:update': { actionId: x.actionId, status: 'done' },
    'board:quorum-rule': { boardId: x.boardId, percent: 10, chairRequired: false },
    'board:challenge-settings': { boardId: x.boardId, raiserMayDecide: true },
    'risk-matrix:save': NPSA_MATRIX,
    'notifications:read': { ids: 'all' },
    'plan:create': { boardId: x.boardId, title: 'Probe plan' },
    'plan:update': { planId: x.planId, title: 'Probe plan' },
    'theme:create': { planId: x.planId, title: 'Probe theme' },
    'theme:update': { themeId: x.themeId, title: 'Probe theme' },
    'objective:create': { themeId: x.themeId, outcome: 'Probe outcome', leadPersonId: x.personId, leadAgencyId: x.agencyId, riskIds: [x.riskId], recommendationIds: [x.recommendationId] },
    'objective:update': { objectiveId: x.objectiveId, outcome: 'Probe outcome', leadPersonId: x.personId },
    'objective:set-rag': { objectiveId: x.objectiveId, rag: 'green', rationale: 'Probe' },
    'objective:propose-rag': { meetingId: x.meetingId, objectiveId: x.objectiveId, rag: 'green', rationale: 'Probe' },
    'plan-action:create': { objectiveId: x.objectiveId, description: 'Probe action', dueDate: d, leadOfficerIds: [x.personId], recommendationIds: [x.recommendationId] },
    'plan-action:update': { actionId: x.planActionId, status: 'completed' },
    'recommendation:create': { source: 'Probe inspection', reportDate: d, number: 99, text: 'Probe recommendation' },
    'recommendation:update': { recommendationId: x.recommendationId, text: 'Probe recommendation' },
    'evidence:add-link': { title: 'Probe link', date: d, kind: 'other', url: 'https://probe.example/', riskIds: [x.riskId], recommendationIds: [x.recommendationId] },
    'evidence:add-note': { title: 'Probe note', date: d, kind: 'other', note: 'Probe note', objectiveIds: [x.objectiveId], actionIds: [x.planActionId], challengeIds: [x.challengeId] },
    'evidence:update': { evidenceId: x.evidenceId, title: 'Probe evidence' },
    'evidence:remove': { evidenceId: x.evidenceId },
    'indicator:create': { area: 'front_door', name: 'Probe indicator', polarity: 'neither', unit: 'count', frequency: 'monthly', agencyId: x.agencyId, leadPersonId: x.personId },
    'indicator:update': { indicatorId: x.indicatorId, name: 'Probe indicator, renamed' },
    'indicator:set-comparators': { indicatorId: x.indicatorId, comparators: [] },
    'indicator:record-values': { values: [{ indicatorId: x.indicatorId, period: due().slice(0, 7), value: 1 }] },
    'partnership:settings': { protectiveMarking: 'OFFICIAL-SENSITIVE' },
    'partnership:sso': { label: 'Probe', issuerUrl: 'https://probe.example/', clientId: 'probe', clientSecret: 'probe-secret', allowedDomains: ['probe.example'], enabled: false },
    'agency:create': { name: 'Probe agency', kind: 'other' },
    'agency:update': { agencyId: x.agencyId, name: 'Probe' },
    'person:create': { name: 'Probe Person', email: 'probe@probe.test', agencyId: x.agencyId },
    'person:update': { personId: x.personId, name: 'Probe' },
    'person:invite': { personId: x.personId },
    'board:create': { name: 'Probe board', parentBoardId: x.boardId },
    'board:update': { boardId: x.boardId, name: 'Probe' },
    'membership:add': { boardId: x.boardId, personId: x.personId, role: 'member' },
    'membership:update': { boardId: x.boardId, membershipId: x.membershipId, role: 'observer' },
    'membership:remove': { boardId: x.boardId, membershipId: x.membershipId },
  };
  return table[name];
}
