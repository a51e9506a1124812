import path from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it, onTestFinished, vi } from 'vitest';
import WebSocket from 'ws';
import * as Y from 'yjs';
import { YJS_CLOSE, docName } from '../../shared/protocol/yjs.js';
import type { AckReply } from '../../shared/protocol/socket.js';
import { MEETING_DOC, type MeetingSummary } from '../../shared/schemas/meeting.js';
import { ApiClient, DEMO } from '../helpers/http.js';
import { meetingToday } from '../helpers/meeting-time.js';
import { rawSocket, storedDoc, updateFor, updateFrame } from '../helpers/raw-yjs.js';
import { testDatabaseUrl } from '../helpers/pg-databases.js';
import { startTestServer, type TestServer } from '../helpers/server.js';
import { connectSocket, send } from '../helpers/socket.js';
import { walCommits } from '../helpers/wal.js';
import { openDoc, type DocClient } from '../helpers/yjs.js';

const commits = (server: TestServer) => server.yjs.stats().commits;
const storedRows = (server: TestServer) => (server.ctx.database.raw.prepare("select seq from sqlite_sequence where name = 'doc_updates'").get() as { seq: number }).seq;

function ok<T>(reply: AckReply<T>): T {
  if (!reply.ok) throw new Error(`command refused: ${JSON.stringify(reply)}`);
  return reply.data;
}

describe('group commit: updates that arrive together are stored in one transaction', () => {
  // Counted in SQLite's write-ahead log and sequence table: SQLite's by nature.
  it.skipIf(testDatabaseUrl !== null)('a burst from ten writers on five docs takes fewer SQLite transactions than updates, counted in the write-ahead log', async () => {
    const server = await startTestServer();
    const admin = await new ApiClient(server.url).login(DEMO.admin);
    const docs = [1, 2, 3, 4, 5].map((id) => docName('risk', id));
    const writers = Array.from({ length: 10 }, (_, i) => openDoc(admin, docs[i % docs.length]!));
    await Promise.all(writers.map((w) => w.synced()));

    server.ctx.database.raw.pragma('wal_checkpoint(TRUNCATE)');
    const before = { ...commits(server), rows: storedRows(server) };
    // Five separate edits per writer, each its own Yjs update and its own WebSocket message.
    for (let n = 0; n < 5; n++) writers.forEach((w, i) => w.doc.getText('cause').insert(0, `[${i}:${n}]`));
    const sent = 50;
    await vi.waitFor(() => expect(storedRows(server) - before.rows).toBe(sent));

    const after = commits(server);
    const groups = after.groups - before.groups;
    expect(after.stored - before.stored).toBe(sent);
    expect(groups).toBeLessThan(sent);
    expect(after.largestGroup).toBeGreaterThan(1);
    // SQLite's own record agrees: one commit per group (and perhaps a session's "last used" beside them).
    const sqliteCommits = walCommits(server.dataDir);
    expect(sqliteCommits).toBeGreaterThanOrEqual(groups);
    expect(sqliteCommits).toBeLessThan(sent);
    // Nothing was lost on the way: every writer's every edit is stored and reached everyone on its doc.
    for (const [d, name] of docs.entries()) {
      const text = (await storedDoc(server, name)).getText('cause').toString();
      const mine = writers.filter((_, i) => i % docs.length === d);
      for (const w of mine) await vi.waitFor(() => expect(w.doc.getText('cause').toString()).toBe(text));
      for (const i of [d, d + 5]) for (let n = 0; n < 5; n++) expect(text).toContain(`[${i}:${n}]`);
    }
  });

  it('one update refused in a group does not take the others down: refused at the check and at store time, the rest stored and broadcast', async () => {
    const server = await startTestServer();
    const admin = await new ApiClient(server.url).login(DEMO.admin);
    const chair = await connectSocket(await new ApiClient(server.url).login(DEMO.chair));
    const meeting = ok(await send<MeetingSummary>(chair, 'meeting:create', { boardId: 1, startsAt: meetingToday() }));
    const meetingDoc = docName('meeting', meeting.id);
    const [goodA, goodB, broken] = [docName('risk', 2), docName('risk', 3), docName('risk', 4)];
    const readers: Record<string, DocClient> = Object.fromEntries([goodA, goodB, meetingDoc].map((n) => [n, openDoc(admin, n)]));
    await Promise.all(Object.values(readers).map((r) => r.synced()));
    const sockets = {
      meeting: await rawSocket(admin, meetingDoc),
      broken: await rawSocket(admin, broken),
      goodA: await rawSocket(admin, goodA),
      goodB: await rawSocket(admin, goodB),
    };
    const frames = {
      meeting: updateFrame((await updateFor(server, meetingDoc, (d) => d.getText(MEETING_DOC.summary).insert(0, 'Written after sign-off')))),
      broken: updateFrame((await updateFor(server, broken, (d) => d.getMap('not-a-part').set('x', 1)))),
      goodA: updateFrame((await updateFor(server, goodA, (d) => d.getText('cause').insert(0, 'GOOD A. ')))),
      goodB: updateFrame((await updateFor(server, goodB, (d) => d.getText('effect').insert(0, 'GOOD B. ')))),
    };
    // The minutes are signed off behind the server's back (no re-check of open connections), so the
    // meeting doc's update passes the check and is refused only at store time, inside the group.
    await server.ctx.database.sql.run("update meetings set status = 'signed_off' where id = ?", [meeting.id]);
    const audit = async (action: string) => (await server.ctx.database.sql.get<{ n: number }>('select count(*) as n from audit_log where action = ?', [action]))!.n;
    const audited = [await audit('meeting.edit_refused'), await audit('doc.update_refused')];
    const before = commits(server);

    // Written in one go: the server reads them in one turn of its event loop, so they are one group.
    for (const key of ['meeting', 'broken', 'goodA', 'goodB'] as const) sockets[key].send(frames[key]);

    expect(await sockets.meeting.closed).toBe(YJS_CLOSE.MALFORMED);
    expect(await sockets.broken.closed).toBe(YJS_CLOSE.MALFORMED);
    await vi.waitFor(() => expect(readers[goodA]!.doc.getText('cause').toString()).toMatch(/^GOOD A\. /));
    await vi.waitFor(() => expect(readers[goodB]!.doc.getText('effect').toString()).toMatch(/^GOOD B\. /));
    const after = commits(server);
    expect([after.groups - before.groups, after.stored - before.stored]).toEqual([1, 2]);
    expect((await storedDoc(server, goodA)).getText('cause').toString()).toMatch(/^GOOD A\. /);
    expect((await storedDoc(server, goodB)).getText('effect').toString()).toMatch(/^GOOD B\. /);
    // The refused ones changed nothing, reached nobody, and are on the record.
    expect((await storedDoc(server, meetingDoc)).getText(MEETING_DOC.summary).toString()).toBe('');
    expect(readers[meetingDoc]!.doc.getText(MEETING_DOC.summary).toString()).toBe('');
    expect((await storedDoc(server, broken)).share.has('not-a-part')).toBe(false);
    expect([(await audit('meeting.edit_refused')) - audited[0]!, (await audit('doc.update_refused')) - audited[1]!]).toEqual([1, 1]);
    // The writers of the stored ones are still connected.
    expect([sockets.goodA.ws.readyState, sockets.goodB.ws.readyState]).toEqual([WebSocket.OPEN, WebSocket.OPEN]);
  });

  // Another process holding the SQLite file's write lock, counted in its sequence table: SQLite's by nature.
  it.skipIf(testDatabaseUrl !== null)('storage failing under a group: nothing of it is broadcast, every sender is told, and all converge once storage is back', async () => {
    const server = await startTestServer();
    const admin = await new ApiClient(server.url).login(DEMO.admin);
    const docs = [6, 7, 9].map((id) => docName('risk', id));
    const writers = docs.map((n) => openDoc(admin, n));
    const readers = docs.map((n) => openDoc(admin, n));
    await Promise.all([...writers, ...readers].map((c) => c.synced()));
    const rowsBefore = storedRows(server);
    const before = commits(server);

    // Another process holds the write lock (a backup, a stray sqlite3 shell).
    const other = new Database(path.join(server.dataDir, 'board.sqlite'));
    other.exec('BEGIN IMMEDIATE');
    onTestFinished(() => {
      if (other.inTransaction) other.exec('ROLLBACK');
      other.close();
    });
    writers.forEach((w, i) => w.doc.getText('effect').insert(0, `TYPED WHILE LOCKED ${i}. `));

    await vi.waitFor(() => expect(writers.every((w) => w.closes.some((c) => c.code === YJS_CLOSE.STORAGE_FAILED))).toBe(true));
    const failed = commits(server);
    expect(failed.rolledBack - before.rolledBack).toBeGreaterThanOrEqual(docs.length);
    expect(failed.rolledBackGroups - before.rolledBackGroups).toBeLessThan(failed.rolledBack - before.rolledBack);
    expect(readers.some((r) => r.doc.getText('effect').toString().includes('TYPED WHILE LOCKED'))).toBe(false);
    expect(storedRows(server)).toBe(rowsBefore);

    other.exec('ROLLBACK');
    // The providers reconnect (4503 is not final) and hand over what was never stored.
    for (const [i, r] of readers.entries()) {
      await vi.waitFor(() => expect(r.doc.getText('effect').toString()).toContain(`TYPED WHILE LOCKED ${i}. `), { timeout: 20_000 });
      await vi.waitFor(async () => expect((await storedDoc(server, docs[i]!)).getText('effect').toString()).toContain(`TYPED WHILE LOCKED ${i}. `));
    }
    for (const [i, w] of writers.entries()) await vi.waitFor(() => expect(Y.encodeStateVector(readers[i]!.doc)).toEqual(Y.encodeStateVector(w.doc)));
  });
});
