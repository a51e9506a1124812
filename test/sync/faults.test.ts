import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it, onTestFinished, vi } from 'vitest';
import * as Y from 'yjs';
import { YJS_CLOSE, docName } from '../../shared/protocol/yjs.js';
import type { RiskDetail } from '../../shared/schemas/risk.js';
import { ApiClient, DEMO, errorCode } from '../helpers/http.js';
import { spawnServer } from '../helpers/process.js';
import { testDatabaseUrl } from '../helpers/pg-databases.js';
import { launchServer, startTestServer } from '../helpers/server.js';
import { expectConverged, markers } from '../helpers/markers.js';
import { openDoc, type DocClient } from '../helpers/yjs.js';
import { freePort } from '../helpers/free-port.js';

const P = '/api/partnerships/1';

function tempDir(): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'board-fault-'));
  onTestFinished(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

describe('faults', () => {
  it('SIGKILL during a burst from ten writers: every broadcast update survives, and everyone converges', { timeout: 90_000 }, async () => {
    const dataDir = tempDir();
    const port = await freePort();
    const first = await spawnServer(dataDir, { PORT: String(port) });
    // R-006 is police-led; the admin may edit it too.
    const accounts = [DEMO.police, DEMO.admin, DEMO.police];
    const sessions = await Promise.all(accounts.map((email) => new ApiClient(first.url).login(email)));
    const writers: DocClient[] = Array.from({ length: 10 }, (_, i) => openDoc(sessions[i % sessions.length]!, docName('risk', 6)));
    await Promise.all(writers.map((w) => w.synced()));

    let n = 0;
    const burst = setInterval(() => {
      writers.forEach((w, i) => w.doc.getText('cause').insert(0, `[${i}:${n}]`));
      n++;
    }, 20);
    // Kill once every writer has seen broadcasts from the others, mid-burst.
    await vi.waitFor(() => expect(writers.every((w, i) => markers(w.doc.getText('cause').toString()).some((m) => !m.startsWith(`[${i}:`)))).toBe(true), { interval: 5 });
    await first.kill9();
    clearInterval(burst);
    writers.forEach((w) => w.provider.disconnect());

    const seenByBroadcast = new Set<string>();
    writers.forEach((w, i) => markers(w.doc.getText('cause').toString()).filter((m) => !m.startsWith(`[${i}:`)).forEach((m) => seenByBroadcast.add(m)));
    expect(seenByBroadcast.size).toBeGreaterThan(0);

    const second = await spawnServer(dataDir, { PORT: String(port) });
    const reader = await new ApiClient(second.url).login(DEMO.health).catch((err: Error) => {
      throw new Error(`${err.message}\nserver output:\n${second.output()}`);
    });
    const stored = markers((await reader.get<RiskDetail>(`${P}/risks/6`)).body.cause);
    expect([...seenByBroadcast].filter((m) => !stored.includes(m))).toEqual([]);

    // The writers come back and hand over what never reached the server: all converge on all markers.
    writers.forEach((w) => w.provider.connect());
    await expectConverged(writers, 'cause', 20_000);
  });

  // pragma query_only is SQLite's; PostgreSQL's read-only mode holds only for connections opened after it, not the pool's.
  it.skipIf(testDatabaseUrl !== null)('an unwritable database: writes refused with a clear error, nothing unstored broadcast, reads served, then recovery', async () => {
    const server = await startTestServer();
    const police = await new ApiClient(server.url).login(DEMO.police);
    const chair = await new ApiClient(server.url).login(DEMO.chair);
    const writer = openDoc(police, docName('risk', 6));
    const reader = openDoc(chair, docName('risk', 6));
    await Promise.all([writer.synced(), reader.synced()]);

    server.ctx.database.raw.pragma('query_only = ON');
    writer.doc.getText('effect').insert(0, 'WRITTEN WHILE THE DISK WAS FULL ');
    await vi.waitFor(() => expect(writer.closes.map((c) => c.code)).toContain(YJS_CLOSE.STORAGE_FAILED));
    expect(reader.doc.getText('effect').toString()).not.toContain('WRITTEN WHILE');

    const read = await chair.get<RiskDetail>(`${P}/risks/6`);
    expect(read.status).toBe(200);
    expect(read.body.effect).not.toContain('WRITTEN WHILE');
    const refused = await police.post(`${P}/risks`, { boardId: 2, title: 'Cannot be saved now', leadAgencyId: 2, ownerId: 3 });
    expect([refused.status, errorCode(refused)]).toEqual([503, 'STORAGE_UNAVAILABLE']);
    const signIn = await new ApiClient(server.url).post('/api/auth/login', { email: DEMO.schools, password: 'demo' });
    expect([signIn.status, errorCode(signIn)]).toEqual([503, 'STORAGE_UNAVAILABLE']);
    const late = openDoc(chair, docName('risk', 6));
    await late.synced();
    expect(late.doc.getText('effect').toString()).not.toContain('WRITTEN WHILE');

    server.ctx.database.raw.pragma('query_only = OFF');
    await vi.waitFor(() => expect(reader.doc.getText('effect').toString()).toContain('WRITTEN WHILE THE DISK WAS FULL '), { timeout: 20_000 });
    await vi.waitFor(async () => expect((await chair.get<RiskDetail>(`${P}/risks/6`)).body.effect).toContain('WRITTEN WHILE'));
  });

  it('two hundred clients reconnecting at once after a restart all converge', async () => {
    const first = await launchServer();
    onTestFinished(() => rmSync(first.dataDir, { recursive: true, force: true }));
    const port = first.port;
    // Four sessions of the partnership admin, who may edit every risk (fifty documents per session at most).
    const sessions = await Promise.all([1, 2, 3, 4].map(() => new ApiClient(first.url).login(DEMO.admin)));
    const riskIds = [1, 2, 3, 4, 5, 6, 7, 9, 12, 14];
    const clients = Array.from({ length: 200 }, (_, i) => openDoc(sessions[i % sessions.length]!, docName('risk', riskIds[i % riskIds.length]!)));
    await vi.waitFor(() => expect(clients.every((c) => c.provider.synced)).toBe(true), { timeout: 30_000, interval: 50 });

    await first.close();
    const second = await launchServer({ dataDir: first.dataDir, port });
    onTestFinished(() => second.close());
    clients.forEach((c, i) => c.doc.getMap('fields').set('reviewFrequencyDays', 1 + (i % 90)));

    await vi.waitFor(() => expect(clients.every((c) => c.provider.synced)).toBe(true), { timeout: 60_000, interval: 100 });
    await vi.waitFor(
      () => {
        for (const id of riskIds) {
          const states = clients.filter((_, i) => riskIds[i % riskIds.length] === id).map((c) => Y.encodeStateVector(c.doc).toString());
          expect(new Set(states).size).toBe(1);
        }
      },
      { timeout: 30_000, interval: 100 },
    );
    for (const id of riskIds) {
      const peers = clients.filter((_, i) => riskIds[i % riskIds.length] === id);
      expect(new Set(peers.map((c) => c.doc.getMap('fields').get('reviewFrequencyDays'))).size).toBe(1);
    }
  }, 120_000);
});
