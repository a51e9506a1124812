import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it, onTestFinished, vi } from 'vitest';
import { docName } from '../../shared/protocol/yjs.js';
import type { RiskDetail, RiskHistory } from '../../shared/schemas/risk.js';
import { ApiClient, DEMO } from '../helpers/http.js';
import { spawnServer } from '../helpers/process.js';
import { launchServer } from '../helpers/server.js';
import { openDoc } from '../helpers/yjs.js';

const P = '/api/partnerships/1';

function tempDir(): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'board-durable-'));
  onTestFinished(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

describe('nothing typed is lost', () => {
  it('keeps every edit across a graceful restart', async () => {
    const dataDir = tempDir();
    const first = await launchServer({ dataDir });
    const police = await new ApiClient(first.url).login(DEMO.police);
    const a = openDoc(police, docName('risk', 6));
    await a.synced();
    a.doc.getText('effect').insert(0, 'Written before the restart. ');
    a.doc.getMap('fields').set('currentLikelihood', 2);
    await vi.waitFor(async () => expect((await police.get<RiskDetail>(`${P}/risks/6`)).body.current.likelihood).toBe(2));
    a.destroy();
    await first.close();
    // Closing folded the update log into a snapshot; the audit trail is kept apart and stays whole.
    const { openDatabase } = await import('../../server/db/client.js');
    const { openPgDatabase } = await import('../../server/db/pg-client.js');
    const { DocStore } = await import('../../server/db/doc-store.js');
    // Read on whichever engine the server ran (npm run test:pg puts it on PostgreSQL).
    const db = first.config.databaseUrl ? await openPgDatabase(first.config.databaseUrl) : openDatabase(dataDir);
    const stored = await new DocStore(db).load(docName('risk', 6));
    await db.close();
    expect(stored.snapshot).not.toBeNull();
    expect(stored.updates).toEqual([]);

    const second = await launchServer({ dataDir });
    onTestFinished(() => second.close());
    const chair = await new ApiClient(second.url).login(DEMO.chair);
    const b = openDoc(chair, docName('risk', 6));
    await b.synced();
    expect(b.doc.getText('effect').toString()).toMatch(/^Written before the restart\. /);
    expect(b.doc.getMap('fields').get('currentLikelihood')).toBe(2);
    const history = (await chair.get<RiskHistory>(`${P}/risks/6/history`)).body;
    expect(history.changes.find((c) => c.field === 'currentLikelihood')).toMatchObject({ editorName: 'DCI Tom Brennan', from: 3, to: 2 });
  });

  // Two server processes start in each of these (each compiles the server with tsx): slow on a loaded machine.
  it('stops cleanly on SIGTERM: exit code 0, and everything written is there on the next start', { timeout: 90_000 }, async () => {
    const dataDir = tempDir();
    const first = await spawnServer(dataDir);
    const police = await new ApiClient(first.url).login(DEMO.police);
    const editor = openDoc(police, docName('risk', 6));
    await editor.synced();
    editor.doc.getText('event').insert(0, 'Before SIGTERM. ');
    await vi.waitFor(async () => expect((await police.get<RiskDetail>(`${P}/risks/6`)).body.event).toMatch(/^Before SIGTERM\. /));
    editor.provider.disconnect();
    expect(await first.stop()).toBe(0);

    const second = await spawnServer(dataDir);
    const again = await new ApiClient(second.url).login(DEMO.police);
    expect((await again.get<RiskDetail>(`${P}/risks/6`)).body.event).toMatch(/^Before SIGTERM\. /);
    expect((await again.get<{ ok: boolean }>('/api/health')).body.ok).toBe(true);
  });

  it('keeps an update a client saw broadcast, when the server is killed with SIGKILL straight after', { timeout: 90_000 }, async () => {
    const dataDir = tempDir();
    const first = await spawnServer(dataDir);
    const police = await new ApiClient(first.url).login(DEMO.police);
    const chair = await new ApiClient(first.url).login(DEMO.chair);
    const writer = openDoc(police, docName('risk', 6));
    const reader = openDoc(chair, docName('risk', 6));
    await Promise.all([writer.synced(), reader.synced()]);

    writer.doc.getText('cause').insert(0, 'SEEN BY THE CHAIR. ');
    await vi.waitFor(() => expect(reader.doc.getText('cause').toString()).toContain('SEEN BY THE CHAIR. '), { interval: 1 });
    await first.kill9();
    writer.destroy();
    reader.destroy();

    const second = await spawnServer(dataDir);
    const again = await new ApiClient(second.url).login(DEMO.health);
    const fresh = openDoc(again, docName('risk', 6));
    await fresh.synced();
    expect(fresh.doc.getText('cause').toString()).toContain('SEEN BY THE CHAIR. ');
    const history = (await again.get<RiskHistory>(`${P}/risks/6/history`)).body;
    expect(history.changes.find((c) => c.field === 'cause')?.editorName).toBe('DCI Tom Brennan');
  });
});
