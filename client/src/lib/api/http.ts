import type { z } from 'zod';
import { AppError, ERROR_CODES, isErrorBody, type ErrorCode } from '../../../../shared/errors';
import { BACKGROUND_READ_HEADER, REST_ANSWERS, fitsRoute, routeParts, type RestAnswer, type RestMethod, type RestRoute } from '../../../../shared/protocol/rest';
import { CHECK_ANSWERS, answerMismatch } from './check';

type Method = RestMethod;

let onUnauthenticated: ((error: AppError) => void) | null = null;

/** Called whenever the server answers 401 to a request that expected a signed-in person. */
export function setUnauthenticatedHandler(handler: (error: AppError) => void): void {
  onUnauthenticated = handler;
}

export interface RequestOptions {
  /** Do not hand a 401 to the unauthenticated handler (sign-in itself, the first /me). */
  quiet401?: boolean;
  signal?: AbortSignal;
  /** The page reads this by itself (after a push or a reconnect), not because the person did something. */
  background?: boolean;
}

export interface CheckedRequestOptions<S extends z.ZodType> extends RequestOptions {
  /** The schema of a 2xx answer (see shared/protocol/rest.ts), checked where CHECK_ANSWERS holds. */
  schema: S;
}

function isKnownCode(code: string): code is ErrorCode {
  return Object.prototype.hasOwnProperty.call(ERROR_CODES, code);
}

function fallbackCode(status: number): ErrorCode {
  if (status === 401) return 'UNAUTHENTICATED';
  if (status === 403) return 'FORBIDDEN';
  if (status === 404) return 'NOT_FOUND';
  if (status === 409) return 'CONFLICT';
  if (status === 410) return 'INVITATION_INVALID';
  if (status === 413) return 'PAYLOAD_TOO_LARGE';
  if (status === 429) return 'RATE_LIMITED';
  if (status === 503) return 'STORAGE_UNAVAILABLE';
  if (status >= 400 && status < 500) return 'VALIDATION_FAILED';
  return 'INTERNAL';
}

/**
 * A REST call named by its route in shared/protocol/rest.ts (`"GET /api/partnerships/:partnershipId"`):
 * the method and the answer's schema, and so its type, come from there. `url` is the concrete address.
 */
export function call<R extends RestRoute>(route: R, url: string, body?: unknown, options: RequestOptions = {}): Promise<RestAnswer<R>> {
  const { method, pattern } = routeParts(route);
  if (CHECK_ANSWERS && !fitsRoute(pattern, url)) return Promise.reject(new AppError('INTERNAL', `${url} is not an address of the route ${route}.`));
  return request(method, url, body, { ...options, schema: REST_ANSWERS[route] }) as Promise<RestAnswer<R>>;
}

/**
 * JSON in, JSON out, same-origin cookies. Any non-2xx answer becomes an AppError built from the
 * server's `{"error":{"code","message","details?"}}` body; a network failure becomes INTERNAL. With a
 * schema, a 2xx answer is checked against it where CHECK_ANSWERS holds: a mismatch is an INTERNAL
 * error naming each field, so development and the e2e suite cannot miss it.
 */
export function request<S extends z.ZodType>(method: Method, url: string, body: unknown, options: CheckedRequestOptions<S>): Promise<z.output<S>>;
export async function request(method: Method, url: string, body?: unknown, options: RequestOptions & { schema?: z.ZodType } = {}): Promise<unknown> {
  const headers: Record<string, string> = { Accept: 'application/json' };
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  if (options.background) headers[BACKGROUND_READ_HEADER] = '1';
  let response: Response;
  try {
    response = await fetch(url, {
      method,
      headers,
      credentials: 'same-origin',
      body: body === undefined ? null : JSON.stringify(body),
      signal: options.signal ?? null,
    });
  } catch (err) {
    if ((err as Error)?.name === 'AbortError') throw err;
    throw new AppError('INTERNAL', 'The server could not be reached. Check your connection and try again.');
  }

  if (response.status === 204) return checked(method, url, options.schema, undefined);
  const text = await response.text();
  let parsed: unknown = undefined;
  if (text) {
    try {
      parsed = JSON.parse(text);
    } catch {
      parsed = undefined;
    }
  }

  if (!response.ok) {
    let error: AppError;
    if (isErrorBody(parsed) && isKnownCode(parsed.error.code)) {
      error = new AppError(parsed.error.code, parsed.error.message, parsed.error.details);
    } else {
      error = new AppError(fallbackCode(response.status), `The server answered ${response.status} ${response.statusText}.`.trim());
    }
    if (error.code === 'RATE_LIMITED' && retryAfterSeconds(error) === null) {
      const header = Number(response.headers.get('Retry-After'));
      if (Number.isFinite(header) && header > 0) {
        error = new AppError(error.code, error.message, { retryAfterSeconds: header });
      }
    }
    if (response.status === 401 && !options.quiet401) onUnauthenticated?.(error);
    throw error;
  }
  return checked(method, url, options.schema, parsed);
}

function checked(method: Method, url: string, schema: z.ZodType | undefined, answer: unknown): unknown {
  if (CHECK_ANSWERS && schema) {
    const mismatch = answerMismatch(`${method} ${url.split('?')[0]} answered what its schema does not allow`, schema, answer);
    if (mismatch) throw new AppError('INTERNAL', mismatch);
  }
  return answer;
}

export function retryAfterSeconds(error: AppError): number | null {
  const details = error.details as { retryAfterSeconds?: unknown } | undefined;
  const n = details?.retryAfterSeconds;
  return typeof n === 'number' && Number.isFinite(n) ? n : null;
}

export interface FieldError {
  path: string;
  message: string;
}

/** VALIDATION_FAILED carries one entry per bad field; anything else yields none. */
export function fieldErrors(error: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  if (!(error instanceof AppError) || error.code !== 'VALIDATION_FAILED' || !Array.isArray(error.details)) return out;
  for (const item of error.details as unknown[]) {
    if (typeof item === 'object' && item !== null && 'path' in item && 'message' in item) {
      const { path, message } = item as FieldError;
      if (typeof path === 'string' && typeof message === 'string' && !(path in out)) out[path] = message;
    }
  }
  return out;
}

export function messageOf(error: unknown): string {
  if (error instanceof AppError) return error.message;
  return 'Something went wrong. Try again.';
}

/**
 * A multipart upload (a file and its fields) to a route of shared/protocol/rest.ts: the browser sets
 * the boundary; a non-2xx answer becomes an AppError as `request` makes it, a 2xx is parsed by the
 * route's schema.
 */
export async function postForm<R extends RestRoute>(route: R, url: string, form: FormData): Promise<RestAnswer<R>> {
  let response: Response;
  try {
    response = await fetch(url, { method: 'POST', body: form, credentials: 'same-origin', headers: { Accept: 'application/json' } });
  } catch {
    throw new AppError('INTERNAL', 'The server could not be reached. Check your connection and try again.');
  }
  const body: unknown = await response.json().catch(() => undefined);
  if (!response.ok) {
    if (isErrorBody(body)) throw new AppError(isKnownCode(body.error.code) ? body.error.code : fallbackCode(response.status), body.error.message, body.error.details);
    throw new AppError(fallbackCode(response.status), `The server answered ${response.status}.`);
  }
  return REST_ANSWERS[route].parse(body) as RestAnswer<R>;
}

/**
 * A file the server makes (a PDF): its bytes and the name it offers. A non-2xx answer becomes an
 * AppError as `request` makes it (a PDF the server cannot make is 503 PDF_UNAVAILABLE, saying why).
 */
export async function getFile(url: string): Promise<{ blob: Blob; fileName: string | null }> {
  let response: Response;
  try {
    response = await fetch(url, { credentials: 'same-origin' });
  } catch {
    throw new AppError('INTERNAL', 'The server could not be reached. Check your connection and try again.');
  }
  if (!response.ok) {
    const body: unknown = await response.json().catch(() => undefined);
    const error = isErrorBody(body) ? new AppError(isKnownCode(body.error.code) ? body.error.code : fallbackCode(response.status), body.error.message, body.error.details) : new AppError(fallbackCode(response.status), `The server answered ${response.status}.`);
    if (response.status === 401) onUnauthenticated?.(error);
    throw error;
  }
  const name = /filename="([^"]+)"/.exec(response.headers.get('Content-Disposition') ?? '')?.[1] ?? null;
  return { blob: await response.blob(), fileName: name };
}
