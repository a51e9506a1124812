import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it, onTestFinished, vi } from 'vitest';
import * as Y from 'yjs';
import { docName } from '../../shared/protocol/yjs.js';
import type { RiskDetail } from '../../shared/schemas/risk.js';
import { openDatabase } from '../../server/db/client.js';
import { DocStore } from '../../server/db/doc-store.js';
import { ApiClient, DEMO } from '../helpers/http.js';
import { spawnServer } from '../helpers/process.js';
import { openDoc, type DocClient } from '../helpers/yjs.js';

const P = '/api/partnerships/1';
const RISKS = [2, 3, 4];

/** Markers a client wrote itself look like [i:n]; any other it holds reached it by broadcast. */
const MARKER = /\[(\d+):(\d+)\]/g;
const markers = (text: string) => [...text.matchAll(MARKER)].map((m) => m[0]);

function tempDir(): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'board-group-crash-'));
  onTestFinished(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

describe('group commit keeps "stored before broadcast"', () => {
  it('SIGKILL mid-burst, ten writers on three docs: every update any peer received is in the database', { timeout: 90_000 }, async () => {
    const dataDir = tempDir();
    const first = await spawnServer(dataDir);
    const sessions = await Promise.all([1, 2].map(() => new ApiClient(first.url).login(DEMO.admin)));
    const writers: DocClient[] = Array.from({ length: 10 }, (_, i) => openDoc(sessions[i % 2]!, docName('risk', RISKS[i % RISKS.length]!)));
    // One peer a doc that never writes: all it holds came by broadcast.
    const peers = RISKS.map((id) => openDoc(sessions[0]!, docName('risk', id)));
    await Promise.all([...writers, ...peers].map((c) => c.synced()));

    let n = 0;
    const burst = setInterval(() => {
      writers.forEach((w, i) => w.doc.getText('cause').insert(0, `[${i}:${n}]`));
      n++;
    }, 10);
    // Killed once every writer has seen others' edits by broadcast, in the middle of the burst.
    await vi.waitFor(() => expect(writers.every((w, i) => markers(w.doc.getText('cause').toString()).some((m) => !m.startsWith(`[${i}:`)))).toBe(true), { interval: 5 });
    await first.kill9();
    clearInterval(burst);
    [...writers, ...peers].forEach((c) => c.provider.disconnect());

    // Everything a client received from the server, per doc: a writer's others' markers and the peer's all.
    const received = RISKS.map((_, d) => {
      const seen = new Set(markers(peers[d]!.doc.getText('cause').toString()));
      writers.forEach((w, i) => {
        if (i % RISKS.length !== d) return;
        for (const m of markers(w.doc.getText('cause').toString())) if (!m.startsWith(`[${i}:`)) seen.add(m);
      });
      return seen;
    });
    expect(received.every((s) => s.size > 0)).toBe(true);

    // Read straight from the database file the killed process left: the update log, and the projection.
    const db = openDatabase(dataDir);
    const store = new DocStore(db);
    const stored = await Promise.all(RISKS.map(async (id) => {
      const doc = new Y.Doc();
      const s = (await store.load(docName('risk', id)));
      for (const u of [s.snapshot, ...s.updates]) if (u) Y.applyUpdate(doc, u);
      return new Set(markers(doc.getText('cause').toString()));
    }));
    const projected = await Promise.all(RISKS.map(async (id) => new Set(markers((await db.sql.get<{ cause: string }>('select cause from risks where id = ?', [id]))!.cause))));
    db.close();
    RISKS.forEach((_, d) => {
      expect([...received[d]!].filter((m) => !stored[d]!.has(m))).toEqual([]);
      expect([...received[d]!].filter((m) => !projected[d]!.has(m))).toEqual([]);
    });

    // And a server started again over that file serves all of it.
    const second = await spawnServer(dataDir);
    const reader = await new ApiClient(second.url).login(DEMO.health);
    for (const [d, id] of RISKS.entries()) {
      const cause = (await reader.get<RiskDetail>(`${P}/risks/${id}`)).body.cause;
      expect([...received[d]!].filter((m) => !cause.includes(m))).toEqual([]);
    }
  });
});
