import { createHash } from 'node:crypto';
import { AppError } from '../../../shared/errors.js';
import type { RegisterFilters, RegisterSort, SortDirection } from '../../../shared/schemas/register.js';
import { SORT_VALUE_KIND } from './register-sql.js';

/**
 * The register's cursor: where a page ended (the last row's sort value and id: a keyset, so rows
 * inserted or changed meanwhile never shift a page), for which partnership and for which sort and
 * filters. Opaque to clients: base64url JSON and a check digest. The digest has no secret (every
 * process of a deployment must read every other's cursors), so it finds a cursor that was altered or
 * made up by hand, not one made with intent; such a cursor can only start a page elsewhere in the
 * reader's own partnership's rows, which the address and the session decide, never the cursor.
 */
export interface CursorQuery {
  partnershipId: number;
  sort: RegisterSort;
  dir: SortDirection;
  filters: RegisterFilters;
}

export interface CursorPosition {
  value: string | number | null;
  id: number;
}

interface Payload {
  /** Layout version. */
  v: 1;
  p: number;
  /** The sort, direction and filters the cursor was made for. */
  q: string;
  k: string | number | null;
  i: number;
}

function digest(text: string): string {
  return createHash('sha256').update(text).digest('base64url').slice(0, 16);
}

/** The query's sort and filters, in a fixed order, as a short digest; the heat-map kind counts only with a cell. */
function queryPrint(q: CursorQuery): string {
  const f = q.filters;
  const cell = f.likelihood !== undefined ? [f.kind, f.likelihood, f.impact] : null;
  const parts = [q.sort, q.dir, f.boardId, f.status, f.agencyId, f.ownerId, f.band, f.escalated, f.aboveTolerance, f.overdueReview, f.overdueMitigation, f.mitigationAgencyId, f.q?.trim() || undefined, cell];
  return digest(JSON.stringify(parts.map((x) => x ?? null)));
}

export function encodeCursor(q: CursorQuery, at: CursorPosition): string {
  const payload: Payload = { v: 1, p: q.partnershipId, q: queryPrint(q), k: at.value, i: at.id };
  const json = JSON.stringify(payload);
  return `${Buffer.from(json).toString('base64url')}.${digest(json)}`;
}

function refused(message: string): AppError {
  return new AppError('VALIDATION_FAILED', message, [{ path: 'cursor', message }]);
}

/** Reads a cursor for `q`, or refuses it (400, naming `cursor`) saying why. */
export function decodeCursor(cursor: string, q: CursorQuery): CursorPosition {
  const forged = () => refused('This cursor was not made by this register: start again from the first page.');
  const m = /^([A-Za-z0-9_-]+)\.([A-Za-z0-9_-]{16})$/.exec(cursor);
  if (!m) throw forged();
  const json = Buffer.from(m[1]!, 'base64url').toString('utf8');
  if (digest(json) !== m[2]) throw forged();
  let payload: unknown;
  try {
    payload = JSON.parse(json);
  } catch {
    throw forged();
  }
  if (!isPayload(payload)) throw forged();
  if (payload.p !== q.partnershipId) throw refused('This cursor belongs to another partnership’s register.');
  if (payload.q !== queryPrint(q)) throw refused('This cursor was made for another sort or other filters: start again from the first page.');
  // The value is of the sort's kind: a number for scores and counts, text for names and dates.
  const kind = SORT_VALUE_KIND[q.sort];
  if (payload.k !== null && (kind === 'number' ? typeof payload.k !== 'number' || !Number.isFinite(payload.k) : typeof payload.k !== 'string')) throw forged();
  // No stored text holds a NUL (PostgreSQL cannot), so no cursor this register made does.
  if (typeof payload.k === 'string' && payload.k.includes('\u0000')) throw forged();
  return { value: payload.k, id: payload.i };
}

function isPayload(x: unknown): x is Payload {
  if (typeof x !== 'object' || x === null || Array.isArray(x)) return false;
  const o = x as Record<string, unknown>;
  if (Object.keys(o).sort().join() !== 'i,k,p,q,v' || o.v !== 1) return false;
  if (!Number.isSafeInteger(o.p) || (o.p as number) < 1 || !Number.isSafeInteger(o.i) || (o.i as number) < 1 || typeof o.q !== 'string') return false;
  return o.k === null || typeof o.k === 'number' || typeof o.k === 'string';
}
