import type { ErrorRequestHandler, RequestHandler } from 'express';
import { AppError } from '../../shared/errors.js';

export const apiNotFound: RequestHandler = (req) => {
  throw new AppError('NOT_FOUND', `No API route for ${req.method} ${req.path}.`);
};

/** The one place an error becomes a response: `{"error":{"code","message","details?"}}`. */
export function errorHandler(log: (message: string, extra?: Record<string, unknown>) => void): ErrorRequestHandler {
  return (err: unknown, req, res, _next) => {
    const appError = toAppError(err);
    if (appError.status >= 500) log('request failed', { method: req.method, path: req.path, error: String((err as Error)?.stack ?? err) });
    if (appError.code === 'RATE_LIMITED') {
      const details = appError.details as { retryAfterSeconds?: number } | undefined;
      if (details?.retryAfterSeconds) res.setHeader('Retry-After', String(details.retryAfterSeconds));
    }
    res.status(appError.status).json(appError.toBody());
  };
}

function toAppError(err: unknown): AppError {
  if (err instanceof AppError) return err;
  const type = (err as { type?: string } | null)?.type;
  if (type === 'entity.parse.failed') return new AppError('MALFORMED_JSON', 'The request body is not valid JSON.');
  if (type === 'entity.too.large') return new AppError('PAYLOAD_TOO_LARGE', 'The request body is too large.');
  if ((err as { code?: string } | null)?.code === 'SQLITE_READONLY' || (err as { code?: string } | null)?.code === 'SQLITE_FULL') {
    return new AppError('STORAGE_UNAVAILABLE', 'The server cannot save changes right now. Nothing was changed; try again shortly.');
  }
  return new AppError('INTERNAL', 'Something went wrong on the server.');
}
