import { describe, expect, it, vi } from 'vitest';
import * as Y from 'yjs';
import { SOCKET_LIMITS } from '../../shared/limits.js';
import { NPSA_MATRIX, type RiskMatrix } from '../../shared/domain/scoring.js';
import { starterMatrix } from '../../shared/domain/matrix.js';
import { COMMAND_NAMES } from '../../shared/protocol/commands.js';
import { REST_ANSWERS, type RestRoute } from '../../shared/protocol/rest.js';
import { PUSHES, SOCKET_ACKS } from '../../shared/protocol/socket.js';
import { docName } from '../../shared/protocol/yjs.js';
import { AnswerChecker, registeredRoutes } from '../helpers/answers.js';
import { uploadEvidence } from '../helpers/evidence.js';
import { runEveryCommand, type Runner } from '../helpers/every-command.js';
import { ApiClient, DEMO } from '../helpers/http.js';
import { previewImport } from '../helpers/imports.js';
import { useTestServer } from '../helpers/server.js';
import { connectSocket, send, type BoardClient } from '../helpers/socket.js';
import { openDoc } from '../helpers/yjs.js';

/**
 * The server can never drift from the shared answer schemas: every route it registers is declared in
 * shared/protocol/rest.ts (commands in shared/protocol/commands.ts), and every route, command and push
 * is driven here against the demo partnership with each answer parsed by its (strict) schema.
 */

const P = '/api/partnerships/1';
const R = '/api/partnerships/:partnershipId';
/** Registered routes whose answers are declared elsewhere, or not yet: each says why. */
const NOT_IN_REST_ANSWERS: Record<string, string> = {
  'POST /api/commands/:name': 'answers the command’s result, declared in COMMANDS (shared/protocol/commands.ts)',
  [`USE ${R}/challenges/:challengeId/*rest`]: 'refuses every request (transitions are commands): it only ever answers an ErrorBody',
  [`GET ${R}/evidence/:evidenceId/file`]: 'answers a file’s bytes as an attachment, not JSON: its headers are tested in evidence-files.test.ts',
  [`GET ${R}/exports/:file`]: 'answers a list as an XLSX or CSV file (`risks.xlsx`, `plan.csv`, …) as an attachment, not JSON: read back in exports.test.ts, exports-round-trip.test.ts and scorecard-export.test.ts',
  [`GET ${R}/meetings/:meetingId/pack.html`]: 'answers the board pack’s print page (HTML for a browser), not JSON: read in pdf-packs.test.ts',
  [`GET ${R}/meetings/:meetingId/pack.pdf`]: 'answers the board pack as a PDF attachment, not JSON: read back with pdf.js and pdf-lib in pdf-packs.test.ts',
  [`GET ${R}/meetings/:meetingId/minutes.html`]: 'answers the minutes’ print page (HTML for a browser), not JSON: read in pdf-packs.test.ts',
  'GET /api/mail/unsubscribe': 'answers a small HTML page of its own (opened from a mail, often signed out), not JSON: read in mail.test.ts',
  'POST /api/mail/unsubscribe': 'answers a small HTML page (the page’s button and mail programs’ one-click unsubscribe post here), not JSON: read in mail.test.ts',
  [`GET ${R}/meetings/:meetingId/packs/:version/pack.pdf`]: 'answers a published pack as it was published, a PDF attachment, not JSON: read back in pack-publish.test.ts',
  [`GET ${R}/boards/:boardId/highlight-report.html`]: 'answers the highlight report as a print page (HTML), not JSON: read in highlight-report.test.ts',
  [`GET ${R}/boards/:boardId/highlight-report.pdf`]: 'answers the highlight report as a PDF attachment, not JSON: read back in highlight-report.test.ts',
  'GET /api/auth/sso/:partnershipId/start': 'a redirect (302) to the partnership’s OpenID provider, or to the sign-in page with a refusal code: driven in sso.test.ts',
  'GET /api/auth/sso/callback': 'a redirect (302) into the product with a session, or to the sign-in page with a refusal code: driven in sso.test.ts',
  [`GET ${R}/meetings/:meetingId/minutes.pdf`]: 'answers the minutes as a PDF attachment, not JSON: read back with pdf.js and pdf-lib in pdf-packs.test.ts',
};

describe('every answer the server sends matches its shared schema', () => {
  // Budgets large enough for every command twice over (one budget per account for both channels).
  const server = useTestServer({ socketLimits: { ...SOCKET_LIMITS, commandsPerSecond: 10_000, commandBurst: 10_000 } });

  it('every route the server registers has its answer declared, and every declared route is registered', () => {
    const registered = registeredRoutes(server());
    expect(registered.length).toBeGreaterThan(30);
    expect(registered.filter((r) => !(r in REST_ANSWERS) && !(r in NOT_IN_REST_ANSWERS))).toEqual([]);
    expect([...Object.keys(REST_ANSWERS), ...Object.keys(NOT_IN_REST_ANSWERS)].filter((r) => !registered.includes(r))).toEqual([]);
  });

  it('every route, command and push answers what its schema says', { timeout: 180_000 }, async () => {
    const s = server();
    const check = new AnswerChecker();
    const sign = async (email: string) => {
      const client = new ApiClient(s.url);
      const me = await check.rest(client, 'POST /api/auth/login', '/api/auth/login', { email, password: 'demo' });
      return { client, me };
    };
    const admin = await sign(DEMO.admin);
    const chair = await sign(DEMO.chair);
    const council = await sign(DEMO.council);
    const health = await sign(DEMO.health);
    const police = await sign(DEMO.police);
    const schools = await sign(DEMO.schools);
    const observer = await sign(DEMO.observer);
    const sockets = {} as Record<'admin' | 'chair' | 'council' | 'health' | 'police' | 'schools', BoardClient>;
    for (const [key, who] of Object.entries({ admin, chair, council, health, police, schools })) sockets[key as keyof typeof sockets] = check.listen(await connectSocket(who.client));
    const a = admin.client;
    /** Every plan and recommendation, listed and opened, as this person sees them. */
    const readPlans = async (who: ApiClient) => {
      for (const plan of await check.rest(who, `GET ${R}/plans`, `${P}/plans`)) {
        const detail = await check.rest(who, `GET ${R}/plans/:planId`, `${P}/plans/${plan.id}`);
        for (const o of detail.themes.flatMap((t) => t.objectives)) await check.rest(who, `GET ${R}/objectives/:objectiveId`, `${P}/objectives/${o.id}`);
      }
      for (const r of await check.rest(who, `GET ${R}/recommendations`, `${P}/recommendations`)) await check.rest(who, `GET ${R}/recommendations/:recommendationId`, `${P}/recommendations/${r.id}`);
    };

    // --- board rooms: the acknowledgements of board:join and board:leave, and "presence:changed" ---
    const OG = council.me.memberships.find((m) => m.boardName === 'Operational Group')!.boardId;
    for (const who of ['council', 'health', 'admin'] as const) {
      const reply = await send(sockets[who], 'board:join', { boardId: OG });
      check.check('socket board:join', SOCKET_ACKS['board:join'], reply.ok ? reply.data : reply);
    }
    // Someone looking at a field: presence entries with a record and a field, not only nulls.
    sockets.health.emit('presence:focus', { boardId: OG, record: 'risk:1', field: 'title' });
    await vi.waitFor(() => expect(check.pushes.some((p) => p.event === 'presence:changed' && (p.args[0] as { presence: { record: string | null }[] }).presence.some((e) => e.record !== null))).toBe(true));

    // --- reads, as an administrator (everything) and as people who read less ---
    await check.rest(a, 'GET /api/health', '/api/health');
    await check.rest(a, 'GET /api/auth/me', '/api/auth/me');
    await check.rest(observer.client, 'GET /api/auth/me', '/api/auth/me');
    const partnership = await check.rest(a, `GET ${R}`, P);
    await check.rest(a, `GET ${R}/agencies`, `${P}/agencies`);
    const people = await check.rest(a, `GET ${R}/people`, `${P}/people`);
    await check.rest(a, `GET ${R}/boards`, `${P}/boards`);
    for (const board of partnership.boards) {
      await check.rest(a, `GET ${R}/boards/:boardId`, `${P}/boards/${board.id}`);
      for (const m of await check.rest(a, `GET ${R}/boards/:boardId/meetings`, `${P}/boards/${board.id}/meetings`)) {
        await check.rest(a, `GET ${R}/meetings/:meetingId`, `${P}/meetings/${m.id}`);
        await check.rest(a, `GET ${R}/meetings/:meetingId/minutes`, `${P}/meetings/${m.id}/minutes`);
      }
      await check.rest(a, `GET ${R}/boards/:boardId/attendance-report`, `${P}/boards/${board.id}/attendance-report`);
    }
    await check.rest(a, `GET ${R}/audit`, `${P}/audit?limit=500`);
    // Single sign-on's settings, saved turned off (no provider need answer; sso.test.ts drives a real one).
    await check.rest(a, `GET ${R}/sso`, `${P}/sso`);
    await check.rest(a, `PUT ${R}/sso`, `${P}/sso`, { label: 'Schema County Council', issuerUrl: 'https://login.example.test/tenant/v2.0', clientId: 'schemas', clientSecret: 'schemas-secret', allowedDomains: ['schema.example'], enabled: false });
    await check.rest(new ApiClient(s.url), 'POST /api/auth/sso/lookup', '/api/auth/sso/lookup', { email: 'someone@schema.example' });
    await check.rest(a, `GET ${R}/risk-matrix`, `${P}/risk-matrix`);
    await check.rest(a, `GET ${R}/mitigations`, `${P}/mitigations`);
    const risks = await check.rest(a, `GET ${R}/risks`, `${P}/risks`);
    await check.rest(a, `GET ${R}/risks`, `${P}/risks?status=open&boardId=${OG}`);
    const page = await check.rest(a, `GET ${R}/register`, `${P}/register?limit=5&sort=score&dir=desc`);
    if (page.nextCursor) await check.rest(a, `GET ${R}/register`, `${P}/register?limit=5&sort=score&dir=desc&cursor=${encodeURIComponent(page.nextCursor)}`);
    await check.rest(a, `GET ${R}/register/rows`, `${P}/register/rows?ids=${risks.map((r) => r.id).join(',')}`);
    await check.rest(a, `GET ${R}/register/summary`, `${P}/register/summary?kind=inherent&status=all`);
    await check.rest(a, `GET ${R}/register/lookup`, `${P}/register/lookup?status=open`);
    await check.rest(observer.client, `GET ${R}/register/lookup`, `${P}/register/lookup?ids=${risks[0]!.id}`);
    for (const risk of risks) {
      await check.rest(a, `GET ${R}/risks/:riskId`, `${P}/risks/${risk.id}`);
      await check.rest(a, `GET ${R}/risks/:riskId/history`, `${P}/risks/${risk.id}/history`);
    }
    await check.rest(observer.client, `GET ${R}/risks/:riskId`, `${P}/risks/${risks[0]!.id}`);
    for (const c of await check.rest(a, `GET ${R}/challenges`, `${P}/challenges`)) {
      await check.rest(a, `GET ${R}/challenges/:challengeId`, `${P}/challenges/${c.id}`);
      await check.rest(health.client, `GET ${R}/challenges/:challengeId`, `${P}/challenges/${c.id}`);
    }
    await check.rest(a, `GET ${R}/challenges`, `${P}/challenges?overdue=true&ids=1,2,3`);
    await check.rest(a, `GET ${R}/accountability`, `${P}/accountability`);
    await check.rest(a, `GET ${R}/accountability`, `${P}/accountability?from=2020-01-01&to=2030-12-31`);
    await check.rest(a, `GET ${R}/actions`, `${P}/actions`);
    await check.rest(a, `GET ${R}/actions`, `${P}/actions?boardId=${OG}`);
    await check.rest(health.client, 'GET /api/notifications', '/api/notifications');
    await check.rest(health.client, 'GET /api/me/mail-preferences', '/api/me/mail-preferences');
    await check.rest(health.client, 'PUT /api/me/mail-preferences', '/api/me/mail-preferences', { preferences: [{ kind: 'pack_published', mode: 'digest' }] });
    await check.rest(a, `GET ${R}/mail-outbox`, `${P}/mail-outbox`);
    await check.rest(health.client, `GET ${R}/waiting`, `${P}/waiting`);
    await readPlans(a);
    await readPlans(observer.client);
    /** The evidence store, as this person lists it: everything, and by each filter. */
    const readEvidence = async (who: ApiClient) => {
      await check.rest(who, `GET ${R}/evidence`, `${P}/evidence`);
      await check.rest(who, `GET ${R}/evidence`, `${P}/evidence?q=dip&kind=audit&objectiveId=1&recommendationId=4&riskId=1`);
    };
    await readEvidence(a);
    await readEvidence(observer.client);
    /** The scorecard: every indicator listed and opened, and its exceptions, as this person sees them. */
    const readScorecard = async (who: ApiClient) => {
      for (const i of await check.rest(who, `GET ${R}/indicators`, `${P}/indicators`)) await check.rest(who, `GET ${R}/indicators/:indicatorId`, `${P}/indicators/${i.id}`);
      await check.rest(who, `GET ${R}/scorecard/exceptions`, `${P}/scorecard/exceptions`);
    };
    await readScorecard(a);
    await readScorecard(observer.client);
    // The header's search: every kind of hit (a board action: "campaign"; the rest: "children"), one kind, none, as each reads it.
    for (const who of [a, observer.client, police.client]) {
      for (const q of ['children', 'campaign', 'children&kind=risk', 'zzzznothing', '%22']) await check.rest(who, `GET ${R}/search`, `${P}/search?q=${q}`);
    }

    // --- every command, over Socket.io and then over REST (each run makes its own records) ---
    const person = (email: string) => people.find((p) => p.email === email)!;
    const ids = { boardId: OG, icbId: health.me.agency.id, healthId: health.me.person.id, policeId: police.me.person.id, policeDeputyId: person('rachel.hughes@demo.test').id };
    const runners: Record<Runner, { client: ApiClient; socket: BoardClient }> = {
      admin: { client: a, socket: sockets.admin },
      council: { client: council.client, socket: sockets.council },
      health: { client: health.client, socket: sockets.health },
    };
    const clients = { admin: a, council: council.client, health: health.client };
    await runEveryCommand((who, name, payload) => check.socketCommand(runners[who].socket, name, payload), ids, clients, 'Socket');
    await runEveryCommand((who, name, payload) => check.restCommand(runners[who].client, name, payload), ids, clients, 'REST');
    expect(COMMAND_NAMES.flatMap((n) => [`socket ${n}`, `rest ${n}`]).filter((c) => !check.commands.has(c))).toEqual([]);

    // The audit log once every command has written to it: each entry in words, with its record and changes, and narrowed every way it can be.
    const audit = await check.rest(a, `GET ${R}/audit`, `${P}/audit?limit=500`);
    expect(audit.filter((e) => e.record !== null && e.changes.length > 0).length).toBeGreaterThan(10);
    expect(new Set(audit.map((e) => e.group)).size).toBeGreaterThan(6);
    for (const e of audit) {
      expect(e.sentence, e.action).not.toMatch(/[{}]|\bnull\b|\bundefined\b|\b[a-z]+_[a-z]+\b|\b(risk|challenge|meeting|plan|doc|command|person|board|agency|membership|partnership|indicator|evidence|paper|pack|action|import|auth|account)\.[a-z]|no longer listed|made a change/);
      for (const c of e.changes) expect(`${c.field}: ${c.before} → ${c.after}`, e.action).not.toMatch(/[{}]|\bnull\b|\bundefined\b|\b[a-z]+_[a-z]+\b/);
    }
    await check.rest(a, `GET ${R}/audit`, `${P}/audit?person=1&group=people&from=2020-01-01&to=2100-12-31&limit=5&before=${audit.at(-1)!.id + 50}`);
    await check.rest(a, `GET ${R}/audit`, `${P}/audit?record=plan_objective:1&entityType=plan_objective`);
    await check.rest(a, `GET ${R}/audit`, `${P}/audit?group=other`);

    // The plans the commands made, with their decisions, actions and recommendations, and their evidence.
    await readPlans(a);
    await readPlans(health.client);
    await readEvidence(health.client);

    // An upload (multipart, so not through check.rest): its answer is an EvidenceView too.
    const upload = await uploadEvidence(health.client, 1, { name: 'figures.csv', bytes: 'month,referrals\n2026-01,412\n' }, { recommendationIds: '4' });
    expect(upload.status).toBe(201);
    check.check(`POST ${R}/evidence`, REST_ANSWERS[`POST ${R}/evidence`], upload.body);
    check.routes.add(`POST ${R}/evidence`);
    await check.rest(a, `GET ${R}/boards/:boardId/highlight-report`, `${P}/boards/${OG}/highlight-report`);


    // An import (multipart, so not through check.rest): previewed, read back and committed.
    const imported = await previewImport(a, 'risks', 'Risk,Board,Lead agency,Owner\nSchema check import,Improvement Board,Northshire Police,DCI Tom Brennan\n', 'r.csv');
    expect(imported.status).toBe(201);
    check.check(`POST ${R}/imports`, REST_ANSWERS[`POST ${R}/imports`], imported.body);
    check.routes.add(`POST ${R}/imports`);
    await check.rest(a, `GET ${R}/imports/:importId`, `${P}/imports/${imported.body.id}`);
    await check.rest(a, `POST ${R}/imports/:importId/commit`, `${P}/imports/${imported.body.id}/commit`);

    // --- the REST forms of commands and the other writes ---
    const riskRow = await check.rest(health.client, `POST ${R}/risks`, `${P}/risks`, { boardId: 1, title: 'Health visitor caseloads too high', leadAgencyId: police.me.agency.id, ownerId: health.me.person.id, category: 'Capacity and workforce' });
    const raised = await check.rest(council.client, `POST ${R}/challenges`, `${P}/challenges`, { boardId: OG, title: 'Schema check challenge', directedAgencyId: ids.icbId, dueDate: '2099-01-01' });
    await check.rest(a, `GET ${R}/challenges/:challengeId`, `${P}/challenges/${raised.id}`);
    const meetings = await check.rest(a, `GET ${R}/boards/:boardId/meetings`, `${P}/boards/${OG}/meetings`);
    const scheduled = (await send<{ id: number }>(sockets.council, 'meeting:create', { boardId: OG, title: 'Next meeting', startsAt: '2099-01-05T10:00:00.000Z' })) as { ok: true; data: { id: number } };
    await check.rest(council.client, `PATCH ${R}/meetings/:meetingId`, `${P}/meetings/${scheduled.data.id}`, { title: 'The next meeting', papersDeadline: '2098-12-29' });
    await check.rest(council.client, `POST ${R}/meetings/:meetingId/actions`, `${P}/meetings/${scheduled.data.id}/actions`, { description: 'Circulate the papers', ownerId: ids.healthId, dueDate: '2099-01-01' });
    for (const m of meetings) await check.rest(a, `GET ${R}/meetings/:meetingId/minutes`, `${P}/meetings/${m.id}/minutes`);
    // Every-command published a pack of one of these meetings: its versions and what moved since.
    for (const m of meetings) {
      await check.rest(a, `GET ${R}/meetings/:meetingId/packs`, `${P}/meetings/${m.id}/packs`);
      await check.rest(a, `GET ${R}/meetings/:meetingId/pack-changes`, `${P}/meetings/${m.id}/pack-changes`);
    }
    await check.rest(a, `GET ${R}/boards/:boardId/attendance-report`, `${P}/boards/${OG}/attendance-report`);
    await check.rest(a, `PUT ${R}/boards/:boardId/challenge-settings`, `${P}/boards/${OG}/challenge-settings`, { raiserMayDecide: false });
    await check.rest(health.client, 'GET /api/notifications', '/api/notifications');
    await check.rest(health.client, 'POST /api/notifications/read', '/api/notifications/read', { ids: 'all' });

    const agency = await check.rest(a, `POST ${R}/agencies`, `${P}/agencies`, { name: 'Northbrook Youth Justice Service', kind: 'other' });
    await check.rest(a, `PATCH ${R}/agencies/:agencyId`, `${P}/agencies/${agency.id}`, { name: 'Northbrook Youth Justice' });
    const created = await check.rest(a, `POST ${R}/people`, `${P}/people`, { name: 'Jo Marsh', email: 'jo.marsh@demo.test', agencyId: agency.id, jobTitle: null });
    // An account of another partnership is linked, with no invitation.
    await check.rest(a, `POST ${R}/people`, `${P}/people`, { name: 'Femi Adeyemi', email: 'admin@eastbridge.demo.test', agencyId: agency.id });
    await check.rest(a, `PATCH ${R}/people/:personId`, `${P}/people/${created.person.id}`, { jobTitle: 'Service Manager' });
    const invitation = await check.rest(a, `POST ${R}/people/:personId/invitation`, `${P}/people/${created.person.id}/invitation`);
    const token = new URL(invitation.url).pathname.split('/').pop()!;
    const jo = new ApiClient(s.url);
    await check.rest(jo, 'GET /api/invitations/:token', `/api/invitations/${token}`);
    await check.rest(jo, 'POST /api/invitations/accept', '/api/invitations/accept', { token, password: 'a long enough password' });

    const board = await check.rest(a, `POST ${R}/boards`, `${P}/boards`, { name: 'Youth Justice Sub-group', description: null, parentBoardId: OG });
    await check.rest(a, `PATCH ${R}/boards/:boardId`, `${P}/boards/${board.id}`, { description: 'Reports to the Operational Group.' });
    // Schools hears "membership:changed" on its open socket.
    const seat = await check.rest(a, `POST ${R}/boards/:boardId/memberships`, `${P}/boards/${board.id}/memberships`, { personId: schools.me.person.id, role: 'member' });
    await check.rest(a, `POST ${R}/boards/:boardId/memberships`, `${P}/boards/${board.id}/memberships`, { personId: created.person.id, role: 'chair' });
    await check.rest(a, `PATCH ${R}/boards/:boardId/memberships/:membershipId`, `${P}/boards/${board.id}/memberships/${seat.id}`, { role: 'vice_chair' });
    await check.rest(a, `GET ${R}/boards/:boardId`, `${P}/boards/${board.id}`);
    await check.rest(a, `DELETE ${R}/boards/:boardId/memberships/:membershipId`, `${P}/boards/${board.id}/memberships/${seat.id}`);

    // The matrix: a 4×4 preview that some risks block, a relabelled band that changes some, saved and put back.
    await check.rest(a, `POST ${R}/risk-matrix/preview`, `${P}/risk-matrix/preview`, starterMatrix(4));
    const relabelled: RiskMatrix = { ...NPSA_MATRIX, bands: NPSA_MATRIX.bands.map((b) => (b.key === 'high' ? { ...b, label: 'Serious' } : b)) };
    await check.rest(a, `POST ${R}/risk-matrix/preview`, `${P}/risk-matrix/preview`, relabelled);
    await check.rest(a, `PUT ${R}/risk-matrix`, `${P}/risk-matrix`, relabelled);
    await check.rest(a, `PUT ${R}/risk-matrix`, `${P}/risk-matrix`, NPSA_MATRIX);

    // "risk:overtaken": health and police set the same field at once; police's (higher client id) holds.
    const name = docName('risk', riskRow.id);
    const pageOf = (client: ApiClient, clientId: number) => {
      const doc = new Y.Doc();
      doc.clientID = clientId;
      return openDoc(client, name, { doc });
    };
    const [hers, his] = [pageOf(health.client, 1000), pageOf(police.client, 2000)];
    await Promise.all([hers.synced(), his.synced()]);
    hers.provider.disconnect();
    hers.doc.getMap('fields').set('currentLikelihood', 3);
    his.doc.getMap('fields').set('currentLikelihood', 1);
    await vi.waitFor(async () => expect((await s.services.docs.load(name)).updates.length).toBeGreaterThan(1));
    hers.provider.connect();
    await vi.waitFor(() => expect(check.pushes.some((p) => p.event === 'risk:overtaken')).toBe(true));
    await check.rest(a, `GET ${R}/risks/:riskId/history`, `${P}/risks/${riskRow.id}/history`);
    hers.destroy();
    his.destroy();

    // The session's end: the chair works in the neighbouring partnership (and back), police signs out.
    const eastbridge = chair.me.partnerships.find((p) => !p.current)!;
    await check.rest(chair.client, 'POST /api/auth/partnership', '/api/auth/partnership', { partnershipId: eastbridge.id });
    await check.rest(chair.client, 'POST /api/auth/partnership', '/api/auth/partnership', { partnershipId: 1 });
    await check.rest(police.client, 'POST /api/auth/logout', '/api/auth/logout');
    // Forgotten password: with no mail server, the link is read from the mail as stored (the
    // administrators' outbox leaves its token out: it is the account's alone).
    const anyone = new ApiClient(s.url);
    await check.rest(anyone, 'POST /api/auth/forgotten-password', '/api/auth/forgotten-password', { email: DEMO.observer });
    const resetMail = (await s.ctx.database.sql.get(`select text_body as "textBody" from mail_outbox where kind = 'password_reset' and to_address = ? order by id desc`, [DEMO.observer])) as { textBody: string };
    const resetToken = /\/reset\/([\w-]+)/.exec(resetMail.textBody)![1]!;
    await check.rest(anyone, 'GET /api/auth/reset/:token', `/api/auth/reset/${resetToken}`);
    await check.rest(anyone, 'POST /api/auth/reset', '/api/auth/reset', { token: resetToken, password: 'a long new password for the observer' });

    for (const who of ['council', 'health', 'admin'] as const) {
      const reply = await send(sockets[who], 'board:leave', { boardId: OG });
      check.check('socket board:leave', SOCKET_ACKS['board:leave'], reply.ok ? reply.data : reply);
    }

    // Every push of PUSHES was heard, and "rows:changed" carried rows of risks and of challenges.
    const everyPush = Object.keys(PUSHES);
    await vi.waitFor(() => expect(everyPush.filter((e) => !check.pushes.some((p) => p.event === e))).toEqual([]));
    const carried = (kind: string) => check.pushes.some((p) => p.event === 'rows:changed' && (p.args[0] as { kind: string; rows?: unknown[] }).kind === kind && ((p.args[0] as { rows?: unknown[] }).rows?.length ?? 0) > 0);
    expect([carried('risk'), carried('challenge')]).toEqual([true, true]);
    check.checkPushes();

    expect((Object.keys(REST_ANSWERS) as RestRoute[]).filter((r) => !check.routes.has(r))).toEqual([]);
    expect(check.found).toEqual([]);
  });
});
