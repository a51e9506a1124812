import type { z } from 'zod';
import { AppError } from './errors.js';

/** Said of a field holding a NUL, wherever input arrives: a request, a payload, an import's cell, a document. */
export const NUL_MESSAGE = 'Holds a NUL character (an invisible control character that cannot be stored); remove it';

/**
 * Where a value holds a NUL character, in a string or a key, as field paths (`a.b.0`); at most
 * `max` of them. No text in the product means anything with one, and PostgreSQL cannot store one
 * where SQLite would: refused at every boundary, both engines keep the same records. Walked without
 * recursion, so input nested thousands deep cannot overflow the stack.
 */
export function nulPaths(value: unknown, max = 20): string[] {
  const found: string[] = [];
  const stack: [unknown, string][] = [[value, '']];
  while (stack.length > 0 && found.length < max) {
    const [current, path] = stack.pop()!;
    if (typeof current === 'string') {
      if (current.includes('\u0000')) found.push(path);
    } else if (isPlainData(current)) {
      for (const key of Object.keys(current)) {
        const at = path === '' ? key : `${path}.${key}`;
        if (key.includes('\u0000')) found.push(at);
        else stack.push([(current as Record<string, unknown>)[key], at]);
      }
    }
  }
  return found;
}

/**
 * The value with every NUL (in a string or a key) replaced by U+FFFD: for what is put on the record
 * whatever it holds (the audit log, which must never fail to be written for what someone sent).
 */
export function withoutNul<T>(value: T): T {
  if (typeof value === 'string') return value.replaceAll('\u0000', '\ufffd') as T;
  if (Array.isArray(value)) return value.map((v: unknown) => withoutNul(v)) as T;
  if (isPlainData(value)) return Object.fromEntries(Object.entries(value).map(([k, v]) => [k.replaceAll('\u0000', '\ufffd'), withoutNul(v)])) as T;
  return value;
}

/** Arrays and plain objects (null-prototype ones too, as query strings parse): never a Buffer's bytes or a class's innards. */
function isPlainData(value: unknown): value is object {
  if (typeof value !== 'object' || value === null) return false;
  if (Array.isArray(value)) return true;
  const proto: unknown = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

/** Parses untrusted input at a boundary; a failure is VALIDATION_FAILED naming each bad field. */
export function parse<S extends z.ZodType>(schema: S, value: unknown): z.infer<S> {
  const nul = nulPaths(value);
  if (nul.length > 0) throw new AppError('VALIDATION_FAILED', 'Some of the values sent are not valid.', nul.map((path) => ({ path, message: NUL_MESSAGE })));
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  throw new AppError(
    'VALIDATION_FAILED',
    'Some of the values sent are not valid.',
    result.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message })),
  );
}
