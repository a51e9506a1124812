import type { ErrorRequestHandler, Request, RequestHandler } from 'express';
import { AppError } from '../../shared/errors.js';
import { toAppError } from '../core/errors.js';

export const apiNotFound: RequestHandler = (req) => {
  // An address that does not decode is a malformed request, not an unknown route.
  try {
    decodeURIComponent(req.path);
  } catch (err) {
    throw toAppError(err);
  }
  throw new AppError('NOT_FOUND', `No API route for ${req.method} ${req.path}.`);
};

/** The one place an error becomes a response: `{"error":{"code","message","details?"}}`. */
export function errorHandler(log: (message: string, extra?: Record<string, unknown>) => void, refused: (req: Request, err: unknown) => Promise<void> = async () => undefined): ErrorRequestHandler {
  return (err: unknown, req, res, next) => {
    // Part of a response (a file) already went out: only Express's own handler can end it (it closes the connection).
    if (res.headersSent) return next(err);
    const appError = toAppError(err);
    // On the record beside the answer; a refusal that cannot be recorded is logged, the answer still sent.
    if (appError.status < 500) refused(req, err).catch((e: unknown) => log('could not record a refusal', { error: String(e) }));
    // Busy and no-Chromium answers are expected, not faults (the renderer logs a Chromium that will not start once per try).
    if (appError.status >= 500 && appError.code !== 'SERVER_BUSY' && appError.code !== 'PDF_UNAVAILABLE') log('request failed', { method: req.method, path: req.path, error: String((err as Error)?.stack ?? err) });
    if (appError.code === 'RATE_LIMITED' || appError.code === 'SERVER_BUSY') {
      const details = appError.details as { retryAfterSeconds?: number } | undefined;
      if (details?.retryAfterSeconds) res.setHeader('Retry-After', String(details.retryAfterSeconds));
    }
    res.status(appError.status).json(appError.toBody());
  };
}
