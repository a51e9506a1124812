import { and, desc, eq, gte, inArray, lt, notInArray, type SQL } from 'drizzle-orm';
import { auditLog, people } from '../db/schema.js';
import { AUDIT_ACTIONS, auditActionsOf, entityTypesOf, type AuditAction, type AuditGroup, type AuditRecordKind } from '../../shared/domain/audit-actions.js';
import type { AuditFacts } from '../../shared/domain/audit-names.js';
import { isoAt, type ServiceContext } from './context.js';
import { RefusedReference } from './references.js';
import { toAppError } from './errors.js';
import { withoutNul } from '../../shared/validate.js';

export interface AuditInput {
  partnershipId: number;
  actorId: number | null;
  /** One of AUDIT_ACTIONS (shared/domain/audit-actions.ts): each has its words there. */
  action: AuditAction;
  entityType: string;
  entityId: number | null;
  detail?: unknown;
}

/** Append-only: nothing in the product updates or deletes an audit row. */
export async function writeAudit(ctx: ServiceContext, entry: AuditInput): Promise<void> {
  await ctx.db
    .insert(auditLog)
    // A NUL anywhere in what is recorded would stop the entry on PostgreSQL (and db:copy from SQLite):
    // the record keeps the rest, the character shown as �.
    .values({ ...entry, detail: entry.detail == null ? null : withoutNul(entry.detail), at: isoAt(ctx.clock) })
    .run();
}

/**
 * Puts a refused write on the record when it was an attempt on something the person may not touch:
 * a refusal of their role (FORBIDDEN), a record they cannot see (NOT_FOUND), or an id of another
 * partnership (RefusedReference). Ordinary validation errors (a typo in a form) are not recorded.
 * Best effort: a database that cannot write must not turn a refusal into a crash.
 */
export async function auditRefusal(ctx: ServiceContext, who: { partnershipId: number; personId: number }, command: string, err: unknown): Promise<void> {
  if (!isRecordedRefusal(err)) return;
  const appError = toAppError(err);
  try {
    await writeAudit(ctx, {
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

/** An entry as stored, with the name its actor has now. */
export interface AuditRow extends AuditFacts {
  id: number;
  at: string;
}

export interface AuditFilter {
  limit: number;
  entityType?: string | undefined;
  /** Written by this person (the actor). */
  person?: number | undefined;
  group?: AuditGroup | undefined;
  record?: { kind: AuditRecordKind; id: number } | undefined;
  /** London calendar days, inclusive. */
  from?: string | undefined;
  to?: string | undefined;
  /** Entries older than this one (by id): the next page. */
  before?: number | undefined;
}

/** The instant (ISO, UTC) a London calendar day begins: midnight is never inside a clock change there. */
export function londonDayStart(day: string): string {
  const utcMidnight = Date.parse(`${day}T00:00:00Z`);
  const londonHour = Number(new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/London', hour: '2-digit', hourCycle: 'h23' }).format(utcMidnight));
  return new Date(utcMidnight - londonHour * 3_600_000).toISOString();
}

const nextDay = (day: string) => new Date(Date.parse(`${day}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);

/** The partnership's entries, newest first, narrowed by the filter; always within the partnership. */
export async function listAudit(ctx: ServiceContext, partnershipId: number, f: AuditFilter): Promise<AuditRow[]> {
  const where: SQL[] = [eq(auditLog.partnershipId, partnershipId)];
  if (f.entityType) where.push(eq(auditLog.entityType, f.entityType));
  if (f.person !== undefined) where.push(eq(auditLog.actorId, f.person));
  if (f.group === 'other') where.push(notInArray(auditLog.action, Object.keys(AUDIT_ACTIONS)));
  else if (f.group) where.push(inArray(auditLog.action, auditActionsOf(f.group)));
  if (f.record) where.push(inArray(auditLog.entityType, entityTypesOf(f.record.kind)), eq(auditLog.entityId, f.record.id));
  if (f.from) where.push(gte(auditLog.at, londonDayStart(f.from)));
  if (f.to) where.push(lt(auditLog.at, londonDayStart(nextDay(f.to))));
  if (f.before !== undefined) where.push(lt(auditLog.id, f.before));
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
    .where(and(...where))
    .orderBy(desc(auditLog.id))
    .limit(f.limit)
    .all();
}
