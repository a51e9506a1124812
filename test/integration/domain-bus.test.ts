import { describe, expect, it, onTestFinished, vi } from 'vitest';
import { DomainBus } from '../../server/bus.js';
import { commandPath } from '../../shared/protocol/commands.js';
import type { RowsChangedEvent } from '../../shared/protocol/socket.js';
import { YJS_CLOSE, docName } from '../../shared/protocol/yjs.js';
import type { RiskRow } from '../../shared/schemas/risk.js';
import type { NotificationView } from '../../shared/schemas/challenge.js';
import { ApiClient, DEMO, errorCode } from '../helpers/http.js';
import { rawSocket, updateFor, updateFrame } from '../helpers/raw-yjs.js';
import { addSecondPartnership } from '../helpers/second-partnership.js';
import { testDatabaseUrl } from '../helpers/pg-databases.js';
import { startTestServer } from '../helpers/server.js';
import { connectSocket, send } from '../helpers/socket.js';

describe('the domain bus', () => {
  it('delivers each event to every subscriber in order; an unsubscribed one hears no more; a failing one does not stop the rest', () => {
    const failures: string[] = [];
    const bus = new DomainBus((name) => failures.push(name));
    const heard: string[] = [];
    const stopA = bus.on('risk.changed', (e) => heard.push(`a:${e.riskId}`));
    bus.on('risk.changed', () => {
      throw new Error('a broken subscriber');
    });
    bus.on('risk.changed', (e) => heard.push(`c:${e.riskId}`));
    bus.on('challenge.changed', (e) => heard.push(`challenge:${e.challengeId}`));

    bus.emit('risk.changed', { partnershipId: 1, riskId: 7, command: 'close' });
    stopA();
    bus.emit('risk.changed', { partnershipId: 1, riskId: 8, command: 'close' });
    bus.emit('challenge.changed', { partnershipId: 1, challengeId: 3, command: 'raise' });
    bus.emit('membership.changed', { personId: 1 });

    expect(heard).toEqual(['a:7', 'c:7', 'c:8', 'challenge:3']);
    expect(failures).toEqual(['risk.changed', 'risk.changed']);
  });
});

describe('what the bus carries to open pages', () => {
  it('a risk created over REST reaches every open register of its partnership as the row itself, and no other partnership', async () => {
    const server = await startTestServer();
    const chair = await new ApiClient(server.url).login(DEMO.chair);
    const police = await new ApiClient(server.url).login(DEMO.police);
    const other = await addSecondPartnership(server);
    const watcher = await connectSocket(police);
    const outsider = await connectSocket(await new ApiClient(server.url).login(other.email, other.password));
    const heard: RowsChangedEvent[] = [];
    const outsiderHeard: RowsChangedEvent[] = [];
    watcher.on('rows:changed', (e) => heard.push(e));
    outsider.on('rows:changed', (e) => outsiderHeard.push(e));

    const created = await chair.post<RiskRow>(commandPath('risk:create'), { boardId: 1, title: 'Pushed as a row', leadAgencyId: 1, ownerId: 2 });
    expect(created.status).toBe(200);
    await vi.waitFor(() => expect(heard.find((e) => e.kind === 'risk' && e.ids.includes(created.body.id))).toBeDefined());
    const push = heard.find((e) => e.ids.includes(created.body.id))!;
    // The row as the register's list answers it: nothing to ask again.
    const listed = await police.get<RiskRow[]>(`/api/partnerships/1/risks?ids=${created.body.id}`);
    expect(push.rows).toEqual(listed.body);
    // Its own partnership's pushes only (its set-up made some): never this row, nor its title.
    expect(outsiderHeard.flatMap((e) => e.ids)).not.toContain(created.body.id);
    expect(JSON.stringify(outsiderHeard)).not.toContain('Pushed as a row');
  });

  it("a board's meetings are named by id only (its members see them, not the whole partnership)", async () => {
    const server = await startTestServer();
    const chair = await new ApiClient(server.url).login(DEMO.chair);
    const socket = await connectSocket(chair);
    const heard: RowsChangedEvent[] = [];
    socket.on('rows:changed', (e) => heard.push(e));
    const startsAt = new Date(Date.now() + 7 * 86_400_000).toISOString();
    const made = await send<{ id: number }>(socket, 'meeting:create', { boardId: 1, title: 'Named by id', startsAt });
    expect(made.ok).toBe(true);
    const id = made.ok ? made.data.id : 0;
    await vi.waitFor(() => expect(heard.find((e) => e.kind === 'meeting' && e.ids.includes(id))).toBeDefined());
    expect(heard.find((e) => e.kind === 'meeting')!.rows).toBeUndefined();
  });

  it('a notification written by a command reaches only its person, whichever channel ran the command', async () => {
    const server = await startTestServer();
    const chair = await new ApiClient(server.url).login(DEMO.chair);
    const police = await new ApiClient(server.url).login(DEMO.police);
    const health = await new ApiClient(server.url).login(DEMO.health);
    const policeSocket = await connectSocket(police);
    const healthSocket = await connectSocket(health);
    const toPolice: NotificationView[] = [];
    const toHealth: NotificationView[] = [];
    policeSocket.on('notification:new', (n) => toPolice.push(n));
    healthSocket.on('notification:new', (n) => toHealth.push(n));
    const due = new Date(Date.now() + 10 * 86_400_000).toISOString().slice(0, 10);
    const raised = await chair.post(commandPath('challenge:raise'), { boardId: 1, title: 'To the police', question: 'How many?', directedAgencyId: 2, dueDate: due });
    expect(raised.status).toBe(200);
    await vi.waitFor(() => expect(toPolice.map((n) => n.kind)).toContain('challenge_directed'));
    expect(toHealth).toEqual([]);
  });
});

describe('storage trouble, on every channel alike', () => {
  // pragma query_only is SQLite's; PostgreSQL's read-only mode holds only for connections opened after it, not the pool's.
  it.skipIf(testDatabaseUrl !== null)('answers STORAGE_UNAVAILABLE over REST, its command form and Socket.io, and closes a Yjs writer with STORAGE_FAILED to retry', async () => {
    const server = await startTestServer();
    const admin = await new ApiClient(server.url).login(DEMO.admin);
    const socket = await connectSocket(admin);
    const writer = await rawSocket(admin, docName('risk', 1));
    const update = (await updateFor(server, docName('risk', 1), (doc) => doc.getText('cause').insert(0, 'Typed while the disk is read-only. ')));
    server.ctx.database.raw.pragma('query_only = ON');
    onTestFinished(() => {
      server.ctx.database.raw.pragma('query_only = OFF');
    });
    const risk = { boardId: 2, title: 'Cannot be saved', leadAgencyId: 2, ownerId: 3 };

    const rest = await admin.post('/api/partnerships/1/risks', risk);
    const command = await admin.post(commandPath('risk:create'), risk);
    const ack = await send(socket, 'risk:create', risk);
    writer.send(updateFrame(update));

    expect([rest.status, errorCode(rest)]).toEqual([503, 'STORAGE_UNAVAILABLE']);
    expect([command.status, errorCode(command)]).toEqual([503, 'STORAGE_UNAVAILABLE']);
    expect(ack).toMatchObject({ ok: false, error: { code: 'STORAGE_UNAVAILABLE' } });
    expect(await writer.closed).toBe(YJS_CLOSE.STORAGE_FAILED);
    expect(rest.body).toEqual(command.body);
    expect(ack).toEqual({ ok: false, ...(rest.body as object) });
  });
});
