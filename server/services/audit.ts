import { and, desc, eq } from 'drizzle-orm';
import { auditLog, people } from '../db/schema.js';
import type { AuditEntry } from '../../shared/schemas/admin.js';
import { isoAt, type ServiceContext } from './context.js';

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
