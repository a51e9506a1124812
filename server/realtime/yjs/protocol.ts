import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import * as authProtocol from 'y-protocols/auth';
import * as awarenessProtocol from 'y-protocols/awareness';
import * as syncProtocol from 'y-protocols/sync';
import { z } from 'zod';
import type * as Y from 'yjs';

/** The y-websocket message types (y-websocket's own numbering). */
export const MESSAGE = { sync: 0, awareness: 1, auth: 2, queryAwareness: 3 } as const;

/** A decoded client frame. The zod schema is the boundary check after binary decoding. */
export const ClientFrame = z.discriminatedUnion('type', [
  z.object({ type: z.literal('syncStep1'), stateVector: z.instanceof(Uint8Array) }),
  z.object({ type: z.literal('update'), update: z.instanceof(Uint8Array).refine((u) => u.byteLength > 0, 'empty update') }),
  z.object({ type: z.literal('awareness'), update: z.instanceof(Uint8Array) }),
  z.object({ type: z.literal('queryAwareness') }),
]);
export type ClientFrame = z.infer<typeof ClientFrame>;

/** Decodes one binary frame; throws on anything that is not the y-websocket protocol. */
export function decodeFrame(data: Uint8Array): ClientFrame {
  const decoder = decoding.createDecoder(data);
  const type = decoding.readVarUint(decoder);
  let frame: unknown;
  switch (type) {
    case MESSAGE.sync: {
      const syncType = decoding.readVarUint(decoder);
      const payload = decoding.readVarUint8Array(decoder);
      if (syncType === syncProtocol.messageYjsSyncStep1) frame = { type: 'syncStep1', stateVector: payload };
      else if (syncType === syncProtocol.messageYjsSyncStep2 || syncType === syncProtocol.messageYjsUpdate) frame = { type: 'update', update: payload };
      else throw new Error(`unknown sync message ${syncType}`);
      break;
    }
    case MESSAGE.awareness:
      frame = { type: 'awareness', update: decoding.readVarUint8Array(decoder) };
      break;
    case MESSAGE.queryAwareness:
      frame = { type: 'queryAwareness' };
      break;
    default:
      throw new Error(`unknown message type ${type}`);
  }
  if (decoding.hasContent(decoder)) throw new Error('trailing bytes after the message');
  return ClientFrame.parse(frame);
}

export function syncStep1(doc: Y.Doc): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, MESSAGE.sync);
  syncProtocol.writeSyncStep1(encoder, doc);
  return encoding.toUint8Array(encoder);
}

export function syncStep2(doc: Y.Doc, stateVector: Uint8Array): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, MESSAGE.sync);
  syncProtocol.writeSyncStep2(encoder, doc, stateVector);
  return encoding.toUint8Array(encoder);
}

export function updateMessage(update: Uint8Array): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, MESSAGE.sync);
  syncProtocol.writeUpdate(encoder, update);
  return encoding.toUint8Array(encoder);
}

export function awarenessMessage(awareness: awarenessProtocol.Awareness, clients: number[]): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, MESSAGE.awareness);
  encoding.writeVarUint8Array(encoder, awarenessProtocol.encodeAwarenessUpdate(awareness, clients));
  return encoding.toUint8Array(encoder);
}

/** y-protocols' own way to say "you may not write here"; stock providers log it, ours go read-only. */
export function permissionDenied(reason: string): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, MESSAGE.auth);
  authProtocol.writePermissionDenied(encoder, reason);
  return encoding.toUint8Array(encoder);
}
