import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import { DOC_LIMITS } from '../../../shared/limits.js';
import { ClientAwareness, type PresenceUser } from '../../../shared/protocol/awareness.js';

/** Who owns which awareness client ids on one document. */
export interface AwarenessOwnership {
  /**
   * Every id this connection has introduced in its life (a page has one; a removed state does not give
   * its place back, or a connection could mint ids without end). New ids are added to it here.
   */
  introduced: Set<number>;
  /** Whether another connection on the same document introduced this id. */
  ownedByAnother(clientId: number): boolean;
}

/**
 * Rewrites an awareness update from a client so that it speaks only for that client: entries for client
 * ids another connection introduced are dropped, a connection introduces at most
 * DOC_LIMITS.awarenessIdsPerConnection ids in its life, each state keeps only the fields a client may publish, and
 * its `user` is the person the server signed in. Returns null when nothing is left.
 * Throws on a frame that is not an awareness update (the caller closes the connection).
 */
export function ownAwarenessUpdate(update: Uint8Array, ownership: AwarenessOwnership, user: PresenceUser): Uint8Array | null {
  const decoder = decoding.createDecoder(update);
  const count = decoding.readVarUint(decoder);
  const kept: { clientId: number; clock: number; state: string }[] = [];
  const introduced = ownership.introduced;
  for (let i = 0; i < count; i++) {
    const clientId = decoding.readVarUint(decoder);
    const clock = decoding.readVarUint(decoder);
    const raw = decoding.readVarString(decoder);
    if (ownership.ownedByAnother(clientId)) continue;
    if (!introduced.has(clientId)) {
      if (introduced.size >= DOC_LIMITS.awarenessIdsPerConnection) continue;
      introduced.add(clientId);
    }
    const state = raw.length > DOC_LIMITS.awarenessStateBytes ? undefined : sanitise(raw, user);
    if (state !== undefined) kept.push({ clientId, clock, state });
  }
  if (decoding.hasContent(decoder)) throw new Error('trailing bytes after the awareness update');
  if (kept.length === 0) return null;
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, kept.length);
  for (const k of kept) {
    encoding.writeVarUint(encoder, k.clientId);
    encoding.writeVarUint(encoder, k.clock);
    encoding.writeVarString(encoder, k.state);
  }
  return encoding.toUint8Array(encoder);
}

/** The state as the server relays it, or undefined to drop it. `null` (the client left) stays null. */
function sanitise(raw: string, user: PresenceUser): string | undefined {
  let value: unknown;
  try {
    value = JSON.parse(raw);
  } catch {
    return undefined;
  }
  if (value === null) return 'null';
  const parsed = ClientAwareness.safeParse(value);
  if (!parsed.success) return undefined;
  return JSON.stringify({ ...parsed.data, user });
}
