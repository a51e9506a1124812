import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';
import Database from 'better-sqlite3';
import { describe, expect, it, onTestFinished } from 'vitest';
import { docName } from '../../shared/protocol/yjs.js';
import { openDatabase } from '../../server/db/client.js';
import { isStorageTrouble } from '../../server/db/storage-trouble.js';
import type { RiskRow } from '../../shared/schemas/risk.js';
import { ApiClient, DEMO, errorCode } from '../helpers/http.js';
import { testDatabaseUrl } from '../helpers/pg-databases.js';
import { startTestServer, type TestServer } from '../helpers/server.js';
import { connectSocket, send } from '../helpers/socket.js';
import { openDoc } from '../helpers/yjs.js';

const P = '/api/partnerships/1';
const STORAGE_MESSAGE = 'The server cannot save changes right now. Nothing was changed; try again shortly.';
/** Well above the short busy timeout, well below the 5 s per write the process used to stall. */
const PROMPT_MS = 1000;

function newRisk(title: string) {
  return { boardId: 2, title, leadAgencyId: 2, ownerId: 3 };
}

async function timed<T>(fn: () => Promise<T>): Promise<{ ms: number; value: T }> {
  const start = performance.now();
  const value = await fn();
  return { ms: performance.now() - start, value };
}

/** Another process's connection holding the write lock, as a backup tool or a stray sqlite3 shell would. */
function holdWriteLock(server: TestServer): { release(): void } {
  const other = new Database(path.join(server.dataDir, 'board.sqlite'));
  other.exec('BEGIN IMMEDIATE');
  onTestFinished(() => {
    if (other.inTransaction) other.exec('ROLLBACK');
    other.close();
  });
  return { release: () => other.exec('ROLLBACK') };
}

async function count(server: TestServer, table: 'risks' | 'audit_log' | 'doc_updates'): Promise<number> {
  return (await server.ctx.database.sql.get<{ n: number }>(`select count(*) as n from ${table}`))!.n;
}

// Another process holding the SQLite file's write lock: SQLite's by nature.
describe.skipIf(testDatabaseUrl !== null)('a database locked by another process', () => {
  it('health stays fast; writes over REST and Socket.io are refused 503 promptly, change nothing, and work again once the lock goes', async () => {
    const server = await startTestServer();
    const police = await new ApiClient(server.url).login(DEMO.police);
    const socket = await connectSocket(police);
    const risksBefore = await count(server, 'risks');
    const auditBefore = await count(server, 'audit_log');

    const lock = holdWriteLock(server);

    const health = await timed(() => fetch(`${server.url}/api/health`));
    expect(health.value.status).toBe(200);
    expect(health.ms).toBeLessThan(PROMPT_MS);

    const rest = await timed(() => police.post(`${P}/risks`, newRisk('Written while locked (REST)')));
    expect([rest.value.status, errorCode(rest.value)]).toEqual([503, 'STORAGE_UNAVAILABLE']);
    expect(rest.value.body).toMatchObject({ error: { message: STORAGE_MESSAGE } });
    expect(rest.ms).toBeLessThan(PROMPT_MS);

    const ack = await timed(() => send<RiskRow>(socket, 'risk:create', newRisk('Written while locked (socket)')));
    expect(ack.value).toMatchObject({ ok: false, error: { code: 'STORAGE_UNAVAILABLE', message: STORAGE_MESSAGE } });
    expect(ack.ms).toBeLessThan(PROMPT_MS);

    // Reads are served meanwhile (WAL: readers are not blocked), and they show nothing was written.
    const list = await police.get<RiskRow[]>(`${P}/risks`);
    expect(list.status).toBe(200);
    expect(list.body.map((r) => r.title)).not.toContain('Written while locked (REST)');
    expect([await count(server, 'risks'), await count(server, 'audit_log')]).toEqual([risksBefore, auditBefore]);

    lock.release();

    const created = await police.post<RiskRow>(`${P}/risks`, newRisk('Written after the lock (REST)'));
    expect(created.status).toBe(201);
    const viaSocket = await send<RiskRow>(socket, 'risk:create', newRisk('Written after the lock (socket)'));
    expect(viaSocket).toMatchObject({ ok: true, data: { title: 'Written after the lock (socket)' } });
    expect(await count(server, 'risks')).toBe(risksBefore + 2);
  });

  it('editors typing while it is locked do not add up to a stalled process: health still answers within a second', async () => {
    const server = await startTestServer();
    const admin = await new ApiClient(server.url).login(DEMO.admin);
    const editors = [1, 2, 3, 4, 5, 6, 7, 8].map((id) => openDoc(admin, docName('risk', id)));
    await Promise.all(editors.map((e) => e.synced()));
    const storedBefore = await count(server, 'doc_updates');
    holdWriteLock(server);

    // Each update's commit writes first, so each would wait the busy timeout in turn (and again on
    // every reconnect and resend); after the first finds the lock, the rest fail at once.
    for (const e of editors) e.doc.getText('effect').insert(0, 'Typed while locked. ');
    const health = await timed(() => fetch(`${server.url}/api/health`));
    expect(health.value.status).toBe(200);
    expect(health.ms).toBeLessThan(PROMPT_MS);
    const again = await timed(() => fetch(`${server.url}/api/health`));
    expect(again.ms).toBeLessThan(PROMPT_MS);
    expect(await count(server, 'doc_updates')).toBe(storedBefore);
  });

  // pragma query_only is SQLite's; PostgreSQL's read-only mode holds only for connections opened after it, not the pool's.
  it.skipIf(testDatabaseUrl !== null)('a read-only database answers STORAGE_UNAVAILABLE over Socket.io as over REST, not INTERNAL', async () => {
    const server = await startTestServer();
    const police = await new ApiClient(server.url).login(DEMO.police);
    const socket = await connectSocket(police);
    server.ctx.database.raw.pragma('query_only = ON');
    onTestFinished(() => {
      server.ctx.database.raw.pragma('query_only = OFF');
    });

    const rest = await police.post(`${P}/risks`, newRisk('Cannot be saved'));
    expect([rest.status, errorCode(rest)]).toEqual([503, 'STORAGE_UNAVAILABLE']);
    expect(await send(socket, 'risk:create', newRisk('Cannot be saved'))).toMatchObject({ ok: false, error: { code: 'STORAGE_UNAVAILABLE', message: STORAGE_MESSAGE } });
  });
});

/**
 * Another process holding the write lock for `ms` and then letting go by itself: a thread of its own,
 * as the database being tested waits synchronously (better-sqlite3) and could not tell it when.
 */
function holdWriteLockFor(file: string, ms: number): Promise<{ released: Promise<void> }> {
  const worker = new Worker(
    `const { parentPort, workerData } = require('node:worker_threads');
    const Database = require(workerData.module);
    const db = new Database(workerData.file);
    db.exec('BEGIN IMMEDIATE');
    parentPort.postMessage('held');
    Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, workerData.ms);
    db.exec('ROLLBACK');
    db.close();`,
    { eval: true, workerData: { file, ms, module: createRequire(import.meta.url).resolve('better-sqlite3') } },
  );
  const released = new Promise<void>((resolve, reject) => worker.once('exit', () => resolve()).once('error', reject));
  onTestFinished(async () => {
    await worker.terminate();
  });
  return new Promise((resolve, reject) => worker.once('message', () => resolve({ released })).once('error', reject));
}

// Two processes started together on a new SQLite file (a first deployment): one seeds while the other
// starts; each start-up step's write must wait its turn, not fail as a served write does.
describe.skipIf(testDatabaseUrl !== null)('a database still starting, locked by another process', () => {
  it('waits out a lock held for a second while starting, and refuses promptly once it serves', async () => {
    const dataDir = mkdtempSync(path.join(tmpdir(), 'board-starting-'));
    const database = openDatabase(dataDir);
    onTestFinished(() => {
      database.close();
      rmSync(dataDir, { recursive: true, force: true });
    });
    const file = path.join(dataDir, 'board.sqlite');

    const first = await holdWriteLockFor(file, 1000);
    await expect(database.transaction(() => 'written')).resolves.toBe('written');
    await first.released;

    database.serving();
    const second = await holdWriteLockFor(file, 1000);
    const refused = await timed(() => database.transaction(() => 'written').catch((err: unknown) => err));
    expect(isStorageTrouble(refused.value)).toBe(true);
    expect(refused.ms).toBeLessThan(PROMPT_MS);
    await second.released;
  });
});

describe('a malformed address', () => {
  it('answers 400 BAD_REQUEST as JSON, on the API and on the app shell', async () => {
    const clientDir = mkdtempSync(path.join(tmpdir(), 'board-client-'));
    onTestFinished(() => rmSync(clientDir, { recursive: true, force: true }));
    writeFileSync(path.join(clientDir, 'index.html'), '<!doctype html><title>Board</title>');
    const server = await startTestServer({ clientDir });

    for (const address of ['/api/%E0%A4%A', '/%E0%A4%A', `${P}/risks/%E0%A4%A`, '/api/partnerships/%ZZ/risks']) {
      const res = await fetch(server.url + address);
      expect({ address, status: res.status, type: res.headers.get('content-type') }).toMatchObject({ address, status: 400, type: expect.stringContaining('application/json') });
      expect(await res.json()).toMatchObject({ error: { code: 'BAD_REQUEST', message: expect.stringContaining('percent-encoding') } });
    }
    // A well-formed unknown address is unchanged: the API says NOT_FOUND, anything else gets the app shell.
    expect((await fetch(`${server.url}/api/nowhere`)).status).toBe(404);
    expect((await fetch(`${server.url}/somewhere/%E2%9C%93`)).status).toBe(200);
  });
});
