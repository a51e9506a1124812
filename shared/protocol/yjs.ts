/** The y-websocket channel: doc names, close codes and limits, shared by server and clients. */
export const YJS_PATH_PREFIX = '/yjs/';

export const DOC_KINDS = ['risk', 'meeting', 'challenge'] as const;
export type DocKind = (typeof DOC_KINDS)[number];

export interface DocName {
  kind: DocKind;
  id: number;
  /** A sub-document, e.g. a challenge's response, with its own write permission. */
  part: string | null;
}

const DOC_NAME = /^(risk|meeting|challenge):([1-9][0-9]{0,9})(?::([a-z]{1,20}))?$/;

export function parseDocName(name: string): DocName | null {
  const m = DOC_NAME.exec(name);
  if (!m) return null;
  return { kind: m[1] as DocKind, id: Number(m[2]), part: m[3] ?? null };
}

export function docName(kind: DocKind, id: number, part?: string): string {
  return part ? `${kind}:${id}:${part}` : `${kind}:${id}`;
}

/**
 * WebSocket close codes the server uses (4000–4999 are the application's own). Clients must not
 * reconnect after the ones marked final.
 */
export const YJS_CLOSE = {
  /** Session ended or expired while connected. Final until the person signs in again. */
  UNAUTHENTICATED: 4401,
  /** The record is not visible to this person (another partnership, or access withdrawn). Final. */
  FORBIDDEN: 4403,
  /** The record does not exist. Final. */
  NOT_FOUND: 4404,
  /** A frame that is not valid y-websocket protocol. */
  MALFORMED: 4400,
  /** A frame larger than YJS_LIMITS.maxMessageBytes. */
  TOO_LARGE: 4413,
  /** Too many messages per second from this connection. */
  RATE_LIMITED: 4429,
  /** Too many open connections for this session. */
  TOO_MANY_CONNECTIONS: 4430,
  /** The server could not store an update; nothing of it was broadcast. Reconnect and resend. */
  STORAGE_FAILED: 4503,
  /** The server is shutting down; reconnect shortly. */
  SHUTTING_DOWN: 4001,
} as const;

export const FINAL_CLOSE_CODES: readonly number[] = [YJS_CLOSE.UNAUTHENTICATED, YJS_CLOSE.FORBIDDEN, YJS_CLOSE.NOT_FOUND];

export const YJS_LIMITS = {
  maxMessageBytes: 1024 * 1024,
  maxConnectionsPerSession: 50,
  /** Token bucket per connection: sustained messages per second and burst. */
  messagesPerSecond: 200,
  messageBurst: 400,
  /** Unload a doc this long after its last connection leaves, once its writes are flushed. */
  unloadAfterMs: 30_000,
  /** Fold stored updates into a snapshot once a doc has this many. */
  compactAfterUpdates: 500,
} as const;

/**
 * Custom y-websocket message type (after sync 0 and awareness 1, auth 2, queryAwareness 3) by which
 * the server tells a connection it is read-only. Stock providers ignore unknown types.
 */
export const MESSAGE_ACCESS = 7;
export type DocAccessMessage = { access: 'read' | 'edit'; reason?: string };
