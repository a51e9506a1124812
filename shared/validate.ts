import type { z } from 'zod';
import { AppError } from './errors.js';

/** Parses untrusted input at a boundary; a failure is VALIDATION_FAILED naming each bad field. */
export function parse<S extends z.ZodType>(schema: S, value: unknown): z.infer<S> {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  throw new AppError(
    'VALIDATION_FAILED',
    'Some of the values sent are not valid.',
    result.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message })),
  );
}
