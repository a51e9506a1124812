import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import type { PeerMessage } from '../yjs/peers.js';

/** Bumped when the layout changes: a process of another version is not understood, and says so in the log, rather than misread. */
const VERSION = 1;
const TYPES = ['stored', 'awareness', 'hello'] as const;
/** Bounds on what is read from the channel, so a garbled length cannot make a process allocate without end. */
const MAX_UPDATES = 10_000;
const MAX_WRITERS = 10_000;

/** One message on a document's channel: who sent it (to skip our own) and what. Binary, as Yjs updates are. */
export function encodePeerMessage(processId: string, message: PeerMessage): Uint8Array {
  const e = encoding.createEncoder();
  encoding.writeVarUint(e, VERSION);
  encoding.writeVarString(e, processId);
  encoding.writeVarUint(e, TYPES.indexOf(message.type));
  switch (message.type) {
    case 'stored':
      encoding.writeVarUint(e, message.prevId);
      encoding.writeVarUint(e, message.lastId);
      encoding.writeVarUint(e, message.updates.length);
      for (const u of message.updates) encoding.writeVarUint8Array(e, u);
      encoding.writeVarUint(e, message.writers.length);
      for (const [clientId, personId] of message.writers) {
        encoding.writeVarUint(e, clientId);
        encoding.writeVarUint(e, personId);
      }
      break;
    case 'awareness':
      encoding.writeVarUint8Array(e, message.update);
      break;
    case 'hello':
      break;
  }
  return encoding.toUint8Array(e);
}

/** Reads a message back; throws on anything that is not exactly one well-formed message (the caller logs and drops it). */
export function decodePeerMessage(bytes: Uint8Array): { processId: string; message: PeerMessage } {
  const d = decoding.createDecoder(bytes);
  const version = decoding.readVarUint(d);
  if (version !== VERSION) throw new Error(`message version ${version}, expected ${VERSION}`);
  const processId = decoding.readVarString(d);
  const type = TYPES[decoding.readVarUint(d)];
  let message: PeerMessage;
  switch (type) {
    case 'stored': {
      const prevId = decoding.readVarUint(d);
      const lastId = decoding.readVarUint(d);
      if (lastId <= prevId) throw new Error(`stored ids out of order (${prevId} → ${lastId})`);
      const updates: Uint8Array[] = [];
      const n = decoding.readVarUint(d);
      if (n === 0 || n > MAX_UPDATES) throw new Error(`${n} updates`);
      // Copied: the bytes would otherwise share the channel's buffer, which the client may reuse.
      for (let i = 0; i < n; i++) updates.push(Uint8Array.from(decoding.readVarUint8Array(d)));
      const writers: [number, number][] = [];
      const w = decoding.readVarUint(d);
      if (w > MAX_WRITERS) throw new Error(`${w} writers`);
      for (let i = 0; i < w; i++) writers.push([decoding.readVarUint(d), decoding.readVarUint(d)]);
      message = { type, prevId, lastId, updates, writers };
      break;
    }
    case 'awareness':
      message = { type, update: Uint8Array.from(decoding.readVarUint8Array(d)) };
      break;
    case 'hello':
      message = { type };
      break;
    default:
      throw new Error('unknown message type');
  }
  if (decoding.hasContent(d)) throw new Error('trailing bytes after the message');
  return { processId, message };
}
