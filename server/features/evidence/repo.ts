import { and, eq, gt, inArray } from 'drizzle-orm';
import { challenges, evidenceFiles, evidenceItems, evidenceLinks, inspectionRecommendations, planActions, planObjectives, plans, risks, sessions } from '../../db/schema.js';
import { AppError } from '../../../shared/errors.js';
import { EVIDENCE_LINK_FIELDS, EVIDENCE_TARGETS, type EvidenceLinkIds, type EvidenceTarget } from '../../../shared/schemas/evidence.js';
import { writeAudit, type AuditInput } from '../../core/audit.js';
import type { ServiceContext } from '../../core/context.js';
import { refused } from '../../core/references.js';

export type EvidenceRecord = typeof evidenceItems.$inferSelect;
export type NewEvidence = Omit<typeof evidenceItems.$inferInsert, 'id' | 'version' | 'removedAt' | 'removedById'>;

/** The table holding each kind of record an item may link to (every one carries its partnership). */
const TARGET_TABLES = {
  objective: planObjectives,
  plan_action: planActions,
  recommendation: inspectionRecommendations,
  risk: risks,
  challenge: challenges,
} as const;

const IDS_OF: Record<EvidenceTarget, keyof EvidenceLinkIds> = EVIDENCE_LINK_FIELDS;

/**
 * Every write of the evidence store, each one transaction with its audit row. The records a payload
 * links are checked against the partnership inside that transaction: an id of another partnership (or
 * of nothing) is VALIDATION_FAILED naming its field, and nothing is written.
 */
export class EvidenceRepository {
  constructor(private readonly ctx: ServiceContext) {}

  async item(partnershipId: number, evidenceId: number): Promise<EvidenceRecord | null> {
    return (await this.ctx.db.select().from(evidenceItems).where(and(eq(evidenceItems.id, evidenceId), eq(evidenceItems.partnershipId, partnershipId))).get()) ?? null;
  }

  /** Whether a session is still there (not signed out, not ended by a disabling, not expired). */
  async sessionLive(tokenHash: string, now: number): Promise<boolean> {
    return (await this.ctx.db.select({ t: sessions.tokenHash }).from(sessions).where(and(eq(sessions.tokenHash, tokenHash), gt(sessions.expiresAt, now))).get()) !== undefined;
  }

  /** The partnership's plans: whose pages (and recommendations' pages) show its evidence. */
  async planIds(partnershipId: number): Promise<number[]> {
    return (await this.ctx.db.select({ id: plans.id }).from(plans).where(eq(plans.partnershipId, partnershipId)).all()).map((r) => r.id);
  }

  /** A file's bytes: read only for a download. */
  async bytes(evidenceId: number): Promise<Buffer | null> {
    return (await this.ctx.db.select({ bytes: evidenceFiles.bytes }).from(evidenceFiles).where(eq(evidenceFiles.evidenceId, evidenceId)).get())?.bytes ?? null;
  }

  async create(values: NewEvidence, links: EvidenceLinkIds, bytes: Buffer | null, audit: Omit<AuditInput, 'entityId'>): Promise<EvidenceRecord> {
    return this.ctx.database.transaction(async () => {
      await this.checkLinks(values.partnershipId, links);
      const row = await this.ctx.db.insert(evidenceItems).values(values).returning().get();
      if (bytes) await this.ctx.db.insert(evidenceFiles).values({ evidenceId: row.id, bytes }).run();
      await this.writeLinks(row.id, links);
      await writeAudit(this.ctx, { ...audit, entityId: row.id });
      return row;
    });
  }

  /** Changes an item as it was seen (its version), replacing the links of each kind named. */
  async update(seen: EvidenceRecord, patch: Partial<Pick<EvidenceRecord, 'title' | 'date' | 'kind' | 'updatedAt' | 'removedAt' | 'removedById'>>, links: Partial<EvidenceLinkIds>, audit: AuditInput): Promise<void> {
    await this.ctx.database.transaction(async () => {
      await this.checkLinks(seen.partnershipId, links);
      const bumped = await this.ctx.db
        .update(evidenceItems)
        .set({ ...patch, version: seen.version + 1 })
        .where(and(eq(evidenceItems.id, seen.id), eq(evidenceItems.version, seen.version)))
        .run();
      if (bumped.changes !== 1) throw new AppError('CONFLICT', 'The evidence changed a moment ago. Look again and retry.');
      for (const kind of EVIDENCE_TARGETS) {
        const ids = links[IDS_OF[kind]];
        if (ids === undefined) continue;
        await this.ctx.db.delete(evidenceLinks).where(and(eq(evidenceLinks.evidenceId, seen.id), eq(evidenceLinks.targetKind, kind))).run();
        for (const targetId of ids) await this.ctx.db.insert(evidenceLinks).values({ evidenceId: seen.id, targetKind: kind, targetId }).run();
      }
      await writeAudit(this.ctx, audit);
    });
  }

  /** Puts a download on the record. */
  async recordDownload(audit: AuditInput): Promise<void> {
    await writeAudit(this.ctx, audit);
  }

  private async writeLinks(evidenceId: number, links: EvidenceLinkIds): Promise<void> {
    for (const kind of EVIDENCE_TARGETS) for (const targetId of links[IDS_OF[kind]]) await this.ctx.db.insert(evidenceLinks).values({ evidenceId, targetKind: kind, targetId }).run();
  }

  private async checkLinks(partnershipId: number, links: Partial<EvidenceLinkIds>): Promise<void> {
    for (const kind of EVIDENCE_TARGETS) {
      const field = IDS_OF[kind];
      const ids = links[field];
      if (!ids?.length) continue;
      const table = TARGET_TABLES[kind];
      const found = new Set(
        (await this.ctx.db
          .select({ id: table.id })
          .from(table)
          .where(and(inArray(table.id, ids), eq(table.partnershipId, partnershipId)))
          .all())
          .map((r) => r.id),
      );
      const missing = ids.findIndex((id) => !found.has(id));
      if (missing >= 0) throw refused(field, 'Not a record of this partnership', `A record named in ${field} is not in this partnership.`);
    }
  }
}
