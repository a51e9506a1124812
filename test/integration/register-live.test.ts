import { describe, expect, it, vi } from 'vitest';
import { docName } from '../../shared/protocol/yjs.js';
import type { RowsChangedEvent } from '../../shared/protocol/socket.js';
import type { RiskRow } from '../../shared/schemas/risk.js';
import type { AuditEntry } from '../../shared/schemas/admin.js';
import { ApiClient, DEMO, errorCode } from '../helpers/http.js';
import { startTestServer, useTestServer } from '../helpers/server.js';
import { connectSocket, send } from '../helpers/socket.js';
import { openDoc } from '../helpers/yjs.js';

const P = '/api/partnerships/1';

describe('the register list stays live', () => {
  const server = useTestServer();

  it('pushes "rows changed" when a score changes in a risk doc, and the row reads the new score', async () => {
    const chair = await new ApiClient(server().url).login(DEMO.chair);
    const socket = await connectSocket(chair);
    const pushes: RowsChangedEvent[] = [];
    socket.on('rows:changed', (e) => pushes.push(e));

    const police = await new ApiClient(server().url).login(DEMO.police);
    const editor = openDoc(police, docName('risk', 6));
    await editor.synced();
    editor.doc.getMap('fields').set('currentImpact', 5);

    await vi.waitFor(() => expect(pushes.some((p) => p.kind === 'risk' && p.ids.includes(6))).toBe(true));
    const [row] = (await chair.get<RiskRow[]>(`${P}/risks?ids=6`)).body;
    expect(row!.current).toEqual({ likelihood: 3, impact: 5, score: 15 });
  });

  it('never pushes one partnership’s rows to another', async () => {
    const { createPartnership } = await import('../../server/features/admin/partnerships.js');
    await createPartnership(server().ctx, {
      name: 'Elsewhere',
      agency: { name: 'Elsewhere Police', kind: 'police' },
      admin: { name: 'Else Admin', email: 'else@elsewhere.test', password: 'elsewhere-pass' },
    });
    const outsider = await new ApiClient(server().url).login('else@elsewhere.test', 'elsewhere-pass');
    const theirs = await connectSocket(outsider);
    const heard: RowsChangedEvent[] = [];
    theirs.on('rows:changed', (e) => heard.push(e));
    const ours = await connectSocket(await new ApiClient(server().url).login(DEMO.chair));
    const oursHeard: RowsChangedEvent[] = [];
    ours.on('rows:changed', (e) => oursHeard.push(e));

    const police = await new ApiClient(server().url).login(DEMO.police);
    const editor = openDoc(police, docName('risk', 6));
    await editor.synced();
    editor.doc.getText('event').insert(0, 'x');
    await vi.waitFor(() => expect(oursHeard.length).toBeGreaterThan(0));
    expect(heard).toEqual([]);
    expect((await outsider.get(`${P}/risks`)).status).toBe(404);
    expect(errorCode(await send(theirs, 'board:join', { boardId: 1 }) as never)).toBeUndefined();
    expect(await send(theirs, 'board:join', { boardId: 1 })).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
  });
});

describe('risk commands, by role', () => {
  type Who = keyof typeof DEMO;
  // R-002 sits at the Operational Group (chaired by council), escalated to the Improvement Board (chaired by chair); owner David Marsh.
  const matrix: [Who, 'risk:close' | 'risk:escalate' | 'risk:deescalate' | 'risk:change-owner', boolean][] = [
    ['admin', 'risk:close', true],
    ['chair', 'risk:close', true],
    ['council', 'risk:close', true],
    ['police', 'risk:close', false],
    ['health', 'risk:close', false],
    ['schools', 'risk:close', false],
    ['observer', 'risk:close', false],
    ['admin', 'risk:deescalate', true],
    ['chair', 'risk:deescalate', true],
    ['police', 'risk:deescalate', false],
    ['observer', 'risk:deescalate', false],
    ['chair', 'risk:change-owner', true],
    ['police', 'risk:change-owner', false],
    ['health', 'risk:change-owner', false],
    ['observer', 'risk:change-owner', false],
  ];

  it.each(matrix)('%s → %s allowed: %s', async (who, event, allowed) => {
    const server = await startTestServer();
    const client = await new ApiClient(server.url).login(DEMO[who]);
    const socket = await connectSocket(client);
    const before = (await client.get<RiskRow[]>(`${P}/risks?ids=2`)).body[0]!;
    const payload = event === 'risk:change-owner' ? { riskId: 2, ownerId: 6 } : { riskId: 2, reason: 'Agreed at the board' };
    const reply = await send<RiskRow>(socket, event, payload);
    const after = (await client.get<RiskRow[]>(`${P}/risks?ids=2`)).body[0]!;
    if (allowed) {
      expect(reply.ok).toBe(true);
      expect(after).not.toEqual(before);
      const admin = await new ApiClient(server.url).login(DEMO.admin);
      const audit = (await admin.get<AuditEntry[]>(`${P}/audit?entityType=risk`)).body;
      expect(audit[0]).toMatchObject({ entityId: 2 });
    } else {
      expect(reply).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
      expect(after).toEqual(before);
    }
  });

  it('answers a malformed payload with a coded error', async () => {
    const server = await startTestServer();
    const socket = await connectSocket(await new ApiClient(server.url).login(DEMO.chair));
    expect(await send(socket, 'risk:close', { riskId: 'two' })).toMatchObject({ ok: false, error: { code: 'VALIDATION_FAILED' } });
    expect(await send(socket, 'risk:close', { riskId: 2, reason: '' })).toMatchObject({ ok: false, error: { code: 'VALIDATION_FAILED' } });
  });

  it('creates a risk with the next reference, and refuses an observer', async () => {
    const server = await startTestServer();
    const police = await connectSocket(await new ApiClient(server.url).login(DEMO.police));
    const created = await send<RiskRow>(police, 'risk:create', { boardId: 2, title: 'Delays in police checks for foster carers', leadAgencyId: 2, ownerId: 3 });
    expect(created).toMatchObject({ ok: true, data: { reference: 'R-031', ownerName: 'DCI Tom Brennan', status: 'open' } });
    const observer = await connectSocket(await new ApiClient(server.url).login(DEMO.observer));
    expect(await send(observer, 'risk:create', { boardId: 1, title: 'x', leadAgencyId: 2, ownerId: 3 })).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
  });

  it('refuses a socket without a session', async () => {
    const server = await startTestServer();
    await expect(connectSocket(new ApiClient(server.url))).rejects.toThrow(/UNAUTHENTICATED/);
  });
});
