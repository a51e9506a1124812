import type { z } from 'zod';
import { ANSWER_MISMATCH_MARK } from '../../../../shared/protocol/rest';

/**
 * Whether the server's answers are checked against their shared schemas: in development (`vite`) and
 * in the e2e build (`vite build --mode e2e`, which Playwright serves: see playwright.config.ts), so a
 * drift between server and schema fails there, loudly, naming the field. A production build skips it:
 * client and server ship from one commit, test/integration/response-schemas.test.ts proves the server
 * keeps to the schemas, and parsing a register of thousands of rows on every refresh would cost the
 * main thread for nothing. The constant folds at build time, so production carries no check code path.
 */
export const CHECK_ANSWERS: boolean = import.meta.env.DEV || import.meta.env.MODE === 'e2e';


function where(path: readonly PropertyKey[]): string {
  if (path.length === 0) return '(the whole answer)';
  return path.map((p, i) => (typeof p === 'number' ? `[${p}]` : `${i === 0 ? '' : '.'}${String(p)}`)).join('');
}

/**
 * Checks `value` against `schema` and returns null when it fits; otherwise a message naming what
 * answered (`what`), each field that does not fit and why, which is also logged as an error. The value
 * itself is never replaced by the parsed one: in every build the page reads exactly what was sent.
 */
export function answerMismatch(what: string, schema: z.ZodType, value: unknown): string | null {
  const result = schema.safeParse(value);
  if (result.success) return null;
  return reportMismatch(what, result.error.issues.map((issue) => `${where(issue.path)}: ${issue.message}`), value);
}

/** Logs a mismatch (what answered, and each thing wrong with it) as an error, and returns it in words. */
export function reportMismatch(what: string, issues: readonly string[], value: unknown): string {
  const shown = issues.slice(0, 8);
  const more = issues.length > shown.length ? ` (and ${issues.length - shown.length} more)` : '';
  const message = `${what}${shown.length > 0 ? `: ${shown.join('; ')}${more}` : ''}`;
  console.error(`${ANSWER_MISMATCH_MARK} ${message}`, value);
  return message;
}
