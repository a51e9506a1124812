import * as encoding from 'lib0/encoding';
import { onTestFinished } from 'vitest';
import WebSocket from 'ws';
import * as syncProtocol from 'y-protocols/sync';
import * as Y from 'yjs';
import type { ApiClient } from './http.js';
import type { TestServer } from './server.js';

/** A raw WebSocket on a doc, for sending what no well-behaved provider would. */
export interface RawDocSocket {
  ws: WebSocket;
  /** Resolves with the close code when the server closes the connection. */
  closed: Promise<number>;
  /** Every binary message the server sent. */
  received: Uint8Array[];
  send(frame: Uint8Array): void;
}

export async function rawSocket(client: ApiClient, name: string): Promise<RawDocSocket> {
  const ws = new WebSocket(`${client.baseUrl.replace('http', 'ws')}/yjs/${name}`, { headers: { cookie: client.sessionCookie!, origin: client.baseUrl } });
  const received: Uint8Array[] = [];
  const closed = new Promise<number>((resolve) => ws.on('close', (code) => resolve(code)));
  ws.on('message', (data: Buffer) => received.push(new Uint8Array(data)));
  ws.on('error', () => undefined);
  onTestFinished(() => ws.terminate());
  await new Promise((resolve, reject) => {
    ws.once('open', resolve);
    ws.once('error', reject);
  });
  return { ws, closed, received, send: (frame) => ws.send(frame) };
}

/** A y-websocket sync frame carrying one update. */
export function updateFrame(update: Uint8Array): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, 0);
  syncProtocol.writeUpdate(encoder, update);
  return encoding.toUint8Array(encoder);
}

/** The doc as the server has stored it, read straight from the update log. */
export async function storedDoc(server: TestServer, name: string): Promise<Y.Doc> {
  const state = (await server.services.docs.load(name));
  const doc = new Y.Doc();
  for (const u of [state.snapshot, ...state.updates]) if (u) Y.applyUpdate(doc, u);
  return doc;
}

/**
 * The update a client would send after making `change` to the stored doc: how a test writes exactly
 * the bytes an attacker would, without a provider smoothing anything.
 */
export async function updateFor(server: TestServer, name: string, change: (doc: Y.Doc) => void): Promise<Uint8Array> {
  const doc = await storedDoc(server, name);
  const before = Y.encodeStateVector(doc);
  change(doc);
  const update = Y.encodeStateAsUpdate(doc, before);
  doc.destroy();
  return update;
}

/** A y-websocket awareness frame carrying the given entries, as a hostile client would write it. */
export function awarenessFrame(entries: { clientId: number; clock: number; state: unknown }[]): Uint8Array {
  const inner = encoding.createEncoder();
  encoding.writeVarUint(inner, entries.length);
  for (const e of entries) {
    encoding.writeVarUint(inner, e.clientId);
    encoding.writeVarUint(inner, e.clock);
    encoding.writeVarString(inner, JSON.stringify(e.state));
  }
  const outer = encoding.createEncoder();
  encoding.writeVarUint(outer, 1);
  encoding.writeVarUint8Array(outer, encoding.toUint8Array(inner));
  return encoding.toUint8Array(outer);
}
