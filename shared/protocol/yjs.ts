/** The y-websocket channel: doc names, close codes and limits, shared by server and clients. */
export const YJS_PATH_PREFIX = '/yjs/';

export const DOC_KINDS = ['risk', 'meeting', 'challenge', 'objective'] as const;
export type DocKind = (typeof DOC_KINDS)[number];

export interface DocName {
  kind: DocKind;
  id: number;
  /** A sub-document, e.g. a challenge's response, with its own write permission. */
  part: string | null;
}

/** `<kind>:<id>[:<part>]`, the kinds read from DOC_KINDS. */
const DOC_NAME = new RegExp(`^(${DOC_KINDS.join('|')}):([1-9][0-9]{0,9})(?::([a-z]{1,20}))?$`);

export function parseDocName(name: string): DocName | null {
  const m = DOC_NAME.exec(name);
  if (!m) return null;
  return { kind: m[1] as DocKind, id: Number(m[2]), part: m[3] ?? null };
}

export function docName(kind: DocKind, id: number, part?: string): string {
  return part ? `${kind}:${id}:${part}` : `${kind}:${id}`;
}

/**
 * WebSocket close codes the server uses. As the stock y-websocket provider does, 4400–4499 are final
 * (reconnecting cannot help: the provider stops) and every other code is transient (it reconnects
 * with backoff).
 */
export const YJS_CLOSE = {
  /** A frame that is not valid y-websocket protocol, or an update that breaks the record's rules. Final. */
  MALFORMED: 4400,
  /** An update would make the document larger than DOC_LIMITS allows; nothing of it was kept. Final. */
  DOC_TOO_LARGE: 4413,
  /**
   * The person has added more invisible content (born-deleted items, new client ids) to this document
   * today than DOC_LIMITS allows; nothing of the update was kept. Final until tomorrow.
   */
  DAILY_LIMIT: 4429,
  /** Session ended or expired while connected. Final until the person signs in again. */
  UNAUTHENTICATED: 4401,
  /** The session switched to another partnership; this document belongs to the one it left. Final. */
  PARTNERSHIP_SWITCHED: 4410,
  /** The record does not exist or is not visible to this person (another partnership, access withdrawn). Final. */
  FORBIDDEN: 4403,
  /** A frame larger than YJS_LIMITS.maxMessageBytes (the WebSocket standard's "message too big"). */
  TOO_LARGE: 1009,
  /** The server is shutting down; reconnect shortly. */
  SHUTTING_DOWN: 4001,
  /** The server could not store an update; nothing of it was broadcast. Reconnect and resend. */
  STORAGE_FAILED: 4503,
  /** The connection's rights grew (e.g. a meeting started): reconnect to edit. */
  ACCESS_CHANGED: 4509,
  /** Too many messages per second from this connection; reconnect after backing off. */
  RATE_LIMITED: 4529,
} as const;

export function isFinalClose(code: number): boolean {
  return code >= 4400 && code < 4500;
}

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
  /**
   * An update that needs content its connection has not sent yet (typed in the moment before the
   * client's catch-up sync arrives) waits on that connection, up to this many bytes, and is tried
   * again with the connection's next update; it is never kept in the shared document meanwhile.
   */
  parkedBytesMax: 256 * 1024,
} as const;

/**
 * A read-only connection is told so with y-protocols' auth message (type 2, permission denied) and this
 * reason; stock providers log it, ours switch the editor to read-only.
 */
export const READ_ONLY_REASON = 'read-only';
