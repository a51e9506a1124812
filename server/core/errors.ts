import { AppError } from '../../shared/errors.js';
import { YJS_CLOSE } from '../../shared/protocol/yjs.js';
import { isStorageTrouble, isUnstorableText } from '../db/storage-trouble.js';

export { isStorageTrouble };

/**
 * The one error mapper for every channel: Express responses, Socket.io acks and Yjs closes all ask
 * it, so the same trouble gets the same code wherever it happens (a full disk used to be
 * STORAGE_UNAVAILABLE over REST and INTERNAL over Socket.io).
 */

export const STORAGE_UNAVAILABLE_MESSAGE = 'The server cannot save changes right now. Nothing was changed; try again shortly.';

function httpStatusOf(err: unknown): number | null {
  if (typeof err !== 'object' || err === null) return null;
  const status = (err as { status?: unknown; statusCode?: unknown }).status ?? (err as { statusCode?: unknown }).statusCode;
  return typeof status === 'number' && Number.isInteger(status) ? status : null;
}

/** Any thrown value as the AppError the client is told; unknown errors become INTERNAL (and are logged by the caller). */
export function toAppError(err: unknown): AppError {
  if (err instanceof AppError) return err;
  if (isStorageTrouble(err)) return new AppError('STORAGE_UNAVAILABLE', STORAGE_UNAVAILABLE_MESSAGE);
  if (isUnstorableText(err)) return new AppError('VALIDATION_FAILED', 'The text holds a character that cannot be stored (NUL). Nothing was changed.');
  // body-parser's errors carry a `type`.
  const type = (err as { type?: unknown } | null)?.type;
  if (type === 'entity.parse.failed') return new AppError('MALFORMED_JSON', 'The request body is not valid JSON.');
  if (type === 'entity.too.large') return new AppError('PAYLOAD_TOO_LARGE', 'The request body is too large.');
  // Express's router and static files report a request they cannot read with a 4xx status (a path
  // that does not decode is a 400); decodeURIComponent elsewhere throws a bare URIError.
  const status = httpStatusOf(err);
  if (status === 404) return new AppError('NOT_FOUND', 'Not found.');
  if (status === 413) return new AppError('PAYLOAD_TOO_LARGE', 'The request body is too large.');
  if ((status !== null && status >= 400 && status < 500) || err instanceof URIError) return badRequest(err);
  return new AppError('INTERNAL', 'Something went wrong on the server.');
}

function badRequest(err: unknown): AppError {
  const undecodable = err instanceof URIError || (err instanceof Error && err.message.startsWith('Failed to decode'));
  return new AppError('BAD_REQUEST', undecodable ? 'The address is not valid: it has a malformed percent-encoding.' : 'The request is malformed.');
}

/** WebSocket close reasons are at most 123 bytes of UTF-8. */
const CLOSE_REASON_BYTES = 123;
/** RFC 6455 "internal error": not final, so a provider reconnects (and resends) with backoff. */
const WS_INTERNAL_ERROR = 1011;

/**
 * The close code and reason a Yjs connection closes with when handling its message threw. Storage
 * trouble is STORAGE_FAILED (transient: the provider reconnects and resends what was not stored).
 */
export function yjsCloseFor(err: unknown): { code: number; reason: string } {
  const appError = toAppError(err);
  return { code: yjsCodeFor(appError), reason: truncateUtf8(appError.message, CLOSE_REASON_BYTES) };
}

function yjsCodeFor(appError: AppError): number {
  switch (appError.code) {
    case 'STORAGE_UNAVAILABLE':
      return YJS_CLOSE.STORAGE_FAILED;
    case 'RATE_LIMITED':
      return YJS_CLOSE.RATE_LIMITED;
    case 'UNAUTHENTICATED':
    case 'INVALID_CREDENTIALS':
    case 'SESSION_EXPIRED':
      return YJS_CLOSE.UNAUTHENTICATED;
    case 'FORBIDDEN':
    case 'CROSS_SITE_REQUEST':
    case 'NOT_FOUND':
      return YJS_CLOSE.FORBIDDEN;
    case 'PAYLOAD_TOO_LARGE':
      return YJS_CLOSE.TOO_LARGE;
    case 'INTERNAL':
      return WS_INTERNAL_ERROR;
    default:
      // VALIDATION_FAILED, CONFLICT, BAD_REQUEST…: the update breaks the record's rules; resending cannot help.
      return YJS_CLOSE.MALFORMED;
  }
}

function truncateUtf8(text: string, maxBytes: number): string {
  if (Buffer.byteLength(text) <= maxBytes) return text;
  let out = '';
  for (const ch of text) {
    if (Buffer.byteLength(out + ch + '…') > maxBytes) break;
    out += ch;
  }
  return out + '…';
}
