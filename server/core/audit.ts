import { and, desc, eq } from 'drizzle-orm';
import { auditLog, people } from '../db/schema.js';
import type { AuditEntry } from '../../shared/schemas/admin.js';
import { isoAt, type ServiceContext } from './context.js';
import { RefusedReference } from './references.js';
import { toAppError } from './errors.js';

export interface AuditInput {
  partnershipId: number;
  actorId: number | null;
  action: string;
  entityType: string;
  entityId: number | null;
  detail?: unknown;
}

/** Append-only: nothing in the product updates or deletes an audit row. */
export function writeAudit(ctx: ServiceContext, entry: AuditInput): void {
  ctx.db
    .insert(auditLog)
    .values({ ...entry, detail: entry.detail ?? null, at: isoAt(ctx.clock) })
    .run();
}

/**
 * Puts a refused write on the record when it was an attempt on something the person may not touch:
 * a refusal of their role (FORBIDDEN), a record they cannot see (NOT_FOUND), or an id of another
 * partnership (RefusedReference). Ordinary validation errors (a typo in a form) are not recorded.
 * Best effort: a database that cannot write must not turn a refusal into a crash.
 */
export function auditRefusal(ctx: ServiceContext, who: { partnershipId: number; personId: number }, command: string, err: unknown): void {
  if (!isRecordedRefusal(err)) return;
  const appError = toAppError(err);
  try {
    writeAudit(ctx, {
      partnershipId: who.partnershipId,
      actorId: who.personId,
      action: 'command.refused',
      entityType: 'command',
      entityId: null,
      detail: { command, code: appError.code, message: appError.message, ...(appError.details === undefined ? {} : { details: appError.details }) },
    });
  } catch {
    // The refusal itself has already been answered; losing its audit row is the lesser harm.
  }
}

/** Whether auditRefusal puts this error on the record (a refused role, an unseen record, another partnership's id). */
export function isRecordedRefusal(err: unknown): boolean {
  const { code } = toAppError(err);
  return code === 'FORBIDDEN' || code === 'NOT_FOUND' || err instanceof RefusedReference;
}

export function listAudit(
  ctx: ServiceContext,
  partnershipId: number,
  opts: { limit: number; entityType?: string | undefined },
): AuditEntry[] {
  const where = opts.entityType
    ? and(eq(auditLog.partnershipId, partnershipId), eq(auditLog.entityType, opts.entityType))
    : eq(auditLog.partnershipId, partnershipId);
  return ctx.db
    .select({
      id: auditLog.id,
      at: auditLog.at,
      actorId: auditLog.actorId,
      actorName: people.name,
      action: auditLog.action,
      entityType: auditLog.entityType,
      entityId: auditLog.entityId,
      detail: auditLog.detail,
    })
    .from(auditLog)
    .leftJoin(people, eq(people.id, auditLog.actorId))
    .where(where)
    .orderBy(desc(auditLog.id))
    .limit(opts.limit)
    .all();
}
