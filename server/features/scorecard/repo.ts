import { and, desc, eq, inArray } from 'drizzle-orm';
import { indicatorComparatorValues, indicatorComparators, indicatorObjectives, indicatorRisks, indicatorValues, indicators, planObjectives, risks } from '../../db/schema.js';
import { AppError } from '../../../shared/errors.js';
import type { IndicatorValueInput, SetComparatorsPayload } from '../../../shared/schemas/scorecard.js';
import { writeAudit, type AuditInput } from '../../core/audit.js';
import type { ServiceContext } from '../../core/context.js';
import { refused, referencedAgency, referencedPerson } from '../../core/references.js';
import type { IndicatorRecord } from './queries.js';

type IndicatorValues = Omit<typeof indicators.$inferInsert, 'id' | 'version'>;
export interface IndicatorLinks {
  objectiveIds?: number[] | undefined;
  riskIds?: number[] | undefined;
}

/**
 * The scorecard's writes, each one transaction with its audit row. What a write depends on (the
 * indicator's version, the records it names) is checked again inside the transaction, so a change made
 * meanwhile by someone else is a CONFLICT, never silently overwritten.
 */
export class ScorecardRepository {
  constructor(private readonly ctx: ServiceContext) {}

  async indicator(partnershipId: number, indicatorId: number): Promise<IndicatorRecord | null> {
    return (await this.ctx.db.select().from(indicators).where(and(eq(indicators.id, indicatorId), eq(indicators.partnershipId, partnershipId))).get()) ?? null;
  }

  async indicatorsIn(partnershipId: number, ids: readonly number[]): Promise<IndicatorRecord[]> {
    if (ids.length === 0) return [];
    return this.ctx.db.select().from(indicators).where(and(eq(indicators.partnershipId, partnershipId), inArray(indicators.id, [...ids]))).all();
  }

  /** The people, agency, objectives and risks a definition names: each of this partnership, or refused naming its field. */
  private async checkReferences(partnershipId: number, v: { agencyId?: number | null | undefined; leadPersonId?: number | null | undefined }, links: IndicatorLinks): Promise<void> {
    if (v.agencyId != null) await referencedAgency(this.ctx, partnershipId, v.agencyId, 'agencyId');
    if (v.leadPersonId != null) await referencedPerson(this.ctx, partnershipId, v.leadPersonId, 'leadPersonId');
    const db = this.ctx.db;
    if (links.objectiveIds?.length) {
      const found = await db.select({ id: planObjectives.id }).from(planObjectives).where(and(eq(planObjectives.partnershipId, partnershipId), inArray(planObjectives.id, links.objectiveIds))).all();
      if (found.length !== links.objectiveIds.length) throw refused('objectiveIds', 'Unknown objective', 'An objective named is not in this partnership’s improvement plans.');
    }
    if (links.riskIds?.length) {
      const found = await db.select({ id: risks.id }).from(risks).where(and(eq(risks.partnershipId, partnershipId), inArray(risks.id, links.riskIds))).all();
      if (found.length !== links.riskIds.length) throw refused('riskIds', 'Unknown risk', 'A risk named is not on this partnership’s register.');
    }
  }

  private async writeLinks(indicatorId: number, links: IndicatorLinks): Promise<void> {
    const db = this.ctx.db;
    if (links.objectiveIds) {
      await db.delete(indicatorObjectives).where(eq(indicatorObjectives.indicatorId, indicatorId)).run();
      for (const objectiveId of links.objectiveIds) await db.insert(indicatorObjectives).values({ indicatorId, objectiveId }).run();
    }
    if (links.riskIds) {
      await db.delete(indicatorRisks).where(eq(indicatorRisks.indicatorId, indicatorId)).run();
      for (const riskId of links.riskIds) await db.insert(indicatorRisks).values({ indicatorId, riskId }).run();
    }
  }

  private async nameTaken(partnershipId: number, name: string, except: number | null): Promise<boolean> {
    const row = await this.ctx.db.select({ id: indicators.id }).from(indicators).where(and(eq(indicators.partnershipId, partnershipId), eq(indicators.name, name))).get();
    return row !== undefined && row.id !== except;
  }

  async create(values: IndicatorValues, links: IndicatorLinks, audit: AuditInput): Promise<number> {
    return this.ctx.database.transaction(async () => {
      await this.checkReferences(values.partnershipId, values, links);
      if ((await this.nameTaken(values.partnershipId, values.name, null))) throw refused('name', 'Already an indicator of this partnership', 'The scorecard already has an indicator of that name.');
      const row = await this.ctx.db.insert(indicators).values(values).returning({ id: indicators.id }).get();
      await this.writeLinks(row.id, links);
      await writeAudit(this.ctx, { ...audit, entityId: row.id });
      return row.id;
    });
  }

  async update(seen: IndicatorRecord, patch: Partial<IndicatorValues>, links: IndicatorLinks, audit: AuditInput): Promise<void> {
    await this.ctx.database.transaction(async () => {
      const now = await this.ctx.db.select({ version: indicators.version }).from(indicators).where(eq(indicators.id, seen.id)).get();
      if (!now || now.version !== seen.version) throw new AppError('CONFLICT', 'The indicator was changed by someone else meanwhile. Reload it and try again.');
      await this.checkReferences(seen.partnershipId, patch, links);
      if (patch.name !== undefined && (await this.nameTaken(seen.partnershipId, patch.name, seen.id))) throw refused('name', 'Already an indicator of this partnership', 'The scorecard already has an indicator of that name.');
      await this.ctx.db.update(indicators).set({ ...patch, version: seen.version + 1 }).where(eq(indicators.id, seen.id)).run();
      await this.writeLinks(seen.id, links);
      await writeAudit(this.ctx, audit);
    });
  }

  /**
   * Values for many indicators, all or none. A value the same as the period's current one (and its note,
   * numerator and denominator) adds nothing; a different one is a correction, kept beside the earlier.
   * Answers the ids of the indicators whose values changed.
   */
  async recordValues(partnershipId: number, rows: readonly IndicatorValueInput[], by: number, at: string): Promise<number[]> {
    return this.ctx.database.transaction(async () => {
      const db = this.ctx.db;
      const changed = new Set<number>();
      for (const r of rows) {
        const current = await db.select().from(indicatorValues).where(and(eq(indicatorValues.indicatorId, r.indicatorId), eq(indicatorValues.period, r.period))).orderBy(desc(indicatorValues.id)).get();
        if (current && current.value === r.value && current.numerator === r.numerator && current.denominator === r.denominator && current.note === r.note) continue;
        const id = (await db.insert(indicatorValues).values({ partnershipId, indicatorId: r.indicatorId, period: r.period, value: r.value, numerator: r.numerator, denominator: r.denominator, note: r.note, enteredById: by, enteredAt: at }).returning({ id: indicatorValues.id }).get()).id;
        await writeAudit(this.ctx, {
          partnershipId,
          actorId: by,
          action: current ? 'indicator.value_corrected' : 'indicator.value_recorded',
          entityType: 'indicator',
          entityId: r.indicatorId,
          detail: { valueId: id, period: r.period, value: r.value, ...(current ? { was: current.value } : {}) },
        });
        changed.add(r.indicatorId);
      }
      return [...changed];
    });
  }

  async setComparators(seen: IndicatorRecord, comparators: SetComparatorsPayload['comparators'], at: string, audit: AuditInput): Promise<void> {
    await this.ctx.database.transaction(async () => {
      const db = this.ctx.db;
      const now = await db.select({ version: indicators.version }).from(indicators).where(eq(indicators.id, seen.id)).get();
      if (!now || now.version !== seen.version) throw new AppError('CONFLICT', 'The indicator was changed by someone else meanwhile. Reload it and try again.');
      const old = (await db.select({ id: indicatorComparators.id }).from(indicatorComparators).where(eq(indicatorComparators.indicatorId, seen.id)).all()).map((c) => c.id);
      if (old.length > 0) await db.delete(indicatorComparatorValues).where(inArray(indicatorComparatorValues.comparatorId, old)).run();
      await db.delete(indicatorComparators).where(eq(indicatorComparators.indicatorId, seen.id)).run();
      for (const [position, c] of comparators.entries()) {
        const row = await db.insert(indicatorComparators).values({ partnershipId: seen.partnershipId, indicatorId: seen.id, kind: c.kind, name: c.name, position }).returning({ id: indicatorComparators.id }).get();
        // A period given twice: the later value stands.
        const byPeriod = new Map(c.values.map((v) => [v.period, v.value]));
        for (const [period, value] of byPeriod) await db.insert(indicatorComparatorValues).values({ comparatorId: row.id, period, value }).run();
      };
      await db.update(indicators).set({ version: seen.version + 1, updatedAt: at }).where(eq(indicators.id, seen.id)).run();
      await writeAudit(this.ctx, audit);
    });
  }
}
